import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RULE_CODES } from '../../server/service';
import { analyzeFile, GUIDANCE, verdict } from '../support/durability';

const g = (name: string, o: Parameters<typeof analyzeFile>[1] = {}) => analyzeFile(join(GUIDANCE, name), { version: '7.0', ...o });
const loud = (a: ReturnType<typeof g>) => a.diagnostics.filter((d) => d.severity! < 3).map((d) => `${d.code}: ${d.message}`);

describe("the guidance's configurations get the guidance's verdicts", () => {
  test('RDB snapshots: the loss is the time since the last snapshot (1 to 15 minutes with this schedule)', () => {
    const a = g('rdb-snapshots.redis.conf', { rpo: 'snapshot' });
    assert.equal(a.durability.model.persistence!.mode, 'rdb');
    assert.match(verdict(a), /^RPO ≈ 1 min–15 min on crash \(RDB snapshots\)/);
    assert.deepEqual(loud(a), []);
  });
  test('AOF everysec: up to about 1 s', () => {
    const a = g('aof.redis.conf');
    assert.match(verdict(a), /^RPO ≈ 1 s on crash \(AOF everysec \+ RDB\)/);
  });
  test('Balanced: RPO ≈ 1 s, an up-to-date replica required, nothing above information for rpo=1s', () => {
    const a = g('balanced.redis.conf', { rpo: '1s' });
    assert.equal(verdict(a), 'RPO ≈ 1 s on crash (AOF everysec + RDB) · writes need 1 replica ≤ 5 s behind · rpo=1s ✓');
    assert.deepEqual(loud(a), []);
    assert.deepEqual(g('balanced.redis.conf').durability.summary.parts.at(-2)!.text, 'Balanced ✓', 'and it is the default judgement');
  });
  test('Maximum durability: RPO ≈ 0, two replicas required for writes', () => {
    const a = g('max-durability.redis.conf', { rpo: '0' });
    assert.equal(verdict(a), 'RPO ≈ 0 on crash (AOF always) · writes need 2 replicas ≤ 2 s behind · rpo=0 ✓');
    // its listing sets no backlog: the 1mb default is the one thing rpo=0 still warns about
    assert.deepEqual(
      a.diagnostics.filter((d) => RULE_CODES.has(String(d.code)) && d.severity! < 3).map((d) => d.code),
      ['backlog-small'],
    );
  });
  test('Low latency: best effort — RPO ≈ 1 s on a crash, writes never wait for replicas', () => {
    const a = g('low-latency.redis.conf', { rpo: '1s' });
    assert.equal(verdict(a), 'RPO ≈ 1 s on crash (AOF everysec + RDB) · replication async, unguarded · rpo=1s ✓');
    // its min-replicas line makes it a primary, and its listing sets no backlog: the 1mb default is too small for replicas
    assert.deepEqual(
      loud(a).map((d) => d.split(':')[0]),
      ['backlog-small'],
    );
    // under rpo=0 the same file is flagged: unguarded replication loses acknowledged writes on failover
    assert.ok(g('low-latency.redis.conf', { rpo: '0' }).diagnostics.some((d) => d.code === 'replication-unguarded'));
  });
  test('Sentinel example (3 Sentinels): quorum 2, down after 5 s, RTO ≈ 5–10 s', () => {
    for (const f of ['sentinel-example.conf', 'sentinel-option1.conf']) {
      const a = g(f);
      assert.equal(a.language, 'sentinel-conf');
      assert.equal(verdict(a), 'mymaster: RTO ≈ 5–10 s (down after 5 s, quorum 2)', f);
      assert.deepEqual(loud(a), [], f);
    }
  });
  test('primary and replica configs: read-only replicas with room for a full sync', () => {
    const a = g('primary-replica.redis.conf');
    assert.ok(!a.diagnostics.some((d) => ['replica-writable', 'replica-buffer-small'].includes(String(d.code))));
  });
});

describe("the guidance's two traps are flagged as errors", () => {
  test('replication-backlog-size is not a directive', () => {
    const a = g('balanced.uncorrected.redis.conf');
    const errors = a.diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(
      errors.map((d) => [d.code, d.range.start.line + 1]),
      [['unknown-directive', 14]],
    );
    assert.match(verdict(a), /^✗ redis-server refuses this file \(line 14\)/);
  });
  test('save "" followed by a comment is three arguments', () => {
    const a = g('max-durability.uncorrected.redis.conf');
    const errors = a.diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(
      errors.map((d) => [d.code, d.range.start.line + 1]),
      [['inline-comment', 7]],
    );
  });
  test('the corrected files have no error', () => {
    for (const f of ['balanced.redis.conf', 'max-durability.redis.conf'])
      assert.deepEqual(
        g(f).diagnostics.filter((d) => d.severity === 1),
        [],
        f,
      );
  });
});
