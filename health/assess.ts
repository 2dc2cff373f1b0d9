/**
 * Findings for one node, from its own facts and from its primary's view of it:
 * reachability, replication (link, last IO, sync, offset lag, ACK lag,
 * min-replicas, backlog), persistence and loading, Sentinel tilt. Pure.
 */
import { problem, note } from './findings';
import { fmtBytes, fmtSeconds } from './format';
import type { NodeFacts } from './probe';
import { heartbeatFindings } from './heartbeat';
import { durability, readLag, resources, resyncChurn } from './resources';
import { keyCount, num, replicaList, replicasOf, type ReplicaEntry } from './replies';
import type { Thresholds } from './settings';
import { addressOf, worstOf, type NodeStatus, type PersistenceFacts, type ReplicationFacts, type Role } from './types';

export interface NodeContext {
  connection: string;
  thresholds: Thresholds;
  /** Role the topology gives the node (used when it cannot tell us itself). */
  placedRole?: Role;
  /** The group's primary address and members (sentinel/replication groups). */
  groupPrimary?: string;
  groupMembers?: ReadonlySet<string>;
  /** Sentinel reports a failover of the group in progress (a second primary is then expected). */
  failoverInProgress?: boolean;
  /** Facts of the node this one replicates from (its upstream), if probed. */
  upstream?: NodeFacts;
  /** Replication stream rate of this node (bytes/s), measured between refreshes. */
  writeRate?: number;
  /** Replication stream rate of its upstream (bytes/s): turns the bytes a replica has not received into seconds. */
  upstreamWriteRate?: number;
  /** Cluster: this node's flags in the cluster view. */
  clusterFail?: 'pfail' | 'fail';
  clusterId?: string;
}

export { fmtBytes, fmtSeconds };

function roleFrom(f: NodeFacts): Role {
  if (f.mode === 'sentinel') return 'sentinel';
  const r = f.info?.fields.role;
  return r === 'master' ? 'primary' : r === 'slave' ? 'replica' : 'unknown';
}

/** The primary's `slaveN` entry for `address`, if it lists it. */
export function entryFor(primary: NodeFacts | undefined, address: string): ReplicaEntry | undefined {
  if (!primary?.ok || !primary.info) return undefined;
  return replicaList(primary.info).byAddress.get(address);
}

export function upstreamAddress(f: NodeFacts | undefined): string | undefined {
  const fields = f?.info?.fields;
  if (fields?.role !== 'slave' || !fields.master_host) return undefined;
  const port = num(fields.master_port);
  return port === undefined ? undefined : addressOf({ host: fields.master_host, port });
}

export function assessNode(address: string, f: NodeFacts | undefined, ctx: NodeContext): NodeStatus {
  const st: NodeStatus = { address, connection: ctx.connection, role: ctx.placedRole ?? 'unknown', health: 'ok', problems: [], notes: [] };
  if (ctx.clusterId) st.cluster = { id: ctx.clusterId, failFlag: ctx.clusterFail };
  if (!f?.ok || !f.info) {
    unreachable(st, f, ctx);
    st.health = worstOf(st.problems.map((p) => p.level));
    return st;
  }
  st.state = 'up';
  const fields = f.info.fields;
  st.role = roleFrom(f);
  st.mode = f.mode;
  st.product = fields.server_name ?? 'redis';
  st.version = fields.valkey_version ?? fields.redis_version;
  st.rttMs = f.rttMs === undefined ? undefined : Math.round(f.rttMs * 10) / 10;
  st.uptimeSeconds = num(fields.uptime_in_seconds);
  st.connectedClients = num(fields.connected_clients);
  st.opsPerSec = num(fields.instantaneous_ops_per_sec);
  if (f.rttMs !== undefined && f.rttMs > ctx.thresholds.slowReplyMs) {
    st.problems.push(
      problem(
        'slow-reply',
        `answered in ${Math.round(f.rttMs)} ms (threshold ${ctx.thresholds.slowReplyMs} ms): busy, paused or overloaded`,
      ),
    );
  }
  if (f.mode === 'sentinel') {
    st.sentinel = { masters: num(fields.sentinel_masters) ?? 0, tilt: fields.sentinel_tilt === '1' };
    if (st.sentinel.tilt)
      st.problems.push(
        problem(
          'sentinel-tilt',
          `in TILT mode${fields.sentinel_tilt_since_seconds ? ` for ${fields.sentinel_tilt_since_seconds} s` : ''}: this Sentinel takes no failover decision`,
        ),
      );
  } else {
    st.usedMemory = num(fields.used_memory);
    st.maxmemory = num(fields.maxmemory);
    st.keys = keyCount(f.info);
    if (f.cluster)
      st.cluster = {
        id: f.cluster.myId ?? ctx.clusterId,
        state: f.cluster.info.cluster_state,
        epoch: num(f.cluster.info.cluster_my_epoch),
        failFlag: ctx.clusterFail,
      };
    st.persistence = persistence(f, st, ctx);
    st.replication = replication(address, f, st, ctx);
    st.resources = resources(f, st, ctx.thresholds);
    if (st.persistence.loading) st.state = 'loading';
    else if (st.replication.syncInProgress || fields.async_loading === '1') st.state = 'syncing';
    if (f.withheld) st.notes.push(note('credentials-withheld', `answered without credentials: ${f.withheld}`));
    if (f.configError)
      st.notes.push(note('config-unavailable', `CONFIG GET refused (${f.configError}): drift and min-replicas checks skip this node`));
    if (f.cluster?.view?.source === 'nodes')
      st.notes.push(note('cluster-nodes-fallback', 'CLUSTER SHARDS unavailable here: the topology comes from CLUSTER NODES'));
  }
  st.health = worstOf(st.problems.map((p) => p.level));
  return st;
}

