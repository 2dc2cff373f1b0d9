/**
 * The reply parsers on replies captured from real redis-server and
 * redis-sentinel 7.0.15 processes (test/fixtures/replies, recaptured by
 * capture.ts there).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  flatMap,
  formatSlots,
  keyCount,
  parseCkquorum,
  parseClusterInfo,
  parseClusterNodes,
  parseClusterShards,
  parseConfigGet,
  parseInfo,
  parseInfoList,
  parseSentinelMasters,
  parseSentinelReplicas,
  parseSentinelSentinels,
  replicasOf,
  slotCount,
} from '../../health/replies';
import { CONFIG_PARAMS } from '../../health/probe';
import { context, reply } from '../support/replies';

const ctx = context;

describe('INFO', () => {
  test('a primary: sections, fields, its replicas', () => {
    const info = parseInfo(reply('info-primary.txt'));
    assert.deepEqual(Object.keys(info.sections).sort(), ['clients', 'keyspace', 'memory', 'persistence', 'replication', 'server', 'stats']);
    assert.equal(info.fields.role, 'master');
    assert.equal(info.fields.redis_version, ctx.version);
    assert.equal(Number(info.fields.tcp_port), ctx.sentinel.primary);
    assert.equal(info.sections.replication.connected_slaves, '2');
    const replicas = replicasOf(info);
    assert.deepEqual(replicas.map((r) => r.port).sort(), [...ctx.sentinel.replicas].sort());
    for (const r of replicas) {
      assert.equal(r.host, '127.0.0.1');
      assert.equal(r.state, 'online');
      assert.equal(typeof r.offset, 'number');
      assert.equal(typeof r.lag, 'number');
    }
    assert.equal(keyCount(info), 50);
  });
  test('a replica in sync, and one whose primary died', () => {
    const ok = parseInfo(reply('info-replica.txt')).fields;
    assert.equal(ok.role, 'slave');
    assert.equal(ok.master_link_status, 'up');
    assert.equal(Number(ok.master_port), ctx.sentinel.primary);
    assert.ok(Number(ok.slave_repl_offset) > 0);
    const down = parseInfo(reply('info-replica-link-down.txt')).fields;
    assert.equal(down.master_link_status, 'down');
    assert.ok(Number(down.master_link_down_since_seconds) >= 0);
  });
  test('a Sentinel, with the sections a Sentinel has', () => {
    const info = parseInfo(reply('info-sentinel.txt'));
    assert.equal(info.fields.redis_mode, 'sentinel');
    assert.equal(info.fields.sentinel_masters, '1');
    assert.equal(parseInfoList(info.fields.master0).name, ctx.sentinel.master);
    // asked with the data-node sections too (first contact): it simply leaves them out
    const first = parseInfo(reply('info-sentinel-first-contact.txt'));
    assert.equal(first.fields.redis_mode, 'sentinel');
    assert.equal(first.sections.replication, undefined);
    assert.ok(first.sections.sentinel);
  });
  test('a node whose AOF cannot be written still answers INFO', () => {
    const f = parseInfo(reply('info-aof-write-error.txt')).fields;
    assert.equal(f.aof_enabled, '1');
    assert.equal(f.aof_last_write_status, 'err');
    assert.match((reply('set-misconf.json') as Error).message, /^MISCONF/);
  });
  test('garbage gives empty results, not exceptions', () => {
    assert.deepEqual(parseInfo(undefined), { fields: {}, sections: {} });
    assert.deepEqual(parseInfo('no colon here\n:leading\n'), { fields: {}, sections: {} });
    assert.deepEqual(replicasOf(parseInfo('slave0:ip=,port=x\r\n')), []);
    assert.equal(keyCount(parseInfo('# Server\r\n')), undefined);
  });
});

describe('CONFIG GET', () => {
  test('several names at once (7.0+): every one we ask for is known to 7.0', () => {
    const cfg = parseConfigGet(reply('config-get-primary.json'));
    for (const k of CONFIG_PARAMS) assert.ok(k in cfg, `CONFIG GET did not return ${k}`);
    assert.equal(cfg['maxmemory-policy'], 'noeviction');
    assert.equal(cfg.save, '');
  });
  test('CONFIG GET * and the refusals we must tell apart', () => {
    const all = parseConfigGet(reply('config-get-all-replica.json'));
    assert.ok(Object.keys(all).length > 150);
    assert.match(all.replicaof, /^127\.0\.0\.1 \d+$/);
    assert.match((reply('config-get-noperm.json') as Error).message, /^NOPERM/);
    assert.match((reply('sentinel-config-get.json') as Error).message, /unknown command 'CONFIG'/);
  });
});

describe('SENTINEL', () => {
  test('MASTERS / REPLICAS / SENTINELS of a healthy group', () => {
    const [m] = parseSentinelMasters(reply('sentinel-masters.json'));
    assert.equal(m.name, ctx.sentinel.master);
    assert.equal(m.port, ctx.sentinel.primary);
    assert.deepEqual(m.flags, ['master']);
    assert.equal(m.fields.quorum, '2');
    assert.equal(m.fields['num-slaves'], '2');
    assert.equal(m.fields['num-other-sentinels'], '2');
    const replicas = parseSentinelReplicas(reply('sentinel-replicas.json'));
    assert.deepEqual(replicas.map((r) => r.port).sort(), [...ctx.sentinel.replicas].sort());
    assert.ok(replicas.every((r) => r.flags.includes('slave') && r.fields['master-link-status'] === 'ok'));
    const others = parseSentinelSentinels(reply('sentinel-sentinels.json'));
    assert.deepEqual(others.map((s) => s.port).sort(), ctx.sentinel.sentinels.slice(1).sort());
  });
  test('the primary down, then failed over', () => {
    const [down] = parseSentinelMasters(reply('sentinel-masters-down.json'));
    assert.ok(down.flags.includes('s_down'));
    assert.equal(down.port, ctx.sentinel.primary);
    const [after] = parseSentinelMasters(reply('sentinel-masters-after-failover.json'));
    assert.equal(after.port, ctx.sentinelAfterFailover.primary);
    const old = parseSentinelReplicas(reply('sentinel-replicas-after-failover.json')).find((r) => r.port === ctx.sentinel.primary);
    assert.ok(old, 'the old primary is listed as a replica');
  });
  test('CKQUORUM: OK and NOQUORUM', () => {
    const ok = parseCkquorum(reply('sentinel-ckquorum.json'));
    assert.deepEqual([ok.ok, ok.usable], [true, 3]);
    const bad = parseCkquorum(reply('sentinel-ckquorum-noquorum.json'));
    assert.deepEqual([bad.ok, bad.usable], [false, 1]);
    assert.match(bad.message, /^NOQUORUM/);
  });
  test('flat maps tolerate odd shapes', () => {
    assert.deepEqual(flatMap(['a', '1', 'b']), { a: '1' });
    assert.deepEqual(flatMap('x'), {});
    assert.deepEqual(parseSentinelMasters([['name', 'm'], 'junk']), []);
  });
});

describe('CLUSTER', () => {
  test('SHARDS and NODES describe the same healthy cluster', () => {
    const shards = parseClusterShards(reply('cluster-shards.json'));
    const nodes = parseClusterNodes(reply('cluster-nodes.txt'));
    const summary = (v: typeof shards) =>
      v.nodes
        .map((n) => `${n.port} ${n.role} ${formatSlots(n.slots)} ${n.primaryId ? v.nodes.find((p) => p.id === n.primaryId)!.port : '-'}`)
        .sort();
    assert.deepEqual(summary(shards), summary(nodes));
    assert.equal(shards.nodes.length, 6);
    assert.deepEqual(
      shards.nodes
        .filter((n) => n.role === 'primary')
        .map((n) => n.port)
        .sort(),
      [...ctx.cluster.primaries].sort(),
    );
    assert.equal(
      shards.nodes.reduce((a, n) => a + slotCount(n.slots), 0),
      16384,
    );
    const me = nodes.nodes.find((n) => n.myself)!;
    assert.equal(me.id, reply('cluster-myid.json'));
    assert.equal(me.port, ctx.cluster.primaries[0]);
    assert.equal(parseClusterInfo(reply('cluster-info.txt')).cluster_state, 'ok');
  });
  test('after a failover: the failed primary has no slots, its replica owns them', () => {
    const a = ctx.clusterAfterFailover;
    for (const view of [
      parseClusterShards(reply('cluster-shards-after-failover.json')),
      parseClusterNodes(reply('cluster-nodes-after-failover.txt')),
    ]) {
      const failed = view.nodes.find((n) => n.port === a.failed)!;
      const promoted = view.nodes.find((n) => n.port === a.promoted)!;
      assert.equal(failed.fail, 'fail', view.source);
      assert.deepEqual(failed.slots, [], view.source);
      assert.equal(promoted.role, 'primary', view.source);
      assert.equal(slotCount(promoted.slots), 5461, view.source);
    }
  });
  test('cluster down: slots on a failed primary', () => {
    const info = parseClusterInfo(reply('cluster-info-state-fail.txt'));
    assert.equal(info.cluster_state, 'fail');
    assert.equal(info.cluster_slots_fail, '5461');
    const nodes = parseClusterNodes(reply('cluster-nodes-state-fail.txt'));
    const owner = nodes.nodes.find((n) => n.port === ctx.clusterDown.failed[1])!;
    assert.equal(owner.fail, 'fail');
    assert.equal(formatSlots(owner.slots), '0-5460');
  });
  test('NODES lines: migrating slots, IPv6, hostnames, garbage', () => {
    const v = parseClusterNodes(
      [
        'aaa [::1]:7000@17000,host.example myself,master - 0 0 1 connected 0-10 12 [11->-bbb]',
        'bbb 10.0.0.2:7001@17001 slave,fail? aaa 0 0 1 connected',
        'too short',
      ].join('\n'),
    );
    assert.equal(v.nodes.length, 2);
    assert.deepEqual([v.nodes[0].host, v.nodes[0].port, formatSlots(v.nodes[0].slots)], ['::1', 7000, '0-10,12']);
    assert.deepEqual([v.nodes[1].role, v.nodes[1].primaryId, v.nodes[1].fail], ['replica', 'aaa', 'pfail']);
    assert.deepEqual(parseClusterShards('nope').nodes, []);
  });
});
