/**
 * Profiles applied to the stock files, and the guidance's configurations,
 * judged by the real redis-server / redis-sentinel 7.0.15; and the defaults the
 * durability model assumes, read back from a running 7.0.15.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Redis from 'ioredis';
import { PROFILES } from '../../server/catalog/profiles';
import { DEFAULT_REPLICA_LIMITS, DEFAULT_SAVE, SENTINEL_DEFAULTS } from '../../server/service/durability/settings';
import { analyzeText, applyProfileText, GUIDANCE, localize, read, STOCK } from '../support/durability';
import { freePort, judgeConfig, missingBinaries, REDIS_SERVER, stopProcess, tempDir } from '../support/redis';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const skip = missingBinaries();

describe('each profile applied to the 7.0 stock files loads in the real 7.0.15', { skip }, () => {
  const cases = [
    { file: 'redis-7.0.conf', path: '/etc/redis/redis.conf', sentinel: false },
    { file: 'sentinel-7.0.conf', path: '/etc/redis/sentinel.conf', sentinel: true },
  ];
  for (const c of cases) {
    for (const p of PROFILES.filter((x) => (x.language === 'sentinel-conf') === c.sentinel)) {
      test(`${p.label} → ${c.file}`, async () => {
        const out = applyProfileText(read(join(STOCK, c.file)), c.path, '7.0', p);
        const v = await judgeConfig(await localize(out), { sentinel: c.sentinel });
        assert.equal(v.verdict, 'accepted', v.message);
      });
    }
  }
});

describe("the guidance's configurations: corrected ones load, the printed ones are refused where we say", { skip }, () => {
  const loads = [
    'rdb-snapshots.redis.conf',
    'aof.redis.conf',
    'balanced.redis.conf',
    'max-durability.redis.conf',
    'low-latency.redis.conf',
    'primary-replica.redis.conf',
    'sentinel-example.conf',
    'sentinel-option1.conf',
  ];
  for (const f of loads) {
    test(`${f} loads`, async () => {
      const v = await judgeConfig(await localize(read(join(GUIDANCE, f))), { sentinel: f.startsWith('sentinel') });
      assert.equal(v.verdict, 'accepted', v.message);
    });
  }
  for (const f of ['balanced.uncorrected.redis.conf', 'max-durability.uncorrected.redis.conf']) {
    test(`${f} is refused at the line we flag`, async () => {
      const text = read(join(GUIDANCE, f));
      const ours = analyzeText(text, { version: '7.0' }).diagnostics.filter((d) => d.severity === 1);
      const v = await judgeConfig(text);
      assert.equal(v.verdict, 'rejected');
      assert.deepEqual(
        ours.map((d) => d.range.start.line + 1),
        [v.line],
      );
    });
  }
});

describe('the defaults the model assumes are those of the real 7.0.15', { skip }, () => {
  let child: ChildProcess;
  let dir: string;
  let client: Redis;
  before(async () => {
    dir = tempDir('redis-ha-defaults-');
    const port = await freePort();
    // no config file: every setting at its compiled-in default (save included)
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--logfile', ''], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (/Ready to accept connections/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
  });
  after(async () => {
    client?.disconnect();
    if (child) await stopProcess(child);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const get = async (name: string) => ((await client.call('CONFIG', 'GET', name)) as string[])[1];
  test('save, backlog, replica buffer limits, fsync, guard lag', async () => {
    assert.equal(await get('save'), DEFAULT_SAVE.map((p) => `${p.seconds} ${p.changes}`).join(' '));
    const model = analyzeText('', { version: '7.0' }).durability.config;
    assert.equal(Number(await get('repl-backlog-size')), model.bytes('repl-backlog-size'));
    assert.match(
      await get('client-output-buffer-limit'),
      new RegExp(`slave ${DEFAULT_REPLICA_LIMITS.hard} ${DEFAULT_REPLICA_LIMITS.soft} ${DEFAULT_REPLICA_LIMITS.seconds}`),
    );
    assert.equal(await get('appendfsync'), model.enumValue('appendfsync'));
    assert.equal(Number(await get('min-replicas-max-lag')), model.int('min-replicas-max-lag'));
    assert.equal(await get('repl-ping-replica-period'), String(model.int('repl-ping-replica-period')));
    assert.equal(await get('repl-timeout'), String(model.int('repl-timeout')));
  });
  test("a Sentinel's per-master defaults", async () => {
    const port = await freePort();
    const closed = await freePort();
    const sdir = tempDir('redis-ha-sdefaults-');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(sdir, 'sentinel.conf'), `sentinel monitor m 127.0.0.1 ${closed} 2\n`);
    const s = spawn(
      'redis-sentinel',
      [join(sdir, 'sentinel.conf'), '--port', String(port), '--bind', '127.0.0.1', '--dir', sdir, '--daemonize', 'no', '--logfile', ''],
      { cwd: sdir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        s.stdout!.on('data', (b: Buffer) => {
          out += b.toString();
          if (/Sentinel ID is/.test(out)) resolve();
        });
        s.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const c = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
      await c.connect();
      const flat = (await c.call('SENTINEL', 'MASTER', 'm')) as string[];
      c.disconnect();
      const m = new Map<string, string>();
      for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
      assert.equal(Number(m.get('down-after-milliseconds')), SENTINEL_DEFAULTS.downAfterMs);
      assert.equal(Number(m.get('failover-timeout')), SENTINEL_DEFAULTS.failoverTimeoutMs);
      assert.equal(Number(m.get('parallel-syncs')), SENTINEL_DEFAULTS.parallelSyncs);
    } finally {
      await stopProcess(s);
      rmSync(sdir, { recursive: true, force: true });
    }
  });
});
