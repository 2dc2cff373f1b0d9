/**
 * The durability model of one config file: how the data is persisted, what a
 * crash would cost (crash RPO), whether asynchronous replication is guarded,
 * and — for a sentinel.conf — how long a failover takes (RTO). Pure: built
 * from the analysis (with included files) and the version's defaults.
 *
 * Facts behind the numbers (redis src/aof.c, src/rdb.c, src/replication.c,
 * src/server.c, src/sentinel.c, 6.2 to 8.0):
 * - appendfsync everysec fsyncs in the background once per second; when the
 *   disk is slow, writes are postponed for up to 2 s, so a crash loses about
 *   1 s (at worst 2 s) of acknowledged writes. `always` fsyncs before the
 *   reply. `no` leaves flushing to the OS (Linux writes back dirty pages
 *   after about 30 s).
 * - With AOF on, a restart loads the AOF, not the RDB file.
 * - A `save <s> <c>` pair snapshots when s seconds have passed and at least c
 *   keys changed since the last snapshot.
 * - The write guard needs both min-replicas-to-write and min-replicas-max-lag
 *   non-zero; it only applies on a primary.
 * - Sentinel: a primary is subjectively down after down-after-milliseconds
 *   without a valid reply (pings every second), objectively down once the
 *   quorum agrees (asked every second); the failover starts after a random
 *   delay of up to 1 s, needs a majority vote, and the promotion is seen in
 *   INFO polled every second. A failed election is retried after twice the
 *   failover-timeout.
 */
import type { VersionId } from '../../catalog/catalog';
import { strcaseEq } from '../cnum';
import type { ConfigLine } from '../crossfile/includes';
import type { Language } from '../options';
import type { SentinelModel } from '../sentinel';
import { type EffectiveConfig, SENTINEL_DEFAULTS, type SaveSchedule } from './settings';
import type { RoleInfo } from './role';
import type { Target } from './target';

export type Fsync = 'always' | 'everysec' | 'no';

export interface CrashRpo {
  kind: 'zero' | 'second' | 'os' | 'interval' | 'unbounded' | 'everything';
  /** Loss window in seconds: busiest and quietest case (equal for AOF). */
  minSeconds: number;
  maxSeconds: number;
  /** Short form for the summary, e.g. "≈ 1 s". */
  text: string;
}

export interface Persistence {
  aof: boolean;
  fsync: Fsync;
  preamble: boolean;
  noFsyncOnRewrite: boolean;
  rdb: SaveSchedule;
  mode: 'none' | 'rdb' | 'aof' | 'aof+rdb';
  rpo: CrashRpo;
}

export interface Replication {
  role: 'primary' | 'replica';
  master?: { host: string; port: number; line: ConfigLine };
  /** The write guard when it is active (primary only). */
  guard?: { replicas: number; maxLag: number };
  /** Text for the summary: "async, unguarded", "≥ 1 replica ≤ 5 s behind", … */
  text: string;
}

export interface SentinelFailover {
  master: string;
  host: string;
  port: number;
  quorum: number;
  monitor: ConfigLine;
  downAfterMs: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  /** The per-master lines, by sub-command. */
  lines: Map<string, ConfigLine>;
  /** Sentinels this file knows of (itself plus `known-sentinel` lines), when it lists any. */
  sentinels?: number;
  knownSentinelLines: ConfigLine[];
  replicas: number;
  /** Time from the primary's failure until a replica is promoted. */
  rto: { minMs: number; maxMs: number } | undefined;
  /** When an election fails, the next attempt waits this long. */
  retryMs: number;
}

export interface DurabilityModel {
  language: Language;
  version: VersionId;
  target: Target;
  config: EffectiveConfig;
  /** A redis.conf's place in a group (role.ts). */
  role?: RoleInfo;
  persistence?: Persistence;
  replication?: Replication;
  sentinel?: SentinelFailover[];
}

/** Upper bound of the detection-to-promotion overhead on top of down-after-milliseconds (see the header). */
export const FAILOVER_OVERHEAD_MS = 5000;

