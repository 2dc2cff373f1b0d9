/**
 * The figures of a group over time, for the charts: one sample per group per
 * refresh — each replica's lag in bytes and seconds, the primary's write rate
 * (replication stream bytes and commands per second), its memory, maxmemory,
 * fragmentation and AOF size. A figure the refresh could not read (the primary
 * unreachable, a replica gone) is null: a gap in the chart, not a zero. The
 * monitor keeps a bounded ring per connection; the editor keeps the samples as
 * JSON lines (jsonl.ts) and shows them downsampled to at most MAX_POINTS
 * points, each bucket keeping its lowest and its highest value so a spike
 * survives. Cluster groups add their shards' primaries (fragmentation: the
 * worst). Everything read back from a file is checked and bounded.
 */
import { objectOfLine, type JsonLinesFormat, type JsonLinesLimits } from './jsonl';
import type { GroupStatus, NodeStatus } from './types';
import { FreshRing } from './ring';

export const SERIES_CAPACITY = 20_000;
/** At most this many points per chart (two per bucket: its low and its high). */
export const MAX_POINTS = 2000;
/** Replicas recorded per sample (more are left out: a chart of 32 lines is already unreadable). */
export const MAX_SERIES_REPLICAS = 32;
/** The largest figure kept (a hostile reply or file cannot make a chart's axis meaningless beyond this). */
export const MAX_FIGURE = 2 ** 53;

/** One refresh of one group. */
export interface SeriesSample {
  /** Epoch ms of the refresh. */
  at: number;
  /** The group id (`<connection>/<name>`). */
  group: string;
  /** Replication stream bytes per second written by the primary (summed over a cluster's primaries). */
  writeRate: number | null;
  /** Commands per second (instantaneous_ops_per_sec). */
  ops: number | null;
  usedMemory: number | null;
  /** 0: no maxmemory set. */
  maxmemory: number | null;
  fragmentation: number | null;
  aofSize: number | null;
  /** Per replica address: bytes behind its primary. */
  lagBytes: Record<string, number | null>;
  /** Per replica address: seconds behind (heartbeat, else bytes over the write rate, else the age of its last ACK). */
  lagSeconds: Record<string, number | null>;
}

const FIGURES = ['writeRate', 'ops', 'usedMemory', 'maxmemory', 'fragmentation', 'aofSize'] as const;

/** A figure, or null when it is missing or not a sane number. */
export function figure(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? Math.min(x, MAX_FIGURE) : null;
}

function add(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a + b, MAX_FIGURE);
}

function replicaSeconds(n: NodeStatus): number | null {
  const r = n.replication;
  if (!r) return null;
  if (r.heartbeatLagSeconds !== undefined) return figure(r.heartbeatLagSeconds);
  if (r.behindSeconds !== undefined) return figure(r.behindSeconds);
  if (r.readLagBytes === 0 || r.offsetLagBytes === 0) return 0;
  return figure(r.lagSeconds);
}

/** The group's primaries: its primary, or its shards' primaries. */
function primariesOf(g: GroupStatus): string[] {
  if (g.kind !== 'cluster') return g.primary ? [g.primary] : [];
  const out: string[] = [];
  for (const s of g.shards ?? []) if (s.primary && s.slotCount > 0) out.push(s.primary);
  return out;
}

function replicasOf(g: GroupStatus): string[] {
  if (g.kind !== 'cluster') return g.replicas;
  const out: string[] = [];
  for (const s of g.shards ?? []) for (const r of s.replicas) out.push(r);
  return out;
}

/** The sample of one group from one refresh's statuses. */
export function sampleOf(g: GroupStatus, nodes: ReadonlyMap<string, NodeStatus>, at: number): SeriesSample {
  const s: SeriesSample = {
    at,
    group: g.id,
    writeRate: null,
    ops: null,
    usedMemory: null,
    maxmemory: null,
    fragmentation: null,
    aofSize: null,
    lagBytes: {},
    lagSeconds: {},
  };
  for (const a of primariesOf(g)) {
    const n = nodes.get(a);
    if (!n || n.health === 'unreachable' || n.role !== 'primary') continue;
    s.writeRate = add(s.writeRate, figure(n.replication?.writeRateBytesPerSec));
    s.ops = add(s.ops, figure(n.opsPerSec));
    s.usedMemory = add(s.usedMemory, figure(n.usedMemory));
    s.maxmemory = add(s.maxmemory, figure(n.maxmemory));
    const f = figure(n.resources?.fragmentationRatio);
    if (f !== null && (s.fragmentation === null || f > s.fragmentation)) s.fragmentation = f;
    s.aofSize = add(s.aofSize, figure(n.persistence?.aofCurrentSize));
  }
  let count = 0;
  for (const a of replicasOf(g)) {
    if (count++ >= MAX_SERIES_REPLICAS) break;
    const n = nodes.get(a);
    const up = n && n.health !== 'unreachable' && n.role === 'replica';
    s.lagBytes[a] = up ? figure(n.replication?.offsetLagBytes ?? n.replication?.readLagBytes) : null;
    s.lagSeconds[a] = up ? replicaSeconds(n) : null;
  }
  return s;
}

