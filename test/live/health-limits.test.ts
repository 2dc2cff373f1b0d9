/**
 * Discovery stays fast and bounded whatever a node advertises: a fake
 * primary listing 4,000 replicas, a fake Sentinel listing 4,000 replicas and
 * 4,000 Sentinels, a fake cluster node listing 4,000 shards. Every address
 * they advertise is on the loopback (127.1.x.y, a port nothing listens on):
 * nothing outside 127.0.0.0/8 can be dialled. Replies past the size limit are
 * dropped, not read. The discovery times are printed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HealthMonitor, parseSeed, type Snapshot } from '../../health';
import { LIMITS } from '../../health/replies';
import { primaryInfo, startFakeNode, type FakeNode, type FakeReply } from '../support/fake-node';
import { freePort } from '../support/redis';

const N = 4000;
const GOAL_MS = 5000;

const loopback = (i: number, port: number) => ({ host: `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, port });

async function discover(seed: string, opts: { maxReplyBytes?: number } = {}): Promise<{ snap: Snapshot; ms: number }> {
  const monitor = new HealthMonitor([parseSeed(seed)], { timeoutMs: 2000, ...opts });
  try {
    const t = performance.now();
    const snap = await monitor.refresh();
    return { snap, ms: Math.round(performance.now() - t) };
  } finally {
    monitor.dispose();
  }
}

const problemsOf = (s: Snapshot) => [...s.connections.flatMap((c) => c.problems), ...s.groups.flatMap((g) => g.problems)];

describe(`${N} advertised nodes`, () => {
  let closedPort: number;
  const fakes: FakeNode[] = [];
  before(async () => {
    closedPort = await freePort();
  });
  after(async () => {
    await Promise.all(fakes.map((f) => f.stop()));
  });

  test(`a primary listing ${N} replicas: discovered in well under ${GOAL_MS} ms, ${LIMITS.replicas} taken, the rest said`, async () => {
    const info = primaryInfo(Array.from({ length: N }, (_, i) => loopback(i, closedPort)));
    const fake = await startFakeNode({ handler: (a) => (a[0] === 'INFO' ? info : a[0] === 'CONFIG' ? [] : undefined) });
    fakes.push(fake);
    const { snap, ms } = await discover(`127.0.0.1:${fake.port}`);
    console.log(`# discovery of a primary advertising ${N} replicas: ${ms} ms`);
    assert.ok(ms < GOAL_MS, `${ms} ms`);
    assert.equal(snap.nodes.length, 1 + LIMITS.replicas);
    const truncated = problemsOf(snap).filter((p) => p.code === 'list-truncated');
    assert.equal(truncated.length, 1);
    assert.match(truncated[0].message, new RegExp(`lists ${N} replicas; only the first ${LIMITS.replicas} are shown`));
    assert.ok(
      snap.nodes.every((n) => /^127\./.test(n.address)),
      'only loopback addresses',
    );
    assert.equal(fake.connections, 1);
  });

  test(`a Sentinel listing ${N} replicas and ${N} Sentinels`, async () => {
    const instance = (name: string, a: { host: string; port: number }, flags: string): FakeReply => [
      'name',
      name,
      'ip',
      a.host,
      'port',
      String(a.port),
      'flags',
      flags,
    ];
    const fake = await startFakeNode({
      handler: (a) => {
        const sub = a[1]?.toUpperCase();
        if (a[0] === 'INFO') return '# Server\r\nredis_version:7.0.15\r\nredis_mode:sentinel\r\n# Sentinel\r\nsentinel_masters:1\r\n';
        if (sub === 'MASTERS')
          return [
            [
              ...(instance('m', { host: '127.0.0.1', port: closedPort }, 'master') as string[]),
              'quorum',
              '2',
              'num-slaves',
              String(N),
              'num-other-sentinels',
              String(N),
            ],
          ];
        if (sub === 'REPLICAS') return Array.from({ length: N }, (_, i) => instance(`r${i}`, loopback(i, closedPort), 'slave'));
        if (sub === 'SENTINELS') return Array.from({ length: N }, (_, i) => instance(`s${i}`, loopback(N + i, closedPort), 'sentinel'));
        if (sub === 'CKQUORUM') return { status: 'OK 3 usable Sentinels. Quorum and failover authorization can be reached' };
        return undefined;
      },
    });
    fakes.push(fake);
    const { snap, ms } = await discover(`redis-sentinel://127.0.0.1:${fake.port}`);
    console.log(`# discovery of a Sentinel advertising ${N} replicas and ${N} Sentinels: ${ms} ms`);
    assert.ok(ms < GOAL_MS, `${ms} ms`);
    const [g] = snap.groups;
    assert.equal(g.replicas.length, LIMITS.replicas);
    assert.ok(g.sentinels.length <= LIMITS.sentinels);
    const messages = problemsOf(snap)
      .filter((p) => p.code === 'list-truncated')
      .map((p) => p.message);
    assert.ok(
      messages.some((m) => m.includes(`lists ${N} replicas`)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => m.includes(`lists ${N} Sentinels`)),
      messages.join('\n'),
    );
  });

  test(`a cluster node listing ${N} shards`, async () => {
    const shards = Array.from({ length: N }, (_, i) => [
      'slots',
      [String(i), String(i)],
      'nodes',
      [
        [
          'id',
          `n${String(i).padStart(39, '0')}`,
          'port',
          String(closedPort),
          'ip',
          loopback(i, 0).host,
          'role',
          'master',
          'health',
          'online',
        ],
      ],
    ]);
    const fake = await startFakeNode({
      handler: (a) => {
        const sub = a[1]?.toUpperCase();
        if (a[0] === 'INFO')
          return '# Server\r\nredis_version:7.0.15\r\nredis_mode:cluster\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\n# Cluster\r\ncluster_enabled:1\r\n';
        if (a[0] === 'CONFIG') return [];
        if (sub === 'INFO') return 'cluster_state:ok\r\ncluster_slots_assigned:4000\r\ncluster_current_epoch:1\r\n';
        if (sub === 'MYID') return 'f'.repeat(40);
        if (sub === 'SHARDS') return shards as FakeReply;
        return undefined;
      },
    });
    fakes.push(fake);
    const { snap, ms } = await discover(`127.0.0.1:${fake.port}`);
    console.log(`# discovery of a cluster node advertising ${N} shards: ${ms} ms`);
    assert.ok(ms < GOAL_MS, `${ms} ms`);
    assert.ok(snap.nodes.length <= LIMITS.clusterNodes + 1, String(snap.nodes.length));
    assert.ok(problemsOf(snap).some((p) => p.code === 'list-truncated' && p.message.includes(`lists ${N} cluster nodes`)));
  });

  test('a reply larger than the limit: dropped unread, the node in error, no crash', async () => {
    const huge = `# Server\r\nredis_version:7.0.15\r\n${'x:'.padEnd(1000, 'y')}\r\n`.repeat(3000);
    const fake = await startFakeNode({ handler: (a) => (a[0] === 'INFO' ? huge : undefined) });
    fakes.push(fake);
    const { snap } = await discover(`127.0.0.1:${fake.port}`, { maxReplyBytes: 1024 * 1024 });
    const [n] = snap.nodes;
    assert.deepEqual(
      n.problems.map((p) => p.code),
      ['reply-too-large'],
    );
    assert.match(n.problems[0].message, /exceeded 1024 KiB/);
  });
});
