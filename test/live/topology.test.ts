/**
 * The topologies the live tests and the demo stand on: they start, they are
 * what they claim, a Sentinel failover and a cluster failover happen, and
 * every process is gone afterwards.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { missingBinaries, alive } from '../support/redis';
import {
  ask,
  parseInfo,
  sentinelPrimary,
  startCluster,
  startSentinelGroup,
  waitFor,
  type RedisClusterTopology,
  type SentinelGroup,
} from '../support/topology';

const skip = missingBinaries();

describe('a Sentinel group: primary, 2 replicas, 3 Sentinels', { skip }, () => {
  let group: SentinelGroup | undefined;
  after(() => group?.stop());

  test('starts in sync and fails over when the primary dies', async () => {
    group = await startSentinelGroup();
    assert.equal(group.replicas.length, 2);
    assert.equal(group.sentinels.length, 3);
    const before = await sentinelPrimary(group.sentinels[0].port, group.masterName);
    assert.equal(before.port, group.primary.port);
    const info = parseInfo(await ask(group.primary.port, (r) => r.info('replication')));
    assert.equal(info.role, 'master');
    assert.equal(info.connected_slaves, '2');

    await group.primary.stop();
    const promoted = await waitFor(
      'a replica promoted by Sentinel',
      async () => {
        const now = await sentinelPrimary(group!.sentinels[1].port, group!.masterName);
        return now.port !== before.port ? now : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    assert.ok(group.replicas.some((r) => r.port === promoted.port));
    const role = parseInfo(await ask(promoted.port, (r) => r.info('replication'))).role;
    assert.equal(role, 'master');
  });

  test('stop() ends every process by PID', async () => {
    const pids = group!.all().map((s) => s.pid);
    await group!.stop();
    assert.deepEqual(pids.filter(alive), []);
    group = undefined;
  });
});

describe('a Redis Cluster: 3 primaries, 3 replicas', { skip }, () => {
  let cluster: RedisClusterTopology | undefined;
  after(() => cluster?.stop());

  test('covers every slot and promotes a replica when a primary dies', async () => {
    cluster = await startCluster();
    assert.equal(cluster.nodes.length, 6);
    assert.equal(cluster.primaryPorts.length, 3);
    const someReplica = cluster.nodes.find((n) => !cluster!.primaryPorts.includes(n.port))!;
    const info = parseInfo(await ask(someReplica.port, (r) => r.call('CLUSTER', 'INFO') as Promise<string>));
    assert.equal(info.cluster_slots_assigned, '16384');

    const victimPort = cluster.primaryPorts[0];
    const victim = cluster.nodes.find((n) => n.port === victimPort)!;
    const replicaOfVictim = await waitFor('the victim to have a replica', async () => {
      for (const n of cluster!.nodes) {
        if (n.port === victimPort) continue;
        const rep = parseInfo(await ask(n.port, (r) => r.info('replication')));
        if (rep.role === 'slave' && Number(rep.master_port) === victimPort) return n;
      }
      return undefined;
    });
    await victim.stop();
    await waitFor(
      'the replica to be promoted',
      async () => parseInfo(await ask(replicaOfVictim.port, (r) => r.info('replication'))).role === 'master',
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const pids = cluster.all().map((s) => s.pid);
    await cluster.stop();
    assert.deepEqual(pids.filter(alive), []);
    cluster = undefined;
  });
});
