/**
 * The drill's timeline: its writes counted per time bucket (100 ms, coarser
 * when the drill ran longer than MAX_BUCKETS of them), the acknowledged writes
 * that were lost, the failed writes, the Sentinel events and the failover's
 * start and settle marks — all as milliseconds from the first write, so the
 * JSON report and the HTML page can draw it. Bounded whatever the log holds:
 * at most MAX_BUCKETS buckets and MAX_TIMELINE_EVENTS events, each string cut.
 */
import type { DrillEvent } from './observe';
import type { WriterLog } from './writers';

/** 3,000 buckets of 100 ms: a 300 s drill at full resolution. */
export const MAX_BUCKETS = 3000;
export const BASE_BUCKET_MS = 100;
export const MAX_TIMELINE_EVENTS = 500;
const MAX_TEXT = 200;

export interface TimelineMark {
  /** Milliseconds from the first write (may be negative: a Sentinel spoke before the writers started). */
  at: number;
  sentinel: string;
  kind: string;
  node?: string;
  detail?: string;
}

export interface DrillTimeline {
  /** The epoch time bucket 0 starts at (the writers' start). */
  t0: number;
  bucketMs: number;
  /** From t0 to the last thing recorded. */
  spanMs: number;
  /** Per bucket, all acknowledged writes. */
  acks: number[];
  /** Per bucket, the acknowledged writes of the WAIT writers (a part of acks). */
  waited: number[];
  /** Per bucket, the acknowledged writes of another node than the old primary (a part of acks). */
  elsewhere: number[];
  /** Per bucket, acknowledged writes the read-back did not find (a part of acks). */
  lost: number[];
  /** Per bucket, writes that failed (errors, timeouts, no primary named). */
  failures: number[];
  /** The failover was caused at this offset; settled when a majority named the new primary and it answered as one. */
  failoverAt?: number;
  settledAt?: number;
  oldPrimary: string;
  newPrimary?: string;
  events: TimelineMark[];
  /** Events left out past MAX_TIMELINE_EVENTS. */
  eventsOmitted: number;
}

export interface TimelineInputs {
  plan: { primary: string };
  log: WriterLog;
  lost?: boolean[];
  events: DrillEvent[];
  startedAt: number;
  failoverAt?: number;
  settled?: { primary: string; at: number };
}

const cut = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/** The bucket width for a span: 100 ms, or the next multiple of it that keeps the count within MAX_BUCKETS. */
export function bucketWidth(spanMs: number): number {
  const buckets = Math.ceil(Math.max(0, spanMs) / BASE_BUCKET_MS);
  return buckets <= MAX_BUCKETS ? BASE_BUCKET_MS : Math.ceil(buckets / MAX_BUCKETS) * BASE_BUCKET_MS;
}

/** The last time anything was recorded, as an offset from t0 (loops, not spreads: the logs are input-sized). */
function lastOffset(x: TimelineInputs): number {
  let end = 0;
  const see = (at: number) => {
    if (Number.isFinite(at) && at - x.startedAt > end) end = at - x.startedAt;
  };
  for (const a of x.log.acks) see(a.at);
  for (const f of x.log.failures) see(f.at);
  for (const e of x.events) see(e.at);
  if (x.failoverAt !== undefined) see(x.failoverAt);
  if (x.settled) see(x.settled.at);
  return end;
}

export function buildTimeline(x: TimelineInputs): DrillTimeline {
  const spanMs = lastOffset(x);
  const bucketMs = bucketWidth(spanMs);
  const n = Math.min(MAX_BUCKETS, Math.floor(spanMs / bucketMs) + 1);
  const column = () => new Array<number>(n).fill(0);
  const t: DrillTimeline = {
    t0: x.startedAt,
    bucketMs,
    spanMs,
    acks: column(),
    waited: column(),
    elsewhere: column(),
    lost: column(),
    failures: column(),
    oldPrimary: cut(x.plan.primary),
    events: [],
    eventsOmitted: 0,
  };
  const bucket = (at: number) => Math.min(n - 1, Math.max(0, Math.floor((at - x.startedAt) / bucketMs) || 0));
  const old = x.log.addresses.indexOf(x.plan.primary);
  x.log.acks.forEach((a, i) => {
    const b = bucket(a.at);
    t.acks[b]++;
    if (a.waited !== undefined) t.waited[b]++;
    if (a.node !== old) t.elsewhere[b]++;
    if (x.lost?.[i] === true) t.lost[b]++;
  });
  for (const f of x.log.failures) t.failures[bucket(f.at)]++;
  if (x.failoverAt !== undefined) t.failoverAt = x.failoverAt - x.startedAt;
  if (x.settled) {
    t.settledAt = x.settled.at - x.startedAt;
    t.newPrimary = cut(x.settled.primary);
  }
  for (const e of x.events) {
    if (t.events.length >= MAX_TIMELINE_EVENTS) {
      t.eventsOmitted++;
      continue;
    }
    const m: TimelineMark = { at: e.at - x.startedAt, sentinel: cut(e.sentinel), kind: cut(e.kind) };
    if (e.node !== undefined) m.node = cut(e.node);
    if (e.detail !== undefined) m.detail = cut(e.detail);
    t.events.push(m);
  }
  return t;
}
