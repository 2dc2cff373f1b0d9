/**
 * Navigation figures on the 2,276-line stock redis-7.0.conf: the outline,
 * folding and formatting, in process and through the language server over
 * stdio (request → answer, the document already open; and edit → outline,
 * which includes parsing and checking the new version).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { check } from '../server/service';
import { documentSymbols, foldingRanges, formatDocument } from '../server/service/navigation';
import { startServer, ROOT } from '../test/support/lsp';
import { measure, reportSamples } from './lib';

const stock = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
/** Every directive indented and spaced out, every comment with trailing blanks: ~2,300 lines to fix. */
const messy = stock
  .split('\n')
  .map((l) => (l.startsWith('#') ? `${l}   ` : l === '' ? '  ' : /["']/.test(l) ? `\t${l}  ` : `\t${l.replace(/ /g, '   ')}  `))
  .join('\n');

async function main() {
  const opts = { language: 'redis-conf' as const, uri: 'file:///bench/redis.conf', settings: { targetVersion: '7.0' } };
  const analysis = check(stock, opts);
  const messyAnalysis = check(messy, opts);
  await measure('outline (documentSymbols) redis-7.0.conf, in process', () => documentSymbols(analysis), { runs: 50, warmup: 10 });
  await measure('folding ranges redis-7.0.conf, in process', () => foldingRanges(analysis), { runs: 50, warmup: 10 });
  await measure('format redis-7.0.conf (17 edits), in process', () => formatDocument(analysis), { runs: 50, warmup: 10 });
  await measure('format messy redis-7.0.conf (every line), in process', () => formatDocument(messyAnalysis), { runs: 30, warmup: 5 });

  const server = await startServer({ targetVersion: '7.0' });
  try {
    const uri = 'file:///bench/nav/redis.conf';
    const opened = server.diagnostics(uri);
    server.open(uri, 'redis-conf', stock);
    await opened;
    const timed = async (name: string, runs: number, fn: () => Promise<unknown>, note?: string) => {
      const samples: number[] = [];
      for (let i = 0; i < runs + 5; i++) {
        const t0 = performance.now();
        await fn();
        if (i >= 5) samples.push(performance.now() - t0);
      }
      reportSamples(name, samples, { note });
    };
    await timed('documentSymbol over LSP stdio, redis-7.0.conf', 40, () => server.request('textDocument/documentSymbol', uri));
    await timed('foldingRange over LSP stdio, redis-7.0.conf', 40, () => server.request('textDocument/foldingRange', uri));
    await timed('formatting over LSP stdio, redis-7.0.conf', 40, () =>
      server.request('textDocument/formatting', uri, { options: { tabSize: 2, insertSpaces: true } }),
    );

    // edit → outline: each request follows a change, so the server parses and checks again first
    let version = 1;
    await timed(
      'edit → documentSymbol over LSP stdio, redis-7.0.conf',
      30,
      async () => {
        version++;
        void server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [
            { range: { start: { line: 1000, character: 0 }, end: { line: 1000, character: 0 } }, text: version % 2 ? '' : '# edited\n' },
          ],
        });
        await server.request('textDocument/documentSymbol', uri);
      },
      'includes parse + validate of the new version',
    );

    const messyUri = 'file:///bench/nav-messy/redis.conf';
    const messyOpened = server.diagnostics(messyUri);
    server.open(messyUri, 'redis-conf', messy);
    await messyOpened;
    await timed('formatting over LSP stdio, messy redis-7.0.conf (every line)', 30, () =>
      server.request('textDocument/formatting', messyUri, { options: { tabSize: 2, insertSpaces: true } }),
    );
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
