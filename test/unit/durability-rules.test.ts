import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { CODES } from '../../server/service/codes';
import { quickFixes } from '../../server/service/codeActions';
import { RULES, RULE_CODES } from '../../server/service/durability/rules';
import { analyzeFile, analyzeText, applyAll, factsOfFiles, read, RULE_FIXTURES, ruleFixtures, uriOf } from '../support/durability';

const fixtures = ruleFixtures();

describe('every rule is data with a stable code', () => {
  test('each rule id is in the one code table, once, and has a title', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of RULES) {
      assert.ok(r.id in CODES, `${r.id} missing from codes.ts`);
      assert.ok(r.title.length > 20, r.id);
      assert.notEqual(CODES[r.id].severity, 1, `${r.id}: error is reserved for configs redis-server refuses`);
    }
  });
  test('each rule has a firing and a non-firing fixture for a file kind it checks, and no fixture is left without a rule', () => {
    assert.deepEqual(readdirSync(RULE_FIXTURES).sort(), [...RULE_CODES].sort());
    for (const f of fixtures) assert.ok(RULES.find((r) => r.id === f.code)!.languages.includes(f.language), f.code);
  });
});

describe('rule fixtures', () => {
  for (const f of fixtures) {
    const workspace = f.others.length ? factsOfFiles(f.others) : undefined;
    test(`${f.code}: fires on ${f.fire.split('/').pop()}, not on ${f.ok.split('/').pop()}`, () => {
      const fire = analyzeFile(f.fire, { workspace });
      const mine = fire.diagnostics.filter((d) => d.code === f.code);
      assert.equal(mine.length, 1, `${f.code} should fire once; got ${fire.diagnostics.map((d) => d.code).join(', ')}`);
      const d = mine[0];
      assert.ok(d.severity && d.severity >= 2, 'rules are warning, information or hint');
      assert.equal(d.source, 'redis-ha');
      assert.ok(d.message.length > 40, 'the message states the consequence');
      // no fixture makes redis-server refuse to start
      assert.deepEqual(
        fire.diagnostics.filter((x) => x.severity === 1).map((x) => x.message),
        [],
      );
      const ok = analyzeFile(f.ok, { workspace });
      assert.deepEqual(
        ok.diagnostics.filter((x) => x.code === f.code).map((x) => x.message),
        [],
      );
      assert.deepEqual(
        ok.diagnostics.filter((x) => x.severity === 1).map((x) => x.message),
        [],
      );
    });

    for (const q of f.quiet) {
      test(`${f.code}: stays quiet on ${q.split('/').pop()}, judged alone`, () => {
        const a = analyzeFile(q);
        assert.deepEqual(
          a.diagnostics.filter((x) => x.code === f.code).map((x) => x.message),
          [],
        );
        assert.deepEqual(
          a.diagnostics.filter((x) => x.severity === 1).map((x) => x.message),
          [],
        );
      });
    }

    test(`${f.code}: every quick fix, applied and re-checked, makes it disappear`, () => {
      const a = analyzeFile(f.fire, { workspace });
      const d = a.diagnostics.find((x) => x.code === f.code)!;
      const fixes = quickFixes(a, d);
      const rule = RULES.find((r) => r.id === f.code)!;
      if (typeof rule.fix !== 'string') {
        assert.deepEqual(fixes, [], `the record says there is none: ${rule.fix.none}`);
        return;
      }
      assert.ok(fixes.length > 0, `${f.code} has a quick fix`);
      assert.ok(
        fixes.some((x) => x.preferred),
        'one fix is preferred',
      );
      for (const fix of fixes) {
        const uri = uriOf(f.fire);
        const texts = applyAll({ [uri]: read(f.fire) }, fix.edit);
        assert.deepEqual(Object.keys(fix.edit.changes ?? {}), [uri], `${fix.title}: edits only this file`);
        const again = analyzeText(texts[uri], { path: f.fire, workspace });
        assert.deepEqual(
          again.diagnostics.filter((x) => x.code === f.code).map((x) => x.message),
          [],
          `after "${fix.title}"`,
        );
        assert.deepEqual(
          again.diagnostics.filter((x) => x.severity === 1).map((x) => x.message),
          [],
          `after "${fix.title}" the file still loads`,
        );
      }
    });
  }
});

function sev(text: string, code: string, rpo?: string, version = '7.0'): Diagnostic['severity'] | 'none' {
  const d = analyzeText(text, { rpo, version }).diagnostics.find((x) => x.code === code);
  return d ? d.severity : 'none';
}

