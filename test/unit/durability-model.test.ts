import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summaryHints } from '../../server/service/durability/hint';
import { duration } from '../../server/service/durability/model';
import { analyzeText, verdict } from '../support/durability';

function model(text: string, o: Parameters<typeof analyzeText>[1] = {}) {
  return analyzeText(text, o).durability.model;
}
function schedule(text: string, version = '7.0'): string {
  const rdb = model(text, { version }).persistence!.rdb;
  return `${rdb.pairs.map((p) => `${p.seconds}/${p.changes}`).join(' ')}${rdb.fromDefault ? ' (default)' : ''}`;
}

describe('save lines, as the loader of each version reads them', () => {
  test('no save line: the default schedule of every version', () => {
    for (const v of ['6.2', '7.0', '7.2', '7.4', '8.0', 'valkey-7.2', 'valkey-8.0']) {
      assert.equal(schedule('port 6379\n', v), '3600/1 300/100 60/10000 (default)', v);
    }
  });
  test('the first save line replaces the default schedule; later ones add to it', () => {
    assert.equal(schedule('save 900 1\nsave 300 10\n'), '900/1 300/10');
  });
  test('7.0+: several pairs on one line, or one quoted string of them', () => {
    assert.equal(schedule('save 900 1 300 10\n'), '900/1 300/10');
    assert.equal(schedule('save "900 1 300 10"\n'), '900/1 300/10');
  });
  test('save "" clears what came before; pairs after it count', () => {
    assert.equal(schedule('save 900 1\nsave ""\n'), '');
    assert.equal(schedule('save ""\nsave 60 1\n'), '60/1');
    assert.equal(model('save 900 1\nsave ""\n').persistence!.rdb.clearedBy?.line.lineNumber, 2);
  });
  test('6.2 takes one pair per line', () => {
    assert.equal(schedule('save 900 1\nsave 60 100\n', '6.2'), '900/1 60/100');
  });
});

describe('persistence mode and crash RPO', () => {
  const rpo = (text: string, o = {}) => {
    const p = model(text, o).persistence!;
    return `${p.mode} ${p.rpo.text}`;
  };
  test('defaults: RDB with the default schedule, 1 min to 1 h of writes at risk', () => {
    assert.equal(rpo(''), 'rdb ≈ 1 min–1 h');
  });
  test('AOF policies', () => {
    assert.equal(rpo('appendonly yes\n'), 'aof+rdb ≈ 1 s');
    assert.equal(rpo('appendonly yes\nappendfsync always\nsave ""\n'), 'aof ≈ 0');
    assert.equal(rpo('appendonly yes\nappendfsync no\n'), 'aof+rdb ≈ 30 s (OS flush)');
  });
  test('no persistence at all', () => {
    assert.equal(rpo('save ""\nappendonly no\n'), 'none all data');
  });
  test('a schedule one write never triggers', () => {
    assert.equal(rpo('save 60 100\n'), 'rdb ≥ 1 min (unbounded when writes are rare)');
  });
  test('aliases and case count like the real names', () => {
    assert.equal(rpo('APPENDONLY Yes\nAppendFsync ALWAYS\n'), 'aof+rdb ≈ 0');
  });
  test('the last line wins', () => {
    assert.equal(rpo('appendonly yes\nappendonly no\n'), 'rdb ≈ 1 min–1 h');
  });
  test('durations read naturally', () => {
    assert.deepEqual([45, 60, 90, 300, 900, 3600, 7200, 650].map(duration), [
      '45 s',
      '1 min',
      '90 s',
      '5 min',
      '15 min',
      '1 h',
      '2 h',
      '11 min',
    ]);
  });
});

