/**
 * The health model (discovery, findings, groups) on facts made of replies
 * captured from real servers. The live suites run the same code against
 * running topologies; these pin down the judgement on known states.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildConnection } from '../../health/groups';
import type { NodeFacts } from '../../health/probe';
import {
  parseCkquorum,
  parseClusterInfo,
  parseClusterNodes,
  parseClusterShards,
  parseConfigGet,
  parseInfo,
  parseSentinelMasters,
  parseSentinelReplicas,
} from '../../health/replies';
import { DEFAULT_THRESHOLDS } from '../../health/settings';
import { deriveTopology, type Topology } from '../../health/topology';
import type { Built } from '../../health/groups';
import { FINDINGS } from '../../health/findings';
import { context as ctx, reply } from '../support/replies';

const A = (port: number) => `127.0.0.1:${port}`;

function data(port: number, infoFile: string, extra: Partial<NodeFacts> = {}): NodeFacts {
  const info = parseInfo(reply(infoFile));
  return {
    address: A(port),
    host: '127.0.0.1',
    port,
    ok: true,
    at: Date.now(),
    rttMs: 1,
    info,
    mode: info.fields.redis_mode === 'cluster' ? 'cluster' : 'standalone',
    ...extra,
  };
}

function down(port: number, kind: NonNullable<NodeFacts['failure']>['kind'], message: string): NodeFacts {
  return { address: A(port), host: '127.0.0.1', port, ok: false, at: Date.now(), failure: { kind, message, skipped: false } };
}

function sentinel(port: number, files: { masters?: string; replicas?: string; ckquorum?: string } = {}): NodeFacts {
  const masters = parseSentinelMasters(reply(files.masters ?? 'sentinel-masters.json'));
  const name = ctx.sentinel.master;
  // every Sentinel of the capture lists the two others
  const others = ctx.sentinel.sentinels
    .filter((p) => p !== port)
    .map((p) => ({ name: String(p), host: '127.0.0.1', port: p, flags: ['sentinel'], fields: {} }));
  return {
    address: A(port),
    host: '127.0.0.1',
    port,
    ok: true,
    at: Date.now(),
    rttMs: 1,
    mode: 'sentinel',
    info: parseInfo(reply('info-sentinel.txt')),
    sentinel: {
      masters,
      replicas: { [name]: parseSentinelReplicas(reply(files.replicas ?? 'sentinel-replicas.json')) },
      sentinels: { [name]: others },
      ckquorum: { [name]: parseCkquorum(reply(files.ckquorum ?? 'sentinel-ckquorum.json')) },
    },
  };
}

function build(
  seeds: string[],
  facts: NodeFacts[],
  opts: { previous?: Topology; sentinelSeed?: boolean } = {},
): Built & { topology: Topology } {
  const map = new Map(facts.map((f) => [f.address, f]));
  const topology = deriveTopology({ seeds, facts: map, previous: opts.previous, sentinelSeed: opts.sentinelSeed });
  const built = buildConnection({
    id: 'c',
    name: 'c',
    seeds,
    topology,
    facts: map,
    thresholds: { ...DEFAULT_THRESHOLDS },
    rates: new Map(),
    previousRoles: new Map(),
  });
  return { ...built, topology };
}

const codes = (ps: Array<{ code: string }>) => ps.map((p) => p.code).sort();

describe('the findings table', () => {
  test('every code is kebab-case with a summary, a level and a scope', () => {
    for (const [code, info] of Object.entries(FINDINGS)) {
      assert.match(code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(info.summary.length > 20, code);
      assert.ok(['node', 'group', 'file'].includes(info.scope), code);
    }
  });
});

describe('a Sentinel group', () => {
  const s = ctx.sentinel;
  const healthy = () => [
    sentinel(s.sentinels[0]),
    sentinel(s.sentinels[1]),
    sentinel(s.sentinels[2]),
    data(s.primary, 'info-primary.txt'),
    data(s.replicas[0], 'info-replica.txt'),
    data(s.replicas[1], 'info-replica.txt', { address: A(s.replicas[1]), port: s.replicas[1] }),
  ];

  test('discovered from one Sentinel: primary, replicas, Sentinels; all ok', () => {
    const b = build([A(s.sentinels[0])], healthy(), { sentinelSeed: true });
    assert.equal(b.topology.kind, 'sentinel');
    const [g] = b.groups;
    assert.equal(g.name, s.master);
    assert.equal(g.primary, A(s.primary));
    assert.deepEqual([...g.replicas].sort(), s.replicas.map(A).sort());
    assert.deepEqual([...g.sentinels].sort(), s.sentinels.map(A).sort());
    assert.deepEqual(g.problems, []);
    assert.equal(g.health, 'ok');
    assert.equal(g.sentinel?.quorum, 2);
    assert.equal(g.sentinel?.sentinelsSeen, 3);
    assert.equal(b.nodes.length, 6);
    assert.deepEqual(
      b.nodes.filter((n) => n.health !== 'ok').map((n) => [n.address, n.problems]),
      [],
    );
    assert.equal(b.nodes.find((n) => n.address === A(s.primary))!.role, 'primary');
    assert.equal(b.connection.health, 'ok');
  });

  test('a frozen replica is unreachable; the group is an error, the others stay ok', () => {
    const facts = healthy().filter((f) => f.port !== s.replicas[1]);
    facts.push(down(s.replicas[1], 'timeout', 'no reply within 2000 ms'));
    const b = build([A(s.sentinels[0])], facts);
    const frozen = b.nodes.find((n) => n.address === A(s.replicas[1]))!;
    assert.equal(frozen.health, 'unreachable');
    assert.equal(frozen.role, 'replica');
    assert.deepEqual(codes(frozen.problems), ['node-timeout']);
    assert.equal(b.groups[0].health, 'error');
    assert.ok(b.nodes.filter((n) => n !== frozen).every((n) => n.health === 'ok'));
  });

  test('primary s_down, then NOQUORUM', () => {
    const facts = healthy().filter((f) => f.port !== s.primary && f.mode !== 'sentinel');
    facts.push(
      down(s.primary, 'refused', 'connection refused'),
      sentinel(s.sentinels[0], { masters: 'sentinel-masters-down.json', ckquorum: 'sentinel-ckquorum-noquorum.json' }),
    );
    facts.push(down(s.sentinels[1], 'refused', 'connection refused'), down(s.sentinels[2], 'refused', 'connection refused'));
    const b = build([A(s.sentinels[0])], facts);
    const g = b.groups[0];
    assert.deepEqual(codes(g.problems), ['sentinel-no-quorum', 'sentinel-sdown']);
    assert.equal(g.health, 'error');
    assert.match(g.problems.find((p) => p.code === 'sentinel-no-quorum')!.message, /NOQUORUM 1 usable/);
  });

  test('after the failover: the new primary, the old one listed as an unreachable replica', () => {
    const facts = [
      sentinel(s.sentinels[0], { masters: 'sentinel-masters-after-failover.json', replicas: 'sentinel-replicas-after-failover.json' }),
      down(s.primary, 'refused', 'connection refused'),
      data(ctx.sentinelAfterFailover.primary, 'info-primary-after-failover.txt'),
    ];
    const b = build([A(s.sentinels[0])], facts);
    const g = b.groups[0];
    assert.equal(g.primary, A(ctx.sentinelAfterFailover.primary));
    assert.ok(g.replicas.includes(A(s.primary)));
    const old = b.nodes.find((n) => n.address === A(s.primary))!;
    assert.equal(old.health, 'unreachable');
    assert.equal(old.role, 'replica');
  });

  test('Sentinels that disagree on the primary', () => {
    const other = sentinel(s.sentinels[1], { masters: 'sentinel-masters-after-failover.json' });
    const b = build([A(s.sentinels[0])], [...healthy().filter((f) => f.port !== s.sentinels[1]), other]);
    assert.ok(codes(b.groups[0].problems).includes('sentinels-disagree'));
  });
});

describe('a plain node: its replication group', () => {
  const s = ctx.sentinel;
  test('a replica seed leads up to its primary and down to every replica', () => {
    const seedOnly = build([A(s.replicas[0])], [data(s.replicas[0], 'info-replica.txt')]);
    assert.equal(seedOnly.topology.kind, 'replication');
    assert.ok(seedOnly.topology.members.includes(A(s.primary)), 'the primary is discovered');
    const both = build([A(s.replicas[0])], [data(s.replicas[0], 'info-replica.txt'), data(s.primary, 'info-primary.txt')]);
    assert.deepEqual([...both.topology.members].sort(), [s.primary, ...s.replicas].map(A).sort());
    assert.equal(both.groups[0].primary, A(s.primary));
  });
  test('a replica whose link is down is an error', () => {
    const b = build(
      [A(s.replicas[0])],
      [data(s.replicas[0], 'info-replica-link-down.txt'), down(s.primary, 'refused', 'connection refused')],
    );
    const r = b.nodes.find((n) => n.address === A(s.replicas[0]))!;
    assert.ok(codes(r.problems).includes('replica-link-down'));
    assert.equal(r.health, 'error');
  });
  test('a replica its primary no longer lists (link down) stays in the group while it names that primary', () => {
    const unlisted = (reply('info-primary.txt') as string)
      .replace(/^slave0:[^\n]*\n/m, '')
      .replace('connected_slaves:2', 'connected_slaves:1');
    const primary = { ...data(s.primary, 'info-primary.txt'), info: parseInfo(unlisted) };
    const other = data(s.replicas[1], 'info-replica.txt', { address: A(s.replicas[1]), port: s.replicas[1] });
    // read this refresh because it was a member: the monitor probes the previous members
    const b = build([A(s.primary)], [primary, data(s.replicas[0], 'info-replica-link-down.txt'), other]);
    assert.deepEqual([...b.topology.members].sort(), [s.primary, ...s.replicas].map(A).sort());
    assert.ok(codes(b.nodes.find((n) => n.address === A(s.replicas[0]))!.problems).includes('replica-link-down'));
    // the quiet case: a node that names another primary is not taken in
    const elsewhere = (reply('info-replica-link-down.txt') as string).replace(`master_port:${s.primary}`, 'master_port:1');
    const moved = { ...data(s.replicas[0], 'info-replica-link-down.txt'), info: parseInfo(elsewhere) };
    assert.deepEqual([...build([A(s.primary)], [primary, moved, other]).topology.members].sort(), [s.primary, s.replicas[1]].map(A).sort());
  });
  test('replication lag in bytes, graded by the thresholds', () => {
    const primary = data(s.primary, 'info-primary.txt');
    const offset = Number(primary.info!.fields.master_repl_offset);
    const lagging = (bytes: number) => {
      const p = {
        ...primary,
        info: parseInfo(
          (reply('info-primary.txt') as string)
            .replace(/master_repl_offset:\d+/, `master_repl_offset:${offset + bytes}`)
            .replace(/repl_backlog_size:\d+/, 'repl_backlog_size:1073741824'),
        ),
      };
      const b = build([A(s.primary)], [p, data(s.replicas[0], 'info-replica.txt')]);
      return b.nodes.find((n) => n.address === A(s.replicas[0]))!;
    };
    assert.deepEqual(lagging(0).problems, []);
    assert.equal(lagging(0).replication?.offsetLagBytes, offset - Number(parseInfo(reply('info-replica.txt')).fields.slave_repl_offset));
    assert.equal(lagging(2 * 1024 * 1024).problems[0].level, 'warning');
    assert.equal(lagging(100 * 1024 * 1024).problems[0].level, 'error');
  });
  test('a node failing its AOF writes: a persistence error, not down', () => {
    const b = build([A(7001)], [data(7001, 'info-aof-write-error.txt')]);
    const n = b.nodes[0];
    assert.equal(n.health, 'error');
    assert.deepEqual(codes(n.problems), ['aof-write-error']);
    assert.equal(n.persistence?.aofLastWriteStatus, 'err');
  });
  test('wrong password: one auth problem naming no secret', () => {
    const b = build([A(7002)], [down(7002, 'auth-failed', (reply('auth-wrongpass.json') as Error).message)]);
    assert.deepEqual(codes(b.nodes[0].problems), ['auth-failed']);
    assert.equal(b.nodes[0].health, 'error');
    assert.equal(b.connection.reachable, false);
  });
  test('drift between two nodes of a group', () => {
    const cfg = parseConfigGet(reply('config-get-primary.json'));
    const b = build(
      [A(s.replicas[0])],
      [
        data(s.replicas[0], 'info-replica.txt', { config: { ...cfg, 'maxmemory-policy': 'allkeys-lru' } }),
        data(s.primary, 'info-primary.txt', { config: cfg }),
        data(s.replicas[1], 'info-replica.txt', { address: A(s.replicas[1]), port: s.replicas[1], config: cfg }),
      ],
    );
    const drift = b.groups[0].problems.filter((p) => p.code === 'group-drift');
    assert.equal(drift.length, 1);
    assert.match(
      drift[0].message,
      new RegExp(`maxmemory-policy differs: allkeys-lru on ${A(s.replicas[0]).replace(/\./g, '\\.')}; noeviction on`),
    );
    assert.equal(b.groups[0].health, 'warning');
  });
});

describe('a cluster', () => {
  const c = ctx.cluster;
  const cnode = (port: number, shards: unknown, info = 'cluster-info.txt', viaNodes?: string): NodeFacts => ({
    ...data(port, 'info-cluster-primary.txt', { address: A(port), port }),
    mode: 'cluster',
    cluster: { info: parseClusterInfo(reply(info)), view: viaNodes ? parseClusterNodes(reply(viaNodes)) : parseClusterShards(shards) },
  });
  test('discovered from one node (CLUSTER SHARDS): three shards covering every slot', () => {
    const b = build([A(c.primaries[0])], [cnode(c.primaries[0], reply('cluster-shards.json'))]);
    assert.equal(b.topology.kind, 'cluster');
    assert.deepEqual([...b.topology.members].sort(), c.nodes.map(A).sort());
    const [g] = b.groups;
    assert.deepEqual(
      g.shards!.map((s) => s.slots),
      ['0-5460', '5461-10922', '10923-16383'],
    );
    assert.ok(g.shards!.every((s) => s.primary && s.replicas.length === 1));
    assert.equal(g.cluster?.state, 'ok');
  });
  test('the same from CLUSTER NODES (older servers)', () => {
    const b = build([A(c.primaries[0])], [cnode(c.primaries[0], undefined, 'cluster-info.txt', 'cluster-nodes.txt')]);
    assert.deepEqual(
      b.groups[0].shards!.map((s) => s.slots),
      ['0-5460', '5461-10922', '10923-16383'],
    );
  });
  test('after a failover: the promoted replica is the shard primary, the failed node stays in its shard', () => {
    const a = ctx.clusterAfterFailover;
    const before = build([A(a.observer)], [cnode(a.observer, reply('cluster-shards.json'))]);
    const b = build(
      [A(a.observer)],
      [
        cnode(a.observer, reply('cluster-shards-after-failover.json'), 'cluster-info-after-failover.txt'),
        down(a.failed, 'refused', 'connection refused'),
      ],
      { previous: before.topology },
    );
    const shard = b.groups[0].shards!.find((s) => s.slots === '0-5460')!;
    assert.equal(shard.primary, A(a.promoted));
    assert.ok(shard.others.includes(A(a.failed)));
    assert.ok(codes(b.groups[0].problems).includes('cluster-node-fail'));
    assert.deepEqual(codes(shard.problems), ['no-replicas']);
  });
  test('cluster down: state fail, slots uncovered', () => {
    const d = ctx.clusterDown;
    const b = build(
      [A(d.observer)],
      [
        cnode(d.observer, undefined, 'cluster-info-state-fail.txt', 'cluster-nodes-state-fail.txt'),
        ...d.failed.map((p) => down(p, 'refused', 'connection refused')),
      ],
    );
    const p = codes(b.groups[0].problems);
    assert.ok(p.includes('cluster-state-fail'));
    assert.ok(p.includes('cluster-slots-uncovered'));
    assert.equal(b.groups[0].health, 'error');
  });
});
