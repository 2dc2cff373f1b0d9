/**
 * The rest of the guidance's monitoring list (health/resources.ts), judged
 * from recorded INFO replies (test/fixtures/replies, Redis 7.0.15) with the
 * fields under test rewritten: memory against maxmemory or the host,
 * fragmentation and swapping, clients near maxclients and rejected
 * connections, fork stalls and LATENCY LATEST, resync churn, backup age
 * (reconciled with rdb-stale), AOF growth, a replica's lag in seconds from
 * slave_read_repl_offset, and a first full sync shown as syncing. Each rule
 * quiet at its threshold and firing past it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assessNode, type NodeContext } from '../../health/assess';
import type { NodeFacts } from '../../health/probe';
import { parseInfo } from '../../health/replies';
import { describeResources } from '../../health/report';
import { counterSample, LATENCY_EVENTS, parseLatencyLatest, rise, type LatencyEntry } from '../../health/resources';
import { DEFAULT_THRESHOLDS, normalizeThresholds, type Thresholds } from '../../health/settings';
import { reply } from '../support/replies';

const T = { ...DEFAULT_THRESHOLDS };
const MiB = 1024 * 1024;
const NEW_CODES = [
  'replica-behind-seconds',
  'resync-churn',
  'backup-stale',
  'aof-growth',
  'memory-high',
  'memory-fragmented',
  'memory-swapping',
  'clients-near-max',
  'clients-rejected',
  'fork-slow',
  'latency-spike',
];

/** A recorded INFO reply with some fields replaced (or added). */
function infoText(name: string, fields: Record<string, string | number> = {}): string {
  let text = reply(name) as string;
  for (const [k, v] of Object.entries(fields)) {
    const re = new RegExp(`^${k}:.*$`, 'm');
    text = re.test(text) ? text.replace(re, `${k}:${v}`) : `${text}${k}:${v}\r\n`;
  }
  return text;
}

interface Extra {
  config?: Record<string, string>;
  previous?: NodeFacts['previous'];
  latency?: LatencyEntry[];
  at?: number;
}

function facts(name: string, port: number, fields: Record<string, string | number> = {}, extra: Extra = {}): NodeFacts {
  const info = parseInfo(infoText(name, fields));
  return { address: `127.0.0.1:${port}`, host: '127.0.0.1', port, ok: true, at: extra.at ?? 0, mode: 'standalone', info, ...extra };
}

/** The recorded replica's primary, at the port the replica names. */
const PRIMARY_PORT = Number((reply('info-replica.txt') as string).match(/master_port:(\d+)/)![1]);
const primary = (fields: Record<string, string | number> = {}, extra: Extra = {}) => facts('info-primary.txt', PRIMARY_PORT, fields, extra);
const ctx = (t: Partial<Thresholds> = {}, c: Partial<NodeContext> = {}): NodeContext => ({
  connection: 'c',
  thresholds: { ...T, ...t },
  ...c,
});
const codes = (f: NodeFacts, t: Partial<Thresholds> = {}, c: Partial<NodeContext> = {}) =>
  assessNode(f.address, f, ctx(t, c)).problems.map((p) => `${p.code}:${p.level}`);
const newCodes = (f: NodeFacts, t: Partial<Thresholds> = {}, c: Partial<NodeContext> = {}) =>
  codes(f, t, c).filter((x) => NEW_CODES.includes(x.split(':')[0]));

/** INFO's server clock of the recorded primary, in seconds. */
const SERVER_NOW = Math.round(Number((reply('info-primary.txt') as string).match(/server_time_usec:(\d+)/)![1]) / 1e6);

describe('the recorded healthy nodes', () => {
  test('a primary and a replica of a fresh group: none of these findings, and the facts are there', () => {
    const p = primary();
    const st = assessNode(p.address, p, ctx());
    assert.deepEqual(newCodes(p), []);
    assert.equal(st.resources?.memoryLimitSource, 'system', 'maxmemory 0: against total_system_memory');
    assert.equal(st.resources?.memoryLimit, 25276502016);
    assert.equal(st.resources?.fragmentationRatio, 10.15, 'a ratio of 10 on 12 MiB RSS: ignored below the RSS floor');
    assert.equal(st.resources?.latestForkMs, 0.3);
    const r = facts('info-replica.txt', 2);
    assert.deepEqual(newCodes(r, {}, { upstream: p, upstreamWriteRate: 100 }), []);
    assert.equal(assessNode(r.address, r, ctx({}, { upstream: p, upstreamWriteRate: 100 })).replication?.behindSeconds, 0);
  });
});