describe('replication guard', () => {
  const r = (text: string) => model(text).replication!;
  test('a standalone node by default; unguarded once it is declared or seen to be a primary', () => {
    assert.equal(r('').text, 'standalone');
    assert.equal(r('# redis-ha: role=primary\n').text, 'replication async, unguarded');
  });
  test('guarded only when both min-replicas settings are non-zero (min-slaves-* aliases too)', () => {
    assert.deepEqual(r('min-replicas-to-write 1\nmin-replicas-max-lag 5\n').guard, { replicas: 1, maxLag: 5 });
    assert.deepEqual(r('min-slaves-to-write 2\n').guard, { replicas: 2, maxLag: 10 });
    assert.equal(r('min-replicas-to-write 1\nmin-replicas-max-lag 0\n').guard, undefined);
  });
  test('a replica', () => {
    const x = r('replicaof 10.0.0.10 6379\n');
    assert.equal(x.role, 'replica');
    assert.equal(x.text, 'replica of 10.0.0.10:6379');
    assert.equal(r('replicaof no one\n').role, 'primary');
  });
});

describe('Sentinel failover RTO', () => {
  const s = (text: string) => analyzeText(text, { path: '/etc/redis/sentinel.conf' }).durability;
  test('the defaults: down after 30 s, failover-timeout 3 min', () => {
    const [f] = s('sentinel monitor m 127.0.0.1 6390 2\n').model.sentinel!;
    assert.deepEqual([f.downAfterMs, f.failoverTimeoutMs, f.parallelSyncs, f.retryMs], [30000, 180000, 1, 360000]);
    assert.deepEqual(f.rto, { minMs: 30000, maxMs: 35000 });
  });
  test('the guidance example: RTO ≈ 5–10 s', () => {
    const d = s(
      'sentinel monitor mymaster 10.0.0.10 6379 2\nsentinel down-after-milliseconds mymaster 5000\nsentinel failover-timeout mymaster 60000\n',
    );
    assert.equal(d.summary.text, 'mymaster: RTO ≈ 5–10 s (down after 5 s, quorum 2) · Redis 8.8 (default)');
    assert.match(d.summary.explanation, /2 × `sentinel failover-timeout mymaster 60000` \(line 3\) = 2 min/);
  });
  test('a quorum larger than the known Sentinels: never', () => {
    const d = s(
      'sentinel monitor m 127.0.0.1 6390 3\nsentinel known-sentinel m 127.0.0.1 26390 0a5e3f1c2b4d6e8f0a1b3c5d7e9f1a2b3c4d5e6f\n',
    );
    assert.equal(d.model.sentinel![0].rto, undefined);
    assert.match(d.summary.text, /RTO: never/);
  });
  test('a Sentinel listens on 26379 and leaves protected mode off by default', () => {
    const c = s('sentinel monitor m 127.0.0.1 6390 2\n').config;
    assert.equal(c.int('port'), 26379);
    assert.equal(c.bool('protected-mode'), false);
  });
});

describe('version defaults come from the catalog', () => {
  test('Valkey 8.0 has a 10mb backlog, Redis 1mb', () => {
    assert.equal(analyzeText('', { version: 'valkey-8.0' }).durability.config.bytes('repl-backlog-size'), 10 * 1024 * 1024);
    assert.equal(analyzeText('', { version: '7.0' }).durability.config.bytes('repl-backlog-size'), 1024 * 1024);
  });
  test('Valkey 8.0 calls masterauth primaryauth; the alias is understood', () => {
    const a = analyzeText('requirepass x\nmasterauth x\n', { version: 'valkey-8.0' });
    assert.equal(a.diagnostics.filter((d) => d.code === 'masterauth-missing').length, 0);
  });
});

