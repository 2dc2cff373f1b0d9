/**
 * The live health model: what a refresh produces, shared by the tree view,
 * the status bar and `redis-ha status`. Plain data (JSON-serialisable), no
 * `vscode` import, no ioredis import.
 */
import { formatAddress, type HostPort } from './address';

export type { HostPort };

/** Health levels, from best to worst. `unreachable`: we could not get an answer at all. */
export const HEALTH_LEVELS = ['ok', 'warning', 'error', 'unreachable'] as const;
export type Health = (typeof HEALTH_LEVELS)[number];

export function worst(...levels: Array<Health | undefined>): Health {
  return worstOf(levels);
}

/** The worst of any number of levels (input-sized lists go here, never spread into a call). */
export function worstOf(levels: Iterable<Health | undefined>): Health {
  let w = 0;
  for (const l of levels) if (l) w = Math.max(w, HEALTH_LEVELS.indexOf(l));
  return HEALTH_LEVELS[w];
}

export type Role = 'primary' | 'replica' | 'sentinel' | 'unknown';

/**
 * What state a node is in, beside how healthy it is: `up` (it answered; its
 * health says how it does), `syncing` (a replica in a full synchronisation:
 * no usable copy yet, not an error), `loading` (loading its dataset: LOADING
 * or loading:1), `no-permission` (our ACL user may not read it: NOPERM),
 * `auth-failed` / `auth-required` (WRONGPASS / NOAUTH), `not-allowed` (outside
 * the allowed addresses: not contacted), `busy` (BUSY: a script blocks it),
 * `unreachable` (no answer at all).
 */
export const NODE_STATES = [
  'up',
  'syncing',
  'loading',
  'no-permission',
  'auth-failed',
  'auth-required',
  'not-allowed',
  'busy',
  'unreachable',
] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** A finding: a stable code from the FINDINGS table, its level and a message naming the facts. */
export interface Problem {
  code: string;
  level: Exclude<Health, 'ok'>;
  message: string;
  /**
   * A finding with a hold-down (holddown.ts) whose condition has not lasted
   * that long yet: shown at `level` (warning) until `until` (epoch ms), then at
   * `pending.level`. `since`: when the condition was first seen.
   */
  pending?: { since: number; until: number; level: Exclude<Health, 'ok'> };
}

/** Something worth knowing that is not a problem (e.g. CONFIG not permitted for our user). */
export interface Note {
  code: string;
  message: string;
}

/** `host:port`, with an IPv6 host in brackets (Redis reports them without). */
export function addressOf(hp: HostPort): string {
  return formatAddress(hp.host, hp.port);
}

export interface ReplicationFacts {
  /** Replicas: the primary they replicate from (as the replica reports it). */
  primary?: string;
  linkStatus?: 'up' | 'down';
  /** Seconds since the replica last heard from its primary. */
  lastIoSecondsAgo?: number;
  /** Seconds the link has been down (replicas whose link is down). */
  linkDownSeconds?: number;
  syncInProgress?: boolean;
  /** Bytes the replica is behind its primary (primary's master_repl_offset − replica's slave_repl_offset). */
  offsetLagBytes?: number;
  /** Seconds since the primary last received an ACK from this replica (`lag=` in the primary's INFO). */
  lagSeconds?: number;
  /** Replica state as the primary reports it (online, wait_bgsave, send_bulk…). */
  stateAtPrimary?: string;
  /** Primaries (and chained replicas): replicas connected now. */
  connectedReplicas?: number;
  minReplicasToWrite?: number;
  minReplicasMaxLag?: number;
  /** Replicas the primary counts as good for min-replicas-to-write. */
  goodReplicas?: number;
  offset?: number;
  backlogSize?: number;
  /** Replication stream rate in bytes per second, measured between refreshes (or estimated). */
  writeRateBytesPerSec?: number;
  /** How many seconds of the current write rate the backlog holds. */
  backlogCoversSeconds?: number;
  partialSyncOk?: number;
  partialSyncErr?: number;
  fullSyncs?: number;
  /** Primaries: full resyncs served and partial resyncs refused since the previous refresh (resources.ts). */
  fullSyncsSinceLast?: number;
  partialSyncErrSinceLast?: number;
  /** Replicas (7.0+): bytes the primary has written that this replica has not even received (master_repl_offset − slave_read_repl_offset). */
  readLagBytes?: number;
  /** Replicas: readLagBytes divided by the primary's write rate — an estimate, see resources.ts. */
  behindSeconds?: number;
  /** Replicas, with a heartbeat key: seconds behind by it (heartbeat.ts). */
  heartbeatLagSeconds?: number;
}

