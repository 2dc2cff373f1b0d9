/**
 * Issue-3 figures: completion and hover latency through the language server
 * over stdio on the 2,276-line stock redis-7.0.conf, at several positions
 * (request sent → answer received, the document already open and analyzed;
 * plus one figure for an edit followed by a completion, which includes the
 * new analysis). Target: median under 2 ms each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Position } from 'vscode-languageserver-types';
import { ROOT, startServer, type TestServer } from '../test/support/lsp';
import { reportSamples } from './lib';

const stock = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
const lines = stock.split('\n');
const lineOf = (prefix: string) => {
  const i = lines.findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line starting with ${prefix}`);
  return i;
};

const RUNS = 60;
const WARMUP = 10;

async function time(server: TestServer, method: string, params: unknown, runs = RUNS): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    const t0 = performance.now();
    await server.connection.sendRequest(method, params);
    if (i >= WARMUP) samples.push(performance.now() - t0);
  }
  return samples;
}

async function main() {
  // the completion capabilities VS Code announces (snippets, CompletionList.itemDefaults)
  const server = await startServer(
    { targetVersion: '7.0' },
    {
      textDocument: {
        completion: {
          completionItem: { snippetSupport: true },
          completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
        },
      },
    },
  );
  try {
    const uri = 'file:///bench/editing/redis.conf';
    const opened = server.diagnostics(uri);
    server.open(uri, 'redis-conf', stock);
    await opened;
    const at = (position: Position) => ({ textDocument: { uri }, position });

    const end = { line: lines.length - 1, character: 0 };
    const fsync = lineOf('appendfsync ');
    const obuf = lineOf('client-output-buffer-limit replica');
    const memory = lineOf('auto-aof-rewrite-min-size');
    const port = lineOf('port ');

    const completions: Array<[string, Position]> = [
      ['directive names, empty last line (all 200+ directives)', end],
      ['directive name, middle of the file (appendfsync)', { line: fsync, character: 4 }],
      ['enum value (appendfsync everysec)', { line: fsync, character: 14 }],
      ['memory units (client-output-buffer-limit … 256|mb)', { line: obuf, character: 38 }],
    ];
    for (const [name, position] of completions) {
      reportSamples(`completion over LSP, redis-7.0.conf: ${name}`, await time(server, 'textDocument/completion', at(position)), {
        targetMs: 2,
      });
    }
    const hovers: Array<[string, Position]> = [
      ['directive card (appendfsync, line 1438)', { line: fsync, character: 3 }],
      ['memory value (auto-aof-rewrite-min-size 64mb)', { line: memory, character: 28 }],
      ['directive card near the top (port)', { line: port, character: 1 }],
      ['comment line (no hover)', { line: 0, character: 3 }],
    ];
    for (const [name, position] of hovers) {
      reportSamples(`hover over LSP, redis-7.0.conf: ${name}`, await time(server, 'textDocument/hover', at(position)), { targetMs: 2 });
    }
    reportSamples(
      'signature help over LSP, redis-7.0.conf (client-output-buffer-limit)',
      await time(server, 'textDocument/signatureHelp', at({ line: obuf, character: 38 })),
      { targetMs: 2 },
    );

    // typing: one incremental edit, then completion (includes re-analyzing the edited document)
    const typed: number[] = [];
    for (let v = 2; v < 2 + WARMUP + 40; v++) {
      const t0 = performance.now();
      void server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: end, end: { line: end.line, character: v % 2 ? 1 : 0 } }, text: v % 2 ? '' : 'a' }],
      });
      await server.connection.sendRequest('textDocument/completion', at({ line: end.line, character: v % 2 ? 0 : 1 }));
      if (v >= 2 + WARMUP) typed.push(performance.now() - t0);
    }
    reportSamples('edit → completion over LSP, redis-7.0.conf (re-analysis included)', typed, {
      note: 'includes parsing and validating the edited 2,276-line file; no target set',
    });
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
