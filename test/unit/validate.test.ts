import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { check, firstFatal, RULE_CODES } from '../../server/service';
import type { FileHost } from '../../server/service';

type Lang = 'redis-conf' | 'sentinel-conf';
function diags(
  text: string,
  opts: { version?: string; language?: Lang; host?: FileHost; filePath?: string; byContent?: boolean } = {},
): Diagnostic[] {
  return check(text, {
    language: opts.language ?? 'redis-conf',
    byContent: opts.byContent,
    uri: 'file:///etc/redis/redis.conf',
    filePath: opts.filePath,
    settings: { targetVersion: opts.version ?? '7.0' },
    host: opts.host,
  }).diagnostics.filter((d) => !RULE_CODES.has(String(d.code))); // the durability rules have their own suite
}
function codes(text: string, opts: Parameters<typeof diags>[1] = {}): string[] {
  return diags(text, opts).map((d) => `${d.code}@${d.range.start.line + 1}`);
}
function errorsOnly(text: string, opts: Parameters<typeof diags>[1] = {}): string[] {
  return diags(text, opts)
    .filter((d) => d.severity === 1)
    .map((d) => `${d.code}@${d.range.start.line + 1}`);
}

describe('names', () => {
  test('unknown directive with a suggestion', () => {
    const [d] = diags('maxmemroy 1gb');
    assert.equal(d.code, 'unknown-directive');
    assert.equal(d.severity, 1);
    assert.match(d.message, /did you mean 'maxmemory'/i);
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } });
  });
  test('a directive the target version lacks names the versions that have it', () => {
    const [d] = diags('maxmemory-clients 10%', { version: '6.2' });
    assert.equal(d.code, 'not-in-version');
    assert.match(d.message, /Redis 6\.2/);
    assert.match(d.message, /Redis 7\.0/);
    assert.deepEqual(diags('maxmemory-clients 10%', { version: '7.0' }), []);
  });
  test('legacy aliases are a hint naming the current name', () => {
    const [d] = diags('slaveof 127.0.0.1 6380');
    assert.equal(d.code, 'deprecated-alias');
    assert.equal(d.severity, 4);
    assert.match(d.message, /replicaof/);
  });
  test('case-insensitive names', () => {
    assert.deepEqual(diags('PORT 6380\nMaxMemory 10mb'), []);
  });
});

describe('values', () => {
  test('booleans', () => {
    assert.deepEqual(codes('daemonize YES\nappendonly No'), []);
    assert.deepEqual(codes('daemonize true'), ['invalid-bool@1']);
  });
  test('enums list the allowed values', () => {
    const [d] = diags('loglevel info');
    assert.equal(d.code, 'invalid-enum');
    assert.match(d.message, /debug, verbose, notice, warning/);
    assert.deepEqual(codes('appendfsync EVERYSEC'), []);
  });
  test('integers: strict form and range', () => {
    assert.deepEqual(errorsOnly('port 65536'), ['out-of-range@1']);
    assert.deepEqual(errorsOnly('port 06379'), ['invalid-number@1']);
    assert.deepEqual(errorsOnly('port +6379'), ['invalid-number@1']);
    assert.deepEqual(errorsOnly('timeout 10k'), ['invalid-number@1']);
    assert.deepEqual(errorsOnly('slowlog-log-slower-than -1'), []);
    assert.deepEqual(errorsOnly('slowlog-log-slower-than -2'), ['out-of-range@1']);
  });
  test('memory values: units in any case, no fractions, no tb, no sign', () => {
    assert.deepEqual(errorsOnly('maxmemory 1GB\nmaxmemory 1Gb\nmaxmemory 1k\nmaxmemory ""\nmaxmemory gb'), []);
    assert.deepEqual(errorsOnly('maxmemory 1.5gb'), ['invalid-memory@1']);
    assert.deepEqual(errorsOnly('maxmemory 1tb'), ['invalid-memory@1']);
    assert.deepEqual(errorsOnly('maxmemory -1'), ['invalid-memory@1']);
    assert.deepEqual(errorsOnly('proto-max-bulk-len 1k'), ['out-of-range@1']);
  });
  test('percent and octal values', () => {
    assert.deepEqual(errorsOnly('maxmemory-clients 10%'), []);
    assert.deepEqual(errorsOnly('maxmemory-clients 101%'), ['out-of-range@1']);
    assert.deepEqual(errorsOnly('unixsocketperm 700'), []);
    assert.deepEqual(errorsOnly('unixsocketperm 999'), ['invalid-number@1']);
    assert.deepEqual(errorsOnly('unixsocketperm 1777'), ['out-of-range@1']);
  });
  test('argument counts, with the inline-comment explanation', () => {
    assert.deepEqual(errorsOnly('requirepass'), ['wrong-arg-count@1']);
    const [d] = diags('appendonly yes # keep AOF on');
    assert.equal(d.code, 'inline-comment');
    assert.match(d.message, /no inline comments/);
    assert.deepEqual(d.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 28 } });
  });
});

