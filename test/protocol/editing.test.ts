/**
 * Completion, hover and signature help asked of the running dist/server.js over
 * stdio, the way VS Code asks them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, Hover, SignatureHelp, TextEdit } from 'vscode-languageserver-protocol';
import { at } from '../support/cursor';
import { ROOT, startServer, type TestServer } from '../support/lsp';

describe('editing assistance over LSP stdio', () => {
  let server: TestServer;
  let n = 0;
  before(async () => {
    server = await startServer(
      { targetVersion: '7.0' },
      { textDocument: { completion: { completionItem: { snippetSupport: true, tagSupport: { valueSet: [1] } } } } },
    );
  });
  after(() => server.stop());

  /** Opens `marked` (with a `|` cursor) as a new document and returns its URI and the cursor position. */
  function openAt(marked: string, languageId = 'redis-conf') {
    const m = at(marked);
    const uri = `file:///work/editing-${++n}/${languageId === 'sentinel-conf' ? 'sentinel' : 'redis'}.conf`;
    server.open(uri, languageId, m.text);
    return { textDocument: { uri }, position: m.position };
  }
  const completion = (marked: string, languageId?: string) =>
    server.connection.sendRequest('textDocument/completion', openAt(marked, languageId)) as Promise<CompletionList | null>;
  const hoverAt = (marked: string, languageId?: string) =>
    server.connection.sendRequest('textDocument/hover', openAt(marked, languageId)) as Promise<Hover | null>;

  test('the server announces completion (with resolve), hover and signature help', () => {
    const caps = server.initializeResult!.capabilities as Record<string, unknown>;
    assert.deepEqual(caps.completionProvider, { triggerCharacters: [' '], resolveProvider: true });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual((caps.signatureHelpProvider as { triggerCharacters?: string[] }).triggerCharacters, [' ']);
  });

  test('completion of directive names with snippets, then resolve for the documentation', async () => {
    const list = await completion('|');
    const fsync = list!.items.find((i) => i.label === 'appendfsync')!;
    assert.equal((fsync.textEdit as TextEdit).newText, 'appendfsync ${1|everysec,always,no|}');
    assert.equal(fsync.insertTextFormat, 2);
    assert.equal(fsync.documentation, undefined, 'documentation comes with resolve');
    const resolved = (await server.connection.sendRequest('completionItem/resolve', fsync)) as CompletionItem;
    assert.match((resolved.documentation as { value: string }).value, /\*\*Durability \(RPO\):\*\*/);
  });

  test('completion of values, units and nothing in comments', async () => {
    assert.deepEqual(
      (await completion('appendfsync |'))!.items.map((i) => i.label),
      ['everysec', 'always', 'no'],
    );
    assert.equal((await completion('maxmemory 2|'))!.items.find((i) => i.label === '2gb')?.detail, '= 2,147,483,648 bytes (2 GiB)');
    assert.deepEqual((await completion('# maxmemory |'))!.items, []);
  });

  test('the file’s own version comment wins over the setting', async () => {
    const v70 = (await completion('|'))!.items.map((i) => i.label);
    const v62 = (await completion('# redis-ha: version=6.2\n|'))!.items.map((i) => i.label);
    assert.ok(v70.includes('maxmemory-clients') && !v62.includes('maxmemory-clients'));
  });

  test('sentinel.conf: sub-commands and declared master names', async () => {
    const subs = await completion('sentinel monitor cache 127.0.0.1 6379 2\nsentinel |', 'sentinel-conf');
    assert.ok(subs!.items.some((i) => i.label === 'down-after-milliseconds'));
    const masters = await completion('sentinel monitor cache 127.0.0.1 6379 2\nsentinel auth-pass |', 'sentinel-conf');
    assert.deepEqual(
      masters!.items.map((i) => i.label),
      ['cache'],
    );
  });

  test('hover on a directive, a memory value and a sentinel sub-command', async () => {
    const h = await hoverAt('append|only yes');
    assert.match((h!.contents as { value: string }).value, /^\*\*appendonly\*\*/);
    assert.deepEqual(h!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } });
    assert.match(((await hoverAt('maxmemory 1g|b'))!.contents as { value: string }).value, /1,073,741,824 bytes/);
    assert.match(
      ((await hoverAt('sentinel parallel-|syncs m 1', 'sentinel-conf'))!.contents as { value: string }).value,
      /^\*\*sentinel parallel-syncs\*\*/,
    );
    assert.equal(await hoverAt('# a comm|ent'), null);
  });

  test('signature help says which argument the cursor is on', async () => {
    const help = (await server.connection.sendRequest(
      'textDocument/signatureHelp',
      openAt('client-output-buffer-limit replica 512mb |'),
    )) as SignatureHelp;
    const sig = help.signatures[0];
    const [from, to] = sig.parameters![help.activeParameter!].label as [number, number];
    assert.equal(sig.label.slice(from, to), '<soft-limit>');
    assert.equal(await server.connection.sendRequest('textDocument/signatureHelp', openAt('appendonly |')), null);
  });

  test('after an edit, requests see the new text', async () => {
    const pos = openAt('appendonly yes\n|');
    const uri = pos.textDocument.uri;
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'appendfsync ' }],
    });
    const list = (await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 12 },
    })) as CompletionList;
    assert.deepEqual(
      list.items.map((i) => i.label),
      ['everysec', 'always', 'no'],
    );
  });

  test('works on the 2,276-line stock file', async () => {
    const uri = 'file:///work/editing-stock/redis.conf';
    const text = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
    server.open(uri, 'redis-conf', text);
    const line = text.split('\n').findIndex((l) => l.startsWith('appendfsync '));
    const h = (await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line, character: 14 },
    })) as Hover;
    assert.match((h.contents as { value: string }).value, /value of \*\*appendfsync\*\*/);
  });

  test('requests for an unknown document get an empty answer, not an error', async () => {
    const req = { textDocument: { uri: 'file:///nowhere/redis.conf' }, position: { line: 0, character: 0 } };
    assert.equal(await server.connection.sendRequest('textDocument/completion', req), null);
    assert.equal(await server.connection.sendRequest('textDocument/hover', req), null);
  });
});
