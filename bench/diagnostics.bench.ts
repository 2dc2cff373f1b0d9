/**
 * Issue-2 figures: parse+validate of the 2,276-line stock redis-7.0.conf in
 * process; open → diagnostics through the language server over stdio; and an
 * edit → diagnostics on a ten-copy file (22,760 lines).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { check } from '../server/service';
import { startServer, ROOT } from '../test/support/lsp';
import { measure, reportSamples } from './lib';

const stock = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
const tenCopies = Array.from({ length: 10 }, () => stock).join('');

async function main() {
  await measure('parse+validate redis-7.0.conf (2,276 lines), in process', () => check(stock, { language: 'redis-conf', uri: 'file:///bench/redis.conf', settings: { targetVersion: '7.0' } }), { runs: 50, warmup: 10, targetMs: 2 });

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

    // ten copies: one incremental edit (change a value on the middle line) → diagnostics
    const uri = 'file:///bench/ten/redis.conf';
    const first = server.diagnostics(uri);
    server.open(uri, 'redis-conf', tenCopies);
    await first;
    const editSamples: number[] = [];
    const line = 11_380;
    for (let v = 2; v < 32; v++) {
      const t0 = performance.now();
      const got = server.diagnostics(uri, (p) => p.version === v);
      void server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: v % 2 ? '' : '# edited\n' }],
      });
      await got;
      if (v >= 5) editSamples.push(performance.now() - t0);
    }
    reportSamples('edit → diagnostics over LSP stdio, ten copies (22,760 lines)', editSamples, { targetMs: 30 });
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
