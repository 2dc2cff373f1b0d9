/**
 * The rest of the guidance's monitoring list, judged from one node's INFO,
 * CONFIG and LATENCY LATEST and from the counters of its previous refresh
 * (kept in the probe's per-node memory, NodeMemory.counters): memory against
 * maxmemory or the host, fragmentation, clients and rejected connections,
 * fork stalls and latency events, resync churn, AOF growth, backup age, and a
 * replica's lag in seconds from slave_read_repl_offset. Pure.
 */
import { fmtBytes, fmtSeconds } from './format';
import { problem } from './findings';
import type { NodeFacts } from './probe';
import { num, type Info } from './replies';
import type { Thresholds } from './settings';
import type { NodeStatus, PersistenceFacts, ReplicationFacts, ResourceFacts } from './types';

/** Counters compared between two refreshes of the same node (a fixed set: the memory stays bounded). */
export interface CounterSample {
  at: number;
  /** A restart (new run_id) resets every counter: no rise is computed across it. */
  runId: string;
  syncFull?: number;
  syncPartialErr?: number;
  rejected?: number;
  aofCurrentSize?: number;
}

export function counterSample(info: Info, at: number): CounterSample {
  const x = info.fields;
  return {
    at,
    runId: x.run_id ?? '',
    syncFull: num(x.sync_full),
    syncPartialErr: num(x.sync_partial_err),
    rejected: num(x.rejected_connections),
    aofCurrentSize: num(x.aof_current_size),
  };
}

type Counter = 'syncFull' | 'syncPartialErr' | 'rejected';

/** How much a counter rose since the previous sample; undefined without one, across a restart, or after CONFIG RESETSTAT (it fell). */
export function rise(prev: CounterSample | undefined, cur: CounterSample, key: Counter): number | undefined {
  const a = prev?.[key],
    b = cur[key];
  if (!prev || prev.runId !== cur.runId || a === undefined || b === undefined || b < a) return undefined;
  return b - a;
}

/** LATENCY LATEST entries kept per node. */
export const LATENCY_EVENTS = 16;
/** A latency event older than this is history, not a finding. */
export const LATENCY_RECENT_SECONDS = 300;
const MAX_EVENT_NAME = 64;

export interface LatencyEntry {
  event: string;
  at: number;
  latestMs: number;
  maxMs: number;
}

/** LATENCY LATEST: `[[event, unix time, latest ms, max ms], …]`; at most LATENCY_EVENTS well-formed entries, names cut short. */
export function parseLatencyLatest(reply: unknown): LatencyEntry[] {
  const out: LatencyEntry[] = [];
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i < reply.length && out.length < LATENCY_EVENTS; i++) {
    const e: unknown = reply[i];
    if (!Array.isArray(e) || e.length < 4) continue;
    const [name, at, latest, max] = [e[0], num(e[1] as string), num(e[2] as string), num(e[3] as string)];
    if ((typeof name !== 'string' && !Buffer.isBuffer(name)) || at === undefined || latest === undefined || max === undefined) continue;
    out.push({ event: String(name).slice(0, MAX_EVENT_NAME), at, latestMs: latest, maxMs: max });
  }
  return out;
}

/** The server's clock in seconds (server_time_usec, 5.0+), else the monitor's. */
function serverSeconds(f: NodeFacts): number {
  const usec = num(f.info?.fields.server_time_usec);
  return usec !== undefined ? usec / 1e6 : f.at / 1000;
}

/** Memory, fragmentation, clients and stalls of a data node. */
export function resources(f: NodeFacts, st: NodeStatus, t: Thresholds): ResourceFacts {
  const x = f.info!.fields;
  const r: ResourceFacts = {
    usedMemoryRss: num(x.used_memory_rss),
    fragmentationRatio: num(x.mem_fragmentation_ratio),
    maxclients: num(f.config?.maxclients),
    rejectedConnections: num(x.rejected_connections),
  };
  memory(f, st, t, r);
  fragmentation(st, t, r);
  clients(f, st, t, r);
  stalls(f, st, t, r);
  return r;
}