describe('memory', () => {
  const used = (usedMemory: number, max: number, extra: Record<string, string | number> = {}, config?: Record<string, string>) =>
    primary({ used_memory: usedMemory, maxmemory: max, ...extra }, { config });
  test('against maxmemory: quiet below 70 %, a warning from 70 %, an error from 90 %, the policy named', () => {
    assert.deepEqual(newCodes(used(69.9 * MiB, 100 * MiB)), []);
    assert.deepEqual(newCodes(used(70 * MiB, 100 * MiB)), ['memory-high:warning']);
    assert.deepEqual(newCodes(used(89.9 * MiB, 100 * MiB)), ['memory-high:warning']);
    assert.deepEqual(newCodes(used(90 * MiB, 100 * MiB)), ['memory-high:error']);
    const st = assessNode(`127.0.0.1:${PRIMARY_PORT}`, used(95 * MiB, 100 * MiB, {}, { 'maxmemory-policy': 'noeviction' }), ctx());
    assert.match(
      st.problems.find((p) => p.code === 'memory-high')!.message,
      /95% of maxmemory 100\.0 MiB .*noeviction: at the limit writes fail with OOM/,
    );
    assert.match(describeResources(st), /mem 95% of maxmemory 100\.0 MiB/);
  });
  test('without maxmemory: against total_system_memory; without either, no verdict', () => {
    assert.deepEqual(newCodes(used(80 * MiB, 0, { total_system_memory: 100 * MiB })), ['memory-high:warning']);
    const msg = assessNode(`127.0.0.1:${PRIMARY_PORT}`, used(95 * MiB, 0, { total_system_memory: 100 * MiB }), ctx()).problems[0].message;
    assert.match(msg, /of the host memory .*no maxmemory is set/);
    const none = used(95 * MiB, 0, { total_system_memory: 0 });
    assert.deepEqual(newCodes(none), []);
    assert.equal(assessNode(`127.0.0.1:${PRIMARY_PORT}`, none, ctx()).resources?.memoryPercent, undefined);
  });
  test('fragmentation: above 1.5 a warning, below 1.0 swapping, both ignored below the RSS floor', () => {
    const frag = (ratio: number, rss: number) => newCodes(primary({ mem_fragmentation_ratio: ratio, used_memory_rss: rss }));
    assert.deepEqual(frag(1.5, 200 * MiB), []);
    assert.deepEqual(frag(1.51, 200 * MiB), ['memory-fragmented:warning']);
    assert.deepEqual(frag(1.51, T.fragmentationMinRssBytes - 1), []);
    assert.deepEqual(frag(1, 200 * MiB), []);
    assert.deepEqual(frag(0.8, 200 * MiB), ['memory-swapping:warning']);
    assert.deepEqual(frag(0.8, 10 * MiB), []);
    assert.deepEqual(newCodes(primary(), { fragmentationMinRssBytes: 0 }), ['memory-fragmented:warning'], 'the recorded ratio of 10');
  });
});

