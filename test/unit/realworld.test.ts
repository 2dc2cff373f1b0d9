/**
 * The real-world-like corpus (test/fixtures/realworld): what an operator should hear about each file,
 * warnings and above — the quiet ones quiet (a cache, a store that chose snapshots, a queue without
 * replicas), the real problems reported (a replica without masterauth, fsync left to the OS, a store
 * that never chose its persistence, a cluster node's backlog).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeFile } from '../support/durability';
import { ROOT } from '../support/lsp';

const DIR = join(ROOT, 'test/fixtures/realworld');

const EXPECTED: Record<string, string[]> = {
  'cache-docker.redis.conf': [], // save "" and AOF off on purpose, no replicas: a cache
  'cache-lfu.redis.conf': [],
  'store-rdb.redis.conf': [], // its own save schedule and no AOF: it settles for snapshots
  'store-default.redis.conf': ['rdb-only'], // nothing chosen: judged against Balanced, told how to declare
  'queue-aof.redis.conf': [], // a password and no replication: masterauth is nobody's business
  'session-store.redis.conf': ['aof-fsync-no'],
  'replica-noauth.redis.conf': ['backlog-small', 'masterauth-missing'],
  'replica-ok.redis.conf': ['replica-buffer-small'], // the default 64mb soft limit is below its 128mb backlog
  'primary-guarded.redis.conf': ['replica-buffer-small'],
  'cluster-node.redis.conf': ['backlog-small'], // cluster nodes replicate
  'sentinel-docker.conf': [],
};

describe('real-world-like configs: warnings where an operator would act, and only there', () => {
  test('the table covers every file of the corpus', () => {
    assert.deepEqual(
      readdirSync(DIR)
        .filter((f) => f.endsWith('.conf'))
        .sort(),
      Object.keys(EXPECTED).sort(),
    );
  });
  for (const [file, codes] of Object.entries(EXPECTED)) {
    test(`${file}: ${codes.length ? codes.join(', ') : 'quiet'}`, () => {
      const a = analyzeFile(join(DIR, file), { version: '7.2' });
      const loud = a.diagnostics.filter((d) => d.severity !== undefined && d.severity <= 2);
      assert.deepEqual(
        loud.filter((d) => d.severity === 1).map((d) => d.message),
        [],
        'redis-server loads it',
      );
      assert.deepEqual(loud.map((d) => String(d.code)).sort(), codes);
    });
  }
});