function unreachable(st: NodeStatus, f: NodeFacts | undefined, ctx: NodeContext): void {
  const fail = f?.failure;
  const retry = fail?.skipped && fail.retryInMs ? ` (last attempt failed; next in ${Math.ceil(fail.retryInMs / 1000)} s)` : '';
  const msg = fail ? fail.message : 'not probed yet';
  st.error = `${msg}${retry}`;
  st.state = 'unreachable';
  switch (fail?.kind) {
    case 'no-permission':
      st.state = 'no-permission';
      st.problems.push(problem('no-permission', `${msg}${retry}`));
      break;
    case 'loading':
      st.state = 'loading';
      st.problems.push(problem('loading', `loading the dataset from disk (${msg}): no data served yet${retry}`));
      break;
    case 'auth-failed':
      st.state = 'auth-failed';
      st.problems.push(problem('auth-failed', `authentication failed: ${msg}${retry}`));
      break;
    case 'auth-required':
      st.state = 'auth-required';
      if (f?.withheld) st.problems.push(problem('credentials-withheld', `the node requires a password: ${f.withheld}${retry}`));
      else st.problems.push(problem('auth-required', `the node requires a password and none is set for this connection${retry}`));
      break;
    case 'not-allowed':
      st.state = 'not-allowed';
      st.problems.push(problem('address-not-allowed', msg));
      break;
    case 'busy':
      st.state = 'busy';
      st.problems.push(problem('node-busy', msg));
      break;
    case 'too-large':
      st.problems.push(problem('reply-too-large', msg));
      break;
    case 'timeout':
      st.problems.push(problem('node-timeout', `${msg}: frozen, overloaded or cut off${retry}`));
      break;
    default:
      st.problems.push(problem('node-unreachable', `${msg}${retry}`));
  }
  // what the primary still says about an unreachable replica
  if (ctx.upstream) {
    const e = entryFor(ctx.upstream, st.address);
    const po = num(ctx.upstream.info?.fields.master_repl_offset);
    if (e)
      st.replication = {
        primary: ctx.upstream.address,
        stateAtPrimary: e.state,
        lagSeconds: e.lag,
        offsetLagBytes: po !== undefined && e.offset !== undefined ? Math.max(0, po - e.offset) : undefined,
      };
  }
}

