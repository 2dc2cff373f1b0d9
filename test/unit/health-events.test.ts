/**
 * The Sentinel message parser (bounded, malformed and unknown messages
 * ignored) and the timeline: the ring's bound, the failover summary, and the
 * --history file (bounded read, corrupt lines, a path that is not a file).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EVENT_LIMITS, parseSentinelMessage } from '../../health/events';
import { appendHistory, HISTORY_LIMITS, HistoryError, readHistory, Timeline } from '../../health/timeline';
import type { TimelineEvent } from '../../health/types';

test('Sentinel messages: both formats, levels', () => {
  assert.deepEqual(parseSentinelMessage('+switch-master', 'mymaster 127.0.0.1 6379 127.0.0.1 6380'), {
    kind: '+switch-master',
    level: 'warning',
    master: 'mymaster',
    node: '127.0.0.1:6380',
    from: '127.0.0.1:6379',
    to: '127.0.0.1:6380',
  });
  const odown = parseSentinelMessage('+odown', 'master mymaster 127.0.0.1 6379 #quorum 2/2');
  assert.equal(odown?.master, 'mymaster');
  assert.equal(odown?.detail, '#quorum 2/2');
  assert.equal(odown?.level, 'info');
  const replica = parseSentinelMessage('+sdown', 'slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379');
  assert.equal(replica?.type, 'slave');
  assert.equal(replica?.master, 'mymaster');
  assert.equal(replica?.node, '127.0.0.1:6380');
  assert.equal(parseSentinelMessage('-failover-abort-not-elected', 'master mymaster 127.0.0.1 6379')?.level, 'error');
  assert.equal(parseSentinelMessage('+tilt', '#tilt mode entered')?.kind, '+tilt');
});

test('Sentinel messages: unknown, malformed and oversized ones are ignored', () => {
  assert.equal(parseSentinelMessage('+slave', 'slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379'), undefined);
  assert.equal(parseSentinelMessage('+switch-master', 'mymaster 127.0.0.1 6379 127.0.0.1'), undefined);
  assert.equal(parseSentinelMessage('+switch-master', 'mymaster 127.0.0.1 99999 127.0.0.1 6380'), undefined);
  assert.equal(parseSentinelMessage('+sdown', 'slave x 127.0.0.1 6380'), undefined);
  assert.equal(parseSentinelMessage('+sdown', 'bogus mymaster 127.0.0.1 6379'), undefined);
  assert.equal(parseSentinelMessage('+sdown', `master ${'m'.repeat(EVENT_LIMITS.message)} 127.0.0.1 6379`), undefined);
  assert.equal(parseSentinelMessage('+sdown', `master m 127.0.0.1 6379${' x'.repeat(EVENT_LIMITS.fields)}`), undefined);
  assert.equal(parseSentinelMessage('+tilt', 'anything'), undefined);
  assert.equal(parseSentinelMessage(42, 'x'), undefined);
  assert.equal(parseSentinelMessage('+sdown', 'master m\x1b[2J 127.0.0.1 6379'), undefined);
});

const ev = (at: number, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  at,
  connection: 'c',
  group: 'c/g',
  kind: 'health',
  level: 'info',
  cause: `entry ${at}`,
  source: 'refresh',
  ...extra,
});

test('the ring keeps the newest entries; the summary counts failovers of the last hour', () => {
  const t = new Timeline(5);
  for (let i = 1; i <= 12; i++) t.add(ev(i * 1000, { failover: i % 3 === 0 }));
  assert.equal(t.size, 5);
  assert.deepEqual(
    t.entries().map((e) => e.at / 1000),
    [8, 9, 10, 11, 12],
  );
  assert.equal(t.takeFresh().length, 5);
  assert.equal(t.takeFresh().length, 0);
  assert.deepEqual(t.summary(12_000), [{ group: 'c/g', last: 12_000, lastHour: 2 }]);
  assert.deepEqual(t.summary(12_000 + 3_600_000), [{ group: 'c/g', last: 12_000, lastHour: 0 }]);
  assert.deepEqual(new Timeline(5).summary(0), []);
});

test('history: appended and read back; corrupt lines reported, a directory refused, a huge file read in part', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-history-'));
  try {
    const file = join(dir, 'h.jsonl');
    assert.deepEqual(readHistory(file), { events: [], messages: [] });
    appendHistory(file, [ev(1), ev(2, { failover: true })]);
    assert.deepEqual(readHistory(file).events, [ev(1), ev(2, { failover: true })]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}not json\n{"at":"x"}\n\u0000\u0001\n`);
    const r = readHistory(file);
    assert.equal(r.events.length, 2);
    assert.deepEqual(r.messages, [`3 lines of the history ${file} are not a timeline entry and were ignored`]);
    mkdirSync(join(dir, 'd'));
    assert.throws(() => readHistory(join(dir, 'd')), HistoryError);
    assert.throws(() => appendHistory(join(dir, 'd'), [ev(1)]), HistoryError);
    const huge = join(dir, 'huge.jsonl');
    writeFileSync(huge, `${'x'.repeat(HISTORY_LIMITS.readBytes * 2)}\n${JSON.stringify(ev(5))}\n`);
    const h = readHistory(huge);
    assert.deepEqual(h.events, [ev(5)]);
    assert.match(h.messages[0], /only its last 1\.0 MiB were read/);
    // past its bound, the file is rewritten with its newest entries
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, `${JSON.stringify(ev(0, { cause: 'y'.repeat(2000) }))}\n`.repeat(Math.ceil(HISTORY_LIMITS.maxBytes / 2000)));
    appendHistory(big, [ev(9)]);
    assert.ok(statSync(big).size < HISTORY_LIMITS.readBytes + 4096);
    const kept = readHistory(big).events;
    assert.deepEqual(kept[kept.length - 1], ev(9));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
