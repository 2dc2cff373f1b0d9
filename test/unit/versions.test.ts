/**
 * How each version reads a file, as its own loader does (facts from the
 * sources, proved against the real binaries by test/differential): the target
 * version and how it is chosen, names from other versions, Redis 8's queue of
 * possible module settings, Valkey 9's tokenizer, per-version values.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import manifest from '../../package.json';
import { NEWEST, VERSION_IDS, type VersionId } from '../../server/catalog/catalog';
import { parseConfig } from '../../server/parser/parse';
import { liveTargetOffer } from '../../server/service/options';
import { check, firstFatal, type Analysis } from '../../server/service';
import { codeActions } from '../../server/service/codeActions';

function run(text: string, opts: { version?: VersionId; file?: string; sentinel?: boolean } = {}): Analysis {
  return check(text, {
    language: opts.sentinel ? 'sentinel-conf' : 'redis-conf',
    uri: `file:///etc/redis/${opts.file ?? 'redis.conf'}`,
    filePath: `/etc/redis/${opts.file ?? 'redis.conf'}`,
    settings: opts.version ? { targetVersion: opts.version } : {},
  });
}
const errors = (a: Analysis) => a.diagnostics.filter((d) => d.severity === 1);
const at = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1} ${d.code}`);

describe('the target version', () => {
  test('the newest GA Redis by default, the newest Valkey for a valkey*.conf', () => {
    assert.equal(run('port 6379\n').version, NEWEST.redis);
    assert.equal(NEWEST.redis, '8.8');
    assert.equal(run('port 6379\n', { file: 'valkey.conf' }).version, 'valkey-9.1');
  });
  test('a directive only Valkey knows picks Valkey; one both know does not', () => {
    const a = run('port 6379\ncluster-databases 16\ncommandlog-execution-slower-than 1000\n');
    assert.equal(a.version, 'valkey-9.1');
    assert.equal(a.versionSource, 'directives');
    assert.equal(run('port 6379\nmaxmemory 1gb\n').version, '8.8');
    // more Redis-only than Valkey-only lines: Redis
    assert.equal(run('key-memory-histograms yes\nstream-idmp-maxsize 10\ncluster-databases 2\n').version, '8.8');
  });
  test('# redis-ha: target= (or version=) in the file wins over the setting; the setting over the guesses', () => {
    assert.equal(run('# redis-ha: target=valkey-9.0\nport 6379\n', { version: '7.2' }).version, 'valkey-9.0');
    assert.equal(run('# redis-ha: version=8.2.1\nport 6379\n').version, '8.2');
    assert.equal(run('cluster-databases 2\n', { version: '8.6' }).version, '8.6');
    const bad = run('# redis-ha: target=8.3\nport 6379\n');
    assert.deepEqual(
      bad.diagnostics.filter((d) => d.code === 'redis-ha-comment').map((d) => d.message.slice(0, 22)),
      ["unknown target '8.3'; "],
    );
  });
});

describe('a directive of another version', () => {
  test('names the version it needs and the target, once per line', () => {
    const a = run('# redis-ha: target=8.0\nkey-memory-histograms yes\nport 6379\n');
    const e = errors(a);
    assert.deepEqual(at(e), ['2 not-in-version']);
    assert.match(e[0].message, /^'key-memory-histograms' needs Redis 8\.6 or later; the target is Redis 8\.0/);
  });
  test('a removed one says since when it is gone; a Valkey one says so', () => {
    assert.match(
      errors(run('gopher-enabled no\n', { version: '7.0' }))[0].message,
      /was removed in Redis 7\.0 \(it exists in Redis 6\.2\)/,
    );
    assert.match(
      errors(run('commandlog-execution-slower-than 10\n', { version: '7.4' }))[0].message,
      /is a Valkey setting \(Valkey 8\.1–9\.1\); the target is Redis 7\.4/,
    );
  });
  test('the quick fix changes the target: the comment value in place, or a new comment on top', () => {
    for (const [text, expected] of [
      ['key-memory-histograms yes\n', '# redis-ha: target=8.6\nkey-memory-histograms yes\n'],
      ['# redis-ha: target=8.0 rpo=1s\nkey-memory-histograms yes\n', '# redis-ha: target=8.6 rpo=1s\nkey-memory-histograms yes\n'],
    ] as const) {
      const a = run(text, { version: '8.0' });
      const d = a.diagnostics.find((x) => x.code === 'not-in-version')!;
      const [fix] = codeActions(a, { range: d.range, diagnostics: [d], only: ['quickfix'] });
      assert.equal(fix.title, 'Set the target to Redis 8.6 (# redis-ha: target=8.6)');
      const edits = Object.values(fix.edit!.changes!)[0];
      let out = text;
      for (const e of [...edits].reverse())
        out = out.slice(0, a.doc.offsetAt(e.range.start)) + e.newText + out.slice(a.doc.offsetAt(e.range.end));
      assert.equal(out, expected);
      assert.deepEqual(errors(run(out)), []);
    }
  });
});

describe('Redis 8 keeps an unknown name with a value as a possible module setting', () => {
  test('refused after the whole file is read, so a later bad line is the first error', () => {
    const a = run('nosuchdirective 1\nport 70000\n', { version: '8.8' });
    assert.deepEqual(at(errors(a)).sort(), ['1 unknown-directive', '2 out-of-range']);
    assert.equal(firstFatal(a.diagnostics)!.range.start.line, 1);
    assert.match(errors(a).find((d) => d.code === 'unknown-directive')!.message, /Unresolved Configuration\(s\) Detected/);
  });
  test('7.4 and Valkey refuse it at its line', () => {
    const a = run('nosuchdirective 1\nport 70000\n', { version: '7.4' });
    assert.equal(firstFatal(a.diagnostics)!.range.start.line, 0);
    assert.equal(firstFatal(run('nosuchdirective 1\nport 70000\n', { version: 'valkey-9.1' }).diagnostics)!.range.start.line, 0);
  });
  test('without a value it is refused at its line, as is a hand-parsed line of the wrong shape in 7.x', () => {
    assert.equal(firstFatal(run('nosuchdirective\nport 70000\n', { version: '8.8' }).diagnostics)!.range.start.line, 0);
    // include with two arguments: kept for modules in Redis 8, refused at the line before
    assert.equal(firstFatal(run('include /a /b\nport 70000\n', { version: '8.8' }).diagnostics)!.range.start.line, 1);
    assert.equal(firstFatal(run('include /a /b\nport 70000\n', { version: '7.4' }).diagnostics)!.range.start.line, 0);
  });
  test('a loadmodule line makes it a warning: only the module can say', () => {
    const a = run('loadmodule /opt/redis/modules/search.so\nsearch-workers 4\n', { version: '8.8' });
    assert.deepEqual(errors(a), []);
    assert.ok(a.diagnostics.some((d) => d.code === 'unknown-directive' && d.severity === 2));
  });
  test('a dotted name in Valkey: "Unused Module Configuration"', () => {
    const e = errors(run('mymod.setting 1\n', { version: 'valkey-9.1' }));
    assert.deepEqual(at(e), ['1 module-config-without-module']);
    assert.match(e[0].message, /Unused Module Configuration: mymod\.setting/);
  });
  test('a Sentinel never loads modules: the line does nothing, a warning', () => {
    for (const version of ['8.8', '7.0'] as VersionId[]) {
      const a = run('sentinel monitor m 127.0.0.1 6380 2\nnosuch.thing 1\nnosuchdirective 1\n', {
        version,
        sentinel: true,
        file: 'sentinel.conf',
      });
      assert.deepEqual(
        errors(a).map((d) => d.message),
        version === '8.8' ? [] : [errors(a)[0]?.message],
      );
    }
  });
});

describe('Valkey 9 tokenizer: a closing quote does not end the token', () => {
  test('"6379"x is 6379x in Valkey 9, an error before', () => {
    assert.deepEqual(at(errors(run('port "6379"x\n', { version: 'valkey-8.1' }))), ['1 quote-not-followed-by-blank']);
    const a = run('port "6379"x\n', { version: 'valkey-9.0' });
    assert.deepEqual(at(errors(a)), ['1 invalid-number']);
    assert.match(errors(a)[0].message, /'6379x'/);
    assert.deepEqual(errors(run('requirepass "se cr"et\n', { version: 'valkey-9.1' })), []);
    assert.equal(run('requirepass "se cr"et\n', { version: 'valkey-9.1' }).doc.directives[0].args[0].value, 'se cret');
  });
  test('unbalanced quotes stay an error in every version', () => {
    assert.deepEqual(at(errors(run('requirepass "secret\n', { version: 'valkey-9.1' }))), ['1 unbalanced-quotes']);
  });
});

describe('values per version', () => {
  test('LRM eviction, flushdb / flush-before-load, shutdown failover', () => {
    assert.deepEqual(errors(run('maxmemory-policy allkeys-lrm\n', { version: '8.6' })), []);
    assert.deepEqual(at(errors(run('maxmemory-policy allkeys-lrm\n', { version: '8.4' }))), ['1 invalid-enum']);
    assert.deepEqual(errors(run('repl-diskless-load flushdb\n', { version: '8.8' })), []);
    assert.deepEqual(errors(run('repl-diskless-load flush-before-load\n', { version: 'valkey-8.1' })), []);
    assert.deepEqual(at(errors(run('repl-diskless-load flush-before-load\n', { version: '8.8' }))), ['1 invalid-enum']);
    assert.deepEqual(errors(run('shutdown-on-sigterm failover\n', { version: 'valkey-9.0' })), []);
    assert.deepEqual(at(errors(run('shutdown-on-sigterm failover\n', { version: '8.8' }))), ['1 invalid-enum']);
  });
  test('keyspace event letters: n since 7.0, o and c since 8.2, S T I V and a in 8.8', () => {
    assert.deepEqual(at(errors(run('notify-keyspace-events KEn\n', { version: '6.2' }))), ['1 invalid-value']);
    assert.deepEqual(at(errors(run('notify-keyspace-events Eoc\n', { version: '8.0' }))), ['1 invalid-value']);
    assert.deepEqual(errors(run('notify-keyspace-events Eoc\n', { version: '8.2' })), []);
    assert.deepEqual(errors(run('notify-keyspace-events KEaSTIV\n', { version: '8.8' })), []);
    assert.deepEqual(at(errors(run('notify-keyspace-events KEr\n', { version: '8.8' }))), ['1 invalid-value'], 'GCRA was held out of 8.8');
  });
  test('io-threads-do-reads is accepted and ignored from Redis 8.0 and Valkey 8.1', () => {
    assert.ok(run('io-threads-do-reads yes\n', { version: '8.0' }).diagnostics.some((d) => d.code === 'ignored-directive'));
    assert.ok(run('io-threads-do-reads yes\n', { version: 'valkey-8.1' }).diagnostics.some((d) => d.code === 'ignored-directive'));
    assert.ok(!run('io-threads-do-reads yes\n', { version: '7.4' }).diagnostics.some((d) => d.code === 'ignored-directive'));
  });
  test('Redis 8.2 refuses a memory value of an unsigned setting that wraps negative; 8.4 does not', () => {
    assert.deepEqual(at(errors(run('maxmemory 18446744073709551615\n', { version: '8.2' }))), ['1 out-of-range']);
    assert.deepEqual(errors(run('maxmemory 18446744073709551615\n', { version: '8.4' })), []);
  });
  test('Valkey 9.1 refuses memory digits beyond 64 bits and takes -1 where a setting allows it', () => {
    // before 9.1 strtoull saturates: the largest value, which maxmemory accepts
    assert.deepEqual(errors(run('maxmemory 99999999999999999999\n', { version: 'valkey-9.0' })), []);
    assert.deepEqual(at(errors(run('maxmemory 99999999999999999999\n', { version: 'valkey-9.1' }))), ['1 invalid-memory']);
    assert.deepEqual(errors(run('slot-migration-max-failover-repl-bytes -1\n', { version: 'valkey-9.1' })), []);
  });
});

describe('a Redis 8.x production config and a Valkey 9 config are clean under their versions', () => {
  test('Redis 8.8: LRM eviction, TLS client users, idempotent streams, key histograms', () => {
    const text = [
      'port 0',
      'tls-port 6380',
      'tls-cert-file /etc/redis/tls/redis.crt',
      'tls-key-file /etc/redis/tls/redis.key',
      'tls-ca-cert-file /etc/redis/tls/ca.crt',
      'tls-auth-clients yes',
      'tls-auth-clients-user CN',
      'maxmemory 8gb',
      'maxmemory-policy allkeys-lrm',
      'appendonly yes',
      'appendfsync everysec',
      'repl-diskless-load flushdb',
      'replica-full-sync-buffer-limit 256mb',
      'repl-rdb-channel yes',
      'min-replicas-to-write 1',
      'min-replicas-max-lag 10',
      'stream-idmp-duration 300',
      'stream-idmp-maxsize 1000',
      'key-memory-histograms yes',
      'slowlog-entry-max-argc 16',
      'notify-keyspace-events KEA',
      'requirepass s3cret',
      'masterauth s3cret',
      '',
    ].join('\n');
    assert.deepEqual(at(errors(run(text))), []);
    assert.equal(run(text).version, '8.8');
  });
  test('Valkey 9: cluster databases, the command log, dual-channel replication', () => {
    const text = [
      'port 6379',
      'cluster-enabled yes',
      'cluster-databases 16',
      'commandlog-execution-slower-than 10000',
      'commandlog-request-larger-than 1048576',
      'commandlog-reply-larger-than 1048576',
      'commandlog-slow-execution-max-len 256',
      'dual-channel-replication-enabled yes',
      'repl-diskless-load flush-before-load',
      'appendonly yes',
      'shutdown-on-sigterm failover',
      'requirepass s3cret',
      'primaryauth s3cret',
      '',
    ].join('\n');
    const a = run(text, { file: 'valkey.conf' });
    assert.equal(a.version, 'valkey-9.1');
    assert.deepEqual(at(errors(a)), []);
  });
});

describe('a live node offers its version as the target', () => {
  test("the node's release line, when the file is checked against another", () => {
    const doc = parseConfig('port 6379\n');
    const offer = liveTargetOffer(doc, '/etc/redis/redis.conf', undefined, 'redis', '8.6.2')!;
    assert.deepEqual(
      { current: offer.current, proposed: offer.proposed, edit: offer.edit },
      { current: '8.8', proposed: '8.6', edit: { start: 0, end: 0, text: '# redis-ha: target=8.6\n' } },
    );
    assert.equal(liveTargetOffer(doc, '/etc/redis/redis.conf', undefined, 'redis', '8.8.1'), undefined);
    const pinned = parseConfig('# redis-ha: target=8.0\nport 6379\n');
    assert.deepEqual(liveTargetOffer(pinned, '/r.conf', undefined, 'valkey', '9.0.4')!.edit, { start: 19, end: 22, text: 'valkey-9.0' });
    assert.match(liveTargetOffer(doc, '/r.conf', undefined, 'redis', '8.10.0')?.note ?? 'none', /none/);
    assert.match(liveTargetOffer(doc, '/r.conf', '7.0', 'redis', '8.9.80')!.note!, /pre-release of Redis 8\.10|newer than Redis 8\.8/);
  });
  test('the targetVersion setting offers every catalog version', () => {
    const setting = (manifest.contributes.configuration as { properties: Record<string, { enum?: string[] }> }).properties[
      'redisHa.targetVersion'
    ];
    assert.deepEqual(setting.enum, ['auto', ...VERSION_IDS]);
  });
});