export function buildModel(config: EffectiveConfig, target: Target, sentinel: SentinelModel | undefined, role?: RoleInfo): DurabilityModel {
  const model: DurabilityModel = { language: config.language, version: config.version, target, config, role };
  if (config.language === 'redis-conf') {
    model.persistence = persistenceOf(config);
    model.replication = replicationOf(config, role);
  } else if (sentinel) {
    model.sentinel = failoversOf(config, sentinel);
  }
  return model;
}

function persistenceOf(c: EffectiveConfig): Persistence {
  const aof = c.bool('appendonly');
  const f = c.enumValue('appendfsync');
  const fsync: Fsync = f === 'always' || f === 'no' ? f : 'everysec';
  const rdb = c.save();
  const rdbOn = rdb.pairs.length > 0;
  const mode = aof ? (rdbOn ? 'aof+rdb' : 'aof') : rdbOn ? 'rdb' : 'none';
  return {
    aof,
    fsync,
    preamble: c.bool('aof-use-rdb-preamble'),
    noFsyncOnRewrite: c.bool('no-appendfsync-on-rewrite'),
    rdb,
    mode,
    rpo: crashRpo(aof, fsync, rdb),
  };
}

export function crashRpo(aof: boolean, fsync: Fsync, rdb: SaveSchedule): CrashRpo {
  if (aof) {
    if (fsync === 'always') return { kind: 'zero', minSeconds: 0, maxSeconds: 0, text: '≈ 0' };
    if (fsync === 'everysec') return { kind: 'second', minSeconds: 1, maxSeconds: 2, text: '≈ 1 s' };
    return { kind: 'os', minSeconds: 1, maxSeconds: 30, text: '≈ 30 s (OS flush)' };
  }
  const w = snapshotWindow(rdb);
  if (!w) return { kind: 'everything', minSeconds: Infinity, maxSeconds: Infinity, text: 'all data' };
  if (w.quietest === undefined)
    return {
      kind: 'unbounded',
      minSeconds: w.busiest,
      maxSeconds: Infinity,
      text: `≥ ${duration(w.busiest)} (unbounded when writes are rare)`,
    };
  const text = w.busiest === w.quietest ? `≈ ${duration(w.busiest)}` : `≈ ${duration(w.busiest)}–${duration(w.quietest)}`;
  return { kind: 'interval', minSeconds: w.busiest, maxSeconds: w.quietest, text };
}

/**
 * How long writes can wait for a snapshot: under heavy writes the shortest
 * interval of any pair; with a single write, the shortest interval of the
 * pairs that one change satisfies (none: those writes may never be saved).
 */
export function snapshotWindow(rdb: SaveSchedule): { busiest: number; quietest?: number; fewestChanges: number } | undefined {
  if (!rdb.pairs.length) return undefined;
  // loops, not Math.min(...list): a schedule can hold hundreds of thousands of
  // pairs, more arguments than a call's stack frame takes
  let busiest = Infinity;
  let quietest = Infinity;
  let fewestChanges = Infinity;
  for (const p of rdb.pairs) {
    if (p.seconds < busiest) busiest = p.seconds;
    if (p.changes < fewestChanges) fewestChanges = p.changes;
    if (p.changes <= 1 && p.seconds < quietest) quietest = p.seconds;
  }
  return { busiest, quietest: quietest === Infinity ? undefined : quietest, fewestChanges };
}

/** Pairs of a schedule quoted in messages and hovers; the rest is counted. */
export const MAX_QUOTED_SAVE_PAIRS = 8;

/**
 * A schedule as a `save` line for messages: its first pairs, then how many
 * more there are, so a file with thousands of pairs does not make a
 * megabyte-long message.
 */
export function saveScheduleText(rdb: SaveSchedule, max = MAX_QUOTED_SAVE_PAIRS): string {
  const shown = rdb.pairs
    .slice(0, max)
    .map((p) => `${p.seconds} ${p.changes}`)
    .join(' ');
  const more = rdb.pairs.length - max;
  return more > 0 ? `save ${shown} … and ${more} more pair${more === 1 ? '' : 's'}` : `save ${shown}`;
}