function persistence(f: NodeFacts, st: NodeStatus, ctx: NodeContext): PersistenceFacts {
  const x = f.info!.fields;
  const p: PersistenceFacts = {
    aofEnabled: x.aof_enabled === '1',
    aofLastWriteStatus: x.aof_last_write_status,
    aofLastBgrewriteStatus: x.aof_last_bgrewrite_status,
    aofDelayedFsync: num(x.aof_delayed_fsync),
    aofRewriteInProgress: x.aof_rewrite_in_progress === '1',
    rdbLastBgsaveStatus: x.rdb_last_bgsave_status,
    rdbChangesSinceLastSave: num(x.rdb_changes_since_last_save),
    rdbBgsaveInProgress: x.rdb_bgsave_in_progress === '1',
    loading: x.loading === '1' || x.async_loading === '1',
    loadingPercent: num(x.loading_loaded_perc),
  };
  const lastSave = num(x.rdb_last_save_time);
  const serverTime = num(x.server_time_usec);
  if (lastSave !== undefined)
    p.rdbLastSaveAgeSeconds = Math.max(0, Math.round((serverTime !== undefined ? serverTime / 1e6 : f.at / 1000) - lastSave));
  if (f.config && 'save' in f.config) p.rdbScheduled = f.config.save.trim() !== '';
  const stopWrites = f.config?.['stop-writes-on-bgsave-error'];
  if (p.loading)
    st.problems.push(
      problem(
        'loading',
        `loading the dataset from disk${p.loadingPercent !== undefined ? ` (${p.loadingPercent}% done)` : ''}: no data served yet`,
      ),
    );
  if (p.aofLastWriteStatus === 'err') {
    st.problems.push(
      problem(
        'aof-write-error',
        'the last write to the AOF failed (aof_last_write_status:err): Redis refuses writes (MISCONF) until the disk accepts them; check disk space, quotas and permissions',
      ),
    );
  }
  if (p.aofLastBgrewriteStatus === 'err')
    st.problems.push(
      problem(
        'aof-rewrite-error',
        'the last AOF rewrite failed (aof_last_bgrewrite_status:err): the AOF keeps growing; see the server log',
      ),
    );
  if (p.rdbLastBgsaveStatus === 'err') {
    st.problems.push(
      problem(
        'rdb-bgsave-error',
        `the last RDB snapshot failed (rdb_last_bgsave_status:err)${stopWrites === 'no' ? '' : ': with stop-writes-on-bgsave-error yes, writes are refused until a snapshot succeeds'}`,
      ),
    );
  }
  if ((p.aofDelayedFsync ?? 0) > 0) {
    st.problems.push(
      problem(
        'aof-delayed-fsync',
        `${p.aofDelayedFsync} AOF fsync(s) delayed since start or CONFIG RESETSTAT: the disk does not keep up with appendfsync everysec, so more than 1 s of writes can be lost`,
      ),
    );
  }
  if (
    !p.aofEnabled &&
    p.rdbScheduled !== false &&
    (p.rdbChangesSinceLastSave ?? 0) > 0 &&
    (p.rdbLastSaveAgeSeconds ?? 0) > ctx.thresholds.rdbMaxAgeSeconds &&
    // older than the backup age, backup-stale (an error) says it: not twice
    (p.rdbLastSaveAgeSeconds ?? 0) <= ctx.thresholds.backupMaxAgeSeconds
  ) {
    st.problems.push(
      problem(
        'rdb-stale',
        `RDB is the only persistence and the last snapshot is ${fmtSeconds(p.rdbLastSaveAgeSeconds!)} old with ${p.rdbChangesSinceLastSave} change(s) since: a crash loses them`,
      ),
    );
  }
  durability(f, st, ctx.thresholds, p);
  return p;
}

function replication(address: string, f: NodeFacts, st: NodeStatus, ctx: NodeContext): ReplicationFacts {
  const x = f.info!.fields;
  const r: ReplicationFacts = {
    connectedReplicas: num(x.connected_slaves),
    offset: num(x.role === 'slave' ? x.slave_repl_offset : x.master_repl_offset),
    backlogSize: num(x.repl_backlog_size),
    partialSyncOk: num(x.sync_partial_ok),
    partialSyncErr: num(x.sync_partial_err),
    fullSyncs: num(x.sync_full),
  };
  if (x.role === 'slave') replicaSide(address, f, st, ctx, r);
  else primarySide(address, f, st, ctx, r);
  return r;
}

