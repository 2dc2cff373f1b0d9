/**
 * The timeline of a connection: a bounded ring of what happened — the
 * Sentinels' messages (events.ts) and the transitions the monitor sees
 * between two refreshes (a node's health or role, a replica's link, a
 * group's primary) — each with its time, node or group, kind, level and
 * cause. The monitor keeps one per connection; `redis-ha status --history
 * FILE` keeps it across runs as JSON lines (one entry a line), bounded in
 * size: read back from the file's tail only, rewritten to the newest entries
 * when it grows past its bound, and a corrupt or foreign file is a clear
 * message, never a crash.
 */
import { appendJsonLines, HistoryError, objectOfLine, readJsonLines, type JsonLinesFormat } from './jsonl';
import { FreshRing } from './ring';
import type { EventLevel, FailoverSummary, NodeStatus, TimelineEvent } from './types';

export const TIMELINE_CAPACITY = 1000;
const HOUR_MS = 60 * 60 * 1000;

/** A ring of the last `capacity` entries, plus those added since the last `takeFresh()` (as many at most). */
export class Timeline extends FreshRing<TimelineEvent> {
  constructor(capacity = TIMELINE_CAPACITY) {
    super(capacity);
  }

  /** Oldest first. */
  entries(): TimelineEvent[] {
    return this.all();
  }

  /** The newest entry counted as a failover of `group`. */
  lastFailover(group: string): TimelineEvent | undefined {
    const all = this.entries();
    for (let i = all.length - 1; i >= 0; i--) if (all[i].failover && all[i].group === group) return all[i];
    return undefined;
  }

  /** Per group with a failover: the last one, and how many in the hour before `now`. */
  summary(now: number): FailoverSummary[] {
    const by = new Map<string, FailoverSummary>();
    for (const e of this.entries()) {
      if (!e.failover || !e.group) continue;
      const s = by.get(e.group) ?? { group: e.group, last: e.at, lastHour: 0 };
      s.last = Math.max(s.last, e.at);
      if (e.at > now - HOUR_MS && e.at <= now) s.lastHour++;
      by.set(e.group, s);
    }
    return [...by.values()];
  }
}

/** What a node looked like at the previous refresh. */
export interface NodeMark {
  health: NodeStatus['health'];
  role: NodeStatus['role'];
  link?: 'up' | 'down';
}

const HEALTH_LEVEL: Record<NodeStatus['health'], EventLevel> = { ok: 'info', warning: 'warning', error: 'error', unreachable: 'error' };

/**
 * The changes of health, role and replica link between the previous refresh
 * (`marks`, updated in place) and this one. A node seen for the first time has
 * no transition; a node no longer listed is forgotten.
 */
export function nodeTransitions(marks: Map<string, NodeMark>, nodes: readonly NodeStatus[], at: number): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    seen.add(n.address);
    const now: NodeMark = { health: n.health, role: n.role, link: n.role === 'replica' ? n.replication?.linkStatus : undefined };
    const before = marks.get(n.address);
    marks.set(n.address, now);
    if (!before) continue;
    const base = { at, connection: n.connection, group: n.group, node: n.address, source: 'refresh' as const };
    if (before.health !== now.health) {
      const why = n.problems.find((p) => p.level === n.health)?.message ?? n.error ?? '';
      out.push({
        ...base,
        kind: 'health',
        level: HEALTH_LEVEL[now.health],
        from: before.health,
        to: now.health,
        cause: `${n.address} went from ${before.health} to ${now.health}${why ? `: ${why}` : ''}`,
      });
    }
    if (before.role !== now.role && before.role !== 'unknown' && now.role !== 'unknown') {
      out.push({
        ...base,
        kind: 'role',
        level: 'warning',
        from: before.role,
        to: now.role,
        cause: `${n.address} is now a ${now.role} (was a ${before.role})`,
      });
    }
    if (before.link && now.link && before.link !== now.link) {
      const down = now.link === 'down';
      out.push({
        ...base,
        kind: 'link',
        level: down ? 'warning' : 'info',
        from: before.link,
        to: now.link,
        cause: `the replication link of ${n.address} is ${down ? 'down' : 'up again'}${n.replication?.primary ? ` (primary ${n.replication.primary})` : ''}`,
      });
    }
  }
  for (const a of [...marks.keys()]) if (!seen.has(a)) marks.delete(a);
  return out;
}

// ---------------------------------------------------------------- persistence

export const HISTORY_LIMITS = {
  /** Longest line accepted. */
  line: 4096,
  /** The most read back from the end of the file at start. */
  readBytes: 1024 * 1024,
  /** Past this size, the file is rewritten with its newest `keep` entries. */
  maxBytes: 4 * 1024 * 1024,
  keep: TIMELINE_CAPACITY,
  /** Longest string field accepted in an entry. */
  field: 2048,
};

const LEVELS = new Set(['info', 'warning', 'error']);
const OPTIONAL_STRINGS = ['group', 'node', 'sentinel', 'from', 'to', 'shard'] as const;

/** One JSON line, or undefined when it is not a timeline entry within the bounds. */
export function decodeEvent(line: string): TimelineEvent | undefined {
  const o = objectOfLine(line, HISTORY_LIMITS.line);
  if (!o) return undefined;
  const str = (x: unknown) => typeof x === 'string' && x.length <= HISTORY_LIMITS.field;
  if (typeof o.at !== 'number' || !Number.isFinite(o.at) || !str(o.connection) || !str(o.kind) || !str(o.cause)) return undefined;
  if (!LEVELS.has(o.level as string) || (o.source !== 'sentinel' && o.source !== 'refresh')) return undefined;
  const e: TimelineEvent = {
    at: o.at,
    connection: o.connection as string,
    kind: o.kind as string,
    level: o.level as EventLevel,
    cause: o.cause as string,
    source: o.source,
  };
  for (const k of OPTIONAL_STRINGS) {
    if (o[k] === undefined) continue;
    if (!str(o[k])) return undefined;
    e[k] = o[k] as string;
  }
  if (o.failover === true) e.failover = true;
  return e;
}

export function encodeEvent(e: TimelineEvent): string {
  return JSON.stringify(e);
}

export { HistoryError };

export interface HistoryRead {
  events: TimelineEvent[];
  /** Something the user should know (a huge file read only in part, lines that were not entries). */
  messages: string[];
}

const HISTORY_FORMAT: JsonLinesFormat<TimelineEvent> = {
  limits: HISTORY_LIMITS,
  decode: decodeEvent,
  encode: encodeEvent,
  noun: 'timeline entry',
  file: 'history',
};

/**
 * The newest entries of a history file (at most `keep`), read from its last
 * `readBytes` only. A missing file is an empty history; a path that is not a
 * regular file, or cannot be read, is a HistoryError with a clear message.
 */
export function readHistory(path: string): HistoryRead {
  const { records, messages } = readJsonLines(path, HISTORY_FORMAT);
  return { events: records, messages };
}

/**
 * Appends entries as JSON lines; past `maxBytes` the file is rewritten (via
 * a temporary file and a rename) with its newest `keep` entries.
 */
export function appendHistory(path: string, events: readonly TimelineEvent[]): void {
  appendJsonLines(path, events, HISTORY_FORMAT);
}
