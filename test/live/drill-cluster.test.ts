/**
 * `redis-ha drill` on a real Redis Cluster (3 primaries with a replica each,
 * cluster-node-timeout 2000, made by `redis-cli --cluster create` on
 * 127.0.0.1): the dry run names the seed's shard and a slot of it and writes
 * nothing; a manual failover (CLUSTER FAILOVER on the replica) loses no
 * acknowledged write — with or without WAIT — and its writers follow the
 * MOVED replies; a crash (SIGKILL of the shard's primary) is counted exactly
 * against an independent re-read and its RTO judged against
 * cluster-node-timeout. The key space is gone from every node afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { main } from '../../cli/main';
import { type DrillOptions, type DrillResult, makePlan, runDrill } from '../../health';
import { keySlot } from '../../health/drill/cluster';
import { drillCli, drillKeys, lostByHand } from '../support/drill';
import { memoryIO } from '../support/cli';
import { alive, missingBinaries } from '../support/redis';
import { ask, REDIS_CLI, type RedisClusterTopology, startCluster, waitFor } from '../support/topology';

const skip = missingBinaries();
const A = (port: number) => `127.0.0.1:${port}`;
const NODE_TIMEOUT = 2000;

/**
 * The crash as --crash-cmd: the replica stops reading (SIGSTOP), a 32 MiB
 * value in the shard's slots fills the kernel buffers of its link, 300 ms of
 * writes go by, the primary is killed and the replica resumed: what it had not
 * received is lost, as behind a slow link.
 */
function laggingCrash(primaryPort: number, primaryPid: number, replicaPid: number): string {
  let tag = 0;
  while (keySlot(`{filler${tag}}`) > 5460) tag++;
  const fill = `head -c 33554432 /dev/zero | tr '\\0' x | ${REDIS_CLI} -p ${primaryPort} -x SET {filler${tag}} > /dev/null`;
  return `kill -STOP ${replicaPid}; ${fill}; sleep 0.3; kill -KILL ${primaryPid}; kill -CONT ${replicaPid}`;
}

const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));

function options(seedPort: number, o: Partial<DrillOptions>): DrillOptions {
  return {
    sentinels: [],
    cluster: [A(seedPort)],
    auth: {},
    mode: 'manual',
    writers: 4,
    rate: 1000,
    durationS: 6,
    maxOtherOps: 100,
    force: false,
    timeoutMs: 1000,
    ...o,
  };
}

const measured: string[] = [];

