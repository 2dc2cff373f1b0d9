/**
 * Issue-2 figures: parse+validate of the 2,276-line stock redis-7.0.conf in
 * process; open → diagnostics through the language server over stdio.
 * Issue-12 figures (incremental analysis): edit → diagnostics over stdio on
 * the ten-copy file (22,760 lines) and on the stock file itself, and on the
 * stock file after random edits left ~700 diagnostics in it (errors must not
 * make typing slower) next to the same file clean, both under the default
 * target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { check } from '../server/service';
import { startServer, ROOT, type TestServer } from '../test/support/lsp';
import { noisyStock } from '../test/support/workload';
import { measure, reportSamples } from './lib';

const stock = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
const tenCopies = Array.from({ length: 10 }, () => stock).join('');

async function main() {
  await measure(
    'parse+validate redis-7.0.conf (2,276 lines), in process',
    () => check(stock, { language: 'redis-conf', uri: 'file:///bench/redis.conf', settings: { targetVersion: '7.0' } }),
    { runs: 50, warmup: 10, targetMs: 2 },
  );

  const server = await startServer({ targetVersion: '7.0' });
  try {
    // open → diagnostics: a fresh URI each run, so nothing is cached
    const openSamples: number[] = [];
    for (let i = 0; i < 40; i++) {
      const uri = `file:///bench/open-${i}/redis.conf`;
      const t0 = performance.now();
      const got = server.diagnostics(uri);
      server.open(uri, 'redis-conf', stock);
      await got;
      if (i >= 5) openSamples.push(performance.now() - t0);
      void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    reportSamples('open → diagnostics over LSP stdio, redis-7.0.conf', openSamples, { targetMs: 10 });

    await edits(server, 'file:///bench/ten/redis.conf', tenCopies, 'edit → diagnostics over LSP stdio, ten copies (22,760 lines)', 10);
    await edits(server, 'file:///bench/one/redis.conf', stock, 'edit → diagnostics over LSP stdio, redis-7.0.conf (2,276 lines)', 3);
  } finally {
    await server.stop();
  }
  // the default target (the newest Redis) keeps unknown names for modules and reports them after the file is read
  const plain = await startServer({});
  try {
    const noisy = noisyStock(700);
    await edits(plain, 'file:///bench/clean/redis.conf', stock, 'edit → diagnostics over LSP stdio, redis-7.0.conf clean, default target');
    const lines = noisy.split('\n').length;
    await edits(
      plain,
      'file:///bench/noisy/redis.conf',
      noisy,
      `edit → diagnostics over LSP stdio, redis-7.0.conf after random edits (${lines} lines), default target`,
    );
  } finally {
    await plain.stop();
  }
}

/**
 * One incremental edit at a time in the middle of the file (a comment line
 * inserted, then an empty change) → the diagnostics of that version.
 */
async function edits(server: TestServer, uri: string, text: string, name: string, targetMs?: number): Promise<void> {
  const first = server.diagnostics(uri);
  server.open(uri, 'redis-conf', text);
  const n = (await first).diagnostics.length;
  const samples: number[] = [];
  const line = Math.floor(text.split('\n').length / 2);
  for (let v = 2; v < 42; v++) {
    const t0 = performance.now();
    const got = server.diagnostics(uri, (p) => p.version === v);
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: v % 2 ? '' : '# edited\n' }],
    });
    await got;
    if (v >= 10) samples.push(performance.now() - t0);
  }
  reportSamples(name, samples, { targetMs, note: `${n} diagnostics` });
  void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
