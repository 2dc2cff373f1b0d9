/**
 * TLS options: what `status --tls/--ca/--cert/--key/--servername` and the
 * connection settings turn into, the ioredis options a link is opened with,
 * and clear messages for files that cannot be read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';
import { tlsFromOptions } from '../../cli/status';
import { connectionFromSetting } from '../../health';
import { ProbeFailure, redisOptions, tlsOptions } from '../../health/link';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    interrupted: new Promise(() => undefined),
  };
  return { cli, out, err };
}

describe('TLS settings', () => {
  test('CLI options: each implies TLS; none leaves seeds as they are', () => {
    assert.equal(tlsFromOptions({}), undefined);
    assert.deepEqual(tlsFromOptions({ tls: true }), {});
    assert.deepEqual(tlsFromOptions({ ca: '/ca.pem' }), { ca: '/ca.pem' });
    assert.deepEqual(tlsFromOptions({ cert: '/c.pem', key: '/k.pem', servername: 'redis.internal' }), {
      cert: '/c.pem',
      key: '/k.pem',
      servername: 'redis.internal',
    });
  });
  test('connection settings: ca/cert/key imply TLS, servername goes with it', () => {
    const spec = connectionFromSetting({ host: 'h', ca: '/ca.pem', cert: '/c.pem', key: '/k.pem', servername: 'n' }, 0);
    assert.ok(!('error' in spec));
    assert.deepEqual(spec.tls, { ca: '/ca.pem', cert: '/c.pem', key: '/k.pem', servername: 'n' });
  });
  test('the ioredis options: files read, SNI, bare IPv6 host, no retries', () => {
    const files: Record<string, string> = { '/ca.pem': 'CA', '/c.pem': 'CERT', '/k.pem': 'KEY' };
    const read = (p: string) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return Buffer.from(files[p]);
    };
    const o = redisOptions({
      host: '[::1]',
      port: 6380,
      timeoutMs: 1000,
      tls: { ca: '/ca.pem', cert: '/c.pem', key: '/k.pem', servername: 'redis.internal' },
      readFile: read,
    });
    assert.equal(o.host, '::1');
    assert.equal(o.port, 6380);
    assert.equal(o.retryStrategy!(1), null);
    assert.deepEqual(
      { ca: String(o.tls!.ca), cert: String(o.tls!.cert), key: String(o.tls!.key), servername: o.tls!.servername },
      { ca: 'CA', cert: 'CERT', key: 'KEY', servername: 'redis.internal' },
    );
    assert.equal(redisOptions({ host: 'h', port: 1, timeoutMs: 1000 }).tls, undefined);
    assert.deepEqual(redisOptions({ host: 'h', port: 1, timeoutMs: 1000, tls: {} }).tls, {});
    assert.throws(
      () => tlsOptions({ ca: '/missing.pem' }, read),
      (e: Error) =>
        e instanceof ProbeFailure &&
        e.kind === 'tls' &&
        /cannot read the CA certificate '\/missing\.pem' \("ca" setting, --ca\): no such file/.test(e.message),
    );
    assert.throws(() => tlsOptions({ cert: '/c.pem' }, read), /a client certificate needs its key/);
  });
});

describe('redis-ha status: TLS usage errors exit 3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-tls-'));
  writeFileSync(join(dir, 'ca.pem'), 'x');
  const cases: Array<[string[], RegExp]> = [
    [['--ca', join(dir, 'nope.pem')], /cannot read --ca .*nope\.pem: no such file/],
    [['--ca', dir], /cannot read --ca .*: it is a directory/],
    [['--cert', join(dir, 'ca.pem')], /--cert needs --key/],
    [['--key', join(dir, 'ca.pem')], /--key needs --cert/],
    [['--cert', join(dir, 'ca.pem'), '--key', join(dir, 'k.pem')], /cannot read --key .*k\.pem: no such file/],
  ];
  for (const [args, message] of cases) {
    test(args.join(' ').replace(dir, 'DIR'), async () => {
      const { cli, out, err } = io();
      assert.equal(await main(['status', ...args, '127.0.0.1:1'], cli), 3);
      assert.equal(out.join(''), '');
      assert.match(err.join(''), message);
    });
  }
  test('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});
