/**
 * Issue-11 figures (bounded work): `redis-ha check` on a file of 150,000 save
 * lines (it used to overflow the stack), and the language server on documents
 * of bad lines — 1 MB (which used to publish 131,000 diagnostics in a 29.7 MB
 * message after 11 s) and 20 MB (a RangeError from JSON.stringify and ~2 GB
 * kept after close): time to the diagnostics, the size of their message, the
 * server's peak RSS and its RSS once the document is closed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CLI } from '../test/support/cli';
import { startServer } from '../test/support/lsp';
import { measure, reportSamples } from './lib';
import { badLines } from '../test/support/workload';

/** Resident and peak resident memory of a process, in MiB (Linux). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-bench-'));
  try {
    const saves = join(dir, 'save150k.conf');
    writeFileSync(saves, Array.from({ length: 150_000 }, (_, i) => `save ${i + 1} ${i + 1}\n`).join(''));
    await measure(
      'check of 150,000 save lines (node dist/cli.js check)',
      () => {
        const r = spawnSync(process.execPath, [CLI, 'check', saves], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
      },
      { runs: 3, warmup: 0 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  for (const [label, bytes] of [
    ['1 MB', 1_000_000],
    ['20 MB', 20_000_000],
  ] as const) {
    const server = await startServer({});
    try {
      const pid = server.child.pid!;
      const uri = `file:///bench/bad-${bytes}/redis.conf`;
      const text = badLines(bytes);
      const before = memory(pid);
      const t0 = performance.now();
      const got = server.diagnostics(uri);
      server.open(uri, 'redis-conf', text);
      const p = await got;
      const ms = performance.now() - t0;
      const size = JSON.stringify(p).length;
      const open = memory(pid);
      const cleared = server.diagnostics(uri, (x) => x.diagnostics.length === 0);
      void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await cleared;
      // a request after the close: the server has handled it and is idle again
      await server.send('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      const closed = memory(pid);
      reportSamples(`open ${label} of bad lines → diagnostics over LSP (default limits)`, [ms], {
        note: `${p.diagnostics.length} diagnostics in a ${(size / 1024).toFixed(1)} KiB message; server RSS ${before.rss.toFixed(0)} MiB before, peak ${open.peak.toFixed(0)} MiB, ${closed.rss.toFixed(0)} MiB after close`,
      });
    } finally {
      await server.stop();
    }
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