/** A replica: its link, a sync in progress, how far behind its primary it is, and whether that is the group's primary. */
function replicaSide(address: string, f: NodeFacts, st: NodeStatus, ctx: NodeContext, r: ReplicationFacts): void {
  const x = f.info!.fields;
  const up = upstreamAddress(f);
  r.primary = up;
  r.linkStatus = x.master_link_status === 'up' ? 'up' : 'down';
  r.lastIoSecondsAgo = num(x.master_last_io_seconds_ago);
  r.linkDownSeconds = num(x.master_link_down_since_seconds);
  const upstream = ctx.upstream && ctx.upstream.address === up ? ctx.upstream : undefined;
  // syncing: the replica says so, or — its link still down — its primary lists it as waiting
  // for / receiving the RDB (before the transfer starts, a diskless sync delay, the replica
  // itself still says 0). A replica whose link is up has loaded its copy, whatever the primary
  // still says: it keeps send_bulk until the replica's first REPLCONF ACK.
  const atPrimary = entryFor(upstream, address)?.state;
  r.syncInProgress =
    x.master_sync_in_progress === '1' || (r.linkStatus === 'down' && (atPrimary === 'wait_bgsave' || atPrimary === 'send_bulk'));
  linkProblems(f, st, ctx.thresholds, r, up);
  if (upstream?.info) {
    offsetLag(upstream, st, ctx.thresholds, r, up);
    if (r.linkStatus === 'up' && !r.syncInProgress) readLag(f, upstream, ctx.upstreamWriteRate, st, ctx.thresholds, r);
    lagAtPrimary(address, upstream, st, ctx.thresholds, r, up);
  }
  heartbeatFindings(f.heartbeat, upstream?.heartbeat, up, st, ctx.thresholds, r);
  if (ctx.groupPrimary && up && up !== ctx.groupPrimary && !ctx.groupMembers?.has(up)) {
    st.problems.push(problem('replica-wrong-primary', `replicates from ${up}, not from the group's primary ${ctx.groupPrimary}`));
  }
}

/** The link to the primary: down, a full sync in progress, or silent for too long. */
function linkProblems(f: NodeFacts, st: NodeStatus, t: Thresholds, r: ReplicationFacts, up: string | undefined): void {
  const x = f.info!.fields;
  // during a full sync the link is down by design: that is the sync, reported below, not an error
  if (r.linkStatus === 'down' && !r.syncInProgress) {
    st.problems.push(
      problem(
        'replica-link-down',
        `no link to its primary ${up ?? '?'}${r.linkDownSeconds !== undefined && r.linkDownSeconds >= 0 ? ` for ${fmtSeconds(r.linkDownSeconds)}` : ''}${r.syncInProgress ? ' (a full sync is in progress)' : ''}`,
      ),
    );
  }
  if (r.syncInProgress) {
    const total = num(x.master_sync_total_bytes),
      read = num(x.master_sync_read_bytes);
    const progress = total && total > 0 && read !== undefined ? ` (${Math.round((100 * read) / total)}% of ${fmtBytes(total)})` : '';
    st.problems.push(
      problem(
        'replica-syncing',
        `full synchronisation from ${up ?? 'its primary'} in progress${progress}: this replica has no usable copy yet`,
      ),
    );
  }
  if (r.linkStatus === 'up' && r.lastIoSecondsAgo !== undefined && r.lastIoSecondsAgo > t.lastIoSecondsWarning) {
    st.problems.push(
      problem('replica-last-io', `nothing heard from ${up} for ${r.lastIoSecondsAgo} s (threshold ${t.lastIoSecondsWarning} s)`),
    );
  }
}

/** Bytes behind the primary's offset, against the thresholds and the primary's backlog. */
function offsetLag(upstream: NodeFacts, st: NodeStatus, t: Thresholds, r: ReplicationFacts, up: string | undefined): void {
  const po = num(upstream.info!.fields.master_repl_offset);
  if (po === undefined || r.offset === undefined || r.linkStatus !== 'up' || r.syncInProgress) return;
  r.offsetLagBytes = Math.max(0, po - r.offset);
  const backlog = num(upstream.info!.fields.repl_backlog_size);
  if (backlog !== undefined && r.offsetLagBytes > backlog) {
    st.problems.push(
      problem(
        'replica-beyond-backlog',
        `${fmtBytes(r.offsetLagBytes)} behind, more than ${up}'s backlog (${fmtBytes(backlog)}): if the link drops, only a full resync can bring it back`,
      ),
    );
  } else if (r.offsetLagBytes > t.replicaLagBytesError) {
    st.problems.push(
      problem(
        'replica-lag-bytes',
        `${fmtBytes(r.offsetLagBytes)} behind ${up} (error threshold ${fmtBytes(t.replicaLagBytesError)})`,
        'error',
      ),
    );
  } else if (r.offsetLagBytes > t.replicaLagBytesWarning) {
    st.problems.push(
      problem(
        'replica-lag-bytes',
        `${fmtBytes(r.offsetLagBytes)} behind ${up} (warning threshold ${fmtBytes(t.replicaLagBytesWarning)})`,
        'warning',
      ),
    );
  }
}