export interface PersistenceFacts {
  aofEnabled?: boolean;
  aofLastWriteStatus?: string;
  aofLastBgrewriteStatus?: string;
  aofDelayedFsync?: number;
  aofRewriteInProgress?: boolean;
  rdbLastBgsaveStatus?: string;
  rdbChangesSinceLastSave?: number;
  rdbLastSaveAgeSeconds?: number;
  rdbBgsaveInProgress?: boolean;
  /** The `save` schedule is not empty. */
  rdbScheduled?: boolean;
  loading?: boolean;
  loadingPercent?: number;
  aofCurrentSize?: number;
  aofBaseSize?: number;
  /** AOF growth in bytes per second since the previous refresh (negative after a rewrite). */
  aofGrowthBytesPerSec?: number;
}

/** Memory, clients and stalls (resources.ts). */
export interface ResourceFacts {
  usedMemoryRss?: number;
  /** What used_memory is compared with: maxmemory, or the host's memory when maxmemory is 0. */
  memoryLimit?: number;
  memoryLimitSource?: 'maxmemory' | 'system';
  memoryPercent?: number;
  fragmentationRatio?: number;
  maxclients?: number;
  rejectedConnections?: number;
  rejectedSinceLast?: number;
  latestForkMs?: number;
  /** LATENCY LATEST, at most LATENCY_EVENTS entries: event, latest and all-time max in ms, seconds since the latest. */
  latency?: Array<{ event: string; latestMs: number; maxMs: number; ageSeconds: number }>;
}

export interface NodeStatus {
  /** host:port as we reach it. */
  address: string;
  connection: string;
  /** The group (or cluster) this node belongs to, if any. */
  group?: string;
  /** Cluster shard id, for cluster nodes. */
  shard?: string;
  role: Role;
  health: Health;
  /** Set by the model for every node (see NodeState). */
  state?: NodeState;
  problems: Problem[];
  notes: Note[];
  /** Why the node could not be read (unreachable, auth…). */
  error?: string;
  version?: string;
  /** redis | valkey */
  product?: string;
  mode?: 'standalone' | 'cluster' | 'sentinel';
  /** Round trip of this refresh's probe, in ms. */
  rttMs?: number;
  uptimeSeconds?: number;
  connectedClients?: number;
  usedMemory?: number;
  maxmemory?: number;
  opsPerSec?: number;
  keys?: number;
  replication?: ReplicationFacts;
  persistence?: PersistenceFacts;
  resources?: ResourceFacts;
  /** Sentinels: how many masters this Sentinel monitors; tilt mode. */
  sentinel?: { masters: number; tilt: boolean };
  /** Cluster nodes: node id and the cluster's state as this node sees it. */
  cluster?: { id?: string; state?: string; epoch?: number; failFlag?: 'pfail' | 'fail' };
}

/** Who belongs to a cluster shard, as discovery finds it. */
export interface ShardMembers {
  /** Stable within a refresh: the slot ranges ("0-5460"), or "no-slots:<node id>". */
  id: string;
  slots: string;
  slotCount: number;
  primary?: string;
  replicas: string[];
  /** Nodes the cluster lists in the shard that are neither (e.g. a failed former primary). */
  others: string[];
}

export interface ShardStatus extends ShardMembers {
  health: Health;
  problems: Problem[];
}

