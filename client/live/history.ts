/**
 * The stored history of the live view: per connection, its chart samples and
 * its timeline, each a bounded JSON-lines file in the extension's global
 * storage, named by a hash of the connection's id (no name or address in a
 * file name). Read once per connection when a monitor first has it, so the
 * charts and the failover summary start with what earlier sessions saw;
 * appended after each refresh with what it added. A file that cannot be read
 * or written is said once in the log, and the view goes on without it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import {
  appendHistory,
  appendJsonLines,
  readHistory,
  readJsonLines,
  SERIES_FORMAT,
  type ConnectionSpec,
  type HealthMonitor,
  type Snapshot,
} from '../../health';

export function historyFile(dir: string, connectionId: string, kind: 'samples' | 'timeline'): string {
  const hash = createHash('sha256').update(connectionId).digest('hex').slice(0, 24);
  return join(dir, `${kind}-${hash}.jsonl`);
}

export class LiveHistory {
  /** Per monitor, the connections (id and spec) whose files it was given. */
  private readonly loaded = new WeakMap<HealthMonitor, Set<string>>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Gives the monitor the stored samples and timeline of each connection it has not had them for. */
  load(monitor: HealthMonitor, specs: readonly ConnectionSpec[]): void {
    let done = this.loaded.get(monitor);
    if (!done) this.loaded.set(monitor, (done = new Set()));
    for (const spec of specs) {
      const key = JSON.stringify(spec);
      if (done.has(key)) continue;
      done.add(key);
      this.guard(historyFile(this.dir, spec.id, 'samples'), 'read', (path) => {
        const r = readJsonLines(path, SERIES_FORMAT);
        for (const m of r.messages) this.log.warn(m);
        monitor.loadSamples(spec.id, r.records);
      });
      this.guard(historyFile(this.dir, spec.id, 'timeline'), 'read', (path) => {
        const r = readHistory(path);
        for (const m of r.messages) this.log.warn(m);
        monitor.loadHistory(r.events.filter((e) => e.connection === spec.id));
      });
    }
  }

  /** Appends what the refresh added: each connection's fresh samples and timeline entries. */
  save(monitor: HealthMonitor, snap: Snapshot, specs: readonly ConnectionSpec[]): void {
    if (!specs.length) return;
    if (!this.guard(this.dir, 'create', (dir) => mkdirSync(dir, { recursive: true }))) return;
    for (const spec of specs) {
      const samples = monitor.samples(spec.id, { fresh: true });
      if (samples.length)
        this.guard(historyFile(this.dir, spec.id, 'samples'), 'write', (path) => appendJsonLines(path, samples, SERIES_FORMAT));
      const events = (snap.timeline ?? []).filter((e) => e.connection === spec.id);
      if (events.length) this.guard(historyFile(this.dir, spec.id, 'timeline'), 'write', (path) => appendHistory(path, events));
    }
  }

  /** Runs `fn`; a failure is logged once per path and kind (until it works again). */
  private guard(path: string, what: string, fn: (path: string) => void): boolean {
    const key = `${what} ${path}`;
    try {
      fn(path);
      this.failed.delete(key);
      return true;
    } catch (e) {
      if (!this.failed.has(key)) this.log.warn(`cannot ${what} ${path}: ${(e as Error).message}; the live view goes on without it`);
      this.failed.add(key);
      return false;
    }
  }
}
