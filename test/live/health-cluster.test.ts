/**
 * Live health of a real Redis Cluster (3 primaries, 3 replicas made by
 * `redis-cli --cluster create`), through the model and `redis-ha status
 * --format json`: discovery from one node, a restricted ACL user (CLUSTER
 * NODES fallback, CONFIG refused), and a primary killed → its replica promoted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HealthMonitor } from '../../health';
import { runCli, statusJson } from '../support/cli';
import { codesOf, monitorFor, refreshUntil } from '../support/health';
import { missingBinaries } from '../support/redis';
import { ask, parseInfo, startCluster, waitFor, type RedisClusterTopology } from '../support/topology';

const skip = missingBinaries();
const A = (port: number) => `127.0.0.1:${port}`;

describe('health of a Redis Cluster', { skip }, () => {
  let cluster: RedisClusterTopology;
  let monitor: HealthMonitor;
  let seed: string;
  let seedPort: number;
  before(async () => {
    cluster = await startCluster();
    // seed from a replica: discovery must not depend on which node is given
    seedPort = cluster.nodes.find((n) => !cluster.primaryPorts.includes(n.port))!.port;
    seed = `redis://127.0.0.1:${seedPort}`;
    monitor = monitorFor(seed);
  });
  after(async () => {
    monitor?.dispose();
    await cluster?.stop();
  });

  test('the cluster is discovered from one node', async () => {
    const snap = await monitor.refresh();
    assert.equal(snap.connections[0].kind, 'cluster');
    assert.equal(snap.nodes.length, 6);
    assert.deepEqual(
      snap.nodes.filter((n) => n.health !== 'ok').map((n) => [n.address, n.problems]),
      [],
    );
    const [g] = snap.groups;
    assert.equal(g.kind, 'cluster');
    assert.equal(g.cluster?.state, 'ok');
    assert.deepEqual(
      g.shards!.map((s) => s.slots),
      ['0-5460', '5461-10922', '10923-16383'],
    );
    assert.deepEqual(g.shards!.map((s) => s.primary).sort(), cluster.primaryPorts.map(A).sort());
    assert.ok(g.shards!.every((s) => s.replicas.length === 1 && s.health === 'ok'));
    const again = await monitor.refresh();
    assert.deepEqual(again.timeline, [], 'a steady cluster adds nothing to the timeline');
    for (const s of g.shards!) {
      const replica = snap.nodes.find((n) => n.address === s.replicas[0])!;
      assert.equal(replica.role, 'replica');
      assert.equal(replica.replication?.primary, s.primary);
      assert.equal(replica.shard, s.id);
    }

    const cli = await statusJson(['--timeout', '1000', `127.0.0.1:${cluster.primaryPorts[2]}`]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.json.nodes.length, 6);
    assert.deepEqual(
      cli.json.groups[0].shards!.map((s) => `${s.slots} ${s.primary}`),
      g.shards!.map((s) => `${s.slots} ${s.primary}`),
    );
    const text = await runCli(['status', '--timeout', '1000', seed]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^ {2}cluster {2}ok {2}ok · 3 shards · 16384\/16384 slots$/m);
    for (const s of g.shards!)
      assert.match(text.stdout, new RegExp(`^ {4}shard ${s.slots} {2}ok\\n {6}primary ${s.primary!.replace(/\./g, '\\.')} {2}ok`, 'm'));
  });

  test('a restricted ACL user: topology from CLUSTER NODES, CONFIG refused noted, password never printed', async () => {
    for (const n of cluster.nodes) {
      await ask(n.port, (r) =>
        r.call('ACL', 'SETUSER', 'monitor', 'on', '>monitor-secret', '+@all', '-cluster|shards', '-config', '~*', '&*'),
      );
    }
    const cli = await statusJson(['--timeout', '1000', '--user', 'monitor', seed], { env: { REDISCLI_AUTH: 'monitor-secret' } });
    assert.equal(cli.code, 0, cli.stdout);
    assert.equal(cli.json.nodes.length, 6);
    assert.deepEqual(
      cli.json.groups[0].shards!.map((s) => s.slots),
      ['0-5460', '5461-10922', '10923-16383'],
    );
    for (const n of cli.json.nodes) {
      assert.deepEqual(n.problems, []);
      assert.deepEqual(n.notes.map((x) => x.code).sort(), ['cluster-nodes-fallback', 'config-unavailable'], n.address);
    }
    assert.doesNotMatch(cli.stdout + cli.stderr, /monitor-secret/);

    const wrong = await statusJson(['--timeout', '1000', '--user', 'monitor', seed], { env: { REDISCLI_AUTH: 'not-the-secret' } });
    assert.equal(wrong.code, 3, 'nothing could be read');
    assert.deepEqual(
      wrong.json.nodes.map((n) => codesOf(n.problems)),
      [['auth-failed']],
    );
    assert.match(wrong.json.nodes[0].problems[0].message, /WRONGPASS/);
    assert.doesNotMatch(wrong.stdout + wrong.stderr, /not-the-secret|monitor-secret/);
  });

  test('a cluster primary killed: its replica is promoted and shown', async () => {
    const victimPort = cluster.primaryPorts[0];
    const victim = cluster.nodes.find((n) => n.port === victimPort)!;
    const before = await monitor.refresh();
    const shard = before.groups[0].shards!.find((s) => s.primary === A(victimPort))!;
    const heir = shard.replicas[0];
    await victim.stop();
    const { snap, events, timeline } = await refreshUntil(
      monitor,
      'the replica to be promoted',
      (s) => s.groups[0].shards!.find((x) => x.id === shard.id)?.primary === heir,
      40_000,
    );
    assert.deepEqual(
      events.map((e) => [e.shard, e.from, e.to]),
      [[shard.id, A(victimPort), heir]],
    );
    // between the refreshes the cluster's own state changes are entries of the timeline, with the failover's cause
    const epoch = timeline.find((e) => e.kind === 'cluster-epoch');
    assert.ok(epoch && Number(epoch.to) > Number(epoch.from), `an epoch rise: ${JSON.stringify(timeline.map((e) => e.cause))}`);
    assert.ok(
      timeline.some((e) => e.kind === 'cluster-flags' && e.node === A(victimPort) && (e.to === 'fail' || e.to === 'pfail')),
      `the victim flagged: ${JSON.stringify(timeline.map((e) => e.cause))}`,
    );
    const after = snap.groups[0].shards!.find((x) => x.id === shard.id)!;
    assert.ok(after.others.includes(A(victimPort)), 'the failed primary stays next to its shard');
    assert.equal(snap.nodes.find((n) => n.address === heir)!.role, 'primary');
    assert.equal(snap.nodes.find((n) => n.address === A(victimPort))!.health, 'unreachable');
    const settled = await refreshUntil(
      monitor,
      'the cluster to mark the node FAIL',
      (s) => codesOf(s.groups[0].problems).includes('cluster-node-fail') && s,
      30_000,
    );
    assert.ok(codesOf(settled.snap.groups[0].shards!.find((x) => x.id === shard.id)!.problems).includes('no-replicas'));
    assert.equal(settled.snap.groups[0].cluster?.state, 'ok');
    await waitFor('every node to report cluster_state:ok', async () => {
      for (const n of cluster.nodes.filter((x) => x.port !== victimPort)) {
        if (parseInfo(await ask(n.port, (r) => r.call('CLUSTER', 'INFO') as Promise<string>)).cluster_state !== 'ok') return false;
      }
      return true;
    });

    const cli = await statusJson(['--timeout', '1000', seed]);
    assert.equal(cli.code, 2);
    const shown = cli.json.groups[0].shards!.find((x) => x.slots === shard.slots)!;
    assert.equal(shown.primary, heir);
    assert.equal(cli.json.nodes.find((n) => n.address === heir)!.role, 'primary');
    const dead = cli.json.nodes.find((n) => n.address === A(victimPort))!;
    assert.equal(dead.health, 'unreachable');
    assert.ok(codesOf(cli.json.groups[0].problems).includes('cluster-node-fail'));
  });
});
