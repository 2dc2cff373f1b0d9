/**
 * Hostile input to the language service (issue 11): lists built from a file
 * of any size are handled without spreading them into calls (a stack
 * overflow), without quadratic scans, and messages never quote them whole.
 * The sizes are chosen so the old code failed: a RangeError, or minutes of
 * work that the test's timeout stops.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { check, type Language } from '../../server/service';
import { MAX_RELATED } from '../../server/service/diag';
import { saveScheduleText, snapshotWindow } from '../../server/service/durability/model';
import { documentSymbols } from '../../server/service/navigation';
import { closest, Speller } from '../../server/service/spelling';
import { runWorkload } from '../support/workload';

const TIMEOUT = { timeout: 120_000 };

function analyze(text: string, language: Language = 'redis-conf', version?: string) {
  return check(text, { language, uri: 'file:///tmp/bounds/x.conf', settings: { targetVersion: version } });
}

function lines(n: number, f: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(f(i));
  return `${out.join('\n')}\n`;
}

describe('save schedules of any size', () => {
  test('150,000 save lines: no stack overflow, a bounded rdb-only message and related list', TIMEOUT, () => {
    const a = analyze(`# redis-ha: rpo=1s\n${lines(150_000, (i) => `save ${i + 2} ${i + 1}`)}`);
    const p = a.durability.model.persistence!;
    assert.equal(p.rdb.pairs.length, 150_000);
    assert.deepEqual(snapshotWindow(p.rdb), { busiest: 2, quietest: 2, fewestChanges: 1 });
    const d = a.diagnostics.find((x) => x.code === 'rdb-only');
    assert.ok(d, 'rdb-only is reported');
    assert.ok(d.message.length < 400, `message of ${d.message.length} characters`);
    assert.match(d.message, /save 2 1 3 2 .* … and 149992 more pairs/);
    assert.ok(d.relatedInformation!.length <= MAX_RELATED, `${d.relatedInformation!.length} related locations`);
    assert.match(d.relatedInformation!.at(-1)!.message, /and 149980 more such lines/);
    assert.ok(JSON.stringify(a.diagnostics).length < 20_000);
  });

  test('350,000 pairs on one line (7.0+): no stack overflow, the summary quotes a few pairs', TIMEOUT, () => {
    const pairs: string[] = [];
    for (let i = 0; i < 350_000; i++) pairs.push(`${i + 1} ${i + 1}`);
    const a = analyze(`# redis-ha: rpo=1s\nsave ${pairs.join(' ')}\n`, 'redis-conf', '7.2');
    const p = a.durability.model.persistence!;
    assert.equal(p.rdb.pairs.length, 350_000);
    assert.equal(snapshotWindow(p.rdb)!.busiest, 1);
    const d = a.diagnostics.find((x) => x.code === 'rdb-only')!;
    assert.match(d.message, /… and 349992 more pairs/);
    for (const part of a.durability.summary.parts) assert.ok(JSON.stringify(part).length < 4000);
  });

  test('a short schedule is quoted whole', () => {
    const rdb = analyze('save 900 1\nsave 60 100\n').durability.model.persistence!.rdb;
    assert.equal(saveScheduleText(rdb), 'save 900 1 60 100');
  });
});

describe('sentinel.conf lists of any size', () => {
  test('40,000 known replicas and Sentinels: duplicates found by lookup, not by a scan per line', TIMEOUT, async () => {
    const r = await runWorkload<{ replicas: number; duplicates: string[] }>('sentinel-known-instances');
    assert.equal(r.replicas, 40_000);
    assert.equal(r.duplicates.length, 2);
    assert.match(r.duplicates[0], /already listed on line 9/);
  });

  test('an unknown master among 20,000 declared ones: the message names a few, not all', TIMEOUT, () => {
    const text =
      lines(20_000, (i) => `sentinel monitor m${i} 127.0.0.1 ${1000 + i} 2`) +
      lines(2000, (i) => `sentinel down-after-milliseconds nosuch${i} 5000`);
    const a = analyze(text, 'sentinel-conf');
    const unknown = a.diagnostics.filter((d) => d.code === 'sentinel-unknown-master');
    assert.equal(unknown.length, 2000);
    assert.ok(unknown[0].message.length < 400, unknown[0].message.slice(0, 500));
    assert.match(unknown[0].message, /declared: m0, m1, .* and 19990 more/);
  });

  test('the Sentinel profile over 30,000 masters is built without a scan per master', TIMEOUT, async () => {
    const r = await runWorkload<{ actions: number; edits: number }>('sentinel-profile');
    assert.equal(r.actions, 1);
    assert.ok(r.edits >= 30_000, `${r.edits} edits`);
  });
});

describe('outline and suggestions of large files', () => {
  test('300,000 directives before the first section banner: the outline lists them all', TIMEOUT, () => {
    const a = analyze(`${lines(300_000, (i) => `maxclients ${i + 1}`)}################ NETWORK ################\nport 6379\n`);
    const symbols = documentSymbols(a, { groupBy: 'section' });
    assert.equal(symbols.length, 300_001);
  });

  test('"did you mean" is remembered per word and its total work is bounded', () => {
    const s = new Speller(['appendonly', 'appendfsync'], 4);
    assert.equal(s.closest('apendonly'), 'appendonly');
    assert.equal(s.closest('APENDONLY'), 'appendonly', 'the same word again costs nothing');
    assert.equal(s.closest('appendfsnc'), 'appendfsync');
    assert.equal(s.closest('appendfsyn'), undefined, 'the budget is spent');
    assert.equal(closest('apendonly', ['appendonly']), 'appendonly');
  });

  test('10,000 distinct misspellings: each diagnostic is made, suggestions stop after the budget', TIMEOUT, () => {
    // each word is within the edit distance of maxmemory-samples, so each would get a suggestion
    const word = (i: number) =>
      `maxmemory-sam${[0, 1, 2, 3].map((k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('')}`;
    const a = analyze(
      lines(10_000, (i) => `${word(i)} 5`),
      'redis-conf',
      '7.2',
    );
    const unknown = a.diagnostics.filter((d) => d.code === 'unknown-directive');
    assert.equal(unknown.length, 10_000);
    assert.match(unknown[0].message, /Did you mean 'maxmemory-samples'/);
    assert.ok(unknown.slice(-10).every((d) => !/Did you mean/.test(d.message)));
  });
});