describe('redis-ha drill on a Redis Cluster shard', { skip }, () => {
  let cluster: RedisClusterTopology;
  /** The shard the drills work on: seeded from the replica of the first primary. */
  let seedPort: number;
  before(async () => {
    cluster = await startCluster({ nodeTimeoutMs: NODE_TIMEOUT });
    const p = cluster.primaryPorts[0];
    const replica = await waitFor('the replica of the first primary', async () => {
      for (const n of cluster.nodes) {
        if (cluster.primaryPorts.includes(n.port)) continue;
        const info = await ask(n.port, (r) => r.info('replication'));
        if (info.includes(`master_port:${p}\r\n`)) return n.port;
      }
      return undefined;
    });
    seedPort = replica;
  });
  after(async () => {
    await cluster?.stop();
    if (measured.length) console.log(`measured (cluster):\n${measured.join('\n')}`);
  });

  test('the dry run names the shard, a slot of it and the replica that fails over, and writes nothing', async () => {
    const r = await drillCli(['--mode', 'manual', `redis://127.0.0.1:${seedPort}`]);
    assert.equal(r.code, 0, r.err);
    const primary = A(cluster.primaryPorts[0]);
    assert.ok(r.out.startsWith(`Failover drill plan for cluster shard '${primary}' (dry run`), r.out);
    assert.ok(r.out.includes(`replicas    ${A(seedPort)}`), r.out);
    assert.match(r.out, /cluster {5}6 nodes; the shard serves slots 0-5460, the drill's keys are in slot (\d+)/);
    const slot = Number(/keys are in slot (\d+)/.exec(r.out)?.[1]);
    assert.ok(slot >= 0 && slot <= 5460);
    const keySpace = /key space {3}(redis-ha:drill:\{[0-9a-f]{8}\}):\*/.exec(r.out)?.[1];
    assert.ok(keySpace, r.out);
    assert.equal(keySlot(`${keySpace}:0:1`), slot);
    assert.ok(r.out.includes(`CLUSTER FAILOVER (sent to the replica ${A(seedPort)})`), r.out);
    assert.match(r.out, /RTO 0\.0–5\.0 s \(cluster-node-timeout 2000\)/);
    assert.match(r.out, /\+cluster\|nodes/);
    assert.doesNotMatch(r.out, /REFUSED/);
    const crash = await drillCli(['--mode', 'crash', `redis://127.0.0.1:${seedPort}`]);
    assert.match(crash.out, /RTO 2\.0–7\.0 s \(cluster-node-timeout 2000\)/);
    const wrong = await drillCli(['--mode', 'manual', '--yes', '--group', 'mymaster', `redis://127.0.0.1:${seedPort}`]);
    assert.equal(wrong.code, 3);
    assert.ok(wrong.err.includes(`--group must repeat the group's name '${primary}'`), wrong.err);
    for (const n of cluster.nodes) assert.deepEqual(await drillKeys(n.port), []);
  });

  test('a manual failover (CLUSTER FAILOVER) loses no acknowledged write, WAITed or not', async () => {
    const oldPrimary = A(cluster.primaryPorts[0]);
    const io = memoryIO();
    const code = await main(
      [
        'drill',
        '--mode',
        'manual',
        '--writers',
        '4',
        '--rate',
        '1000',
        '--duration',
        '6',
        '--wait',
        '1,500',
        '--format',
        'json',
        '--yes',
        '--group',
        oldPrimary,
        `redis://127.0.0.1:${seedPort}`,
      ],
      io,
    );
    const r = JSON.parse(io.out) as DrillResult;
    assert.equal(code, 0, `${io.err}\n${r.notes.join('\n')}`);
    assert.equal(r.settled, true);
    assert.equal(r.newPrimary, A(seedPort));
    assert.equal(r.rpo.lostWrites, 0, JSON.stringify(r.lostKeys.slice(0, 5)));
    assert.equal(r.plain.lost, 0);
    assert.ok(r.plain.acked > 1000, `${r.plain.acked} un-WAITed writes`);
    assert.ok(r.waited && r.waited.confirmed.acked > 500 && r.waited.confirmed.lost === 0, JSON.stringify(r.waited));
    assert.ok(r.writes.acked > 0 && r.keysDeleted === r.writes.acked, `${r.keysDeleted} deleted of ${r.writes.acked}`);
    // writes paused during the handover and were redirected: the outage is the pause, within the model's range
    assert.ok(r.rto.measuredMs !== undefined && r.rto.verdict === 'within', JSON.stringify(r.rto));
    assert.ok(
      r.events.some((e) => e.kind === '+promoted' && e.node === A(seedPort)),
      JSON.stringify(r.events),
    );
    assert.ok(
      r.events.some((e) => e.kind === '+demoted' && e.node === oldPrimary),
      JSON.stringify(r.events),
    );
    assert.ok(r.timeline && r.timeline.elsewhere.reduce((a, b) => a + b, 0) > 0, 'the new primary took writes');
    for (const n of cluster.nodes) assert.deepEqual(await drillKeys(n.port), [], `node ${n.port}`);
    measured.push(
      `manual: lost ${r.plain.lost} of ${r.plain.acked} (no WAIT), ${r.waited.confirmed.lost} of ${r.waited.confirmed.acked} (WAIT 1), RTO ${r.rto.measuredMs} ms`,
    );
  });

  test('a crash (SIGKILL of the primary) is counted exactly and its RTO judged against cluster-node-timeout', async () => {
    // after the manual drill the seed is the shard's primary and the first node its replica
    const pid = cluster.nodes.find((n) => n.port === seedPort)!.pid;
    const replica = cluster.nodes.find((n) => n.port === cluster.primaryPorts[0])!;
    const o = options(seedPort, { mode: 'crash', crashCmd: laggingCrash(seedPort, pid, replica.pid) });
    // the new primary's ops/s still counts the last drill's writes for a second or two: the drill would refuse it
    await waitFor('the shard to be quiet', async () => {
      const info = await ask(seedPort, (r) => r.info('stats'));
      return Number(/instantaneous_ops_per_sec:(\d+)/.exec(info)?.[1]) <= o.maxOtherOps;
    });
    const plan = await makePlan(o);
    assert.equal(plan.kind, 'cluster');
    assert.equal(plan.primary, A(seedPort));
    assert.deepEqual(plan.refusals, []);
    assert.equal(plan.primaryPid, pid);
    assert.equal(plan.trigger, 'sh -c <--crash-cmd> (the command given)');
    const own = await makePlan({ ...o, crashCmd: undefined });
    assert.equal(own.trigger, `SIGKILL to PID ${pid} (the primary's process_id, on this machine)`);
    let byHand: Set<string> | undefined;
    const r = await runDrill(o, plan, {
      beforeCleanup: async ({ log, prefix, primary }) => {
        if (primary) byHand = await lostByHand(portOf(primary), log, prefix);
      },
    });
    assert.ok(!alive(pid), 'the primary was killed');
    assert.equal(r.settled, true, r.notes.join('\n'));
    assert.equal(r.newPrimary, A(cluster.primaryPorts[0]));
    assert.ok(byHand, 'the test re-read the keys');
    assert.equal(r.rpo.lostWrites, byHand.size, 'the drill counts exactly what a one-by-one re-read finds missing');
    assert.deepEqual(new Set(r.lostKeys), byHand);
    assert.ok(r.plain.lost > 0, 'the writes the frozen replica never received are lost');
    assert.ok(r.rto.measuredMs !== undefined, JSON.stringify(r.rto));
    if (r.rto.verdict !== 'within') assert.ok(r.rto.why && r.rto.why.length > 10);
    else assert.ok(r.rto.measuredMs >= NODE_TIMEOUT && r.rto.measuredMs <= NODE_TIMEOUT + 5000);
    assert.ok(
      r.events.some((e) => e.kind === '+fail' && e.node === A(seedPort)),
      JSON.stringify(r.events),
    );
    assert.ok(r.events.some((e) => e.kind === '+promoted'));
    for (const n of cluster.nodes) if (alive(n.pid)) assert.deepEqual(await drillKeys(n.port), [], `node ${n.port}`);
    measured.push(`crash: lost ${r.plain.lost} of ${r.plain.acked} (no WAIT), RTO ${r.rto.measuredMs} ms (${r.rto.verdict})`);
  });
});