describe('special forms', () => {
  test('save', () => {
    assert.deepEqual(errorsOnly('save 900 1 300 10\nsave ""\nsave "900 1"'), []);
    assert.deepEqual(errorsOnly('save 900'), ['invalid-value@1']);
    assert.deepEqual(errorsOnly('save 0 1'), ['invalid-value@1']);
    assert.deepEqual(errorsOnly('save 900 1 # every 15 min'), ['inline-comment@1']);
  });
  test('client-output-buffer-limit', () => {
    assert.deepEqual(errorsOnly('client-output-buffer-limit normal 0 0 0 replica 256mb 64mb 60'), []);
    assert.deepEqual(errorsOnly('client-output-buffer-limit master 0 0 0'), ['invalid-value@1']);
    assert.deepEqual(errorsOnly('client-output-buffer-limit normal 0 0'), ['wrong-arg-count@1']);
    assert.deepEqual(errorsOnly('client-output-buffer-limit pubsub 32xb 8mb 60'), ['invalid-memory@1']);
  });
  test('replicaof, bind, notify-keyspace-events, shutdown flags, percentiles', () => {
    assert.deepEqual(errorsOnly('replicaof no one'), []);
    assert.deepEqual(errorsOnly('replicaof 127.0.0.1'), ['wrong-arg-count@1']);
    assert.deepEqual(errorsOnly('replicaof 127.0.0.1 70000'), ['out-of-range@1']);
    assert.deepEqual(errorsOnly(`bind ${Array.from({ length: 17 }, (_, i) => `127.0.0.${i + 1}`).join(' ')}`), ['invalid-value@1']);
    assert.deepEqual(errorsOnly('bind 127.0.0.1 # local only'), ['inline-comment@1']);
    assert.deepEqual(errorsOnly('notify-keyspace-events KEA'), []);
    assert.deepEqual(errorsOnly('notify-keyspace-events KEQ'), ['invalid-value@1']);
    assert.deepEqual(errorsOnly('shutdown-on-sigterm save now'), []);
    assert.deepEqual(errorsOnly('shutdown-on-sigterm save nosave'), ['invalid-value@1']);
    assert.deepEqual(errorsOnly('latency-tracking-info-percentiles 50 99 99.9'), []);
    assert.deepEqual(errorsOnly('latency-tracking-info-percentiles 50 101'), ['out-of-range@1']);
  });
  test('rename-command follows the command table in file order', () => {
    assert.deepEqual(errorsOnly('rename-command CONFIG ""\nrename-command FLUSHALL myflush'), []);
    assert.deepEqual(errorsOnly('rename-command NOSUCHCMD foo'), ['rename-unknown-command@1']);
    assert.deepEqual(errorsOnly('rename-command CONFIG c1\nrename-command CONFIG c2'), ['rename-unknown-command@2']);
    assert.deepEqual(errorsOnly('rename-command CONFIG GET'), ['rename-target-exists@1']);
  });
  test('users', () => {
    assert.deepEqual(errorsOnly('user alice on >pw ~* +@all'), []);
    assert.deepEqual(errorsOnly('user alice on >pw ~* +@bogus'), ['acl-rule@1']);
    assert.deepEqual(errorsOnly('user alice on >pw ~* +@all\nuser alice off'), ['duplicate-user@2']);
  });
  test('module settings need a loadmodule line', () => {
    assert.deepEqual(errorsOnly('mymodule.opt 1'), ['module-config-without-module@1']);
    assert.deepEqual(errorsOnly('mymodule.opt'), ['wrong-arg-count@1']);
    assert.deepEqual(errorsOnly('loadmodule /opt/mod.so\nmymodule.opt 1'), []);
  });
  test('cluster mode forbids replicaof', () => {
    const d = diags('cluster-enabled yes\nreplicaof 127.0.0.1 6380').find((x) => x.code === 'cluster-with-replicaof');
    assert.ok(d);
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 0);
  });
});

