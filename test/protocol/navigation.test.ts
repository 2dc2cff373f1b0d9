import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DocumentHighlight, DocumentSymbol, FoldingRange, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { ROOT, startServer, type TestServer } from '../support/lsp';
import { applyEdits, argvs, analyzeText } from '../support/navigation';

const stock = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
const SENTINEL =
  'sentinel monitor mymaster 127.0.0.1 6379 2\nsentinel down-after-milliseconds mymaster 5000\nsentinel monitor b 127.0.0.1 6380 1\n';

describe('navigation over LSP stdio', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ targetVersion: '7.0' });
  });
  after(() => server.stop());

  async function open(uri: string, languageId: string, text: string) {
    const got = server.diagnostics(uri);
    server.open(uri, languageId, text);
    await got;
  }

  test('the server announces its navigation capabilities', () => {
    const caps = server.initializeResult!.capabilities;
    assert.ok(caps.documentSymbolProvider);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.documentFormattingProvider, true);
    assert.equal(caps.documentRangeFormattingProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.equal(caps.documentHighlightProvider, true);
  });

  test('document symbols of the stock redis.conf: its sections; with groupBy=area, the areas', async () => {
    const uri = 'file:///nav/stock/redis.conf';
    await open(uri, 'redis-conf', stock);
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', uri);
    assert.equal(symbols.length, 26);
    assert.equal(symbols[5].name, 'SNAPSHOTTING');
    assert.ok(symbols[5].children!.some((c) => c.name === 'dbfilename' && c.detail === 'dump.rdb'));

    server.settings.outline = { groupBy: 'area' };
    const again = server.diagnostics(uri);
    server.settingsChanged();
    await again;
    const byArea = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', uri);
    assert.equal(byArea[0].name, 'Persistence (RDB / AOF)');
    assert.ok(byArea[0].children!.some((c) => c.name === 'appendfsync'));
    delete server.settings.outline;
    server.settingsChanged();
  });

  test('document symbols of a sentinel.conf: one group per master', async () => {
    const uri = 'file:///nav/s1/sentinel.conf';
    await open(uri, 'sentinel-conf', SENTINEL);
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', uri);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children!.length]),
      [
        ['mymaster', 2],
        ['b', 1],
      ],
    );
  });

  test('folding ranges: comment blocks and sections', async () => {
    const uri = 'file:///nav/fold/redis.conf';
    await open(uri, 'redis-conf', stock);
    const ranges = await server.request<FoldingRange[]>('textDocument/foldingRange', uri);
    assert.equal(ranges.filter((r) => r.kind === 'region').length, 26);
    assert.ok(ranges.filter((r) => r.kind === 'comment').length > 100);
  });

  test('formatting a messy file: normalised, argv unchanged', async () => {
    const uri = 'file:///nav/fmt/redis.conf';
    const text = '   port   6380  \r\n\tsave  900 1\r\n\r\n\r\n\r\n\r\n  # note   \r\nrequirepass  "a  b"\r\n';
    await open(uri, 'redis-conf', text);
    const edits = await server.request<TextEdit[]>('textDocument/formatting', uri, { options: { tabSize: 2, insertSpaces: true } });
    const out = applyEdits(text, edits);
    assert.equal(out, 'port 6380\r\nsave 900 1\r\n\r\n\r\n# note\r\nrequirepass "a  b"\r\n');
    assert.deepEqual(argvs(analyzeText(out)), argvs(analyzeText(text)));
    const range: Range = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };
    const rangeEdits = await server.request<TextEdit[]>('textDocument/rangeFormatting', uri, {
      range,
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.equal(applyEdits(text, rangeEdits), text.replace('\tsave  900 1', 'save 900 1'));
  });

  test('rename of a master name, and a refusal with a message elsewhere', async () => {
    const uri = 'file:///nav/rename/sentinel.conf';
    await open(uri, 'sentinel-conf', SENTINEL);
    const prep = await server.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', uri, {
      position: { line: 1, character: 35 },
    });
    assert.equal(prep.placeholder, 'mymaster');
    const edit = await server.request<WorkspaceEdit>('textDocument/rename', uri, {
      position: { line: 1, character: 35 },
      newName: 'eu-primary',
    });
    assert.equal(applyEdits(SENTINEL, edit.changes![uri]), SENTINEL.replace(/mymaster/g, 'eu-primary'));
    await assert.rejects(server.request('textDocument/prepareRename', uri, { position: { line: 0, character: 10 } }), /master name/);
    await assert.rejects(
      server.request('textDocument/rename', uri, { position: { line: 0, character: 20 }, newName: 'b' }),
      /'b' already exists/,
    );
  });

  test('document highlight of a master name', async () => {
    const uri = 'file:///nav/hl/sentinel.conf';
    await open(uri, 'sentinel-conf', SENTINEL);
    const hs = await server.request<DocumentHighlight[]>('textDocument/documentHighlight', uri, { position: { line: 0, character: 20 } });
    assert.deepEqual(
      hs.map((h) => h.range.start.line),
      [0, 1],
    );
  });

  test('requests about a document that is not open get an empty answer', async () => {
    assert.equal(await server.request('textDocument/documentSymbol', 'file:///nav/none/redis.conf'), null);
    assert.equal(
      await server.request('textDocument/formatting', 'file:///nav/none/redis.conf', { options: { tabSize: 2, insertSpaces: true } }),
      null,
    );
  });
});