/** One sample per group of a refresh (a group's nodes looked up once). */
export function samplesOf(groups: readonly GroupStatus[], nodes: readonly NodeStatus[], at: number): SeriesSample[] {
  const byConnection = new Map<string, Map<string, NodeStatus>>();
  for (const n of nodes) {
    let m = byConnection.get(n.connection);
    if (!m) byConnection.set(n.connection, (m = new Map()));
    m.set(n.address, n);
  }
  return groups.map((g) => sampleOf(g, byConnection.get(g.connection) ?? new Map(), at));
}

/** A ring of the last `capacity` samples of a connection, plus those added since the last `takeFresh()`. */
export class Series extends FreshRing<SeriesSample> {
  constructor(capacity = SERIES_CAPACITY) {
    super(capacity, Math.ceil(capacity / 2));
  }

  /** Oldest first; only `group`'s when given. */
  entries(group?: string): SeriesSample[] {
    const all = this.all();
    return group === undefined ? all : all.filter((s) => s.group === group);
  }
}

// ---------------------------------------------------------------- for the charts

/** Columns as a chart library takes them: times (epoch seconds) and one array per series. */
export interface ChartColumns {
  t: number[];
  series: Array<{ name: string; values: Array<number | null> }>;
}

/** The samples of one group as columns: the primary's figures, then lag bytes and lag seconds per replica. */
export function columnsOf(samples: readonly SeriesSample[]): ChartColumns {
  const replicas: string[] = [];
  const known = new Set<string>();
  for (const s of samples)
    for (const a of Object.keys(s.lagBytes))
      if (!known.has(a) && known.size < MAX_SERIES_REPLICAS) {
        known.add(a);
        replicas.push(a);
      }
  const series: ChartColumns['series'] = FIGURES.map((name) => ({ name, values: samples.map((s) => s[name]) }));
  for (const a of replicas) series.push({ name: `lagBytes:${a}`, values: samples.map((s) => s.lagBytes[a] ?? null) });
  for (const a of replicas) series.push({ name: `lagSeconds:${a}`, values: samples.map((s) => s.lagSeconds[a] ?? null) });
  return { t: samples.map((s) => s.at / 1000), series };
}

/**
 * At most `max` points: the time range is cut into max/2 buckets of equal
 * count, and each bucket gives two points (its first and last time) carrying
 * each series' lowest and highest value, in the order they occurred, so a
 * peak or a dip is never averaged away. A bucket where a series has no value
 * at all is a gap (null) for it.
 */
export function downsample(c: ChartColumns, max = MAX_POINTS): ChartColumns {
  const n = c.t.length;
  if (n <= max) return c;
  const buckets = Math.max(1, Math.floor(max / 2));
  const t: number[] = [];
  const out = c.series.map((s) => ({ name: s.name, values: [] as Array<number | null> }));
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    if (to <= from) continue;
    t.push(c.t[from], c.t[to - 1]);
    c.series.forEach((s, k) => {
      const [first, second] = lowHigh(s.values, from, to);
      out[k].values.push(first, second);
    });
  }
  return { t, series: out };
}

/** The lowest and highest value of values[from, to), in the order they occur; nulls when there is none. */
function lowHigh(values: ReadonlyArray<number | null>, from: number, to: number): [number | null, number | null] {
  let lo = -1;
  let hi = -1;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (lo < 0 || v < (values[lo] as number)) lo = i;
    if (hi < 0 || v > (values[hi] as number)) hi = i;
  }
  if (lo < 0) return [null, null];
  return lo <= hi ? [values[lo], values[hi]] : [values[hi], values[lo]];
}

// ---------------------------------------------------------------- persistence

export const SERIES_FILE_LIMITS: JsonLinesLimits = {
  line: 8192,
  readBytes: 8 * 1024 * 1024,
  maxBytes: 12 * 1024 * 1024,
  keep: SERIES_CAPACITY,
};
const GROUP_MAX = 1024;
const ADDRESS_MAX = 300;

function decodeLags(v: unknown): Record<string, number | null> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, number | null> = {};
  let count = 0;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (++count > MAX_SERIES_REPLICAS || k.length > ADDRESS_MAX || (x !== null && figure(x) === null)) return undefined;
    out[k] = figure(x);
  }
  return out;
}

/** One JSON line, or undefined when it is not a sample within the bounds. */
export function decodeSample(line: string): SeriesSample | undefined {
  const o = objectOfLine(line, SERIES_FILE_LIMITS.line);
  if (!o) return undefined;
  if (typeof o.at !== 'number' || !Number.isFinite(o.at) || typeof o.group !== 'string' || o.group.length > GROUP_MAX) return undefined;
  const lagBytes = decodeLags(o.lagBytes);
  const lagSeconds = decodeLags(o.lagSeconds);
  if (!lagBytes || !lagSeconds) return undefined;
  const s = { at: o.at, group: o.group, lagBytes, lagSeconds } as SeriesSample;
  for (const k of FIGURES) {
    if (o[k] !== null && o[k] !== undefined && figure(o[k]) === null) return undefined;
    s[k] = figure(o[k]);
  }
  return s;
}

export const SERIES_FORMAT: JsonLinesFormat<SeriesSample> = {
  limits: SERIES_FILE_LIMITS,
  decode: decodeSample,
  encode: (s) => JSON.stringify(s),
  noun: 'chart sample',
  file: 'chart history',
};
