/**
 * The replication assessment of one node from the INFO it and its primary
 * print: each finding at its threshold (quiet) and past it (firing), for a
 * replica (link, offset lag, ACK lag, wrong primary) and for a primary
 * (unexpected primary, min-replicas-to-write, backlog against the write rate).
 * The live level (test/live) sees the same findings from real servers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assessNode, type NodeContext } from '../../health/assess';
import type { NodeFacts } from '../../health/probe';
import { parseInfo } from '../../health/replies';
import { DEFAULT_THRESHOLDS } from '../../health/settings';

const T = { ...DEFAULT_THRESHOLDS };
const ctx: NodeContext = { connection: 'c', thresholds: T };
const PRIMARY = '127.0.0.1:1';
const REPLICA = '127.0.0.1:2';

function node(port: number, info: Record<string, string | number>, config?: Record<string, string>): NodeFacts {
  const text = Object.entries(info)
    .map(([k, v]) => `${k}:${v}`)
    .join('\r\n');
  const parsed = parseInfo(`${text}\r\n`);
  return { address: `127.0.0.1:${port}`, host: '127.0.0.1', port, ok: true, at: 0, mode: 'standalone', info: parsed, config };
}

/** A replica in sync at `offset`, its primary at `primaryOffset` listing it with `lag` seconds. */
interface PairOptions {
  offset?: number;
  primaryOffset?: number;
  backlog?: number;
  lag?: number;
  lastIo?: number;
  state?: string;
}

function replicaOf(opts: PairOptions = {}) {
  const { offset = 1000, primaryOffset = 1000, backlog = 1024 ** 3, lag = 0, lastIo = 1, state = 'online' } = opts;
  const primary = node(1, {
    role: 'master',
    connected_slaves: 1,
    slave0: `ip=127.0.0.1,port=2,state=${state},offset=${offset},lag=${lag}`,
    master_repl_offset: primaryOffset,
    repl_backlog_size: backlog,
  });
  const replica = node(2, {
    role: 'slave',
    master_host: '127.0.0.1',
    master_port: 1,
    master_link_status: 'up',
    master_last_io_seconds_ago: lastIo,
    master_sync_in_progress: 0,
    slave_repl_offset: offset,
  });
  return { replica, primary };
}
const codes = (f: NodeFacts, c: Partial<NodeContext> = {}) =>
  assessNode(f.address, f, { ...ctx, ...c }).problems.map((p) => `${p.code}:${p.level}`);

describe('a replica', () => {
  test('in sync, heard from recently, listed online: no finding, and the facts are kept', () => {
    const { replica, primary } = replicaOf();
    const st = assessNode(REPLICA, replica, { ...ctx, upstream: primary, groupPrimary: PRIMARY });
    assert.deepEqual(st.problems, []);
    const r = st.replication;
    assert.deepEqual([r?.primary, r?.linkStatus, r?.offsetLagBytes, r?.stateAtPrimary, r?.lagSeconds], [PRIMARY, 'up', 0, 'online', 0]);
  });

  test('bytes behind: at the thresholds quiet, past them a warning then an error, past the backlog its own finding', () => {
    const at = (behind: number, backlog?: number) => {
      const { replica, primary } = replicaOf({ offset: 1000, primaryOffset: 1000 + behind, backlog });
      return codes(replica, { upstream: primary });
    };
    assert.deepEqual(at(T.replicaLagBytesWarning), []);
    assert.deepEqual(at(T.replicaLagBytesWarning + 1), ['replica-lag-bytes:warning']);
    assert.deepEqual(at(T.replicaLagBytesError), ['replica-lag-bytes:warning']);
    assert.deepEqual(at(T.replicaLagBytesError + 1), ['replica-lag-bytes:error']);
    assert.deepEqual(at(2048, 1024), ['replica-beyond-backlog:error']);
    const { replica, primary } = replicaOf({ offset: 5000, primaryOffset: 1000 });
    assert.equal(assessNode(REPLICA, replica, { ...ctx, upstream: primary }).replication?.offsetLagBytes, 0, 'never negative');
  });

  test('seconds since the last ACK, as the primary lists it: only for an online replica', () => {
    const at = (lag: number, state = 'online') => {
      const { replica, primary } = replicaOf({ lag, state });
      return codes(replica, { upstream: primary });
    };
    assert.deepEqual(at(T.replicaLagSecondsWarning), []);
    assert.deepEqual(at(T.replicaLagSecondsWarning + 1), ['replica-lag-seconds:warning']);
    assert.deepEqual(at(T.replicaLagSecondsError + 1), ['replica-lag-seconds:error']);
    assert.deepEqual(at(T.replicaLagSecondsError + 1, 'send_bulk'), [], 'a replica still loading its copy has no ACK lag');
  });

  test("silent link, and a primary that is not the group's", () => {
    const { replica, primary } = replicaOf({ lastIo: T.lastIoSecondsWarning + 1 });
    assert.deepEqual(codes(replica, { upstream: primary }), ['replica-last-io:warning']);
    assert.deepEqual(codes(replicaOf({ lastIo: T.lastIoSecondsWarning }).replica), []);
    const fine = replicaOf().replica;
    assert.deepEqual(codes(fine, { groupPrimary: '127.0.0.1:9' }), ['replica-wrong-primary:warning']);
    const chained = codes(fine, { groupPrimary: '127.0.0.1:9', groupMembers: new Set([PRIMARY]) });
    assert.deepEqual(chained, [], 'chained from a member of the group');
  });
});