describe('clients and stalls', () => {
  test('connected_clients from 90 % of maxclients (CONFIG) is a warning; without CONFIG no verdict', () => {
    const c = (n: number, maxclients?: string) =>
      newCodes(primary({ connected_clients: n }, { config: maxclients ? { maxclients } : undefined }));
    assert.deepEqual(c(8999, '10000'), []);
    assert.deepEqual(c(9000, '10000'), ['clients-near-max:warning']);
    assert.deepEqual(c(9000), []);
  });
  test('rejected_connections: a rise since the previous refresh, not across a restart or a CONFIG RESETSTAT', () => {
    const before = counterSample(primary({ rejected_connections: 3 }).info!, 0);
    const now = (n: number, runId?: string) =>
      primary({ rejected_connections: n, ...(runId ? { run_id: runId } : {}) }, { previous: before, at: 5000 });
    assert.deepEqual(newCodes(now(3)), []);
    assert.deepEqual(newCodes(now(5)), ['clients-rejected:warning']);
    assert.equal(assessNode(`127.0.0.1:${PRIMARY_PORT}`, now(5), ctx()).resources?.rejectedSinceLast, 2);
    assert.deepEqual(newCodes(now(5, 'another-run')), []);
    assert.deepEqual(newCodes(now(1)), []);
    assert.deepEqual(newCodes(primary({ rejected_connections: 5 })), [], 'no previous refresh');
    assert.equal(rise(undefined, counterSample(now(5).info!, 1), 'rejected'), undefined);
  });
  test('latest_fork_usec above the threshold', () => {
    assert.deepEqual(newCodes(primary({ latest_fork_usec: 500_000 })), []);
    assert.deepEqual(newCodes(primary({ latest_fork_usec: 600_000 })), ['fork-slow:warning']);
  });
  test('LATENCY LATEST: a recent event at the threshold warns; an old or fast one does not', () => {
    const ev = (ageSeconds: number, latestMs: number): LatencyEntry => ({
      event: 'command',
      at: SERVER_NOW - ageSeconds,
      latestMs,
      maxMs: 900,
    });
    assert.deepEqual(newCodes(primary({}, { latency: [ev(10, 100)] })), ['latency-spike:warning']);
    assert.deepEqual(newCodes(primary({}, { latency: [ev(10, 99)] })), []);
    assert.deepEqual(newCodes(primary({}, { latency: [ev(301, 500)] })), []);
    assert.deepEqual(newCodes(primary({}, { latency: [] })), []);
    const st = assessNode(`127.0.0.1:${PRIMARY_PORT}`, primary({}, { latency: [ev(10, 150)] }), ctx());
    assert.deepEqual(st.resources?.latency, [{ event: 'command', latestMs: 150, maxMs: 900, ageSeconds: 10 }]);
  });
  test('LATENCY LATEST replies are bounded: entries, name length, odd shapes', () => {
    const many = Array.from({ length: 1000 }, (_, i) => [`event-${i}`, '1700000000', '5', '7']);
    assert.equal(parseLatencyLatest(many).length, LATENCY_EVENTS);
    const odd = parseLatencyLatest([['x'.repeat(10_000), 1, 2, 3], 'nope', [1, 2], [['nested'], 1, 2, 3], ['ok', 'NaN', 1, 1]]);
    assert.deepEqual(
      odd.map((e) => e.event.length),
      [64],
    );
    assert.deepEqual(parseLatencyLatest('garbage'), []);
    assert.deepEqual(parseLatencyLatest(new Error('NOPERM')), []);
  });
});

describe('replication churn and lag', () => {
  test('sync_full or sync_partial_err rising between refreshes: resync-churn on the primary', () => {
    const before = counterSample(primary({ sync_full: 2, sync_partial_err: 0 }).info!, 0);
    const now = (full: number, err: number) => primary({ sync_full: full, sync_partial_err: err }, { previous: before, at: 5000 });
    assert.deepEqual(newCodes(now(2, 0)), []);
    assert.deepEqual(newCodes(now(3, 0)), ['resync-churn:warning']);
    assert.deepEqual(newCodes(now(2, 1)), ['resync-churn:warning']);
    const st = assessNode(`127.0.0.1:${PRIMARY_PORT}`, now(4, 1), ctx());
    assert.deepEqual([st.replication?.fullSyncsSinceLast, st.replication?.partialSyncErrSinceLast], [2, 1]);
  });
  test('seconds behind from slave_read_repl_offset over the write rate: warning and error past the thresholds', () => {
    const p = primary({ master_repl_offset: 100_000 });
    const behind = (bytes: number, link = 'up') =>
      facts('info-replica.txt', 2, {
        slave_read_repl_offset: 100_000 - bytes,
        slave_repl_offset: 100_000 - bytes,
        master_link_status: link,
      });
    const at = (bytes: number, rate: number | undefined, link = 'up') =>
      newCodes(behind(bytes, link), {}, { upstream: p, upstreamWriteRate: rate });
    assert.deepEqual(at(5000, 1000), [], '5 s: at the warning threshold');
    assert.deepEqual(at(6000, 1000), ['replica-behind-seconds:warning']);
    assert.deepEqual(at(31_000, 1000), ['replica-behind-seconds:error']);
    assert.deepEqual(at(31_000, undefined), [], 'no rate, no seconds');
    const st = assessNode('127.0.0.1:2', behind(31_000), ctx({}, { upstream: p }));
    assert.deepEqual([st.replication?.readLagBytes, st.replication?.behindSeconds], [31_000, undefined]);
    assert.ok(!at(31_000, 1000, 'down').includes('replica-behind-seconds:error'), 'a link down is judged as such');
    assert.match(
      describeResources(assessNode('127.0.0.1:2', behind(6000), ctx({}, { upstream: p, upstreamWriteRate: 1000 }))),
      /behind 6 s/,
    );
  });
  test('a replica in its first full sync (master_sync_in_progress:1) is syncing, not down', () => {
    const r = facts('info-replica.txt', 2, {
      master_link_status: 'down',
      master_sync_in_progress: 1,
      master_sync_total_bytes: 1000,
      master_sync_read_bytes: 250,
    });
    const st = assessNode(r.address, r, ctx());
    assert.equal(st.state, 'syncing');
    assert.deepEqual(
      st.problems.map((p) => p.code),
      ['replica-syncing'],
    );
    assert.match(st.problems[0].message, /25% of 1000 B/);
  });
});

