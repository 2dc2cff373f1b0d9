/**
 * Seeds, connection settings and thresholds; the CLI's usage errors (run in
 * process: no server is needed to refuse bad arguments).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectionFromSetting, normalizeThresholds, parseSeed, redactSeed, SeedError, DEFAULT_THRESHOLDS } from '../../health/settings';
import { AddressError, formatAddress, parseAddress, splitAddress } from '../../health/address';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, interrupted: new Promise(() => undefined) };
  return { cli, out, err };
}

describe('seeds', () => {
  test('redis://, rediss://, bare host:port', () => {
    assert.deepEqual(parseSeed('redis://127.0.0.1:6380').seeds, [{ host: '127.0.0.1', port: 6380 }]);
    assert.deepEqual(parseSeed('redis://localhost').seeds, [{ host: 'localhost', port: 6379 }]);
    assert.deepEqual(parseSeed('127.0.0.1:7000').seeds, [{ host: '127.0.0.1', port: 7000 }]);
    assert.deepEqual(parseSeed('redis://[::1]:6381').seeds, [{ host: '::1', port: 6381 }]);
    assert.deepEqual(parseSeed('rediss://127.0.0.1:6390').tls, {});
    assert.equal(parseSeed('redis://127.0.0.1:6380/2').seeds[0].port, 6380);
  });
  test('user and password, percent-decoded; the id and name never contain the password', () => {
    const s = parseSeed('redis://ops:s%40cret@127.0.0.1:6380');
    assert.equal(s.username, 'ops');
    assert.equal(s.password, 's@cret');
    assert.equal(s.id, 'redis://ops:***@127.0.0.1:6380');
    assert.ok(!JSON.stringify({ id: s.id, name: s.name }).includes('cret'));
    const p = parseSeed('redis://:only-password@127.0.0.1:6380');
    assert.equal(p.username, undefined);
    assert.equal(p.password, 'only-password');
  });
  test('a raw password with / @ : # % is read whole, and redacted whole', () => {
    const secret = 'a/b@c:d#e%zz';
    for (const seed of [`redis://:${secret}@127.0.0.1:6380/0`, `redis://ops:${secret}@127.0.0.1:6380`, `ops:${secret}@127.0.0.1:6380`]) {
      const s = parseSeed(seed);
      assert.equal(s.password, secret, seed);
      assert.deepEqual(s.seeds, [{ host: '127.0.0.1', port: 6380 }]);
      assert.doesNotMatch(redactSeed(seed), /a\/b|c:d|e%zz|@c/, seed);
      assert.ok(!s.id.includes('b@c'));
    }
    assert.equal(redactSeed(`redis://:${secret}@h:1/0`), 'redis://:***@h:1/0');
    assert.equal(redactSeed(`redis-sentinel://ops:${secret}@h:1,h:2#m`), 'redis-sentinel://ops:***@h:1,h:2#m');
    assert.equal(redactSeed(`ops:${secret}@h:1`), 'ops:***@h:1');
    assert.equal(parseSeed(`redis-sentinel://:${encodeURIComponent(secret)}@h:1#m`).master, 'm');
  });
  test('user info without a colon is a password, as redis-cli and ioredis read it', () => {
    const s = parseSeed('redis://s3cret-pw@127.0.0.1:6380');
    assert.equal(s.password, 's3cret-pw');
    assert.equal(s.username, undefined);
    assert.equal(s.id, 'redis://***@127.0.0.1:6380');
  });
  test('a % that starts no escape stays as written', () => {
    assert.equal(parseSeed('redis://:50%off@h:1').password, '50%off');
    assert.equal(parseSeed('redis://:50%25off@h:1').password, '50%off');
  });
  test('redis-sentinel:// with several Sentinels and a master', () => {
    const s = parseSeed('redis-sentinel://127.0.0.1:26379,127.0.0.1:26380,127.0.0.1#mymaster');
    assert.equal(s.sentinel, true);
    assert.equal(s.master, 'mymaster');
    assert.deepEqual(
      s.seeds.map((x) => x.port),
      [26379, 26380, 26379],
    );
    assert.equal(parseSeed('redis-sentinel://127.0.0.1:26379').master, undefined);
  });
  test('bad seeds: clear messages, passwords redacted', () => {
    const bad = [
      'redis://',
      'http://127.0.0.1:6379',
      'redis://h:0',
      'redis://h:99999',
      'redis://h:abc',
      'redis://a:1,b:2',
      'redis://h:1#m',
      'redis://bad host:1',
      'redis://u:pw@::1:6379',
    ];
    for (const b of bad) assert.throws(() => parseSeed(b), SeedError, b);
    assert.throws(
      () => parseSeed('redis://u:topsecret@h:abc'),
      (e: Error) => !e.message.includes('topsecret') && e.message.includes('***'),
    );
    assert.equal(redactSeed('redis-sentinel://u:pw@h:1,h:2#m'), 'redis-sentinel://u:***@h:1,h:2#m');
  });
});

describe('addresses', () => {
  test('IPv6 in brackets is notation: parsed bare, printed bracketed', () => {
    assert.deepEqual(parseAddress('[::1]:6380', 6379), { host: '::1', port: 6380 });
    assert.deepEqual(parseAddress('[::1]', 6379), { host: '::1', port: 6379 });
    assert.throws(() => parseAddress('::1', 6379), /in brackets, e\.g\. \[::1\]:6379/);
    assert.deepEqual(parseAddress('[fe80::1%eth0]:7000', 6379), { host: 'fe80::1%eth0', port: 7000 });
    assert.deepEqual(parseAddress('h:1', 6379), { host: 'h', port: 1 });
    assert.throws(() => parseAddress('::1:6379', 6379), AddressError);
    assert.throws(() => parseAddress('[nope]:1', 6379), AddressError);
    assert.equal(formatAddress('::1', 6379), '[::1]:6379');
    assert.equal(formatAddress('[::1]', 6379), '[::1]:6379');
    assert.equal(formatAddress('127.0.0.1', 6379), '127.0.0.1:6379');
    assert.deepEqual(splitAddress('[::1]:6379'), { host: '::1', port: 6379 });
    assert.deepEqual(splitAddress('127.0.0.1:6379'), { host: '127.0.0.1', port: 6379 });
  });
  test('seeds and settings with IPv6 hosts', () => {
    assert.deepEqual(parseSeed('redis://[::1]:6379').seeds, [{ host: '::1', port: 6379 }]);
    assert.equal(parseSeed('redis://[::1]:6379').name, '[::1]:6379');
    assert.deepEqual(parseSeed('[::1]:6390').seeds, [{ host: '::1', port: 6390 }]);
    assert.deepEqual(
      parseSeed('redis-sentinel://[::1]:26379,[::1]:26380#m').seeds.map((x) => x.port),
      [26379, 26380],
    );
    const spec = connectionFromSetting({ host: '[::1]', port: 7000 }, 0);
    assert.ok(!('error' in spec));
    assert.deepEqual(spec.seeds, [{ host: '::1', port: 7000 }]);
    assert.equal(spec.name, '[::1]:7000');
  });
});

describe('settings', () => {
  test('a connection from settings', () => {
    assert.deepEqual(connectionFromSetting({ name: 'prod', host: '127.0.0.1', port: 26379, username: 'ops', master: 'mymaster' }, 0), {
      id: 'prod',
      name: 'prod',
      seeds: [{ host: '127.0.0.1', port: 26379 }],
      username: 'ops',
      master: 'mymaster',
    });
    const tls = connectionFromSetting({ host: 'h', port: 1, tls: true, ca: '/ca.pem' }, 0);
    assert.ok(!('error' in tls));
    assert.deepEqual(tls.tls, { ca: '/ca.pem' });
    assert.equal(tls.name, 'h:1');
  });
  test('bad entries explain themselves', () => {
    assert.match((connectionFromSetting({ name: 'x' }, 0) as { error: string }).error, /"host" is missing/);
    assert.match((connectionFromSetting({ host: 'h', port: 'abc' }, 2) as { error: string }).error, /#3: "port"/);
  });
  test('thresholds: unknown keys and bad values fall back to the defaults', () => {
    const t = normalizeThresholds({ slowReplyMs: 100, replicaLagSecondsError: -1, bogus: 3, lastIoSecondsWarning: 'x' });
    assert.equal(t.slowReplyMs, 100);
    assert.equal(t.replicaLagSecondsError, DEFAULT_THRESHOLDS.replicaLagSecondsError);
    assert.equal(t.lastIoSecondsWarning, DEFAULT_THRESHOLDS.lastIoSecondsWarning);
    assert.ok(!('bogus' in t));
  });
});

describe('redis-ha status: usage errors exit 3', () => {
  for (const args of [
    [],
    ['--format', 'xml', '127.0.0.1:1'],
    ['--watch', '0', '127.0.0.1:1'],
    ['--timeout', 'soon', '127.0.0.1:1'],
    ['--bogus', '127.0.0.1:1'],
    ['ftp://127.0.0.1:1'],
  ]) {
    test(JSON.stringify(args), async () => {
      const { cli, out, err } = io();
      assert.equal(await main(['status', ...args], cli), 3);
      assert.equal(out.join(''), '');
      assert.match(err.join(''), /^redis-ha status: .*\n\nusage: redis-ha status/s);
    });
  }
  test('a bad seed with a password never prints the password', async () => {
    const { cli, out, err } = io({ REDISCLI_AUTH: 'env-secret' });
    assert.equal(await main(['status', 'redis://u:seed-secret@127.0.0.1:notaport'], cli), 3);
    assert.doesNotMatch(out.join('') + err.join(''), /seed-secret|env-secret/);
  });
  test('--help', async () => {
    const { cli, out } = io();
    assert.equal(await main(['status', '--help'], cli), 0);
    assert.match(out.join(''), /Exit status: 0 all ok, 1 a warning, 2 an error or an unreachable node, 3 nothing could be reached/);
  });
});
