/**
 * Language by content over LSP (dist/server.js): a Sentinel's file opened as
 * redis-conf gets the language-by-content note and no error, its quick fix
 * is the client command that changes the language mode, and once the editor
 * has reopened it as sentinel-conf (what VS Code does on a language change)
 * the note is gone — offered only to a client that runs that command; a mixed
 * file keeps its errors and gets one explanation.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { RULE_CODES } from '../../server/service';
import { ROOT, startServer, type TestServer } from '../support/lsp';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'language');
const codes = (ds: Diagnostic[]) => ds.filter((d) => !RULE_CODES.has(String(d.code))).map((d) => `${d.code}@${d.range.start.line + 1}`);

const QUICKFIX_CLIENT = { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } };

describe('language by content over LSP', () => {
  let server: TestServer;
  before(async () => {
    // as VS Code's client: it runs the language-mode command (client/clientOptions.ts)
    server = await startServer(
      { targetVersion: '7.0' },
      { capabilities: QUICKFIX_CLIENT, initializationOptions: { commands: ['redisHa.setLanguage'] } },
    );
  });
  after(() => server.stop());

  test("a Sentinel's file opened as redis-conf: the note, no error; the quick fix; reopened as sentinel-conf: quiet", async () => {
    const path = join(FIXTURES, 'sentinel-named-redis', 'redis.conf');
    const uri = pathToFileURL(path).href;
    const text = readFileSync(path, 'utf8');
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', text);
    const { diagnostics } = await got;
    assert.deepEqual(codes(diagnostics), ['language-by-content@10']);
    const note = diagnostics.find((d) => d.code === 'language-by-content')!;
    assert.equal(note.severity, 3);
    const actions = await server.send<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: note.range,
      context: { diagnostics: [note], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a) => ({ title: a.title, command: a.command?.command, args: a.command?.arguments, edit: a.edit })),
      [{ title: 'Change language mode to sentinel.conf', command: 'redisHa.setLanguage', args: [uri, 'sentinel-conf'], edit: undefined }],
    );
    // VS Code changes a language mode by closing the document and opening it again with the new id
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const again = server.diagnostics(uri, (p) => p.version === 2);
    server.open(uri, 'sentinel-conf', text, 2);
    assert.deepEqual(codes((await again).diagnostics), []);
  });

  test('a client that does not say it runs the command (Neovim, Helix, eglot) gets the note but no action', async () => {
    const other = await startServer({ targetVersion: '7.0' }, { capabilities: QUICKFIX_CLIENT });
    try {
      const uri = 'file:///srv/other/redis.conf';
      const got = other.diagnostics(uri);
      other.open(uri, 'redis-conf', readFileSync(join(FIXTURES, 'docker', 'redis.conf'), 'utf8'));
      const note = (await got).diagnostics.find((d) => d.code === 'language-by-content');
      assert.ok(note);
      const actions = await other.send<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: note.range,
        context: { diagnostics: [note], only: ['quickfix'] },
      });
      assert.deepEqual(actions, []);
    } finally {
      await other.stop();
    }
  });

  test('a mixed file: the errors redis-server gives, and one explanation', async () => {
    const path = join(FIXTURES, 'mixed', 'redis.conf');
    const uri = pathToFileURL(path).href;
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', readFileSync(path, 'utf8'));
    const { diagnostics } = await got;
    assert.deepEqual(codes(diagnostics).sort(), ['mixed-config@7', 'sentinel-in-redis-conf@7', 'sentinel-in-redis-conf@8']);
    const mixed = diagnostics.find((d) => d.code === 'mixed-config')!;
    assert.equal(mixed.relatedInformation?.length, 5);
    const actions = await server.send<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: mixed.range,
      context: { diagnostics: [mixed], only: ['quickfix'] },
    });
    assert.deepEqual(actions, []);
  });
});
