/**
 * Issue-12 figure (memory stays flat): 20,000 random edits to the stock
 * redis-7.0.conf through the language server — text and whole random lines
 * typed anywhere, spans deleted, now and then the file restored — with the
 * diagnostics awaited every 20 edits; the time per 1,000 edits and the
 * server's resident memory after the first 1,000, at the end and at its peak.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT, startServer } from '../test/support/lsp';
import { randomConfig, rng } from '../test/support/navigation';
import { reportSamples } from './lib';

/** Resident and peak resident memory of a process, in MiB (Linux). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

const EDITS = 20_000;

async function main() {
  const stock = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
  const server = await startServer({});
  try {
    const pid = server.child.pid!;
    const uri = 'file:///bench/memory/redis.conf';
    const r = rng(20_000);
    let doc = TextDocument.create(uri, 'redis-conf', 1, stock);
    const first = server.diagnostics(uri);
    server.open(uri, 'redis-conf', stock);
    await first;
    const perThousand: number[] = [];
    const rss: number[] = [];
    let t0 = performance.now();
    for (let i = 1; i <= EDITS; i++) {
      const text = doc.getText();
      const typed = ['', ' ', '\n', '"', '#', 'yes', 'no', '1gb', 'save 60 1\n', 'appendonly ', '\t', 'é', 'x'];
      const at = Math.floor(r() * (text.length + 1));
      const until = Math.min(text.length, at + (r() < 0.5 ? 0 : Math.floor(r() * 40)));
      const insert = r() < 0.2 ? randomConfig(r, 2) : typed[Math.floor(r() * typed.length)];
      // now and then the whole text again, as a full sync does; and back to the stock file when it grew large
      const range = { start: doc.positionAt(at), end: doc.positionAt(until) };
      const change = r() < 0.001 || text.length > 300_000 ? { text: stock } : { range, text: insert };
      doc = TextDocument.update(doc, [change], doc.version + 1);
      const version = doc.version;
      const got = i % 20 === 0 ? server.diagnostics(uri, (p) => p.version === version) : undefined;
      void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      await got;
      if (i % 1000 === 0) {
        perThousand.push(performance.now() - t0);
        rss.push(memory(pid).rss);
        t0 = performance.now();
      }
    }
    const end = memory(pid);
    reportSamples(`${EDITS.toLocaleString('en')} random edits to redis-7.0.conf over LSP: time per 1,000 edits`, perThousand, {
      note: [
        `server RSS ${rss[0].toFixed(0)} MiB after 1,000 edits, ${end.rss.toFixed(0)} MiB after ${EDITS.toLocaleString('en')}`,
        `(lowest ${Math.min(...rss).toFixed(0)}, highest ${Math.max(...rss).toFixed(0)} at the 1,000s), peak ${end.peak.toFixed(0)} MiB`,
      ].join(' '),
    });
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