describe('a primary', () => {
  const primary = (info: Record<string, string | number> = {}, config?: Record<string, string>) =>
    node(
      1,
      {
        role: 'master',
        connected_slaves: 1,
        slave0: 'ip=127.0.0.1,port=2,state=online,offset=0,lag=0',
        repl_backlog_size: 1024 * 1024,
        ...info,
      },
      config,
    );

  test('where the group expects a replica: split brain, or a warning while Sentinel fails over', () => {
    assert.deepEqual(codes(primary(), { groupPrimary: PRIMARY }), []);
    assert.deepEqual(codes(primary(), { groupPrimary: REPLICA }), ['unexpected-primary:error']);
    assert.deepEqual(codes(primary(), { groupPrimary: REPLICA, failoverInProgress: true }), ['unexpected-primary:warning']);
  });

  test('min-replicas-to-write: headroom quiet, exactly met a warning, unmet an error', () => {
    const config = (n: string) => ({ 'min-replicas-to-write': n, 'min-replicas-max-lag': '10' });
    const withMin = (n: string, good?: number) => codes(primary(good === undefined ? {} : { min_slaves_good_slaves: good }, config(n)));
    assert.deepEqual(withMin('0'), []);
    assert.deepEqual(withMin('1', 2), []);
    assert.deepEqual(withMin('1'), ['min-replicas-no-headroom:warning'], 'counted from the replica list when INFO has no count');
    assert.deepEqual(withMin('2', 1), ['min-replicas-unmet:error']);
    const st = assessNode(PRIMARY, primary({ min_slaves_good_slaves: 1 }, config('2')), ctx);
    assert.deepEqual([st.replication?.minReplicasToWrite, st.replication?.minReplicasMaxLag, st.replication?.goodReplicas], [2, 10, 1]);
  });

  test('the backlog against the write rate: short only with replicas to resync, no rate no verdict', () => {
    const oneMiB = 1024 * 1024;
    const rate = (writeRate: number | undefined, info: Record<string, string | number> = {}) => {
      const st = assessNode(PRIMARY, primary(info), { ...ctx, writeRate });
      return [st.problems.map((p) => p.code), st.replication?.backlogCoversSeconds, st.replication?.writeRateBytesPerSec];
    };
    assert.deepEqual(rate(oneMiB / T.backlogMinSeconds), [[], T.backlogMinSeconds, Math.round(oneMiB / T.backlogMinSeconds)]);
    assert.deepEqual(rate(oneMiB / 10), [['backlog-short'], 10, Math.round(oneMiB / 10)]);
    assert.deepEqual(rate(oneMiB / 10, { connected_slaves: 0 }), [[], 10, Math.round(oneMiB / 10)]);
    assert.deepEqual(rate(0), [[], undefined, 0]);
    assert.deepEqual(rate(undefined), [[], undefined, undefined]);
  });
});
