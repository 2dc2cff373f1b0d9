/**
 * Helpers for the live health suites: a monitor with test-friendly deadlines,
 * refresh-until, and an independent "does this node answer?" probe over a raw
 * socket (so fault detection in tests does not rely on the code under test).
 */
import { createConnection } from 'node:net';
import { HealthMonitor, parseSeed, type MonitorOptions, type Snapshot } from '../../health';
import { waitFor } from './topology';

export function monitorFor(seed: string, opts: MonitorOptions = {}): HealthMonitor {
  return new HealthMonitor([parseSeed(seed)], {
    timeoutMs: 1000,
    backoff: { baseMs: 100, maxMs: 500, authMs: 60_000 },
    ...opts,
  });
}

/** Refreshes until `check(snapshot)` holds; returns that snapshot and every failover event seen on the way. */
export async function refreshUntil<T>(
  monitor: HealthMonitor,
  what: string,
  check: (s: Snapshot) => T | undefined | false,
  timeoutMs = 20_000,
): Promise<{ snap: Snapshot; value: T; events: Snapshot['events']; timeline: NonNullable<Snapshot['timeline']> }> {
  const events: Snapshot['events'] = [];
  const timeline: NonNullable<Snapshot['timeline']> = [];
  let last: Snapshot | undefined;
  const value = await waitFor(
    what,
    async () => {
      last = await monitor.refresh();
      events.push(...last.events);
      timeline.push(...(last.timeline ?? []));
      return check(last);
    },
    { timeoutMs, intervalMs: 100 },
  );
  return { snap: last!, value, events, timeline };
}

/** True when the node answers PING within `ms` on a fresh socket (false: frozen, sleeping, paused or gone). */
export function answersWithin(port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let done = false;
    const finish = (v: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => finish(false), ms);
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (b) => finish(b.toString().startsWith('+PONG') || b.toString().startsWith('-NOAUTH')));
    sock.on('error', () => finish(false));
  });
}

export function node(s: Snapshot, port: number) {
  const n = s.nodes.find((x) => x.address === `127.0.0.1:${port}`);
  if (!n) throw new Error(`no node 127.0.0.1:${port} in the snapshot (${s.nodes.map((x) => x.address).join(', ')})`);
  return n;
}

export const codesOf = (ps: Array<{ code: string }>) => ps.map((p) => p.code).sort();