describe('relations between lines', () => {
  test('a repeated directive warns on the overridden line, pointing at the winner', () => {
    const d = diags('port 7000\nport 7001');
    assert.equal(d.length, 1);
    assert.equal(d[0].code, 'overridden');
    assert.equal(d[0].severity, 2);
    assert.equal(d[0].range.start.line, 0);
    assert.equal(d[0].relatedInformation?.[0].location.range.start.line, 1);
  });
  test('an alias and its name override each other; save lines add up', () => {
    assert.deepEqual(codes('slave-read-only yes\nreplica-read-only no'), ['deprecated-alias@1', 'overridden@1']);
    assert.deepEqual(codes('save 900 1\nsave 300 10'), []);
    assert.deepEqual(codes('save 900 1\nsave ""'), ['overridden@1']);
  });
  test('sentinel lines in a redis.conf, data-node lines in a sentinel.conf', () => {
    // forced to redis.conf (a Sentinel's file opened as one is checked as a sentinel.conf: language-by-content.test.ts)
    assert.deepEqual(errorsOnly('sentinel monitor m 127.0.0.1 6379 2', { byContent: false }), ['sentinel-in-redis-conf@1']);
    assert.deepEqual(errorsOnly('appendonly yes\nsentinel monitor m 127.0.0.1 6379 2'), ['sentinel-in-redis-conf@2']);
    assert.deepEqual(codes('sentinel'), []);
    assert.deepEqual(codes('port 26379\nappendonly yes\nsentinel monitor m 127.0.0.1 6379 2', { language: 'sentinel-conf' }), [
      'mixed-config@2',
      'not-for-sentinel@2',
    ]);
  });
  test('include: a missing absolute file is fatal, a relative one is a warning', () => {
    const host: FileHost = { exists: (p) => p === '/etc/redis/extra.conf' };
    assert.deepEqual(codes('include /etc/redis/extra.conf', { host }), []);
    assert.deepEqual(codes('include /etc/redis/missing.conf', { host }), ['include-not-found@1']);
    assert.deepEqual(codes('include /etc/redis/conf.d/*.conf', { host }), []);
    const [rel] = diags('include extra.conf', { host, filePath: '/etc/redis/redis.conf' });
    assert.equal(rel.code, 'include-relative');
    assert.match(rel.message, /a file exists at \/etc\/redis\/extra\.conf/);
  });
});

