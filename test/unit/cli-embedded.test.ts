/** `redis-ha check` on compose files, Kubernetes manifests, Helm values and Dockerfiles: text and JSON at outer positions. */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../cli/main';
import { memoryIO } from '../support/cli';

const io = memoryIO;

const FIXTURES = join(__dirname, '..', 'fixtures', 'embedded');
const fx = (name: string) => join(FIXTURES, name);
const dir = mkdtempSync(join(tmpdir(), 'redis-ha-embedded-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('redis-ha check on files that hold configs', () => {
  test('text: a header naming the configs, each diagnostic at its line and column in the compose file', async () => {
    const o = io();
    const f = fx('docker-compose.yml');
    assert.equal(await main(['check', '--target-version', '7.0', f], o), 1);
    const lines = o.out.trimEnd().split('\n');
    assert.equal(
      lines[0],
      `${f}: 3 embedded configs (services.cache.command, services.store.command, services.queue.command), checked as Redis 7.0`,
    );
    assert.ok(
      lines.includes(`${f}:8:48: error [invalid-bool] services.store.command: appendonly: expected yes or no, found 'maybe'`),
      o.out,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`${f}:13:9: error [invalid-memory] services.queue.command: maxmemory:`)),
      o.out,
    );
    assert.ok(!o.out.includes('services.cache.command:'), 'the cache without persistence stays quiet');
    assert.equal(o.err, '');
  });
  test('json: the configs listed, ranges in the outer file', async () => {
    const o = io();
    assert.equal(await main(['check', '--format', 'json', '--target-version', '7.0', fx('values.yaml')], o), 1);
    const { files } = JSON.parse(o.out);
    assert.deepEqual(files[0].embedded, ['commonConfiguration', 'master.configuration', 'replica.configuration']);
    const errors = files[0].diagnostics.filter((d: { severity: string }) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d: Record<string, unknown>) => [d.line, d.column, d.endLine, d.endColumn, d.code]),
      [[20, 24, 20, 29, 'invalid-bool']],
    );
  });
  test('github annotations point into the values file, the folded block noted at its indicator', async () => {
    const o = io();
    const f = fx('values.yaml');
    assert.equal(await main(['check', '--format', 'github', '--target-version', '7.0', f], o), 1);
    assert.match(
      o.out,
      /::error file=[^,]*values\.yaml,line=20,col=24,endLine=20,endColumn=28,title=invalid-bool::replica\.configuration: /,
    );
    assert.match(
      o.out,
      /::notice file=[^,]*values\.yaml,line=24,col=18,endLine=24,endColumn=18,title=embedded-not-checked::sentinel\.configuration: a folded/,
    );
  });
  test('a quiet Dockerfile exits 0; the broken one exits 1', async () => {
    const o = io();
    assert.equal(await main(['check', fx('Dockerfile')], o), 0);
    assert.equal(o.out, `${fx('Dockerfile')}: 1 embedded config (CMD (line 4)), checked as Redis 8.8\n`);
    assert.equal(await main(['check', fx('Dockerfile.broken')], io()), 1);
  });
  test('--embedded reads a file no name claims; without it the file is read as a redis.conf', async () => {
    const p = join(dir, 'redis-deploy.txt');
    copyFileSync(fx('statefulset.yaml'), p);
    const o = io();
    assert.equal(await main(['check', '--embedded', '--format', 'json', p], o), 1);
    const codes = JSON.parse(o.out).files[0].diagnostics.map((d: { line: number; code: string }) => `${d.line}:${d.code}`);
    assert.ok(codes.includes('9:unknown-directive'), codes.join(' '));
    const plain = io();
    await main(['check', '--format', 'json', p], plain);
    assert.equal(JSON.parse(plain.out).files[0].embedded, undefined);
  });
  test('a file without a config says so and exits 0', async () => {
    const o = io();
    const web = join(dir, 'compose.web.yaml');
    writeFileSync(web, 'services:\n  web:\n    image: nginx\n');
    assert.equal(await main(['check', web], o), 0);
    assert.equal(o.out, `${web}: no embedded redis-server command line or config found\n`);
  });
});