function replicationOf(c: EffectiveConfig, role: RoleInfo | undefined): Replication {
  const r = c.line('replicaof');
  if (r && r.line.args.length === 2 && !(strcaseEq(r.line.args[0].value, 'no') && strcaseEq(r.line.args[1].value, 'one'))) {
    const master = { host: r.line.args[0].value, port: Number(r.line.args[1].value), line: r };
    return { role: 'replica', master, text: `replica of ${master.host}:${master.port}` };
  }
  const replicas = c.int('min-replicas-to-write');
  const maxLag = c.int('min-replicas-max-lag');
  if (replicas > 0 && maxLag > 0) {
    return {
      role: 'primary',
      guard: { replicas, maxLag },
      text: `writes need ${replicas} replica${replicas === 1 ? '' : 's'} ≤ ${maxLag} s behind`,
    };
  }
  return { role: 'primary', text: role?.role === 'standalone' ? 'standalone' : 'replication async, unguarded' };
}

function failoversOf(c: EffectiveConfig, s: SentinelModel): SentinelFailover[] {
  const byLine = new Map<object, ConfigLine>();
  for (const l of c.sentinelLines) byLine.set(l.line, l);
  const out: SentinelFailover[] = [];
  for (const m of s.masters.values()) {
    const monitor = byLine.get(m.line);
    if (!monitor) continue;
    const lines = new Map<string, ConfigLine>();
    for (const [sub, d] of m.settings) {
      const l = byLine.get(d);
      if (l) lines.set(sub, l);
    }
    const num = (sub: string, dflt: number) => {
      const l = lines.get(sub);
      const v = l ? Number(l.line.args[2]?.value) : NaN;
      return Number.isFinite(v) && v > 0 ? v : dflt;
    };
    const downAfterMs = num('down-after-milliseconds', SENTINEL_DEFAULTS.downAfterMs);
    const failoverTimeoutMs = num('failover-timeout', SENTINEL_DEFAULTS.failoverTimeoutMs);
    const parallelSyncs = num('parallel-syncs', SENTINEL_DEFAULTS.parallelSyncs);
    const knownSentinelLines = m.knownSentinels.map((k) => byLine.get(k.line)).filter((l): l is ConfigLine => !!l);
    const sentinels = m.knownSentinels.length ? m.knownSentinels.length + 1 : undefined;
    const reachable = sentinels === undefined || m.quorum <= sentinels;
    out.push({
      master: m.name,
      host: m.host,
      port: m.port,
      quorum: m.quorum,
      monitor,
      downAfterMs,
      failoverTimeoutMs,
      parallelSyncs,
      lines,
      sentinels,
      knownSentinelLines,
      replicas: m.knownReplicas.length,
      rto: reachable ? { minMs: downAfterMs, maxMs: downAfterMs + FAILOVER_OVERHEAD_MS } : undefined,
      retryMs: failoverTimeoutMs * 2,
    });
  }
  return out;
}

/** Whether the crash RPO (and, for rpo=0, the replication guard) meets the target. */
export function meetsTarget(m: DurabilityModel): boolean {
  const p = m.persistence;
  if (!p) return true;
  switch (m.target.rpo) {
    case 'none':
      return true;
    case 'snapshot':
      return p.mode !== 'none';
    case '1s':
      return p.aof && p.fsync !== 'no';
    case '0':
      return (
        p.aof && p.fsync === 'always' && (m.role?.role === 'standalone' || m.replication?.role === 'replica' || !!m.replication?.guard)
      );
  }
}

/** 45 → "45 s", 60 → "1 min", 900 → "15 min", 3600 → "1 h", 90 → "90 s". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds < 60) return `${trim(seconds)} s`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  if (seconds < 600) return `${trim(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

export function durationMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : duration(Math.round(ms / 100) / 10);
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, '');
}

export function rtoText(f: SentinelFailover): string {
  if (!f.rto) return 'RTO: never (quorum cannot be reached)';
  return `RTO ≈ ${rangeSeconds(f.rto.minMs, f.rto.maxMs)}`;
}

export function rangeSeconds(minMs: number, maxMs: number): string {
  const a = Math.round(minMs / 100) / 10,
    b = Math.round(maxMs / 100) / 10;
  if (b < 600) return `${trim(a)}–${trim(b)} s`;
  return `${duration(a)}–${duration(b)}`;
}