describe('sentinel.conf', () => {
  const s = (text: string, version = '7.0') => errorsOnly(text, { language: 'sentinel-conf', version });
  test('the reference example loads', () => {
    assert.deepEqual(
      s(
        'port 26379\nsentinel monitor mymaster 127.0.0.1 6379 2\nsentinel down-after-milliseconds mymaster 5000\nsentinel failover-timeout mymaster 60000\nsentinel parallel-syncs mymaster 1',
      ),
      [],
    );
  });
  test('order does not matter; unknown masters and duplicates do', () => {
    assert.deepEqual(s('sentinel down-after-milliseconds m 5000\nsentinel monitor m 127.0.0.1 6379 2'), []);
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379 2\nsentinel down-after-milliseconds other 5000'), ['sentinel-unknown-master@2']);
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379 2\nsentinel monitor m 127.0.0.2 6379 2'), ['sentinel-duplicate-master@2']);
  });
  test('hostnames need resolve-hostnames yes, wherever that line is', () => {
    assert.deepEqual(s('sentinel monitor m redis-primary 6379 2'), ['sentinel-hostname-unresolved@1']);
    assert.deepEqual(s('sentinel monitor m redis-primary 6379 2\nsentinel resolve-hostnames yes'), []);
  });
  test('values', () => {
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379 0'), ['sentinel-invalid-value@1']);
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 99999 2'), ['sentinel-invalid-value@1']);
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379x 2'), []);
    assert.deepEqual(s('sentinel myid abc'), ['sentinel-invalid-value@1']);
    assert.deepEqual(s('sentinel deny-scripts-reconfig maybe'), ['sentinel-invalid-value@1']);
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379 2\nsentinel down-after-milliseconds m abc'), ['sentinel-invalid-value@2']);
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379 2\nsentinel parallel-syncs m abc'), []);
  });
  test('unknown sub-commands and argument counts, with a suggestion', () => {
    const [d] = diags('sentinel monitor m 127.0.0.1 6379 2\nsentinel down-after-millseconds m 30000', { language: 'sentinel-conf' });
    assert.equal(d.code, 'sentinel-unknown-subcommand');
    assert.match(d.message, /down-after-milliseconds/);
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379'), ['sentinel-unknown-subcommand@1']);
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379 2 # quorum'), ['sentinel-unknown-subcommand@1']);
  });
  test('known replicas and sentinels', () => {
    assert.deepEqual(
      s('sentinel monitor m 127.0.0.1 6379 2\nsentinel known-replica m 127.0.0.1 6380\nsentinel known-slave m 127.0.0.1 6380'),
      ['sentinel-duplicate-instance@3'],
    );
    assert.deepEqual(s('sentinel monitor m 127.0.0.1 6379 2\nsentinel known-sentinel m 127.0.0.1 26380'), []);
  });
  test('redis-server order: the first fatal problem is the one redis-sentinel reports', () => {
    // a sentinel-line error comes after every plain-line error, whatever the file order
    const d = diags('sentinel monitor m 127.0.0.1 6379 0\nport 99999', { language: 'sentinel-conf' });
    assert.equal(firstFatal(d)?.range.start.line, 1);
  });
});

describe('per-file options', () => {
  test('# redis-ha: version= overrides the setting', () => {
    assert.deepEqual(errorsOnly('# redis-ha: version=6.2\nmaxmemory-clients 10%', { version: '7.0' }), ['not-in-version@2']);
    assert.deepEqual(errorsOnly('# redis-ha: version=valkey-8.0\nmaxmemory-clients 10%', { version: '6.2' }), []);
  });
  test('a bad redis-ha comment is a warning, not ignored', () => {
    assert.deepEqual(codes('# redis-ha: version=5.0'), ['redis-ha-comment@1']);
    assert.deepEqual(codes('# redis-ha: colour=blue'), ['redis-ha-comment@1']);
  });
});

describe('did you mean', () => {
  test('the long spellings people write for Redis short names', () => {
    const [d] = diags('replication-backlog-size 128mb');
    assert.equal(d.code, 'unknown-directive');
    assert.match(d.message, /Did you mean 'repl-backlog-size'\?/);
    assert.match(diags('replication-timeout 60')[0].message, /'repl-timeout'/);
    assert.match(diags('min-replicas-maximum-lag 5')[0].message, /'min-replicas-max-lag'/);
  });
});

describe('sentinel.conf and the data-node directives', () => {
  test('dir is used by a Sentinel (it changes into it); appendonly is not', () => {
    const s = (t: string) => codes(t, { language: 'sentinel-conf' }).filter((c) => c.startsWith('not-for-sentinel'));
    assert.deepEqual(s('dir /tmp\nsentinel monitor m 127.0.0.1 6379 2'), []);
    assert.deepEqual(s('appendonly yes\nsentinel monitor m 127.0.0.1 6379 2'), ['not-for-sentinel@1']);
  });
});
