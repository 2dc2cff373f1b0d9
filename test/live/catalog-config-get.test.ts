/**
 * The catalog against the real server: start Debian's redis-server (7.0.15 on
 * CI), read `CONFIG GET *` and every hidden setting by name, and require that
 * every name is one our catalog knows for that version and every default is
 * the one we recorded from the sources. Only what the harness itself sets is
 * left out, and the harness's own values are checked instead.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Redis from 'ioredis';
import { catalog, isVersionId, type VersionCatalog, type VersionId } from '../../server/catalog/catalog';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';

const missing = missingBinaries();

/**
 * Settings test/support/redis.ts writes into every config it starts a server
 * with (and why), so the server reports the harness's value, not the default:
 *   port, bind — a free loopback port, never the default *:6379;
 *   dir        — a fresh temporary directory (the default is the working directory);
 *   save       — "" so that no test ever writes a dump.rdb;
 *   daemonize, logfile — stay in the foreground and log to stdout, where readiness is read.
 */
const SET_BY_HARNESS = ['port', 'bind', 'dir', 'save', 'daemonize', 'logfile'];

function versionIdOf(redisVersion: string): VersionId {
  const id = redisVersion.split('.').slice(0, 2).join('.');
  assert.ok(isVersionId(id), `redis-server ${redisVersion} is not a version the catalog covers`);
  return id;
}

function pairs(flat: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
  return m;
}

describe('catalog defaults equal CONFIG GET of the real redis-server', { skip: missing }, () => {
  let server: RunningServer;
  let client: Redis;
  let version: VersionId;
  let vc: VersionCatalog;
  let all: Map<string, string>;

  before(async () => {
    server = await startServer();
    client = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.connect();
    const info = await client.info('server');
    const m = /redis_version:(\S+)/.exec(info);
    assert.ok(m, 'INFO server has a redis_version');
    version = versionIdOf(m[1]);
    vc = catalog().forVersion(version);
    all = pairs((await client.config('GET', '*')) as string[]);
  });
  after(async () => {
    client?.disconnect();
    await server?.stop();
  });

  test('the server is the 7.0 line CI installs (Debian redis-server 7.0.15)', () => {
    assert.equal(version, '7.0');
    assert.ok(all.size > 150, `CONFIG GET * returned ${all.size} settings`);
  });

  test('every name CONFIG GET * returns is a directive or alias of our catalog', () => {
    const unknown = [...all.keys()].filter((n) => !vc.lookup(n));
    assert.deepEqual(unknown, []);
  });

  test('every default equals ours (the harness-set names excepted)', () => {
    const diffs: string[] = [];
    for (const [name, value] of all) {
      const lk = vc.lookup(name)!;
      if (SET_BY_HARNESS.includes(lk.info.name)) continue;
      if (lk.info.variant.default !== value) diffs.push(`${name}: server '${value}', catalog '${lk.info.variant.default}'`);
    }
    assert.deepEqual(diffs, []);
  });

  test('the harness-set names report the harness values', () => {
    assert.equal(all.get('port'), String(server.port));
    assert.equal(all.get('bind'), '127.0.0.1');
    assert.equal(all.get('dir'), server.dir);
    assert.equal(all.get('save'), '');
    assert.equal(all.get('daemonize'), 'no');
    assert.equal(all.get('logfile'), '');
  });

  test('what CONFIG GET * leaves out is exactly the hidden settings and what the loader parses by hand', async () => {
    const absent = vc.directives().filter((i) => !all.has(i.name) && !(i.variant.aliases ?? []).some((a) => all.has(a)));
    const unexplained = absent.filter(
      (i) => !i.variant.flags.includes('HIDDEN_CONFIG') && !i.variant.legacy && i.variant.value.kind !== 'deprecated',
    );
    assert.deepEqual(
      unexplained.map((i) => i.name),
      [],
    );
    // hidden settings still answer when asked by name: their defaults must match too
    const hidden = absent.filter((i) => i.variant.flags.includes('HIDDEN_CONFIG'));
    assert.ok(hidden.length > 0);
    for (const info of hidden) {
      const got = pairs((await client.config('GET', info.name)) as string[]);
      assert.equal(got.get(info.name), info.variant.default, `hidden setting ${info.name}`);
    }
  });

  test('aliases answer with the value of their directive', async () => {
    for (const [alias, name] of [
      ['slaveof', 'replicaof'],
      ['slave-read-only', 'replica-read-only'],
      ['lua-time-limit', 'busy-reply-threshold'],
      ['hash-max-ziplist-entries', 'hash-max-listpack-entries'],
    ]) {
      assert.equal(vc.lookup(alias)?.info.name, name);
      const got = pairs((await client.config('GET', alias)) as string[]);
      assert.equal(got.get(alias), vc.lookup(name)!.info.variant.default, alias);
    }
  });

  test('build differences from the source are recorded: Debian builds without active defragmentation', async () => {
    // The source accepts `activedefrag yes` only with Redis' bundled jemalloc (HAVE_DEFRAG);
    // Debian links the system jemalloc, so this server refuses it. The catalog marks the check.
    const info = vc.lookup('activedefrag')!.info;
    assert.deepEqual(info.variant.value, { kind: 'bool', check: 'active-defrag' });
    await assert.rejects(client.config('SET', 'activedefrag', 'yes'), /Active defragmentation cannot be enabled/);
    // TLS directives exist because Debian builds with TLS (USE_OPENSSL); the catalog says they depend on it
    assert.ok(all.has('tls-port'));
    assert.equal(vc.lookup('tls-port')!.info.variant.buildDependent, 'tls');
  });
});