export type GroupKind = 'sentinel' | 'replication' | 'cluster';

export interface GroupStatus {
  /** `<connection>/<name>`. */
  id: string;
  connection: string;
  kind: GroupKind;
  /** Sentinel master name, "cluster", or the primary's address for a plain replication group. */
  name: string;
  health: Health;
  problems: Problem[];
  primary?: string;
  replicas: string[];
  sentinels: string[];
  /** Cluster: shards in slot order. */
  shards?: ShardStatus[];
  sentinel?: {
    quorum?: number;
    /** Sentinels that report this master (including the one asked). */
    sentinelsSeen?: number;
    replicasSeen?: number;
    flags?: string[];
    ckquorum?: string;
    failoverInProgress?: boolean;
  };
  cluster?: {
    state?: string;
    slotsAssigned?: number;
    slotsOk?: number;
    slotsPfail?: number;
    slotsFail?: number;
    knownNodes?: number;
    size?: number;
    currentEpoch?: number;
  };
}

export type ConnectionKind = 'sentinel' | 'cluster' | 'replication' | 'unknown';

export interface ConnectionStatus {
  id: string;
  name: string;
  kind: ConnectionKind;
  /** Seed addresses, without credentials. */
  seeds: string[];
  health: Health;
  problems: Problem[];
  groups: string[];
  /** At least one node answered in this refresh. */
  reachable: boolean;
}

export interface FailoverEvent {
  kind: 'failover';
  connection: string;
  group: string;
  /** The shard (cluster) whose primary changed. */
  shard?: string;
  from?: string;
  to: string;
  at: number;
  /** Who saw it: a Sentinel's +switch-master (its address in `sentinel`), a refresh, or a changed config-epoch. */
  source?: 'sentinel' | 'refresh' | 'config-epoch';
  sentinel?: string;
}

/** How loud a timeline entry is: an aborted failover is an error, a switch of primary a warning. */
export type EventLevel = 'info' | 'warning' | 'error';

/**
 * One transition of a connection, kept in its timeline (timeline.ts): a
 * message a Sentinel published (kind = its channel, `+switch-master`,
 * `+sdown`…), or a change the monitor saw between two refreshes (`health`,
 * `role`, `link`, `primary`, `config-epoch`). Plain data, one JSON line each
 * in a `--history` file.
 */
export interface TimelineEvent {
  /** Epoch ms: when the message arrived, or when the refresh that saw the change started. */
  at: number;
  connection: string;
  /** `<connection>/<master name>` (the group id) when the event concerns one. */
  group?: string;
  /** The instance concerned (`host:port`). */
  node?: string;
  /** Cluster: the shard whose primary changed. */
  shard?: string;
  kind: string;
  level: EventLevel;
  /** What happened, in words (names and addresses come from the message or the snapshot). */
  cause: string;
  source: 'sentinel' | 'refresh';
  /** The Sentinel that published it (source = sentinel). */
  sentinel?: string;
  from?: string;
  to?: string;
  /** Counted as one failover of its group (once per failover, whichever Sentinels or refreshes saw it). */
  failover?: boolean;
}

/** Per group: the failovers the timeline holds. */
export interface FailoverSummary {
  group: string;
  /** Epoch ms of the last failover. */
  last: number;
  /** Failovers in the hour before the snapshot. */
  lastHour: number;
}

export interface Snapshot {
  /** Epoch ms when the refresh started. */
  at: number;
  durationMs: number;
  health: Health;
  connections: ConnectionStatus[];
  groups: GroupStatus[];
  nodes: NodeStatus[];
  /** Failovers noticed since the previous refresh (announced by a Sentinel, or seen as a new primary). */
  events: FailoverEvent[];
  /** Timeline entries since the previous refresh (Sentinel messages and transitions), oldest first. */
  timeline?: TimelineEvent[];
  /** Groups with a failover in their timeline. */
  failovers?: FailoverSummary[];
}
