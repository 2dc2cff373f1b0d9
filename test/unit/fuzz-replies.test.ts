/**
 * Property tests of the reply parsers (health/replies.ts) and of the node
 * assessment that reads them (health/assess.ts): any RESP2 value (what
 * ioredis can hand over, and more) is read without an exception into output
 * bounded by LIMITS; realistic INFO / SENTINEL / CLUSTER replies read the same
 * when fields the parsers do not know are added; INFO round-trips its fields.
 * Seeds and replay: see test/support/fuzz.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assessNode } from '../../health/assess';
import type { NodeFacts } from '../../health/probe';
import {
  LIMITS,
  flatMap,
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
  replicaList,
} from '../../health/replies';
import { DEFAULT_THRESHOLDS } from '../../health/settings';
import { fc, runProperty } from '../support/fuzz';

const FILE = 'test/unit/fuzz-replies.test.ts';

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.fullUnicodeString({ maxLength: 10 }),
  fc.constantFrom(
    '',
    'ip',
    'port',
    'flags',
    'name',
    'role',
    'master',
    'slots',
    'nodes',
    'id',
    '6379',
    '-1',
    'NaN',
    '1e400',
    'slave0',
    'ip=1.2.3.4,port=1,state=online',
  ),
);
/** Any RESP2 value ioredis may return: bulk strings, integers, nil, arrays (nested), errors. */
const resp: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(new Error('ERR something')),
    fc.array(tie('value'), { maxLength: 8 }),
  ),
})).value;

// ----------------------------------------------------------------- realistic replies

const host = fc.constantFrom('127.0.0.1', '10.0.0.7', '::1', 'fe80::1%eth0', 'redis-1.example', '');
const port = fc.oneof(fc.integer({ min: 0, max: 70000 }).map(String), fc.constantFrom('x', '', '-1'));
const unknownKey = fc
  .stringMatching(/^[a-z_]{1,12}$/)
  .filter(
    (k) =>
      !/^(slave\d*|role|ip|port|state|offset|lag|flags|name|id|db\d*|keys|health|endpoint|hostname|tls-port|replication-offset|slots|nodes)$/.test(
        k,
      ),
  )
  .map((k) => `x_${k}`);
const unknownValue = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')),
  fc.integer().map(String),
);

const replicaLine = fc
  .record({ ip: host, port, state: fc.constantFrom('online', 'wait_bgsave', 'send_bulk'), offset: fc.nat(), lag: fc.nat(5) })
  .map((r) => `ip=${r.ip},port=${r.port},state=${r.state},offset=${r.offset},lag=${r.lag}`);

/** INFO with a replication section of n replicas, a keyspace, and optional unknown fields anywhere. */
const infoParts = fc.record({
  replicas: fc.oneof(
    { weight: 4, arbitrary: fc.array(replicaLine, { maxLength: 6 }) },
    { weight: 1, arbitrary: fc.integer({ min: 250, max: 700 }).chain((n) => fc.array(replicaLine, { minLength: n, maxLength: n })) },
  ),
  dbs: fc.array(fc.nat(1_000_000), { maxLength: 4 }),
  extra: fc.uniqueArray(fc.tuple(fc.constantFrom('server', 'replication', 'keyspace', 'persistence'), unknownKey, unknownValue), {
    maxLength: 6,
    selector: (e) => e[1],
  }),
  crlf: fc.boolean(),
});

function infoText(
  p: { replicas: string[]; dbs: number[]; extra: Array<[string, string, string]>; crlf: boolean },
  withExtra: boolean,
): string {
  const sections: Record<string, string[]> = {
    server: ['redis_version:7.0.15', 'redis_mode:standalone'],
    replication: [
      'role:master',
      `connected_slaves:${p.replicas.length}`,
      ...p.replicas.map((r, i) => `slave${i}:${r}`),
      'master_repl_offset:100',
    ],
    persistence: ['loading:0', 'rdb_changes_since_last_save:0'],
    keyspace: p.dbs.map((k, i) => `db${i}:keys=${k},expires=0,avg_ttl=0`),
  };
  if (withExtra) for (const [s, k, v] of p.extra) sections[s].splice(Math.min(1, sections[s].length), 0, `${k}:${v}`);
  const eol = p.crlf ? '\r\n' : '\n';
  return (
    Object.entries(sections)
      .map(([name, lines]) => [`# ${name[0].toUpperCase()}${name.slice(1)}`, ...lines].join(eol))
      .join(eol + eol) + eol
  );
}

const flatPairs = (o: Record<string, string>) => Object.entries(o).flat();
const sentinelItem = fc.record({
  name: fc.constantFrom('mymaster', '127.0.0.1:6380', 'x'),
  ip: host,
  port,
  flags: fc.constantFrom('master', 'slave', 's_down,slave', 'sentinel', ''),
});
const withUnknown = (pairs: unknown[], extra: Array<[string, string]>): unknown[] => [...pairs, ...extra.flat()];

