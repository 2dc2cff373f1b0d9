/**
 * Who receives the credentials (vouchedMembers) and whom we contact at all
 * (AllowList), on facts made of captured replies and small made-up ones.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NodeFacts } from '../../health/probe';
import { parseInfo, parseSentinelMasters, parseSentinelReplicas } from '../../health/replies';
import { AllowList, vouchedMembers } from '../../health/trust';
import { context as ctx, reply } from '../support/replies';

const A = (port: number) => `127.0.0.1:${port}`;

function dataNode(address: string, info: string): NodeFacts {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  return { address, host, port, ok: true, at: 0, info: parseInfo(info), mode: 'standalone' };
}

const primaryInfo = (replicas: string[]) =>
  `# Replication\r\nrole:master\r\n${replicas.map((r, i) => `slave${i}:ip=${r.split(':')[0]},port=${r.split(':')[1]},state=online,offset=1,lag=0`).join('\r\n')}\r\n`;
const replicaInfo = (primary: string, replicas: string[] = []) =>
  `# Replication\r\nrole:slave\r\nmaster_host:${primary.split(':')[0]}\r\nmaster_port:${primary.split(':')[1]}\r\n${replicas.map((r, i) => `slave${i}:ip=${r.split(':')[0]},port=${r.split(':')[1]},state=online,offset=1,lag=0`).join('\r\n')}\r\n`;

describe('vouchedMembers', () => {
  test('a plain primary seed vouches for its replicas, not for what they list', () => {
    const facts = new Map([
      ['10.0.0.1:6379', dataNode('10.0.0.1:6379', primaryInfo(['10.0.0.2:6379']))],
      ['10.0.0.2:6379', dataNode('10.0.0.2:6379', replicaInfo('10.0.0.1:6379', ['203.0.113.9:6379']))],
    ]);
    assert.deepEqual([...vouchedMembers('replication', ['10.0.0.1:6379'], facts)].sort(), ['10.0.0.1:6379', '10.0.0.2:6379']);
  });
  test("a replica seed vouches for its primary and the primary's replicas, not for its own sub-replicas", () => {
    const facts = new Map([
      ['10.0.0.2:6379', dataNode('10.0.0.2:6379', replicaInfo('10.0.0.1:6379', ['203.0.113.9:6379']))],
      ['10.0.0.1:6379', dataNode('10.0.0.1:6379', primaryInfo(['10.0.0.2:6379', '10.0.0.3:6379']))],
    ]);
    assert.deepEqual([...vouchedMembers('replication', ['10.0.0.2:6379'], facts)].sort(), [
      '10.0.0.1:6379',
      '10.0.0.2:6379',
      '10.0.0.3:6379',
    ]);
  });
  test("a Sentinel seed vouches for what it reports for the master asked about; a primary's extra replica and other Sentinels' reports do not count", () => {
    const name = ctx.sentinel.master;
    const seed = A(ctx.sentinel.sentinels[0]);
    const other = A(ctx.sentinel.sentinels[1]);
    const sentinel = (address: string, extraReplica?: string): NodeFacts => {
      const replicas = parseSentinelReplicas(reply('sentinel-replicas.json'));
      if (extraReplica)
        replicas.push({
          name: extraReplica,
          host: extraReplica.split(':')[0],
          port: Number(extraReplica.split(':')[1]),
          flags: ['slave'],
          fields: {},
        });
      return {
        address,
        host: '127.0.0.1',
        port: Number(address.split(':')[1]),
        ok: true,
        at: 0,
        mode: 'sentinel',
        info: parseInfo(reply('info-sentinel.txt')),
        sentinel: {
          masters: parseSentinelMasters(reply('sentinel-masters.json')),
          replicas: { [name]: replicas },
          sentinels: { [name]: [] },
          ckquorum: {},
        },
      };
    };
    const primary = A(ctx.sentinel.primary);
    const facts = new Map<string, NodeFacts>([
      [seed, sentinel(seed)],
      [other, sentinel(other, '198.51.100.7:6379')],
      [primary, dataNode(primary, primaryInfo([...ctx.sentinel.replicas.map(A), '192.0.2.1:6379']))],
    ]);
    const vouched = vouchedMembers('sentinel', [seed], facts, name);
    assert.ok(vouched.has(primary));
    for (const r of ctx.sentinel.replicas) assert.ok(vouched.has(A(r)), A(r));
    assert.ok(!vouched.has('192.0.2.1:6379'), 'listed only by the primary');
    assert.ok(!vouched.has('198.51.100.7:6379'), 'reported only by a Sentinel that is not a seed');
    assert.deepEqual([...vouchedMembers('sentinel', [seed], facts, 'another-master')], [seed]);
  });
  test('a cluster seed vouches for the nodes of its own view only', () => {
    const seed: NodeFacts = {
      address: 'c1:7000',
      host: 'c1',
      port: 7000,
      ok: true,
      at: 0,
      mode: 'cluster',
      info: parseInfo('role:master\r\n'),
      cluster: {
        info: {},
        view: {
          source: 'nodes',
          total: 2,
          nodes: [
            { id: 'a', host: 'c1', port: 7000, role: 'primary', slots: [[0, 16383]] },
            { id: 'b', host: 'c2', port: 7000, role: 'replica', primaryId: 'a', slots: [] },
          ],
        },
      },
    };
    const other: NodeFacts = {
      ...seed,
      address: 'c2:7000',
      host: 'c2',
      cluster: { info: {}, view: { source: 'nodes', total: 1, nodes: [{ id: 'z', host: 'evil', port: 1, role: 'primary', slots: [] }] } },
    };
    assert.deepEqual(
      [
        ...vouchedMembers(
          'cluster',
          ['c1:7000'],
          new Map([
            ['c1:7000', seed],
            ['c2:7000', other],
          ]),
        ),
      ].sort(),
      ['c1:7000', 'c2:7000'],
    );
  });
  test('a seed that did not answer vouches only for itself', () => {
    const down: NodeFacts = {
      address: 'h:1',
      host: 'h',
      port: 1,
      ok: false,
      at: 0,
      failure: { kind: 'refused', message: 'x', skipped: false },
    };
    assert.deepEqual([...vouchedMembers('replication', ['h:1'], new Map([['h:1', down]]))], ['h:1']);
  });
});

describe('AllowList', () => {
  test('IPv4 and IPv6 ranges, single addresses and host names', () => {
    const a = new AllowList(['10.0.0.0/8', 'fd00::/8', '192.0.2.7', '[::1]', 'Redis.internal']);
    assert.deepEqual(a.errors, []);
    assert.ok(a.allows('10.1.2.3'));
    assert.ok(!a.allows('11.0.0.1'));
    assert.ok(a.allows('fd12::1'));
    assert.ok(a.allows('[fd12::1]'));
    assert.ok(!a.allows('fe80::1'));
    assert.ok(a.allows('192.0.2.7'));
    assert.ok(!a.allows('192.0.2.8'));
    assert.ok(a.allows('::1'));
    assert.ok(a.allows('::ffff:10.9.9.9'), 'IPv4-mapped');
    assert.ok(a.allows('redis.internal'));
    assert.ok(!a.allows('redis.internal.evil.example'));
  });
  test('empty: everything; bad entries are reported, not guessed', () => {
    assert.ok(new AllowList([]).allows('203.0.113.1'));
    const bad = new AllowList(['10.0.0.0/33', 'not an address', '1.2.3.4/x']);
    assert.equal(bad.errors.length, 3);
    assert.ok(!bad.empty, 'a pin that cannot be read fails closed');
    assert.ok(!bad.allows('10.0.0.1'));
  });
});
