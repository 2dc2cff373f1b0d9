/**
 * Hold-downs and flapping with an injected clock: a condition is pending
 * (a warning, with its `pending` times) until its hold-down has elapsed, one
 * present at the first reading takes its level at once, one that clears is
 * forgotten; a group is flapping from 3 changes within 2 minutes spread over
 * both minutes, one failover with its role and link changes is one change,
 * and the finding clears after 2 quiet minutes. The quiet cases first-class:
 * a single failover, 2 changes, a short link outage.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addFlapping, FLAPPING, flappingGroups, groupChanges } from '../../health/flapping';
import { HoldDowns, PENDING_LEVEL } from '../../health/holddown';
import { renderMetrics } from '../../health/metrics';
import { DEFAULT_THRESHOLDS, MAX_HOLD_DOWN_SECONDS, normalizeThresholds, thresholdIssues } from '../../health/settings';
import type { ConnectionStatus, GroupStatus, Problem, Snapshot, TimelineEvent } from '../../health/types';

const S = 1000;
const T0 = Date.UTC(2026, 11, 6, 3, 0, 0);
const linkDown: Problem = { code: 'replica-link-down', level: 'error', message: 'no link to its primary 127.0.0.1:6379' };
const pfail: Problem = { code: 'cluster-slots-pfail', level: 'warning', message: '5461 slot(s) belong to a node suspected down (PFAIL)' };
const lag: Problem = { code: 'replica-lag-bytes', level: 'warning', message: 'behind by 2 MiB' };

/** One refresh of a replica and a cluster at `at`, with the findings given; returns what the hold-downs make of them. */
function refresh(h: HoldDowns, at: number, node: Problem[], cluster: Problem[] = [], t = DEFAULT_THRESHOLDS) {
  h.begin(at, t);
  const out = { node: h.apply('127.0.0.1:6380', node), cluster: h.apply('c/cluster', cluster) };
  h.end();
  return out;
}

