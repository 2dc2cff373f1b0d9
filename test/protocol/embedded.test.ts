/** The language server with redisHa.embedded: YAML and Dockerfile documents get their configs' diagnostics at outer positions. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ROOT, startServer, type TestServer } from '../support/lsp';

const fixture = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'embedded', name), 'utf8');
const errors = (ds: Diagnostic[]) =>
  ds
    .filter((d) => d.severity === 1)
    .map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);

describe('language server: configs embedded in YAML and Dockerfiles', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ targetVersion: '7.0', embedded: true });
  });
  after(() => server.stop());

  test('a compose file opened as yaml: the bad value at its range, the quiet cache says nothing', async () => {
    const uri = 'file:///work/app/docker-compose.yml';
    const got = server.diagnostics(uri);
    server.open(uri, 'yaml', fixture('docker-compose.yml'));
    const p = await got;
    assert.deepEqual(errors(p.diagnostics), [
      ['invalid-bool', 7, 47, 7, 52],
      ['invalid-memory', 12, 8, 12, 11],
    ]);
    assert.ok(p.diagnostics[0].message.startsWith('services.'));
    assert.ok(!p.diagnostics.some((d) => d.message.startsWith('services.cache.command')));
    // nothing else of the service runs on it
    assert.equal(await server.request('textDocument/hover', uri, { position: { line: 4, character: 30 } }), null);
  });

  test('a Dockerfile: the error through a continued line; a YAML file without a config gets nothing', async () => {
    const uri = 'file:///work/app/Dockerfile';
    const got = server.diagnostics(uri);
    server.open(uri, 'dockerfile', fixture('Dockerfile.broken'));
    assert.deepEqual(errors((await got).diagnostics), [['invalid-value', 2, 37, 2, 44]]);
    const plain = 'file:///work/app/.github/workflows/ci.yml';
    const none = server.diagnostics(plain);
    server.open(plain, 'yaml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
    assert.deepEqual((await none).diagnostics, []);
  });

  test('setting off: the same compose file gets no diagnostics; on again, they come back', async () => {
    const uri = 'file:///work/app/docker-compose.yml';
    const off = server.diagnostics(uri, (p) => p.diagnostics.length === 0);
    server.settings.embedded = false;
    server.settingsChanged();
    assert.deepEqual((await off).diagnostics, []);
    const on = server.diagnostics(uri, (p) => p.diagnostics.length > 0);
    server.settings.embedded = true;
    server.settingsChanged();
    assert.equal(errors((await on).diagnostics).length, 2);
  });
});

describe('language server: redisHa.embedded off (the default)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ targetVersion: '7.0' });
  });
  after(() => server.stop());

  test('a compose file opened as yaml gets no diagnostics', async () => {
    const uri = 'file:///work/off/docker-compose.yml';
    const got = server.diagnostics(uri);
    server.open(uri, 'yaml', fixture('docker-compose.yml'));
    assert.deepEqual((await got).diagnostics, []);
  });
});