/**
 * used_memory against maxmemory; with maxmemory 0 (no limit) against
 * total_system_memory (absent in containers' older builds: then no finding).
 */
function memory(f: NodeFacts, st: NodeStatus, t: Thresholds, r: ResourceFacts): void {
  const x = f.info!.fields;
  const used = num(x.used_memory);
  const max = num(x.maxmemory) ?? num(f.config?.maxmemory);
  const system = num(x.total_system_memory);
  if (max !== undefined && max > 0) {
    r.memoryLimit = max;
    r.memoryLimitSource = 'maxmemory';
  } else if (system !== undefined && system > 0) {
    r.memoryLimit = system;
    r.memoryLimitSource = 'system';
  }
  if (used === undefined || r.memoryLimit === undefined) return;
  r.memoryPercent = Math.round((1000 * used) / r.memoryLimit) / 10;
  const level = r.memoryPercent >= t.memoryErrorPercent ? 'error' : r.memoryPercent >= t.memoryWarningPercent ? 'warning' : undefined;
  if (!level) return;
  const policy = f.config?.['maxmemory-policy'] ?? x.maxmemory_policy;
  const next =
    r.memoryLimitSource === 'system'
      ? 'no maxmemory is set: past the host memory the kernel swaps or kills the process'
      : policy === 'noeviction'
        ? 'maxmemory-policy noeviction: at the limit writes fail with OOM'
        : `maxmemory-policy ${policy ?? '?'}: at the limit keys are evicted`;
  const of = r.memoryLimitSource === 'system' ? `the host memory ${fmtBytes(r.memoryLimit)}` : `maxmemory ${fmtBytes(r.memoryLimit)}`;
  const limit = level === 'error' ? t.memoryErrorPercent : t.memoryWarningPercent;
  st.problems.push(
    problem('memory-high', `used_memory ${fmtBytes(used)} is ${r.memoryPercent}% of ${of} (${level} at ${limit}%); ${next}`, level),
  );
}

/**
 * mem_fragmentation_ratio is RSS / used_memory. Below fragmentationMinRssBytes
 * (64 MiB by default) the ratio says nothing: an empty redis-server already
 * holds ~10 MiB of RSS for ~1 MiB of data (a ratio above 10), and the waste is
 * at most a few tens of MiB. Above it, > the threshold is memory held but
 * unused (MEMORY PURGE or activedefrag help), < 1.0 means part of the data is
 * not in RAM: the kernel swapped it out, and every access to it is a disk read.
 */
function fragmentation(st: NodeStatus, t: Thresholds, r: ResourceFacts): void {
  const ratio = r.fragmentationRatio,
    rss = r.usedMemoryRss;
  if (ratio === undefined || rss === undefined || rss < t.fragmentationMinRssBytes) return;
  if (ratio > t.fragmentationRatioWarning)
    st.problems.push(
      problem(
        'memory-fragmented',
        `mem_fragmentation_ratio ${ratio} (threshold ${t.fragmentationRatioWarning}) with ${fmtBytes(rss)} RSS: memory is held but not used; consider activedefrag or MEMORY PURGE`,
      ),
    );
  else if (ratio < 1)
    st.problems.push(
      problem(
        'memory-swapping',
        `mem_fragmentation_ratio ${ratio} (below 1.0) with ${fmtBytes(rss)} RSS: part of the data is swapped out; latency suffers`,
      ),
    );
}

function clients(f: NodeFacts, st: NodeStatus, t: Thresholds, r: ResourceFacts): void {
  const connected = num(f.info!.fields.connected_clients);
  if (
    connected !== undefined &&
    r.maxclients !== undefined &&
    r.maxclients > 0 &&
    (100 * connected) / r.maxclients >= t.clientsWarningPercent
  )
    st.problems.push(
      problem(
        'clients-near-max',
        `${connected} clients connected, maxclients ${r.maxclients} (warning at ${t.clientsWarningPercent}%): new connections will be refused`,
      ),
    );
  const rejected = rise(f.previous, counterSample(f.info!, f.at), 'rejected');
  r.rejectedSinceLast = rejected;
  if (rejected)
    st.problems.push(
      problem(
        'clients-rejected',
        `${rejected} connection(s) refused since the previous refresh (rejected_connections ${r.rejectedConnections}): maxclients ${r.maxclients ?? '?'} reached`,
      ),
    );
}

