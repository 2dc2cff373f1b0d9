/**
 * The charts' samples (health/series.ts): what one refresh records per group
 * (gaps for what could not be read), the ring's bound, downsampling that keeps
 * peaks and gaps, hostile figures and files, and the editor's store
 * (client/live/history.ts): one bounded file per connection, named by a hash.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { historyFile, LiveHistory } from '../../client/live/history';
import { HealthMonitor } from '../../health';
import { appendJsonLines, readJsonLines } from '../../health/jsonl';
import {
  columnsOf,
  decodeSample,
  downsample,
  MAX_FIGURE,
  MAX_POINTS,
  MAX_SERIES_REPLICAS,
  samplesOf,
  SERIES_FILE_LIMITS,
  SERIES_FORMAT,
  Series,
  type SeriesSample,
} from '../../health/series';
import type { GroupStatus, NodeStatus, Snapshot } from '../../health/types';

const group = (extra: Partial<GroupStatus> = {}): GroupStatus => ({
  id: 'c/mymaster',
  connection: 'c',
  kind: 'sentinel',
  name: 'mymaster',
  health: 'ok',
  problems: [],
  primary: '127.0.0.1:6379',
  replicas: ['127.0.0.1:6380', '127.0.0.1:6381'],
  sentinels: [],
  ...extra,
});

const node = (address: string, role: NodeStatus['role'], extra: Partial<NodeStatus> = {}): NodeStatus => ({
  address,
  connection: 'c',
  group: 'c/mymaster',
  role,
  health: 'ok',
  problems: [],
  notes: [],
  ...extra,
});

const primary = (extra: Partial<NodeStatus> = {}) =>
  node('127.0.0.1:6379', 'primary', {
    usedMemory: 2_000_000,
    maxmemory: 100_000_000,
    opsPerSec: 120,
    replication: { writeRateBytesPerSec: 5000 },
    resources: { fragmentationRatio: 1.4 },
    persistence: { aofCurrentSize: 7777 },
    ...extra,
  });

const sample = (at: number, extra: Partial<SeriesSample> = {}): SeriesSample => ({
  at,
  group: 'c/mymaster',
  writeRate: 10,
  ops: 1,
  usedMemory: 100,
  maxmemory: 0,
  fragmentation: 1.1,
  aofSize: null,
  lagBytes: { 'r:1': 0 },
  lagSeconds: { 'r:1': 0 },
  ...extra,
});

test('a refresh gives one sample per group: the primary figures and each replica lag', () => {
  const nodes = [
    primary(),
    node('127.0.0.1:6380', 'replica', { replication: { offsetLagBytes: 300, behindSeconds: 0.5, lagSeconds: 1 } }),
    node('127.0.0.1:6381', 'replica', { replication: { offsetLagBytes: 0, lagSeconds: 1 } }),
  ];
  const [s] = samplesOf([group()], nodes, 1000);
  assert.deepEqual(s, {
    at: 1000,
    group: 'c/mymaster',
    writeRate: 5000,
    ops: 120,
    usedMemory: 2_000_000,
    maxmemory: 100_000_000,
    fragmentation: 1.4,
    aofSize: 7777,
    lagBytes: { '127.0.0.1:6380': 300, '127.0.0.1:6381': 0 },
    lagSeconds: { '127.0.0.1:6380': 0.5, '127.0.0.1:6381': 0 },
  });
});

test('what a refresh could not read is a gap (null), not a zero', () => {
  const nodes = [
    primary({ health: 'unreachable' }),
    node('127.0.0.1:6380', 'replica', { health: 'unreachable', replication: { offsetLagBytes: 5 } }),
    node('127.0.0.1:6381', 'replica', { replication: { lagSeconds: 3 } }),
  ];
  const [s] = samplesOf([group()], nodes, 1);
  for (const k of ['writeRate', 'ops', 'usedMemory', 'maxmemory', 'fragmentation', 'aofSize'] as const) assert.equal(s[k], null, k);
  assert.deepEqual(s.lagBytes, { '127.0.0.1:6380': null, '127.0.0.1:6381': null });
  // no offset lag known: the age of the last ACK stands for the seconds
  assert.deepEqual(s.lagSeconds, { '127.0.0.1:6380': null, '127.0.0.1:6381': 3 });
  // no primary at all
  assert.equal(samplesOf([group({ primary: undefined, replicas: [] })], [], 1)[0].usedMemory, null);
});

test('a cluster adds its shard primaries (fragmentation: the worst) and lists every shard replica', () => {
  const shard = (id: string, p: string, r: string) => ({
    id,
    slots: id,
    slotCount: 10,
    primary: p,
    replicas: [r],
    others: [],
    health: 'ok' as const,
    problems: [],
  });
  const g = group({
    kind: 'cluster',
    primary: undefined,
    replicas: [],
    shards: [shard('0-9', 'a:1', 'b:1'), shard('10-19', 'a:2', 'b:2')],
  });
  const nodes = [
    primary({ address: 'a:1', usedMemory: 10, resources: { fragmentationRatio: 1.2 } }),
    primary({ address: 'a:2', usedMemory: 5, resources: { fragmentationRatio: 3 } }),
    node('b:1', 'replica', { replication: { offsetLagBytes: 1 } }),
  ];
  const [s] = samplesOf([g], nodes, 1);
  assert.equal(s.usedMemory, 15);
  assert.equal(s.fragmentation, 3);
  assert.equal(s.writeRate, 10_000);
  assert.deepEqual(s.lagBytes, { 'b:1': 1, 'b:2': null });
});

test('hostile figures: negative, NaN, Infinity, strings are gaps; huge ones are capped; replicas bounded', () => {
  const replicas = Array.from({ length: MAX_SERIES_REPLICAS + 10 }, (_, i) => `127.0.0.1:${7000 + i}`);
  const nodes = [
    primary({ usedMemory: -1, maxmemory: Number.NaN, opsPerSec: Number.POSITIVE_INFINITY, replication: { writeRateBytesPerSec: 1e300 } }),
    ...replicas.map((a) => node(a, 'replica', { replication: { offsetLagBytes: '12' as unknown as number } })),
  ];
  const [s] = samplesOf([group({ replicas })], nodes, 1);
  assert.equal(s.usedMemory, null);
  assert.equal(s.maxmemory, null);
  assert.equal(s.ops, null);
  assert.equal(s.writeRate, MAX_FIGURE);
  assert.equal(Object.keys(s.lagBytes).length, MAX_SERIES_REPLICAS);
  assert.ok(Object.values(s.lagBytes).every((v) => v === null));
});

test('the ring keeps the newest samples; fresh ones are handed out once; loaded ones are not fresh', () => {
  const r = new Series(100);
  r.load([sample(-1)]);
  for (let i = 0; i < 250; i++) r.add(sample(i, { group: i % 2 ? 'c/a' : 'c/b' }));
  assert.equal(r.size, 100);
  assert.deepEqual(r.entries()[0].at, 150);
  assert.deepEqual(r.entries().at(-1)?.at, 249);
  assert.equal(r.entries('c/a').length, 50);
  assert.ok(r.entries('c/a').every((s) => s.group === 'c/a'));
  const fresh = r.takeFresh();
  assert.ok(fresh.length <= 100 && fresh.at(-1)?.at === 249, `${fresh.length}`);
  assert.deepEqual(r.takeFresh(), []);
});

test('downsampling: at most MAX_POINTS points, every peak and dip kept, a long gap stays a gap, few samples untouched', () => {
  const n = 20_000;
  const samples: SeriesSample[] = [];
  for (let i = 0; i < n; i++) {
    const gap = i >= 10_000 && i < 12_000;
    samples.push(
      sample(i * 1000, {
        writeRate: gap ? null : i === 4321 ? 1e9 : i === 777 ? 0 : 50 + (i % 7),
        lagBytes: { 'r:1': i === 19_999 ? 123_456 : 1 },
      }),
    );
  }
  const c = columnsOf(samples);
  assert.deepEqual(
    c.series.map((s) => s.name),
    ['writeRate', 'ops', 'usedMemory', 'maxmemory', 'fragmentation', 'aofSize', 'lagBytes:r:1', 'lagSeconds:r:1'],
  );
  const d = downsample(c);
  assert.ok(d.t.length <= MAX_POINTS, `${d.t.length}`);
  assert.ok(d.series.every((s) => s.values.length === d.t.length));
  for (let i = 1; i < d.t.length; i++) assert.ok(d.t[i] >= d.t[i - 1], 'times stay ordered');
  const rate = d.series[0].values;
  assert.ok(rate.includes(1e9), 'the spike survives');
  assert.ok(rate.includes(0), 'the dip survives');
  assert.ok(d.series[6].values.includes(123_456), 'the last sample survives');
  // the outage: the buckets inside it are null
  const inGap = d.t.map((t, i) => [t, rate[i]] as const).filter(([t]) => t > 10_100 && t < 11_900);
  assert.ok(inGap.length > 0 && inGap.every(([, v]) => v === null));
  const few = columnsOf(samples.slice(0, 10));
  assert.equal(downsample(few), few);
});

test('sample lines: round trip; anything else, or out of bounds, is refused', () => {
  const s = sample(5, { aofSize: 9 });
  assert.deepEqual(decodeSample(SERIES_FORMAT.encode(s)), s);
  const bad = [
    'nope',
    '[]',
    '{"at":"1"}',
    JSON.stringify({ ...s, at: null }),
    JSON.stringify({ ...s, writeRate: -5 }),
    JSON.stringify({ ...s, writeRate: 'x' }),
    JSON.stringify({ ...s, lagBytes: [] }),
    JSON.stringify({ ...s, lagBytes: { a: -1 } }),
    JSON.stringify({ ...s, group: 'g'.repeat(5000) }),
    JSON.stringify({ ...s, lagBytes: Object.fromEntries(Array.from({ length: MAX_SERIES_REPLICAS + 1 }, (_, i) => [`r${i}`, 1])) }),
    `{"at":1,"group":"g","lagBytes":{},"lagSeconds":{},"x":"${'y'.repeat(SERIES_FILE_LIMITS.line)}"}`,
  ];
  for (const line of bad) assert.equal(decodeSample(line), undefined, line.slice(0, 80));
  // a missing figure reads as a gap
  assert.equal(decodeSample('{"at":1,"group":"g","lagBytes":{},"lagSeconds":{}}')?.usedMemory, null);
});

test('the sample file: bounded on append (newest kept), corrupt lines counted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-series-'));
  try {
    const file = join(dir, 's.jsonl');
    const limits = { ...SERIES_FILE_LIMITS, maxBytes: 20_000, readBytes: 16_000, keep: 50 };
    const format = { ...SERIES_FORMAT, limits };
    for (let i = 0; i < 400; i++) appendJsonLines(file, [sample(i)], format);
    assert.ok(statSync(file).size <= limits.maxBytes, `${statSync(file).size}`);
    const back = readJsonLines(file, format).records;
    assert.ok(back.length <= 50 && back.length > 10, `${back.length}`);
    assert.equal(back.at(-1)?.at, 399);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"at":1}\ngarbage\n`);
    assert.deepEqual(readJsonLines(file, format).messages.slice(-1), [
      `2 lines of the chart history ${file} are not a chart sample and were ignored`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the editor's store: one file per connection named by a hash, loaded into a new monitor once", () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-store-'));
  const warnings: string[] = [];
  const log = { warn: (m: string) => warnings.push(m) } as unknown as vscode.LogOutputChannel;
  const spec = { id: 'prod orders', name: 'prod orders', seeds: [{ host: '127.0.0.1', port: 1 }] };
  const monitor = new HealthMonitor([spec]);
  try {
    const store = new LiveHistory(join(dir, 'storage'), log);
    monitor.loadSamples(spec.id, []);
    // what a refresh would have recorded
    (monitor as unknown as { runtimes: Map<string, { series: Series }> }).runtimes.get(spec.id)?.series.add(sample(1));
    const event = {
      at: 1,
      connection: spec.id,
      group: 'prod orders/m',
      kind: '+sdown',
      level: 'info' as const,
      cause: 'x',
      source: 'sentinel' as const,
    };
    const snap = { at: 1, durationMs: 0, health: 'ok', connections: [], groups: [], nodes: [], events: [], timeline: [event] } as Snapshot;
    store.save(monitor, snap, [spec]);
    store.save(monitor, snap, [spec]);
    const files = readdirSync(join(dir, 'storage')).sort();
    assert.deepEqual(files, [historyFile('', spec.id, 'samples'), historyFile('', spec.id, 'timeline')].sort());
    assert.ok(files.every((f) => !f.includes('prod') && /^(samples|timeline)-[0-9a-f]{24}\.jsonl$/.test(f)));
    const next = new HealthMonitor([spec]);
    try {
      store.load(next, [spec]);
      store.load(next, [spec]);
      assert.deepEqual(next.samples(spec.id), [sample(1)]);
      assert.deepEqual(next.samples(spec.id, { fresh: true }), [], 'loaded samples are not written again');
      assert.equal(next.timeline(spec.id).length, 2);
    } finally {
      next.dispose();
    }
    assert.deepEqual(warnings, []);
    // a file that cannot be written is said once
    const blocked = new LiveHistory(join(dir, 'storage', historyFile('', spec.id, 'samples')), log);
    monitor.loadSamples(spec.id, []);
    blocked.save(monitor, snap, [spec]);
    blocked.save(monitor, snap, [spec]);
    assert.equal(warnings.length, 1, warnings.join('\n'));
  } finally {
    monitor.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
