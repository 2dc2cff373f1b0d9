/**
 * Role and intent before judgement (server/service/durability/role.ts): a file's
 * place in a group, declared or seen in its lines or in the workspace, and — when
 * no target is declared — what it evidently wants. Quiet cases first.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText, codesOf, verdict } from '../support/durability';

const SENTINEL = '/etc/redis/sentinel.conf';
const facts = (text: string, path: string) => analyzeText(text, { path }).durability.facts;
const roleOf = (text: string, o: Parameters<typeof analyzeText>[1] = {}) => analyzeText(text, o).durability.model.role!;

describe('the role of a redis.conf', () => {
  test('standalone when nothing shows replication, and the summary says so', () => {
    const a = analyzeText('appendonly yes\nrequirepass secret\nrepl-backlog-size 1mb\n');
    assert.equal(a.durability.model.role!.role, 'standalone');
    assert.equal(verdict(a), 'RPO ≈ 1 s on crash (AOF everysec + RDB) · standalone · Balanced ✓');
    assert.match(a.durability.summary.parts[1].tooltip, /declare it: `# redis-ha: role=primary`/);
    assert.deepEqual(codesOf(a), [], 'no masterauth-missing, no backlog-small on a standalone node');
  });
  test('from its own lines: replicaof, cluster-enabled, a min-replicas line (even 0)', () => {
    assert.equal(roleOf('replicaof 127.0.0.1 6390\n').role, 'replica');
    assert.equal(roleOf('replicaof no one\n').role, 'standalone');
    assert.equal(roleOf('cluster-enabled yes\n').role, 'cluster');
    assert.equal(roleOf('cluster-enabled no\n').role, 'standalone');
    assert.equal(roleOf('min-replicas-to-write 0\n').role, 'primary');
    assert.match(roleOf('min-slaves-max-lag 10\n').why, /min-replicas-max-lag` on line 1/);
  });
  test('from the workspace: a Sentinel that monitors its port, a replica that names its port', () => {
    const sentinel = facts('sentinel monitor m 127.0.0.1 6379 2\n', SENTINEL);
    const r = roleOf('port 6379\n', { workspace: [sentinel] });
    assert.equal(r.role, 'primary');
    assert.match(r.why, /a Sentinel monitors port 6379/);
    assert.equal(roleOf('port 6380\n', { workspace: [sentinel] }).role, 'standalone', 'another port');
    const replica = facts('port 6381\nreplicaof 127.0.0.1 6379\n', '/etc/redis/replica.conf');
    assert.equal(roleOf('port 6379\n', { workspace: [replica] }).role, 'primary');
  });
  test('declared: # redis-ha: role=…, which wins; an unknown role is reported', () => {
    assert.equal(roleOf('# redis-ha: role=primary\n').role, 'primary');
    assert.equal(roleOf('# redis-ha: role=standalone\nreplicaof 127.0.0.1 6390\n').role, 'standalone');
    const a = analyzeText('# redis-ha: role=leader\n');
    assert.ok(
      a.diagnostics.some(
        (d) => d.code === 'redis-ha-comment' && /unknown role 'leader'; use one of standalone, primary, replica, cluster/.test(d.message),
      ),
    );
  });
  test('a group node keeps the replication rules: masterauth, backlog, write guard', () => {
    const a = analyzeText('# redis-ha: role=primary\nrequirepass secret\n');
    assert.ok(codesOf(a).includes('masterauth-missing'));
    assert.ok(codesOf(a).includes('backlog-small'));
    assert.ok(codesOf(analyzeText('replicaof 127.0.0.1 6390\nrequirepass secret\n')).includes('masterauth-missing'));
  });
});

describe('the intent of a file without a declared target', () => {
  test('a cache: snapshots and AOF off on purpose → rpo=none, nothing to say', () => {
    const a = analyzeText('save ""\nappendonly no\nmaxmemory-policy allkeys-lru\n');
    assert.equal(a.durability.model.target.source, 'intent');
    assert.equal(verdict(a), 'no persistence: a restart loses all data · standalone · rpo=none (inferred) ✓');
    assert.match(a.durability.summary.parts[2].tooltip, /evidently wants rpo=none .* a cache/);
    assert.deepEqual(codesOf(a), []);
  });
  test('a snapshot schedule of its own → rpo=snapshot, rdb-only quiet; the default schedule is judged against Balanced', () => {
    const a = analyzeText('save 900 1\nappendonly no\n');
    assert.match(verdict(a), /rpo=snapshot \(inferred\) ✓$/);
    assert.ok(!codesOf(a).includes('rdb-only'));
    const d = analyzeText('appendonly no\n').diagnostics.find((x) => x.code === 'rdb-only');
    assert.ok(d, 'no schedule of its own: Balanced');
    assert.match(d.message, /If snapshots are enough, declare it/);
  });
  test('a declared target wins over the intent: the comment and the setting', () => {
    assert.ok(codesOf(analyzeText('# redis-ha: rpo=1s\nsave 900 1\n')).includes('rdb-only'));
    assert.ok(codesOf(analyzeText('save ""\n', { rpo: 'snapshot' })).includes('persistence-disabled'));
  });
  test('a primary that keeps nothing is no cache: its replicas would copy the empty dataset', () => {
    const sentinel = facts('sentinel monitor m 127.0.0.1 6379 2\n', SENTINEL);
    const a = analyzeText('port 6379\nsave ""\nappendonly no\n', { workspace: [sentinel] });
    const d = a.diagnostics.find((x) => x.code === 'persistence-disabled');
    assert.ok(d, 'persistence-disabled on the primary');
    assert.match(d.message, /its replicas copy the empty dataset/);
    // the same file alone is a cache, and a replica that keeps nothing too
    assert.ok(!codesOf(analyzeText('port 6379\nsave ""\nappendonly no\n')).includes('persistence-disabled'));
    assert.ok(!codesOf(analyzeText('replicaof 127.0.0.1 6390\nsave ""\nappendonly no\n')).includes('persistence-disabled'));
  });
});