describe('hold-downs', () => {
  test('a link that goes down is pending (a warning) until the hold-down, then an error', () => {
    const h = new HoldDowns();
    assert.deepEqual(refresh(h, T0, []).node, []);
    let r = refresh(h, T0 + 5 * S, [linkDown, lag]);
    assert.equal(r.node.length, 2);
    assert.equal(r.node[0].level, PENDING_LEVEL);
    assert.deepEqual(r.node[0].pending, { since: T0 + 5 * S, until: T0 + 125 * S, level: 'error' });
    assert.equal(r.node[0].message, `pending for 0 s, error after 2 min: ${linkDown.message}`);
    assert.deepEqual(r.node[1], lag, 'a finding without hold-down is unchanged');
    r = refresh(h, T0 + 45 * S, [linkDown]);
    assert.equal(r.node[0].message, `pending for 40 s, error after 2 min: ${linkDown.message}`);
    assert.equal(r.node[0].level, 'warning');
    r = refresh(h, T0 + 124 * S, [linkDown]);
    assert.ok(r.node[0].pending, 'still pending 1 s before the hold-down elapses');
    r = refresh(h, T0 + 125 * S, [linkDown]);
    assert.deepEqual(r.node[0], linkDown, 'the full level once the hold-down has elapsed');
  });

  test('a link down 30 s and back never becomes an error; the next outage starts a new hold-down', () => {
    const h = new HoldDowns();
    refresh(h, T0, []);
    for (let s = 5; s <= 30; s += 5) {
      const r = refresh(h, T0 + s * S, [linkDown]);
      assert.equal(r.node[0].level, 'warning', `at ${s} s`);
      assert.ok(r.node[0].pending);
    }
    assert.deepEqual(refresh(h, T0 + 35 * S, []).node, []);
    assert.equal(h.size, 0, 'the cleared condition is forgotten');
    // down again 100 s later: counted from then, not from the first outage
    const r = refresh(h, T0 + 135 * S, [linkDown]);
    assert.deepEqual(r.node[0].pending, { since: T0 + 135 * S, until: T0 + 255 * S, level: 'error' });
  });

  test('a condition present at the first reading takes its full level at once', () => {
    const h = new HoldDowns();
    const r = refresh(h, T0, [linkDown], [pfail]);
    assert.deepEqual(r.node, [linkDown]);
    assert.deepEqual(r.cluster, [pfail]);
    // and stays so while it lasts
    assert.deepEqual(refresh(h, T0 + 5 * S, [linkDown]).node, [linkDown]);
  });

  test('a subject not read by a refresh keeps its condition; the thresholds are read at each refresh', () => {
    const h = new HoldDowns();
    refresh(h, T0, []);
    refresh(h, T0 + 10 * S, [linkDown]);
    // a refresh in which the replica did not answer: apply() is not called for it
    h.begin(T0 + 20 * S, DEFAULT_THRESHOLDS);
    h.apply('c/cluster', []);
    h.end();
    const r = refresh(h, T0 + 40 * S, [linkDown]);
    assert.equal(r.node[0].pending?.since, T0 + 10 * S);
    const short = normalizeThresholds({ holdDownLinkDownSeconds: 20 });
    assert.deepEqual(refresh(h, T0 + 41 * S, [linkDown], [], short).node, [linkDown]);
    const none = normalizeThresholds({ holdDownPfailSeconds: 0 });
    assert.deepEqual(refresh(h, T0 + 42 * S, [], [pfail], none).cluster, [pfail], '0: no hold-down');
  });

  test('PFAIL is a pending warning for 5 min, then the warning itself', () => {
    const h = new HoldDowns();
    refresh(h, T0, [], []);
    let r = refresh(h, T0 + S, [], [pfail]);
    assert.equal(r.cluster[0].level, 'warning');
    assert.deepEqual(r.cluster[0].pending, { since: T0 + S, until: T0 + 301 * S, level: 'warning' });
    assert.match(r.cluster[0].message, /^pending for 0 s, warning after 5 min: /);
    r = refresh(h, T0 + 301 * S, [], [pfail]);
    assert.deepEqual(r.cluster, [pfail]);
  });

  test('the hold-down thresholds: defaults, clamped to a day, invalid values reported', () => {
    assert.equal(DEFAULT_THRESHOLDS.holdDownLinkDownSeconds, 120);
    assert.equal(DEFAULT_THRESHOLDS.holdDownClusterStateSeconds, 300);
    assert.equal(DEFAULT_THRESHOLDS.holdDownPfailSeconds, 300);
    assert.equal(normalizeThresholds({ holdDownLinkDownSeconds: 1e9 }).holdDownLinkDownSeconds, MAX_HOLD_DOWN_SECONDS);
    assert.equal(normalizeThresholds({ holdDownPfailSeconds: -1 }).holdDownPfailSeconds, 300);
    assert.deepEqual(
      thresholdIssues({ holdDownLinkDownSeconds: 1e9, holdDownPfailSeconds: -1, holdDownClusterStateSeconds: '60', slowReplyMs: 10 }, 'x.'),
      [
        'x.holdDownLinkDownSeconds: 1000000000 is above the maximum 86400; 86400 is used',
        'x.holdDownClusterStateSeconds: string is not a number ≥ 0; the default 300 is used',
        'x.holdDownPfailSeconds: -1 is not a number ≥ 0; the default 300 is used',
      ],
    );
    assert.deepEqual(thresholdIssues({ holdDownLinkDownSeconds: 30 }), [], 'the quiet case');
  });
});

// ---------------------------------------------------------------- flapping

const G = 'c/mymaster';
let seq = 0;
function entry(at: number, kind: string, extra: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    at,
    connection: 'c',
    group: G,
    node: `127.0.0.1:${6379 + (seq++ % 3)}`,
    kind,
    level: 'warning',
    cause: kind,
    source: 'refresh',
    ...extra,
  };
}
/** A failover as the monitor records it: the Sentinel's +switch-master (counted), then what the next refreshes see. */
function failover(at: number): TimelineEvent[] {
  return [
    entry(at, '+switch-master', { failover: true, source: 'sentinel' }),
    entry(at + 2 * S, 'primary'),
    entry(at + 2 * S, 'role'),
    entry(at + 2 * S, 'role'),
    entry(at + 7 * S, 'link', { from: 'up', to: 'down' }),
    entry(at + 12 * S, 'link', { from: 'down', to: 'up' }),
    entry(at + 12 * S, 'config-epoch'),
  ];
}

function group(): { connection: ConnectionStatus; groups: GroupStatus[] } {
  const g: GroupStatus = {
    id: G,
    connection: 'c',
    kind: 'sentinel',
    name: 'mymaster',
    health: 'ok',
    problems: [],
    replicas: [],
    sentinels: [],
  };
  const c: ConnectionStatus = { id: 'c', name: 'c', kind: 'sentinel', seeds: [], health: 'ok', problems: [], groups: [G], reachable: true };
  return { connection: c, groups: [g] };
}

