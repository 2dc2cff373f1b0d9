/**
 * The drill's timeline and its HTML report: writes counted into 100 ms
 * buckets (coarser past 3,000 of them), losses and failures in their
 * buckets, events and the failover's marks as offsets; the page escapes
 * every string from Redis and Sentinel, marks the lost writes and the events,
 * and fetches nothing. Also the editor command's pure choices: the modes a
 * primary allows, the numbers typed, the group's name typed back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confirmationError, drillOptionsOf, modeChoices, targetName, targetsOf, wholeNumberError } from '../../client/live/drillChoices';
import type { GroupStatus } from '../../health';
import { drillReportHtml, escapeHtml, timelineSvg } from '../../health/drill/html';
import { buildResult } from '../../health/drill/result';
import { BASE_BUCKET_MS, bucketWidth, buildTimeline, MAX_BUCKETS, MAX_TIMELINE_EVENTS } from '../../health/drill/timeline';
import type { DrillOptions, DrillPlan } from '../../health/drill/plan';
import type { DrillEvent } from '../../health/drill/observe';
import type { WriterLog } from '../../health/drill/writers';

const T0 = 1_700_000_000_000;
const plan = { primary: '127.0.0.1:10' };

function log(): WriterLog {
  return {
    addresses: ['127.0.0.1:10', '127.0.0.1:11'],
    attempts: 7,
    acks: [
      { writer: 0, seq: 1, at: T0 + 5, node: 0 },
      { writer: 1, seq: 1, at: T0 + 99, node: 0, waited: 1 },
      { writer: 0, seq: 2, at: T0 + 100, node: 0 },
      { writer: 0, seq: 3, at: T0 + 950, node: 0 },
      { writer: 0, seq: 4, at: T0 + 2050, node: 1 },
    ],
    failures: [
      { at: T0 + 1010, sent: T0 + 1010, error: 'refused' },
      { at: T0 + 1090, sent: T0 + 1090, error: 'refused' },
      { at: T0 + 1500, sent: T0 + 1500, error: 'refused' },
    ],
    discoveries: [],
  };
}

const events: DrillEvent[] = [
  { at: T0 - 30, sentinel: '127.0.0.1:1', kind: '+sdown', node: 'master g 127.0.0.1 10' },
  { at: T0 + 1200, sentinel: '127.0.0.1:1', kind: '+switch-master', detail: '127.0.0.1:10 -> 127.0.0.1:11' },
];

describe('drill timeline: buckets and bounds', () => {
  test('writes, waited, elsewhere, lost and failures fall in their 100 ms buckets', () => {
    const t = buildTimeline({
      plan,
      log: log(),
      lost: [false, false, false, true, false],
      events,
      startedAt: T0,
      failoverAt: T0 + 1000,
      settled: { primary: '127.0.0.1:11', at: T0 + 1800 },
    });
    assert.equal(t.bucketMs, 100);
    assert.equal(t.spanMs, 2050);
    assert.equal(t.acks.length, 21);
    assert.deepEqual(t.acks.slice(0, 2), [2, 1]);
    assert.equal(t.acks[9], 1);
    assert.equal(t.acks[20], 1);
    assert.equal(t.waited[0], 1);
    assert.equal(
      t.waited.reduce((a, b) => a + b),
      1,
    );
    assert.deepEqual(
      t.elsewhere.map((v, i) => (v ? i : -1)).filter((i) => i >= 0),
      [20],
    );
    assert.deepEqual(
      t.lost.map((v, i) => (v ? i : -1)).filter((i) => i >= 0),
      [9],
    );
    assert.equal(t.failures[10], 2);
    assert.equal(t.failures[15], 1);
    assert.equal(t.failoverAt, 1000);
    assert.equal(t.settledAt, 1800);
    assert.equal(t.newPrimary, '127.0.0.1:11');
    assert.equal(t.oldPrimary, '127.0.0.1:10');
    assert.deepEqual(
      t.events.map((e) => [e.at, e.kind]),
      [
        [-30, '+sdown'],
        [1200, '+switch-master'],
      ],
    );
  });

  test('a quiet drill (nothing written) is one empty bucket, no marks', () => {
    const t = buildTimeline({
      plan,
      log: { acks: [], failures: [], discoveries: [], addresses: [], attempts: 0 },
      events: [],
      startedAt: T0,
    });
    assert.deepEqual(t.acks, [0]);
    assert.equal(t.failoverAt, undefined);
    assert.equal(t.settledAt, undefined);
    assert.deepEqual(t.events, []);
    assert.equal(t.eventsOmitted, 0);
  });

  test('past 3,000 buckets they grow by 100 ms steps; the count stays bounded, nothing is dropped', () => {
    assert.equal(bucketWidth(0), BASE_BUCKET_MS);
    assert.equal(bucketWidth(300_000), 100);
    assert.equal(bucketWidth(300_001), 200);
    assert.equal(bucketWidth(3_600_000), 1200);
    const acks = Array.from({ length: 10_000 }, (_, i) => ({ writer: 0, seq: i, at: T0 + i * 100, node: 0 }));
    const t = buildTimeline({
      plan,
      log: { acks, failures: [], discoveries: [], addresses: ['127.0.0.1:10'], attempts: 10_000 },
      events: [],
      startedAt: T0,
    });
    assert.equal(t.bucketMs, 400);
    assert.ok(t.acks.length <= MAX_BUCKETS);
    assert.equal(
      t.acks.reduce((a, b) => a + b),
      10_000,
    );
    // an absurd time far in the future lands in the last bucket rather than growing the arrays
    const wild = buildTimeline({
      plan,
      log: { acks: [{ writer: 0, seq: 1, at: T0 + 1e12, node: 0 }], failures: [], discoveries: [], addresses: [], attempts: 1 },
      events: [],
      startedAt: T0,
    });
    assert.ok(wild.acks.length <= MAX_BUCKETS);
    assert.equal(wild.acks[wild.acks.length - 1], 1);
  });

  test('events are kept up to the limit and their text is cut', () => {
    const many: DrillEvent[] = Array.from({ length: MAX_TIMELINE_EVENTS + 7 }, (_, i) => ({
      at: T0 + i,
      sentinel: 's',
      kind: '+sdown',
      detail: 'x'.repeat(5000),
    }));
    const t = buildTimeline({ plan, log: log(), events: many, startedAt: T0 });
    assert.equal(t.events.length, MAX_TIMELINE_EVENTS);
    assert.equal(t.eventsOmitted, 7);
    assert.ok((t.events[0].detail ?? '').length <= 200);
  });
});

const fullPlan: DrillPlan = {
  id: 'abcd0123',
  kind: 'sentinel',
  rtoBasis: 'down-after-milliseconds 2000, failover-timeout 10000',
  master: 'g<b>"x"</b>',
  sentinels: ['127.0.0.1:1'],
  primary: '127.0.0.1:10',
  replicas: ['127.0.0.1:11'],
  keySpace: 'redis-ha:drill:abcd0123:*',
  downAfterMs: 2000,
  failoverTimeoutMs: 10_000,
  predictedRto: { minMs: 0, maxMs: 5000 },
  predictedRpo: 'un-WAITed writes inside the replication lag',
  commands: [],
  acl: [],
  refusals: [],
};

function result(lost: boolean[], evs: DrillEvent[]) {
  return buildResult({
    o: { mode: 'manual' } as DrillOptions,
    plan: fullPlan,
    log: log(),
    lost,
    events: evs,
    startedAt: T0,
    failoverAt: T0 + 1000,
    settled: { primary: '127.0.0.1:11', at: T0 + 1800 },
    notes: ['a note with <img src=x onerror=alert(1)>'],
    interrupted: false,
  });
}

describe('drill HTML report', () => {
  test('escapes every string from replies and events', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&\``), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
    const evil: DrillEvent[] = [
      { at: T0 + 1100, sentinel: '127.0.0.1:1', kind: '+odown"><script>alert(1)</script>', detail: '<svg onload=alert(2)>' },
    ];
    const html = drillReportHtml(result([false, false, false, true, false], evil), { nonce: 'abc123' });
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<svg onload/i);
    assert.doesNotMatch(html, /<b>/);
    assert.match(html, /g&lt;b&gt;&quot;x&quot;&lt;\/b&gt;/);
    assert.match(html, /data-kind="\+odown&quot;&gt;&lt;script&gt;/);
    // nothing is fetched: no URL but the SVG namespace, and a policy that allows only the nonce'd style
    assert.match(html, /content="default-src 'none'; style-src 'nonce-abc123'"/);
    assert.match(html, /<style nonce="abc123">/);
    const urls = html.match(/(?:https?:)?\/\/[\w.-]+/g) ?? [];
    assert.deepEqual([...new Set(urls)], ['http://www.w3.org']);
    assert.doesNotMatch(html, /<[^>]*\s(?:src|href|style|on\w+)=/i);
  });

  test('the page has the figures, the lost writes in red, the events as marks, the failover window', () => {
    const html = drillReportHtml(result([false, false, false, true, false], events), { nonce: 'n' });
    assert.match(html, /<tr data-figure="lost writes, no WAIT"><th scope="row">lost writes, no WAIT<\/th><td>1 of 4<\/td>/);
    assert.match(html, /data-figure="RTO \(writes failing\)"/);
    assert.match(html, /<path class="lost" stroke-width="[\d.]+" d="M[\d.]+ 260v-[\d.]+"\/>/);
    assert.equal((html.match(/<circle class="lost-dot"/g) ?? []).length, 1);
    assert.equal((html.match(/<g class="event" data-kind="/g) ?? []).length, 2);
    assert.match(
      html,
      /<g class="event" data-kind="\+switch-master"><title>1\.20 s 127\.0\.0\.1:1: \+switch-master 127\.0\.0\.1:10 -&gt; 127\.0\.0\.1:11<\/title>/,
    );
    assert.match(html, /<rect class="failover-window"/);
    assert.match(html, /settled: 127\.0\.0\.1:11/);
    assert.match(html, /data-old-primary="127\.0\.0\.1:10" data-new-primary="127\.0\.0\.1:11"/);
  });

  test('no loss: no red mark; no timeline: a sentence instead of a chart', () => {
    const html = drillReportHtml(result([false, false, false, false, false], []), { nonce: 'n' });
    assert.match(html, /<path class="lost" stroke-width="[\d.]+" d=""\/>/);
    assert.doesNotMatch(html, /<circle class="lost-dot"/);
    assert.match(html, /No Sentinel event was seen/);
    assert.match(timelineSvg(undefined), /No timeline was recorded/);
  });
});

describe('Run Failover Drill…: the choices', () => {
  test('crash is offered only for a loopback primary, with the reason otherwise', () => {
    assert.deepEqual(
      modeChoices('127.0.0.1:6379').choices.map((c) => c.mode),
      ['manual', 'crash'],
    );
    assert.equal(modeChoices('[::1]:6379').crashWhyNot, undefined);
    const far = modeChoices('10.0.0.5:6379');
    assert.deepEqual(
      far.choices.map((c) => c.mode),
      ['manual'],
    );
    assert.match(far.crashWhyNot ?? '', /10\.0\.0\.5:6379/);
    assert.deepEqual(
      modeChoices(undefined).choices.map((c) => c.mode),
      ['manual'],
    );
  });

  test('the name typed back must be exactly the group', () => {
    assert.equal(confirmationError('mymaster', 'mymaster'), undefined);
    for (const typed of ['', 'mymaste', 'MyMaster', ' mymaster', 'mymaster '])
      assert.match(confirmationError(typed, 'mymaster') ?? '', /Type the group's name 'mymaster' exactly/);
  });

  test('numbers within the drill limits', () => {
    assert.equal(wholeNumberError('30', 2, 300), undefined);
    assert.equal(wholeNumberError(' 5 ', 2, 300), undefined);
    for (const bad of ['1', '301', '-3', '2.5', 'ten', '', '9999999999']) assert.ok(wholeNumberError(bad, 2, 300), bad);
  });

  test('the options: the CLI defaults where nothing is asked, never more writers than writes per second', () => {
    const o = drillOptionsOf({
      sentinels: ['127.0.0.1:1'],
      master: 'g',
      auth: { username: 'u', password: 'p' },
      mode: 'manual',
      durationS: 5,
      rate: 2,
      timeoutMs: 2000,
    });
    assert.equal(o.writers, 2);
    assert.equal(o.force, false);
    assert.equal(o.maxOtherOps, 100);
    assert.deepEqual(o.auth, { username: 'u', password: 'p' });
  });

  test('the targets: every Sentinel group and every cluster shard with a primary, never a plain replication group', () => {
    const base = { health: 'ok', problems: [], replicas: [], sentinels: [], connection: 'c' } as unknown as GroupStatus;
    const shard = (slots: string, primary?: string) =>
      ({ id: slots, slots, slotCount: 1, primary, replicas: [], others: [], health: 'ok', problems: [] }) as NonNullable<
        GroupStatus['shards']
      >[number];
    const groups: GroupStatus[] = [
      { ...base, id: 'c/mymaster', kind: 'sentinel', name: 'mymaster' },
      { ...base, id: 'c/plain', kind: 'replication', name: '127.0.0.1:1' },
      { ...base, id: 'c/cluster', kind: 'cluster', name: 'cluster', shards: [shard('0-5460', '127.0.0.1:7001'), shard('5461-16383')] },
    ];
    const t = targetsOf(groups);
    assert.deepEqual(t.map(targetName), ['mymaster', '127.0.0.1:7001']);
    assert.match(modeChoices('127.0.0.1:7001', true).choices[0].detail, /^CLUSTER FAILOVER on a replica/);
    const o = drillOptionsOf({
      sentinels: [],
      cluster: ['127.0.0.1:7001'],
      auth: {},
      mode: 'manual',
      durationS: 5,
      rate: 10,
      timeoutMs: 2000,
    });
    assert.deepEqual([o.cluster, o.master], [['127.0.0.1:7001'], undefined]);
  });
});