/** The replica as its primary lists it: its state, and the seconds since its last ACK. */
function lagAtPrimary(
  address: string,
  upstream: NodeFacts,
  st: NodeStatus,
  t: Thresholds,
  r: ReplicationFacts,
  up: string | undefined,
): void {
  const e = entryFor(upstream, address);
  if (!e) return;
  r.stateAtPrimary = e.state;
  r.lagSeconds = e.lag;
  if (e.lag === undefined || e.state !== 'online') return;
  if (e.lag > t.replicaLagSecondsError)
    st.problems.push(
      problem(
        'replica-lag-seconds',
        `${up} last heard an ACK from it ${e.lag} s ago (error threshold ${t.replicaLagSecondsError} s)`,
        'error',
      ),
    );
  else if (e.lag > t.replicaLagSecondsWarning)
    st.problems.push(
      problem(
        'replica-lag-seconds',
        `${up} last heard an ACK from it ${e.lag} s ago (warning threshold ${t.replicaLagSecondsWarning} s)`,
        'warning',
      ),
    );
}

/** A primary: whether the group expects it to be one, min-replicas-to-write, and the backlog against the write rate. */
function primarySide(address: string, f: NodeFacts, st: NodeStatus, ctx: NodeContext, r: ReplicationFacts): void {
  if (ctx.groupPrimary && ctx.groupPrimary !== address) {
    st.problems.push(
      ctx.failoverInProgress
        ? problem(
            'unexpected-primary',
            `promoted by the failover in progress; Sentinel still names ${ctx.groupPrimary} until it completes`,
            'warning',
          )
        : problem(
            'unexpected-primary',
            `acts as a primary while the group's primary is ${ctx.groupPrimary}: clients writing here would lose their writes (split brain)`,
          ),
    );
  }
  minReplicas(f, st, r);
  resyncChurn(f, st, r);
  if (f.heartbeat?.error) st.problems.push(problem('heartbeat-failed', f.heartbeat.error));
  if (ctx.writeRate !== undefined) backlogCover(ctx.writeRate, st, ctx.thresholds, r);
}

/** min-replicas-to-write: met, met without headroom, or not met (writes refused). */
function minReplicas(f: NodeFacts, st: NodeStatus, r: ReplicationFacts): void {
  const x = f.info!.fields;
  const minToWrite = num(f.config?.['min-replicas-to-write']);
  const maxLag = num(f.config?.['min-replicas-max-lag']);
  r.minReplicasToWrite = minToWrite;
  r.minReplicasMaxLag = maxLag;
  if (minToWrite === undefined || minToWrite <= 0) return;
  const entries = replicasOf(f.info!);
  const good = num(x.min_slaves_good_slaves) ?? entries.filter((e) => e.state === 'online' && (e.lag ?? 0) <= (maxLag ?? 10)).length;
  r.goodReplicas = good;
  if (good < minToWrite) {
    st.problems.push(
      problem(
        'min-replicas-unmet',
        `${good} good replica(s), fewer than min-replicas-to-write ${minToWrite} (max lag ${maxLag ?? '?'} s): the primary refuses writes (NOREPLICAS)`,
      ),
    );
  } else if (good === minToWrite) {
    st.problems.push(
      problem(
        'min-replicas-no-headroom',
        `exactly ${good} good replica(s) for min-replicas-to-write ${minToWrite}: losing one stops writes`,
      ),
    );
  }
}

/** How many seconds of the current write rate the backlog holds. */
function backlogCover(writeRate: number, st: NodeStatus, t: Thresholds, r: ReplicationFacts): void {
  r.writeRateBytesPerSec = Math.round(writeRate);
  if (!(writeRate > 0) || r.backlogSize === undefined) return;
  r.backlogCoversSeconds = Math.round((r.backlogSize / writeRate) * 10) / 10;
  if (r.backlogCoversSeconds < t.backlogMinSeconds && (r.connectedReplicas ?? 0) > 0) {
    st.problems.push(
      problem(
        'backlog-short',
        `repl-backlog-size ${fmtBytes(r.backlogSize)} holds ${fmtSeconds(r.backlogCoversSeconds)} of the current ${fmtBytes(Math.round(writeRate))}/s (threshold ${t.backlogMinSeconds} s): a replica away longer needs a full resync`,
      ),
    );
  }
}
