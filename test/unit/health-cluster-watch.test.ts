/**
 * clusterTransitions (health/clusterWatch.ts): the cluster's epoch, state and
 * node failure flags between two refreshes, as timeline entries. Quiet on the
 * first refresh, on a steady cluster, and when a refresh got no view at all.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ClusterMark, clusterTransitions } from '../../health/clusterWatch';
import type { ClusterNodeView } from '../../health/replies';
import type { GroupStatus } from '../../health/types';

function group(epoch: number, state = 'ok'): GroupStatus {
  return {
    id: 'c/cluster',
    connection: 'c',
    kind: 'cluster',
    name: 'cluster',
    health: 'ok',
    problems: [],
    replicas: [],
    sentinels: [],
    cluster: { currentEpoch: epoch, state },
  };
}

function node(id: string, port: number, fail?: 'pfail' | 'fail'): ClusterNodeView {
  const n: ClusterNodeView = { id, host: '127.0.0.1', port, role: 'primary', slots: [] };
  if (fail) n.fail = fail;
  return n;
}

describe('cluster transitions', () => {
  test('the first refresh records; a steady cluster reports nothing', () => {
    const marks = new Map<string, ClusterMark>();
    const view = [node('a', 7000), node('b', 7001)];
    assert.deepEqual(clusterTransitions(marks, group(6), view, 1), []);
    assert.deepEqual(clusterTransitions(marks, group(6), view, 2), []);
  });

  test('PFAIL, then FAIL with an epoch rise, then the node back', () => {
    const marks = new Map<string, ClusterMark>();
    clusterTransitions(marks, group(6), [node('a', 7000), node('b', 7001)], 1);
    const pfail = clusterTransitions(marks, group(6), [node('a', 7000, 'pfail'), node('b', 7001)], 2);
    assert.deepEqual(
      pfail.map((e) => [e.kind, e.level, e.node, e.from, e.to]),
      [['cluster-flags', 'warning', '127.0.0.1:7000', 'none', 'pfail']],
    );
    const fail = clusterTransitions(marks, group(7, 'fail'), [node('a', 7000, 'fail'), node('b', 7001)], 3);
    assert.deepEqual(
      fail.map((e) => [e.kind, e.level, e.from, e.to]),
      [
        ['cluster-epoch', 'info', '6', '7'],
        ['cluster-state', 'error', 'ok', 'fail'],
        ['cluster-flags', 'error', 'pfail', 'fail'],
      ],
    );
    assert.match(fail[2].cause, /127\.0\.0\.1:7000 \(primary\) is failed \(FAIL: a majority of primaries agree\), was PFAIL/);
    const back = clusterTransitions(marks, group(7), [node('a', 7000), node('b', 7001)], 4);
    assert.deepEqual(
      back.map((e) => [e.kind, e.level, e.to]),
      [
        ['cluster-state', 'info', 'ok'],
        ['cluster-flags', 'info', 'none'],
      ],
    );
  });

  test('a refresh without a view keeps the flags: the node is not reported recovered', () => {
    const marks = new Map<string, ClusterMark>();
    clusterTransitions(marks, group(6), [node('a', 7000, 'fail')], 1);
    assert.deepEqual(clusterTransitions(marks, group(6), undefined, 2), []);
    assert.deepEqual(clusterTransitions(marks, group(6), [node('a', 7000, 'fail')], 3), []);
  });

  test('a new node in the view is not a change; an epoch read lower (another node answered) is not one either', () => {
    const marks = new Map<string, ClusterMark>();
    clusterTransitions(marks, group(6), [node('a', 7000)], 1);
    assert.deepEqual(clusterTransitions(marks, group(5), [node('a', 7000), node('c', 7002, 'pfail')], 2), []);
    assert.deepEqual(clusterTransitions(marks, group(6), [node('a', 7000), node('c', 7002, 'pfail')], 3), [], 'back to 6 is no rise');
  });

  test('non-cluster groups are ignored', () => {
    const marks = new Map<string, ClusterMark>();
    const g = { ...group(1), kind: 'sentinel' as const };
    assert.deepEqual(clusterTransitions(marks, g, [node('a', 7000)], 1), []);
    assert.equal(marks.size, 0);
  });
});