describe('severity follows the target', () => {
  test('rdb-only: off for none and snapshot, warning for 1s, 0 and the default (Balanced)', () => {
    const t = 'save 900 1\n';
    assert.equal(sev(t, 'rdb-only', 'none'), 'none');
    assert.equal(sev(t, 'rdb-only', 'snapshot'), 'none');
    assert.equal(sev(t, 'rdb-only', '1s'), 2);
    assert.equal(sev(t, 'rdb-only', '0'), 2);
    assert.equal(sev(t, 'rdb-only'), 'none', 'a schedule of its own and no target declared: it settles for snapshots');
    assert.equal(sev('appendonly no\n', 'rdb-only'), 2, 'the default schedule: judged against Balanced');
  });
  test('a # redis-ha: rpo= comment wins over the setting', () => {
    assert.equal(sev('# redis-ha: rpo=snapshot\nsave 900 1\n', 'rdb-only', '0'), 'none');
  });
  test('persistence-disabled is silent for a cache (rpo=none)', () => {
    assert.equal(sev('save ""\n', 'persistence-disabled', 'none'), 'none');
    assert.equal(sev('save ""\n', 'persistence-disabled', 'snapshot'), 2);
  });
  test('aof-fsync-always is information, a hint when rpo=0 needs it', () => {
    const t = 'appendonly yes\nappendfsync always\n';
    assert.equal(sev(t, 'aof-fsync-always'), 3);
    assert.equal(sev(t, 'aof-fsync-always', '0'), 4);
  });
  test('aof-rewrite-unsynced matters when rpo=0', () => {
    const t = 'appendonly yes\nno-appendfsync-on-rewrite yes\n';
    assert.equal(sev(t, 'aof-rewrite-unsynced', '0'), 2);
    assert.equal(sev(t, 'aof-rewrite-unsynced', '1s'), 3);
    assert.equal(sev(t, 'aof-rewrite-unsynced', 'snapshot'), 'none');
  });
  test('replication-unguarded and eviction-loses-data only under rpo=0', () => {
    const primary = '# redis-ha: role=primary\nmin-replicas-to-write 0\n';
    assert.equal(sev(primary, 'replication-unguarded'), 'none');
    assert.equal(sev(primary, 'replication-unguarded', '0'), 2);
    assert.equal(sev('min-replicas-to-write 0\n', 'replication-unguarded', '0'), 2, 'a min-replicas line is written for a primary');
    assert.equal(sev('appendonly yes\n', 'replication-unguarded', '0'), 'none', 'a standalone node has no replicas to wait for');
    assert.equal(sev('maxmemory 1gb\nmaxmemory-policy allkeys-lru\n', 'eviction-loses-data', '1s'), 'none');
    assert.equal(sev('maxmemory 1gb\nmaxmemory-policy allkeys-lru\n', 'eviction-loses-data', '0'), 2);
    assert.equal(sev('maxmemory-policy allkeys-lru\n', 'eviction-loses-data', '0'), 3, 'no maxmemory: nothing evicted yet');
  });
  test('min-replicas-max-lag 0 turns the guard off, and rpo=0 says so', () => {
    const d = analyzeText('min-replicas-to-write 2\nmin-replicas-max-lag 0\n', { rpo: '0' }).diagnostics.find(
      (x) => x.code === 'replication-unguarded',
    )!;
    assert.match(d.message, /min-replicas-max-lag 0 turns the write guard off/);
    assert.equal(d.range.start.line, 1);
  });
  test('a replica on a replica-writable line is a warning, a primary gets information', () => {
    assert.equal(sev('replicaof 127.0.0.1 6390\nreplica-read-only no\n', 'replica-writable'), 2);
    assert.equal(sev('# redis-ha: role=primary\nreplica-read-only no\n', 'replica-writable'), 3);
    assert.equal(sev('replica-read-only no\n', 'replica-writable'), 'none', 'a standalone node never becomes a replica');
  });
  test('exposed-without-auth: Redis 6.2 ignores protected mode once a bind line is given', () => {
    assert.equal(sev('bind 0.0.0.0\nprotected-mode yes\n', 'exposed-without-auth', undefined, '6.2'), 2);
    assert.equal(sev('bind 0.0.0.0\nprotected-mode yes\n', 'exposed-without-auth', undefined, '7.0'), 'none');
    assert.equal(sev('protected-mode no\n', 'exposed-without-auth', undefined, '7.0'), 2, 'no bind line: every interface');
    assert.equal(sev('protected-mode no\nbind 127.0.0.1 -::1\n', 'exposed-without-auth'), 'none');
    assert.equal(sev('protected-mode no\nrequirepass x\n', 'exposed-without-auth'), 'none');
    assert.equal(sev('protected-mode no\nuser default on >pw ~* +@all\n', 'exposed-without-auth'), 'none');
    assert.equal(sev('protected-mode no\nuser default on nopass ~* +@all\n', 'exposed-without-auth'), 2);
    assert.equal(sev('protected-mode no\nport 0\nunixsocket /tmp/r.sock\n', 'exposed-without-auth'), 'none');
  });
  test('replica-buffer-small: a 7.0 hard limit below the backlog is only information (Redis uses the backlog size)', () => {
    const t = 'min-replicas-to-write 1\nrepl-backlog-size 300mb\nclient-output-buffer-limit replica 256mb 0 0\n';
    assert.equal(sev(t, 'replica-buffer-small', undefined, '7.0'), 3);
    assert.equal(sev(t, 'replica-buffer-small', undefined, '6.2'), 2);
  });
});