describe('the summary line', () => {
  test('parts, each with an explanation, the whole as an inlay hint after the first line', () => {
    const a = analyzeText('# my primary\nappendonly yes\nmin-replicas-to-write 1\nmin-replicas-max-lag 5\n', { rpo: '1s' });
    assert.equal(verdict(a), 'RPO ≈ 1 s on crash (AOF everysec + RDB) · writes need 1 replica ≤ 5 s behind · rpo=1s ✓');
    const [hint] = summaryHints(a);
    assert.deepEqual(hint.position, { line: 0, character: '# my primary'.length });
    const parts = hint.label as Array<{ value: string; tooltip?: { value: string }; location?: { range: { start: { line: number } } } }>;
    assert.equal(parts.map((p) => p.value).join(''), a.durability.summary.text);
    assert.match(parts[0].tooltip!.value, /`appendfsync` is not set: the version's default applies/);
    assert.match(parts[0].tooltip!.value, /fsynced once per second/);
    assert.equal(parts[0].location!.range.start.line, 1, 'the AOF part links to the appendonly line');
    assert.equal(parts[2].location!.range.start.line, 2, 'the guard part links to min-replicas-to-write');
    assert.deepEqual(summaryHints(a, { start: { line: 5, character: 0 }, end: { line: 9, character: 0 } }), []);
  });
  test('a file redis-server refuses says so first', () => {
    const a = analyzeText('appendonly maybe\n');
    assert.match(a.durability.summary.text, /^✗ redis-server refuses this file \(line 1\) · /);
  });
  test('the target is shown, and whether the file meets it', () => {
    assert.match(verdict(analyzeText('appendonly yes\n', { rpo: '0' })), /rpo=0 ✗$/);
    assert.match(verdict(analyzeText('appendonly yes\nappendfsync always\nmin-replicas-to-write 1\n', { rpo: '0' })), /rpo=0 ✓$/);
    assert.match(verdict(analyzeText('')), /Balanced ✗$/);
    assert.match(verdict(analyzeText('save ""\n', { rpo: 'none' })), /^no persistence: a restart loses all data · .* · rpo=none ✓$/);
  });
});

describe('the summary ends with the version the file was checked as, and what chose it', () => {
  const last = (a: ReturnType<typeof analyzeText>) => a.durability.summary.parts.at(-1)!;
  test('nothing names one: the newest Redis, said to be the default, with how to pin another', () => {
    const part = last(analyzeText('appendonly yes\n'));
    assert.match(part.text, /^Redis \d+\.\d+ \(default\)$/);
    assert.match(part.tooltip, /verdict may change when a newer one becomes the default/);
    assert.match(part.tooltip, /redis-ha: target=/);
  });
  test('the setting, a file comment over the setting, the file name, Valkey-only directives', () => {
    assert.equal(last(analyzeText('appendonly yes\n', { version: '7.0' })).text, 'Redis 7.0 (setting)');
    assert.equal(last(analyzeText('# redis-ha: target=6.2\nappendonly yes\n', { version: '7.0' })).text, 'Redis 6.2 (file comment)');
    assert.match(last(analyzeText('appendonly yes\n', { path: '/etc/valkey/valkey.conf' })).text, /^Valkey \d+\.\d+ \(file name\)$/);
    assert.match(last(analyzeText('appendonly yes\nprimaryauth x\n')).text, /^Valkey \d+\.\d+ \(Valkey directives\)$/);
  });
  test('a file redis-server refuses still says which parser refused it', () => {
    assert.match(analyzeText('appendonly maybe\n', { version: '7.2' }).durability.summary.text, /^✗ .* · Redis 7\.2 \(setting\)$/);
  });
  test('a Sentinel file too, and the part is in the inlay hint with its explanation', () => {
    const a = analyzeText('sentinel monitor m 127.0.0.1 6390 2\n', { language: 'sentinel-conf', version: 'valkey-8.0' });
    assert.match(a.durability.summary.text, / · Valkey 8\.0 \(setting\)$/);
    const [hint] = summaryHints(a);
    const parts = hint.label as Array<{ value: string; tooltip?: { value: string } }>;
    assert.match(parts.at(-1)!.tooltip!.value, /\*\*Checked as Valkey 8\.0\*\*, from the `redisHa\.targetVersion` setting/);
  });
});
