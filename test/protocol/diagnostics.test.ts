import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { RULE_CODES } from '../../server/service';
import { ROOT, startServer, type TestServer } from '../support/lsp';

/** The validator's diagnostics: the durability rules have their own protocol suite (durability.test.ts). */
function v(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => !RULE_CODES.has(String(d.code)));
}

describe('language server over stdio', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ targetVersion: '7.0' });
  });
  after(() => server.stop());

  test('publishes diagnostics on open', async () => {
    const uri = 'file:///work/redis.conf';
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', 'port 6379\nmaxmemroy 1gb\n');
    const p = await got;
    assert.equal(p.version, 1);
    assert.deepEqual(
      v(p.diagnostics).map((d) => d.code),
      ['unknown-directive'],
    );
  });

  test('incremental edits are applied and checked again at once', async () => {
    const uri = 'file:///work/edit/redis.conf';
    const first = server.diagnostics(uri);
    server.open(uri, 'redis-conf', 'port 6379\nappendonly yes\n');
    assert.equal(v((await first).diagnostics).length, 0);
    const second = server.diagnostics(uri, (p) => p.version === 2);
    // replace "yes" (line 1, chars 11-14) with "maybe"
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 14 } }, text: 'maybe' }],
    });
    const p = await second;
    assert.deepEqual(
      v(p.diagnostics).map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['invalid-bool', 1, 11]],
    );
  });

  test('sentinel.conf documents are checked as Sentinel configs', async () => {
    const uri = 'file:///work/sentinel.conf';
    const got = server.diagnostics(uri);
    server.open(uri, 'sentinel-conf', 'sentinel monitor m 127.0.0.1 6379 2\nsentinel down-after-milliseconds other 5000\n');
    assert.deepEqual(
      v((await got).diagnostics).map((d) => d.code),
      ['sentinel-unknown-master'],
    );
  });

  test('a settings change re-checks open documents with the new target version', async () => {
    const uri = 'file:///work/v/redis.conf';
    const first = server.diagnostics(uri);
    server.open(uri, 'redis-conf', 'maxmemory-clients 10%\n');
    assert.deepEqual(v((await first).diagnostics), []);
    const again = server.diagnostics(uri, (p) => v(p.diagnostics).length > 0);
    server.settings.targetVersion = '6.2';
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { redisHa: server.settings } });
    assert.deepEqual(
      v((await again).diagnostics).map((d) => d.code),
      ['not-in-version'],
    );
    server.settings.targetVersion = '7.0';
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///work/close/redis.conf';
    const first = server.diagnostics(uri);
    server.open(uri, 'redis-conf', 'bogus 1\n');
    assert.equal(v((await first).diagnostics).length, 1);
    const cleared = server.diagnostics(uri, (p) => p.diagnostics.length === 0);
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  });

  test('the stock 7.0 file gets no error, and a 10 MB document of garbage does not hurt the server', async () => {
    const uri = 'file:///work/stock/redis.conf';
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8'));
    assert.equal((await got).diagnostics.filter((d) => d.severity === 1).length, 0);
    const junkUri = 'file:///work/junk/redis.conf';
    const junk = server.diagnostics(junkUri);
    let s = '';
    for (let i = 0; s.length < 10_000_000; i++) s += `"\\x${(i % 256).toString(16)} \0 '${i}\n`;
    server.open(junkUri, 'redis-conf', s);
    assert.ok((await junk).diagnostics.length > 0);
    // still answering afterwards
    const after = server.diagnostics(uri, (p) => p.version === 2);
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: 'port 1\n' }],
    });
    assert.deepEqual(v((await after).diagnostics), []);
  });
});