describe('messages state the consequence in data or time', () => {
  test('rdb-only reads the schedule: busiest and quietest windows', () => {
    const d = analyzeText('save 900 1\nsave 60 10000\n', { rpo: '1s' }).diagnostics.find((x) => x.code === 'rdb-only')!;
    assert.match(d.message, /up to 1 min under heavy writes and 15 min when writes are rare/);
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.location.range.start.line),
      [0, 1],
    );
  });
  test('rdb-only with the default schedule says it is the default, and how to declare that snapshots are enough', () => {
    const d = analyzeText('port 6379\n').diagnostics.find((x) => x.code === 'rdb-only')!;
    assert.match(d.message, /save 3600 1 300 100 60 10000, the default schedule/);
    assert.match(
      d.message,
      /If snapshots are enough, declare it: `# redis-ha: rpo=snapshot` in the file, the `redisHa.targetRpo` setting or `redis-ha check --rpo snapshot`/,
    );
  });
  test('rdb-only when a single write never triggers a snapshot', () => {
    const d = analyzeText('save 60 100\n', { rpo: '1s' }).diagnostics.find((x) => x.code === 'rdb-only')!;
    assert.match(d.message, /fewer than 100 changed keys are never saved/);
  });
  test('sentinel-down-after-high states the RTO', () => {
    const d = analyzeText('sentinel monitor m 127.0.0.1 6390 2\nsentinel down-after-milliseconds m 120000\n', {
      path: '/etc/redis/sentinel.conf',
    }).diagnostics.find((x) => x.code === 'sentinel-down-after-high')!;
    assert.match(d.message, /waits 2 min before it even suspects the primary, so a failover takes ≈ 120–125 s/);
    assert.equal(d.range.start.line, 1);
  });
});

describe('replication settings of Redis 8 and Valkey 8.1+', () => {
  const sev = (text: string, code: string, version: string) =>
    analyzeText(text, { version }).diagnostics.find((d) => d.code === code)?.severity ?? 'none';
  test('diskless-load-empties-replica: flushdb (Redis 8.6+) and flush-before-load (Valkey 8.1+), a warning where replication is in use', () => {
    assert.equal(sev('replicaof 127.0.0.1 6380\nrepl-diskless-load flushdb\n', 'diskless-load-empties-replica', '8.8'), 2);
    assert.equal(sev('replicaof 127.0.0.1 6380\nrepl-diskless-load flush-before-load\n', 'diskless-load-empties-replica', 'valkey-9.1'), 2);
    assert.equal(
      sev('repl-diskless-load flushdb\n', 'diskless-load-empties-replica', '8.8'),
      'none',
      'a standalone node never loads from a primary',
    );
    assert.equal(
      sev('# redis-ha: rpo=none\nreplicaof 127.0.0.1 6380\nrepl-diskless-load flushdb\n', 'diskless-load-empties-replica', '8.8'),
      'none',
    );
    assert.equal(sev('replicaof 127.0.0.1 6380\nrepl-diskless-load swapdb\n', 'diskless-load-empties-replica', '8.8'), 'none');
  });
  test('replica-buffer-small: with the snapshot channel, the writes of a full sync wait on the replica', () => {
    const d = analyzeText('min-replicas-to-write 1\nclient-output-buffer-limit replica 32mb 0 0\n', { version: '8.8' }).diagnostics.find(
      (x) => x.code === 'replica-buffer-small',
    )!;
    assert.match(d.message, /buffered on the replica \(repl-rdb-channel yes\), up to this hard limit/);
    const v = analyzeText('min-replicas-to-write 1\nclient-output-buffer-limit replica 32mb 0 0\ndual-channel-replication-enabled yes\n', {
      version: 'valkey-9.1',
    }).diagnostics.find((x) => x.code === 'replica-buffer-small')!;
    assert.match(v.message, /on the replica \(dual-channel-replication-enabled yes\)/);
    // a roomy replica-side buffer covers the full sync
    assert.equal(
      analyzeText('client-output-buffer-limit replica 32mb 0 0\nreplica-full-sync-buffer-limit 1gb\n', { version: '8.8' }).diagnostics.some(
        (x) => x.code === 'replica-buffer-small',
      ),
      false,
    );
    assert.match(
      analyzeText('min-replicas-to-write 1\nreplica-full-sync-buffer-limit 8mb\n', { version: '8.8' }).diagnostics.find(
        (x) => x.code === 'replica-buffer-small',
      )!.message,
      /replica-full-sync-buffer-limit 8mb is too small/,
    );
  });
});