describe('fuzz: the reply parsers', () => {
  test('any RESP value: no exception, output bounded by LIMITS', { timeout: 60_000 }, async (t) => {
    await runProperty(
      t,
      'replies total and bounded',
      fc.property(resp, (reply) => {
        const info = parseInfo(reply);
        const list = replicaList(info);
        assert.ok(list.entries.length <= LIMITS.replicas && list.entries.total >= list.entries.length);
        keyCount(info);
        flatMap(reply);
        parseConfigGet(reply);
        parseInfoList(typeof reply === 'string' ? reply : undefined);
        for (const [parse, limit] of [
          [parseSentinelMasters, LIMITS.masters],
          [parseSentinelReplicas, LIMITS.replicas],
          [parseSentinelSentinels, LIMITS.sentinels],
        ] as const) {
          const out = parse(reply);
          assert.ok(out.length <= limit && out.total >= out.length);
          for (const i of out) assert.ok(Number.isFinite(i.port) && typeof i.host === 'string' && i.host !== '');
        }
        parseCkquorum(reply);
        parseClusterInfo(reply);
        for (const view of [parseClusterShards(reply), parseClusterShards(reply, true), parseClusterNodes(reply)]) {
          assert.ok(view.nodes.length <= LIMITS.clusterNodes && view.total >= view.nodes.length);
        }
      }),
      { numRuns: 4000, timeMs: 2000 },
      FILE,
    );
  });

  test('INFO: fields round-trip; unknown fields change nothing the model reads; replicas capped and counted', {
    timeout: 60_000,
  }, async (t) => {
    await runProperty(
      t,
      'INFO parsers',
      fc.property(infoParts, (p) => {
        const plain = parseInfo(infoText(p, false));
        const extra = parseInfo(infoText(p, true));
        assert.equal(plain.fields.redis_version, '7.0.15');
        for (const [s, k, v] of p.extra) assert.equal(extra.sections[s][k], v, 'an unknown field is read as it was sent');
        const a = replicaList(plain),
          b = replicaList(extra);
        assert.deepEqual([...b.entries], [...a.entries], 'the same replicas');
        assert.equal(b.entries.total, a.entries.total);
        // an entry needs an address and a numeric port (a port outside 1–65535 is kept: probing it fails as unreachable)
        const valid = p.replicas.filter((r) => /ip=[^,]+,port=-?\d+(,|$)/.test(r)).length;
        assert.equal(a.entries.total, valid, 'every replica with an address counted');
        assert.equal(a.entries.length, Math.min(valid, LIMITS.replicas), 'at most LIMITS.replicas taken');
        assert.equal(keyCount(extra), keyCount(plain));
        assert.equal(
          keyCount(plain),
          p.dbs.reduce((x, y) => x + y, 0),
        );
        // the node assessment reads the same from both
        const facts = (info: typeof plain): NodeFacts => ({
          address: '127.0.0.1:6379',
          host: '127.0.0.1',
          port: 6379,
          ok: true,
          at: 0,
          info,
          mode: 'standalone',
        });
        const ctx = { connection: 'c', thresholds: { ...DEFAULT_THRESHOLDS } };
        const sa = assessNode('127.0.0.1:6379', facts(plain), ctx),
          sb = assessNode('127.0.0.1:6379', facts(extra), ctx);
        assert.deepEqual(
          sb.problems.map((x) => x.code),
          sa.problems.map((x) => x.code),
        );
        assert.equal(sb.health, sa.health);
      }),
      { numRuns: 600, timeMs: 3000 },
      FILE,
    );
  });

  test('SENTINEL and CLUSTER replies: unknown fields and entries ignored', { timeout: 60_000 }, async (t) => {
    const input = fc.record({
      items: fc.array(sentinelItem, { maxLength: 5 }),
      extra: fc.array(fc.tuple(unknownKey, unknownValue), { maxLength: 4 }),
      shards: fc.array(
        fc.record({
          slots: fc.array(fc.tuple(fc.nat(16383), fc.nat(16383)), { maxLength: 3 }),
          nodes: fc.array(
            fc.record({
              id: fc.hexaString({ minLength: 1, maxLength: 8 }),
              ip: host,
              port,
              role: fc.constantFrom('master', 'replica'),
              health: fc.constantFrom('online', 'fail', 'loading'),
            }),
            { maxLength: 3 },
          ),
        }),
        { maxLength: 4 },
      ),
    });
    await runProperty(
      t,
      'SENTINEL/CLUSTER parsers',
      fc.property(input, ({ items, extra, shards }) => {
        const plain = items.map((i) => flatPairs(i));
        const more = items.map((i) => withUnknown(flatPairs(i), extra));
        const strip = (xs: ReturnType<typeof parseSentinelMasters>) =>
          xs.map(({ name, host: h, port: p, flags }) => ({ name, host: h, port: p, flags }));
        assert.deepEqual(strip(parseSentinelMasters(more)), strip(parseSentinelMasters(plain)));
        assert.deepEqual(
          strip(parseSentinelReplicas([...more, 'junk', null])),
          strip(parseSentinelReplicas(plain)),
          'entries that are not maps are skipped',
        );
        const shardReply = (x: boolean) =>
          shards.map((s) =>
            withUnknown(
              ['slots', s.slots.flat().map(String), 'nodes', s.nodes.map((n) => withUnknown(flatPairs(n), x ? extra : []))],
              x ? extra : [],
            ),
          );
        assert.deepEqual(parseClusterShards(shardReply(true)), parseClusterShards(shardReply(false)));
        const nodesText = (x: boolean) =>
          shards
            .flatMap((s) => s.nodes)
            .map(
              (n, i) =>
                `${n.id} ${n.ip}:${n.port}@1${n.port} ${n.role === 'master' ? 'master' : 'slave'} - 0 0 ${i} connected${x ? ' [93-<-abc] junk' : ''} 0-100`,
            )
            .join('\n');
        assert.deepEqual(parseClusterNodes(nodesText(true)), parseClusterNodes(nodesText(false)));
      }),
      { numRuns: 800, timeMs: 2000 },
      FILE,
    );
  });
});
