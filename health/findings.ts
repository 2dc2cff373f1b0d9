/**
 * Every finding the live health model can report, in one table: a stable code
 * (shown in the tree, in `redis-ha status` and usable by monitoring filters),
 * its usual level and what it means. Thresholds that decide a level are
 * settings (see settings.ts); the table holds only the level when it fires.
 */
import type { Health, Note, Problem } from './types';

export interface FindingInfo {
  /** The level when the finding fires; `warning|error` for graded ones (the threshold decides). */
  readonly level: Exclude<Health, 'ok'> | 'warning|error' | 'note';
  readonly scope: 'node' | 'group' | 'file';
  readonly summary: string;
}

export const FINDINGS = {
  // Reaching the node
  'node-unreachable': { level: 'unreachable', scope: 'node', summary: 'The node refused the connection, or the connection failed.' },
  'node-timeout': {
    level: 'unreachable',
    scope: 'node',
    summary: 'No reply within the deadline: the node is frozen, overloaded or cut off.',
  },
  'auth-failed': {
    level: 'error',
    scope: 'node',
    summary: 'The node refused our credentials (WRONGPASS); we do not retry until they change.',
  },
  'auth-required': {
    level: 'error',
    scope: 'node',
    summary: 'The node requires a password (NOAUTH) and none is known for this connection.',
  },
  'credentials-withheld': {
    level: 'error',
    scope: 'node',
    summary:
      "The node needs a password, and the connection's was not sent to it: no seed vouches for it as a member of the group (a node can announce any address).",
  },
  'address-not-allowed': {
    level: 'error',
    scope: 'node',
    summary: 'A reply names this node, but its address is outside redisHa.health.allowedAddresses / --allow: it is not contacted.',
  },
  'no-permission': {
    level: 'error',
    scope: 'node',
    summary: "The connection's ACL user may not run a command the probe needs (NOPERM): the node answers, but cannot be read.",
  },
  'node-busy': { level: 'error', scope: 'node', summary: 'The node answers BUSY: a script or function is blocking it.' },
  'reply-too-large': {
    level: 'error',
    scope: 'node',
    summary: 'A reply was larger than the limit on reply size: the connection was dropped and the node left unread.',
  },
  'slow-reply': { level: 'warning', scope: 'node', summary: 'The node answered, but slower than the slow-reply threshold.' },
  loading: {
    level: 'warning',
    scope: 'node',
    summary: 'The node is loading its dataset from disk (state loading: LOADING or loading:1) and serves no data yet.',
  },
  // Replication, as a replica sees it
  'replica-link-down': {
    level: 'error',
    scope: 'node',
    summary:
      'The replica has no working link to its primary (master_link_status:down). Pending (a warning) until the link has been down for the hold-down (redisHa.health.holdDownLinkDownSeconds, 2 min).',
  },
  'replica-syncing': {
    level: 'warning',
    scope: 'node',
    summary:
      'A full synchronisation is in progress (state syncing): the replica holds no usable copy yet; its link is down by design meanwhile.',
  },
  'replica-last-io': {
    level: 'warning',
    scope: 'node',
    summary: 'The replica has not heard from its primary for longer than the threshold.',
  },
  'replica-lag-bytes': {
    level: 'warning|error',
    scope: 'node',
    summary: 'The replica is behind its primary by more bytes than the threshold.',
  },
  'replica-lag-seconds': {
    level: 'warning|error',
    scope: 'node',
    summary: 'The primary has not received an acknowledgement from the replica for longer than the threshold.',
  },
  'replica-beyond-backlog': {
    level: 'error',
    scope: 'node',
    summary: 'The replica is behind by more than the backlog holds: a reconnect needs a full resync.',
  },
  'replica-behind-seconds': {
    level: 'warning|error',
    scope: 'node',
    summary:
      "Seconds of the primary's writes the replica has not received yet (7.0+: master_repl_offset − slave_read_repl_offset, over the primary's write rate): what promoting it now would lose.",
  },
  'replica-heartbeat-lag': {
    level: 'warning|error',
    scope: 'node',
    summary:
      'By the heartbeat key (redisHa.health.heartbeatKey, --heartbeat-key): the replica lacks a heartbeat its primary accepted longer ago than the threshold.',
  },
  'heartbeat-failed': {
    level: 'warning',
    scope: 'node',
    summary:
      'The heartbeat key could not be written (SET on a primary) or read (GET on a replica): NOPERM, OOM… The node is read otherwise.',
  },
  'replica-wrong-primary': {
    level: 'warning',
    scope: 'node',
    summary: "The replica replicates from a node other than its group's primary.",
  },
  // Replication, as a primary sees it
  'unexpected-primary': {
    level: 'error',
    scope: 'node',
    summary:
      "A node reports itself primary while the group's primary is another node (split brain risk); a warning while Sentinel runs a failover.",
  },
  'min-replicas-unmet': {
    level: 'error',
    scope: 'node',
    summary: 'Fewer good replicas than min-replicas-to-write: the primary refuses writes.',
  },
  'min-replicas-no-headroom': {
    level: 'warning',
    scope: 'node',
    summary: 'Exactly min-replicas-to-write good replicas: losing one more stops writes.',
  },
  'resync-churn': {
    level: 'warning',
    scope: 'node',
    summary: 'The primary served full resyncs (sync_full) or refused partial ones (sync_partial_err) since the previous refresh.',
  },
  'backlog-short': {
    level: 'warning',
    scope: 'node',
    summary: 'The replication backlog holds fewer seconds of the current write rate than the threshold.',
  },
  // Persistence
  'aof-write-error': { level: 'error', scope: 'node', summary: 'The last write to the AOF failed (aof_last_write_status:err).' },
  'aof-rewrite-error': { level: 'warning', scope: 'node', summary: 'The last AOF rewrite failed (aof_last_bgrewrite_status:err).' },
  'rdb-bgsave-error': { level: 'error', scope: 'node', summary: 'The last RDB snapshot failed (rdb_last_bgsave_status:err).' },
  'rdb-stale': {
    level: 'warning',
    scope: 'node',
    summary: 'RDB is the only persistence and the last snapshot is older than the threshold, with changes since.',
  },
  'backup-stale': {
    level: 'error',
    scope: 'node',
    summary: 'The last RDB snapshot (rdb_last_save_time) is older than the backup age threshold (48 h by default), whatever AOF does.',
  },
  'aof-growth': {
    level: 'warning',
    scope: 'node',
    summary:
      'The AOF (aof_current_size) has grown far past the size at which it should have been rewritten (aof_base_size, auto-aof-rewrite-*): rewrites fail or are off.',
  },
  'aof-delayed-fsync': {
    level: 'warning',
    scope: 'node',
    summary: 'AOF fsyncs were delayed because the disk was busy (aof_delayed_fsync grew).',
  },
  // Resources
  'memory-high': {
    level: 'warning|error',
    scope: 'node',
    summary:
      'used_memory is near maxmemory (or, without maxmemory, near the host memory): evictions, OOM errors or the OOM killer are next.',
  },
  'memory-fragmented': {
    level: 'warning',
    scope: 'node',
    summary: 'mem_fragmentation_ratio above the threshold on a node whose RSS is large enough for the ratio to mean something.',
  },
  'memory-swapping': {
    level: 'warning',
    scope: 'node',
    summary: 'mem_fragmentation_ratio below 1: the process holds less RAM than its data, so part of it is swapped out.',
  },
  'clients-near-max': { level: 'warning', scope: 'node', summary: 'connected_clients is close to maxclients.' },
  'clients-rejected': {
    level: 'warning',
    scope: 'node',
    summary: 'The node refused connections (rejected_connections grew) since the previous refresh: maxclients reached.',
  },
  'fork-slow': {
    level: 'warning',
    scope: 'node',
    summary: 'The last fork (latest_fork_usec, for BGSAVE, AOF rewrite or a full sync) stalled the node longer than the threshold.',
  },
  'latency-spike': {
    level: 'warning',
    scope: 'node',
    summary: 'LATENCY LATEST recorded an event at least as slow as the threshold in the last 5 minutes.',
  },
  // Sentinel
  'sentinel-tilt': { level: 'warning', scope: 'node', summary: 'The Sentinel is in TILT mode and takes no action.' },
  'sentinel-sdown': { level: 'warning', scope: 'group', summary: 'A Sentinel considers the primary subjectively down (s_down).' },
  'sentinel-odown': { level: 'error', scope: 'group', summary: 'The Sentinels agree the primary is down (o_down): a failover is due.' },
  'failover-in-progress': { level: 'warning', scope: 'group', summary: 'Sentinel is running a failover for this group.' },
  'sentinels-disagree': { level: 'error', scope: 'group', summary: 'Sentinels report different primaries for the same group.' },
  'sentinel-partial-view': { level: 'warning', scope: 'group', summary: 'A Sentinel sees fewer Sentinels or replicas than the group has.' },
  'sentinel-no-quorum': { level: 'error', scope: 'group', summary: 'SENTINEL CKQUORUM fails: a failover could not be authorised now.' },
  'sentinel-count': {
    level: 'warning',
    scope: 'group',
    summary: 'Fewer than three Sentinels watch the group: one lost Sentinel can block a failover.',
  },
  'sentinel-master-unknown': {
    level: 'error',
    scope: 'group',
    summary: 'The master name asked for (#master, or "master" in settings) is not monitored by any Sentinel that answered.',
  },
  flapping: {
    level: 'error',
    scope: 'group',
    summary:
      'The group keeps changing: at least 3 role, link or primary changes within 2 minutes, spread over both minutes (a failover and the role and link changes within 30 s of it count once). Clears after 2 quiet minutes.',
  },
  'primary-unknown': { level: 'error', scope: 'group', summary: 'No reachable node acts as the primary of the group.' },
  'no-replicas': {
    level: 'warning',
    scope: 'group',
    summary: 'The primary has no connected replica: nothing to fail over to, no second copy.',
  },
  // Cluster
  'cluster-state-fail': {
    level: 'error',
    scope: 'group',
    summary:
      'cluster_state:fail: the cluster refuses queries. Pending (a warning) until it has lasted the hold-down (redisHa.health.holdDownClusterStateSeconds, 5 min).',
  },
  'cluster-slots-uncovered': { level: 'error', scope: 'group', summary: 'Not every hash slot is served by a working primary.' },
  'cluster-slots-pfail': {
    level: 'warning',
    scope: 'group',
    summary:
      'Some slots belong to a node suspected down (PFAIL). Marked pending until it has lasted the hold-down (redisHa.health.holdDownPfailSeconds, 5 min).',
  },
  'cluster-node-fail': { level: 'error', scope: 'group', summary: 'The cluster marks a node as failed (FAIL).' },
  // Limits
  'list-truncated': {
    level: 'warning',
    scope: 'group',
    summary: 'A reply listed more replicas, Sentinels, masters or cluster nodes than the view takes (see LIMITS): the rest are left out.',
  },
  // Drift
  'group-drift': {
    level: 'warning',
    scope: 'group',
    summary: 'A setting that must match across the group differs between nodes: after a failover the group behaves differently.',
  },
  'file-drift': {
    level: 'warning',
    scope: 'file',
    summary: 'The live node runs with a different value than the file sets: a restart changes its behaviour.',
  },
  'file-drift-unset': {
    level: 'warning',
    scope: 'file',
    summary: 'The live node runs with a non-default value the file does not set: a restart would lose it.',
  },
  'file-drift-unknown': { level: 'warning', scope: 'file', summary: "The file sets a directive the live node's version does not know." },
  // Notes (not problems)
  'config-unavailable': {
    level: 'note',
    scope: 'node',
    summary: 'CONFIG GET is not permitted or renamed: drift and min-replicas checks skip this node.',
  },
  'cluster-nodes-fallback': {
    level: 'note',
    scope: 'node',
    summary: 'CLUSTER SHARDS is unavailable; the topology comes from CLUSTER NODES.',
  },
} as const satisfies Record<string, FindingInfo>;

export type FindingCode = keyof typeof FINDINGS;

/** A problem with the table's level (or `level` for graded findings). */
export function problem(code: FindingCode, message: string, level?: Problem['level']): Problem {
  const info: FindingInfo = FINDINGS[code];
  const l = level ?? (info.level === 'warning|error' || info.level === 'note' ? 'warning' : info.level);
  return { code, level: l, message };
}

export function note(code: FindingCode, message: string): Note {
  return { code, message };
}