describe('persistence', () => {
  const HOUR = 3600;
  const aged = (ageSeconds: number, fields: Record<string, string | number> = {}, save = '3600 1') =>
    primary({ rdb_last_save_time: SERVER_NOW - ageSeconds, ...fields }, { config: { save } });
  test('backup age: older than 48 h an error, with or without AOF; rdb-stale below it, never both', () => {
    assert.deepEqual(newCodes(aged(47 * HOUR)), []);
    assert.deepEqual(codes(aged(47 * HOUR, { rdb_changes_since_last_save: 5 })), ['rdb-stale:warning']);
    assert.deepEqual(codes(aged(49 * HOUR, { rdb_changes_since_last_save: 5 })), ['backup-stale:error']);
    assert.deepEqual(codes(aged(49 * HOUR, { aof_enabled: 1, aof_current_size: 0, aof_base_size: 0 }, '')), ['backup-stale:error']);
    assert.deepEqual(codes(aged(49 * HOUR, {}, '')), [], 'no persistence at all: a cache by configuration');
    assert.deepEqual(newCodes(aged(10, {}, '')), [], 'a threshold lowered: still quiet without persistence');
    assert.deepEqual(newCodes(aged(10), { backupMaxAgeSeconds: 5 }), ['backup-stale:error']);
  });
  test('AOF growth: a warning only far past the size at which a rewrite was due, the cause named', () => {
    const aof = (current: number, base: number, fields: Record<string, string | number> = {}, config: Record<string, string> = {}) =>
      primary({ aof_enabled: 1, aof_current_size: current, aof_base_size: base, rdb_last_save_time: SERVER_NOW, ...fields }, { config });
    // base 100 MiB, auto-aof-rewrite-percentage 100: due at 200 MiB; a warning from 2 × 200 MiB
    assert.deepEqual(newCodes(aof(399 * MiB, 100 * MiB)), []);
    assert.deepEqual(newCodes(aof(400 * MiB, 100 * MiB)), ['aof-growth:warning']);
    assert.deepEqual(newCodes(aof(400 * MiB, 100 * MiB, { aof_rewrite_in_progress: 1 })), [], 'a rewrite is running');
    assert.deepEqual(newCodes(aof(100 * MiB, 0)), [], 'below 2 × auto-aof-rewrite-min-size (64 MiB)');
    const msg = (fields: Record<string, string | number>, config: Record<string, string> = {}) =>
      assessNode(`127.0.0.1:${PRIMARY_PORT}`, aof(400 * MiB, 100 * MiB, fields, config), ctx()).problems.find(
        (p) => p.code === 'aof-growth',
      )?.message;
    assert.match(msg({ aof_last_bgrewrite_status: 'err' })!, /the last rewrite failed/);
    assert.match(msg({}, { 'auto-aof-rewrite-percentage': '0' })!, /automatic rewrites off/);
    assert.equal(msg({}, { 'auto-aof-rewrite-percentage': '300' }), undefined, 'due at 400 MiB with 300 %');
  });
  test('AOF size and growth rate are facts, shown in the node line', () => {
    const before = counterSample(primary({ aof_current_size: 1000 }).info!, 0);
    const f = primary({ aof_enabled: 1, aof_current_size: 11_240, aof_base_size: 1000 }, { previous: before, at: 10_000 });
    const st = assessNode(`127.0.0.1:${PRIMARY_PORT}`, f, ctx());
    assert.deepEqual(
      [st.persistence?.aofCurrentSize, st.persistence?.aofBaseSize, st.persistence?.aofGrowthBytesPerSec],
      [11_240, 1000, 1024],
    );
    assert.match(describeResources(st), /aof 11\.0 KiB \(base 1000 B, \+1\.0 KiB\/s\)/);
  });
});

test('thresholds: percentages are clamped to 100, nonsense falls back to the default', () => {
  const t = normalizeThresholds({ memoryWarningPercent: 250, memoryErrorPercent: -1, clientsWarningPercent: 'x', forkWarningMs: 20 });
  assert.deepEqual(
    [t.memoryWarningPercent, t.memoryErrorPercent, t.clientsWarningPercent, t.forkWarningMs],
    [100, DEFAULT_THRESHOLDS.memoryErrorPercent, DEFAULT_THRESHOLDS.clientsWarningPercent, 20],
  );
});