/** latest_fork_usec and the recent LATENCY LATEST events. */
function stalls(f: NodeFacts, st: NodeStatus, t: Thresholds, r: ResourceFacts): void {
  const fork = num(f.info!.fields.latest_fork_usec);
  if (fork !== undefined) r.latestForkMs = Math.round(fork / 100) / 10;
  if (r.latestForkMs !== undefined && r.latestForkMs > t.forkWarningMs)
    st.problems.push(
      problem(
        'fork-slow',
        `the last fork took ${r.latestForkMs} ms (threshold ${t.forkWarningMs} ms): the node answered nobody meanwhile; every BGSAVE, AOF rewrite and full sync forks`,
      ),
    );
  if (!f.latency) return;
  const now = serverSeconds(f);
  r.latency = f.latency.map((e) => ({
    event: e.event,
    latestMs: e.latestMs,
    maxMs: e.maxMs,
    ageSeconds: Math.max(0, Math.round(now - e.at)),
  }));
  const recent = r.latency.filter((e) => e.ageSeconds <= LATENCY_RECENT_SECONDS && e.latestMs >= t.latencyWarningMs);
  if (recent.length)
    st.problems.push(
      problem(
        'latency-spike',
        `LATENCY LATEST: ${recent.map((e) => `${e.event} ${e.latestMs} ms ${fmtSeconds(e.ageSeconds)} ago`).join(', ')} (threshold ${t.latencyWarningMs} ms)`,
      ),
    );
}

/** Primaries: full resyncs served and partial resyncs refused since the previous refresh. */
export function resyncChurn(f: NodeFacts, st: NodeStatus, r: ReplicationFacts): void {
  const cur = counterSample(f.info!, f.at);
  r.fullSyncsSinceLast = rise(f.previous, cur, 'syncFull');
  r.partialSyncErrSinceLast = rise(f.previous, cur, 'syncPartialErr');
  if (!r.fullSyncsSinceLast && !r.partialSyncErrSinceLast) return;
  st.problems.push(
    problem(
      'resync-churn',
      `since the previous refresh: ${r.fullSyncsSinceLast ?? 0} full resync(s), ${r.partialSyncErrSinceLast ?? 0} partial resync(s) refused: a replica attached, or fell out of the backlog (each full resync forks and sends the whole dataset)`,
    ),
  );
}

/**
 * Backup age and AOF size. Backups are RDB files (the guidance ships RDB
 * snapshots), so a last snapshot older than backupMaxAgeSeconds is an error
 * whatever AOF does; it replaces the `rdb-stale` warning (assess.ts), which
 * stays for RDB-only nodes between rdbMaxAgeSeconds and this age. A node
 * without any persistence (CONFIG save "" and appendonly off) is a cache by
 * configuration and is left out. A node that never saved reports its start
 * time, so its age is its uptime.
 */
export function durability(f: NodeFacts, st: NodeStatus, t: Thresholds, p: PersistenceFacts): void {
  const age = p.rdbLastSaveAgeSeconds;
  if (age !== undefined && age > t.backupMaxAgeSeconds && !(p.rdbScheduled === false && !p.aofEnabled) && !p.loading)
    st.problems.push(
      problem(
        'backup-stale',
        `the last RDB snapshot is ${fmtSeconds(age)} old (threshold ${fmtSeconds(t.backupMaxAgeSeconds)})${p.aofEnabled ? ', AOF or not' : ''}: there is no recent file to back up or restore from; run BGSAVE and check the backup job`,
      ),
    );
  aofGrowth(f, st, t, p);
}