describe('flapping', () => {
  test('one failover is one change, whatever roles and links it moved: never flapping', () => {
    const events = failover(T0);
    assert.deepEqual(groupChanges(events, T0 + 60 * S).get(G), [{ at: T0, failover: true }]);
    for (let s = 0; s <= 300; s += 5) assert.equal(flappingGroups(events, T0 + s * S).size, 0, `at ${s} s`);
  });

  test('2 changes in 2 minutes are not flapping; a third one 90 s after the first is', () => {
    const two = [...failover(T0), ...failover(T0 + 45 * S)];
    for (let s = 45; s <= 200; s += 5) assert.equal(flappingGroups(two, T0 + s * S).size, 0, `2 failovers, at ${s} s`);
    const three = [...two, ...failover(T0 + 90 * S)];
    assert.equal(flappingGroups(three, T0 + 89 * S).size, 0, 'before the third');
    const f = flappingGroups(three, T0 + 90 * S).get(G);
    assert.deepEqual(f, { group: G, since: T0 + 90 * S, first: T0, last: T0 + 90 * S, changes: 3, failovers: 3 });
  });

  test('3 changes within a few seconds count only once a minute has passed since the first', () => {
    const burst = [entry(T0, 'link', { to: 'down' }), entry(T0 + 5 * S, 'link', { to: 'up' }), entry(T0 + 10 * S, 'link', { to: 'down' })];
    assert.equal(flappingGroups(burst, T0 + 59 * S).size, 0);
    assert.equal(flappingGroups(burst, T0 + 60 * S).get(G)?.since, T0 + 60 * S);
    // changes 2 minutes or more apart never make a spell
    const slow = [entry(T0, 'role'), entry(T0 + 120 * S, 'role'), entry(T0 + 240 * S, 'role')];
    for (let s = 0; s <= 400; s += 10) assert.equal(flappingGroups(slow, T0 + s * S).size, 0, `at ${s} s`);
  });

  test('it clears after 2 quiet minutes; other groups and loose nodes are not counted', () => {
    const three = [...failover(T0), ...failover(T0 + 40 * S), ...failover(T0 + 80 * S)];
    assert.ok(flappingGroups(three, T0 + 80 * S).has(G));
    assert.ok(flappingGroups(three, T0 + 200 * S).has(G), '2 min after the last failover: not yet quiet long enough');
    assert.equal(flappingGroups(three, T0 + 201 * S).size, 0);
    const other = [entry(T0, 'role', { group: 'c/other' }), entry(T0 + 40 * S, 'role', { group: undefined }), entry(T0 + 70 * S, 'role')];
    assert.equal(flappingGroups(other, T0 + 100 * S).size, 0);
    // entries after `now` (a message that arrived during the refresh) are left for the next one
    assert.equal(flappingGroups(three, T0 + 79 * S).size, 0);
  });

  test('the finding: an error on the group and its connection, and redis_ha_flapping 1 (0 for a steady group)', () => {
    const b = group();
    addFlapping(failover(T0), b, T0 + 60 * S);
    assert.deepEqual(b.groups[0].problems, []);
    assert.equal(b.groups[0].health, 'ok');
    const snap = (groups: GroupStatus[]): Snapshot => ({
      at: T0,
      durationMs: 1,
      health: 'ok',
      connections: [b.connection],
      groups,
      nodes: [],
      events: [],
    });
    assert.match(renderMetrics(snap(b.groups), 'prometheus'), /^redis_ha_flapping\{connection="c",group="mymaster"\} 0$/m);
    const events = [...failover(T0), ...failover(T0 + 30 * S + 1), ...failover(T0 + 61 * S)];
    addFlapping(events, b, T0 + 90 * S);
    const [p] = b.groups[0].problems as Problem[];
    assert.equal(p.code, 'flapping');
    assert.equal(p.level, 'error');
    assert.match(p.message, /^3 role, link or primary changes \(3 failovers\) in 61 s, the last 29 s ago: .* 2 min without a change$/);
    assert.equal(b.groups[0].health, 'error');
    assert.equal(b.connection.health, 'error');
    assert.match(renderMetrics(snap(b.groups), 'prometheus'), /^redis_ha_flapping\{connection="c",group="mymaster"\} 1$/m);
    assert.equal(FLAPPING.minChanges, 3);
  });
});
