/**
 * The language server under hostile documents (issue 11): a bounded number
 * of diagnostics per document, a single warning for a document over the size
 * limit (which is then not analysed), and the setting that moves the limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/lsp';
import { badLines } from '../support/workload';

const T = { timeout: 120_000 };

describe('language server: bounded diagnostics and document size', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({});
  });
  after(() => server.stop());

  test('1 MB of bad lines: 1,000 diagnostics, errors first, then one counting the rest', T, async () => {
    const uri = 'file:///limits/one-mb/redis.conf';
    const got = server.diagnostics(uri);
    // a warning near the top (an overridden line) must give way to the errors below it
    server.open(uri, 'redis-conf', `port 1\nport 2\n${badLines(1_000_000)}`);
    const p = await got;
    assert.equal(p.diagnostics.length, 1001);
    const last = p.diagnostics[1000];
    assert.equal(last.code, 'too-many-diagnostics');
    assert.match(last.message, /^\d+ more diagnostics \(\d+ of them errors\) not shown: the editor shows at most 1000 per file/);
    const more = Number(/^(\d+)/.exec(last.message)![1]);
    assert.ok(more > 50_000, `${more} more`);
    assert.ok(
      p.diagnostics.slice(0, 1000).every((d) => d.severity === 1),
      'errors first',
    );
    assert.equal(p.diagnostics[0].range.start.line, 2);
    assert.ok(JSON.stringify(p).length < 1_000_000);
  });

  test('20 MB: one warning that the file is not analysed, and requests answer nothing', T, async () => {
    const uri = 'file:///limits/twenty-mb/redis.conf';
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', badLines(20_000_000));
    const p = await got;
    assert.deepEqual(
      p.diagnostics.map((d) => [d.code, d.severity]),
      [['file-too-large', 2]],
    );
    assert.match(
      p.diagnostics[0].message,
      /This file is 19\.\d MiB, larger than the 4 MiB redis-ha analyses \(setting redisHa\.maxFileSize\)/,
    );
    assert.equal(await server.request('textDocument/hover', uri, { position: { line: 0, character: 1 } }), null);
    assert.equal(await server.request('textDocument/documentSymbol', uri), null);
    const cleared = server.diagnostics(uri, (x) => x.diagnostics.length === 0);
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  });

  test('redisHa.maxFileSize moves the limit: a small limit skips a small file', T, async () => {
    const small = await startServer({ maxFileSize: 1024 });
    try {
      const uri = 'file:///limits/small/redis.conf';
      const got = small.diagnostics(uri);
      small.open(uri, 'redis-conf', badLines(4096));
      const p = await got;
      assert.deepEqual(
        p.diagnostics.map((d) => d.code),
        ['file-too-large'],
      );
      assert.match(p.diagnostics[0].message, /larger than the 1 KiB/);
    } finally {
      await small.stop();
    }
  });
});
