/** Templates over LSP: a redis.conf.j2 gets the template treatment by its name, a redis.conf only with redisHa.templates "on". */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hover, InlayHint, InlayHintLabelPart, MarkupContent } from 'vscode-languageserver-types';
import { startServer, type TestServer } from '../support/lsp';

const TEMPLATE =
  '{% if redis_password %}\nrequirepass {{ redis_password }}\n{% endif %}\nmaxmemory {{ redis_maxmemory }}\nappendonly yes\n';

describe('templates over LSP', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ targetVersion: '7.0' });
  });
  after(() => server.stop());

  test('a .j2 document: placeholders and control lines are quiet, a literal mistake is reported', async () => {
    const uri = 'file:///work/roles/redis/templates/redis.conf.j2';
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', `${TEMPLATE}maxmemory-polcy allkeys-lru\n`);
    assert.deepEqual(
      (await got).diagnostics.map((d) => [d.code, d.range.start.line]),
      [['unknown-directive', 5]],
    );
  });

  test('the summary hint says the verdict depends on the values; hover on a placeholder says what it stands for', async () => {
    const uri = 'file:///work/roles/redis/templates/quiet/redis.conf.j2';
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', TEMPLATE);
    assert.deepEqual((await got).diagnostics, []);
    const hints = await server.send<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    });
    const text = (hints[0].label as InlayHintLabelPart[]).map((p) => p.value).join('');
    assert.match(text, /depends on the values/);
    const h = await server.send<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 14 } });
    assert.match((h?.contents as MarkupContent | undefined)?.value ?? '', /Template placeholder[\s\S]*\*\*maxmemory\*\*[\s\S]*Not checked/);
  });

  test('the same text in a redis.conf is checked literally', async () => {
    const uri = 'file:///work/plain/redis.conf';
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', TEMPLATE);
    assert.ok((await got).diagnostics.some((d) => d.code === 'unknown-directive' && d.range.start.line === 0));
  });
});

describe('templates over LSP: redisHa.templates "on"', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ targetVersion: '7.0', templates: 'on' });
  });
  after(() => server.stop());

  test('a redis.conf with ${VAR} placeholders is a template', async () => {
    const uri = 'file:///work/docker/redis.conf';
    const got = server.diagnostics(uri);
    server.open(uri, 'redis-conf', 'port ${REDIS_PORT}\nrequirepass ${REDIS_PASSWORD}\nappendonly yes\n');
    assert.deepEqual((await got).diagnostics, []);
  });
});