/**
 * aof_current_size against aof_base_size (the size after the last rewrite).
 * Redis rewrites by itself once the AOF exceeds auto-aof-rewrite-min-size and
 * has grown auto-aof-rewrite-percentage past the base; an AOF aofGrowthFactor
 * times past that point means the rewrites do not happen: they fail, or
 * auto-rewrite is off (percentage 0). The file then grows without bound, fills
 * the disk and makes every restart replay it all. Growth per second is a fact.
 */
function aofGrowth(f: NodeFacts, st: NodeStatus, t: Thresholds, p: PersistenceFacts): void {
  const x = f.info!.fields;
  p.aofCurrentSize = num(x.aof_current_size);
  p.aofBaseSize = num(x.aof_base_size);
  const prev = f.previous;
  if (
    prev &&
    prev.runId === (x.run_id ?? '') &&
    prev.aofCurrentSize !== undefined &&
    p.aofCurrentSize !== undefined &&
    f.at - prev.at >= 200
  )
    p.aofGrowthBytesPerSec = Math.round(((p.aofCurrentSize - prev.aofCurrentSize) * 1000) / (f.at - prev.at));
  if (!p.aofEnabled || p.aofCurrentSize === undefined || p.aofBaseSize === undefined || p.aofRewriteInProgress) return;
  const pct = num(f.config?.['auto-aof-rewrite-percentage']) ?? 100;
  const minSize = num(f.config?.['auto-aof-rewrite-min-size']) ?? 64 * 1024 * 1024;
  const due = Math.max(minSize, p.aofBaseSize * (1 + (pct > 0 ? pct : 100) / 100));
  if (p.aofCurrentSize < due * t.aofGrowthFactor) return;
  const why =
    p.aofLastBgrewriteStatus === 'err'
      ? 'the last rewrite failed (aof_last_bgrewrite_status:err)'
      : pct <= 0
        ? 'auto-aof-rewrite-percentage is 0 (automatic rewrites off)'
        : 'no rewrite has started';
  st.problems.push(
    problem(
      'aof-growth',
      `the AOF is ${fmtBytes(p.aofCurrentSize)}, ${fmtBytes(p.aofBaseSize)} after the last rewrite; a rewrite was due at ${fmtBytes(due)} but ${why}: the file grows without bound and a restart replays all of it`,
    ),
  );
}

/**
 * A replica's lag in seconds (7.0+). slave_read_repl_offset is what the
 * replica has received; master_repl_offset what its primary has written. The
 * difference is what promoting the replica now would lose; divided by the
 * primary's write rate (its offset growth between two refreshes) it is that
 * loss in seconds of writes. Limits: the rate is an average over the refresh
 * interval (a burst after a quiet spell reads as more seconds than it took),
 * the two INFO replies are taken a few milliseconds apart (at a high rate
 * that skew adds a few milliseconds), and a primary that writes nothing has no
 * rate: then only the bytes are known (replica-lag-bytes judges them).
 */
export function readLag(
  f: NodeFacts,
  upstream: NodeFacts,
  rate: number | undefined,
  st: NodeStatus,
  t: Thresholds,
  r: ReplicationFacts,
): void {
  const po = num(upstream.info?.fields.master_repl_offset);
  const read = num(f.info?.fields.slave_read_repl_offset);
  if (po === undefined || read === undefined) return;
  r.readLagBytes = Math.max(0, po - read);
  if (rate === undefined || !(rate > 0)) return;
  r.behindSeconds = Math.round((r.readLagBytes / rate) * 10) / 10;
  const level = r.behindSeconds > t.replicaLagSecondsError ? 'error' : r.behindSeconds > t.replicaLagSecondsWarning ? 'warning' : undefined;
  if (!level) return;
  st.problems.push(
    problem(
      'replica-behind-seconds',
      `${fmtBytes(r.readLagBytes)} of ${upstream.address}'s writes not received, about ${r.behindSeconds} s at its ${fmtBytes(Math.round(rate))}/s (${level} threshold ${level === 'error' ? t.replicaLagSecondsError : t.replicaLagSecondsWarning} s): promoting it now would lose them`,
      level,
    ),
  );
}
