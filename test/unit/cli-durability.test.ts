import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, interrupted: new Promise(() => undefined) };
  const code = await main(['check', ...args], io);
  return { code, out, err };
}

describe('redis-ha check: the durability rules, the same service as the editor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const redis = join(dir, 'redis.conf');
  const sentinel = join(dir, 'sentinel.conf');
  writeFileSync(redis, 'port 6390\nappendonly yes\nrequirepass s3cret\nmasterauth s3cret\ninclude conf.d/extra.conf\n');
  writeFileSync(join(dir, 'extra.conf'), '');
  const confd = join(dir, 'conf.d');
  mkdirSync(confd);
  writeFileSync(join(confd, 'extra.conf'), 'appendfsync no\n');
  writeFileSync(sentinel, 'sentinel monitor mymaster 127.0.0.1 6390 2\nsentinel down-after-milliseconds mymaster 5000\n');

  test('--rpo sets the target; the rules report with their codes; warnings keep exit status 0', async () => {
    const r = await run(['--target-version', '7.0', '--rpo', 'snapshot', redis]);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.out, /aof-fsync-no/, 'snapshot target: appendfsync no is acceptable');
    // with the Sentinel that watches it, the node is a primary of a group: the write guard matters
    const r0 = await run(['--target-version', '7.0', '--rpo', '0', redis, sentinel]);
    assert.match(r0.out, /redis\.conf:5:1: warning \[aof-fsync-no\] in .*conf\.d\/extra\.conf line 1: appendfsync no/);
    assert.match(r0.out, /warning \[replication-unguarded\]/);
  });
  test("the files given together know each other: the Sentinel lacks the primary's password", async () => {
    const r = await run(['--target-version', '7.0', '--format', 'json', '--summary', redis, sentinel]);
    const j = JSON.parse(r.out) as { files: Array<{ file: string; summary: string; diagnostics: Array<{ code: string }> }> };
    assert.ok(j.files[1].diagnostics.some((d) => d.code === 'sentinel-auth-missing'));
    assert.match(j.files[0].summary, /failover RTO ≈ 5–10 s/);
    assert.equal(j.files[1].summary, 'mymaster: RTO ≈ 5–10 s (down after 5 s, quorum 2) · Redis 7.0 (--target-version)');
    const alone = await run(['--target-version', '7.0', '--format', 'json', sentinel]);
    assert.ok(!alone.out.includes('sentinel-auth-missing'));
    assert.ok(!alone.out.includes('"summary"'), 'the json shape is unchanged without --summary');
  });
  test('--summary in text prints a line per file', async () => {
    const r = await run(['--target-version', '7.0', '--summary', sentinel]);
    assert.match(r.out, /^.*sentinel\.conf: mymaster: RTO ≈ 5–10 s \(down after 5 s, quorum 2\) · Redis 7\.0 \(--target-version\)\n/);
  });
  test('a bad --rpo is a usage error', async () => {
    const r = await run(['--rpo', '2s', redis]);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown --rpo '2s'; use one of none, snapshot, 1s, 0/);
  });
  test('an include cycle is an error (redis-server would crash), exit status 1', async () => {
    const loop = join(dir, 'loop.redis.conf');
    writeFileSync(loop, `include ${loop}\n`);
    const r = await run(['--target-version', '7.0', loop]);
    assert.equal(r.code, 1);
    assert.match(r.out, /error \[include-cycle\]/);
  });
});
