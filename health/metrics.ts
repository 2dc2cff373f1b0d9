/**
 * A Snapshot as Prometheus metrics: the text exposition format 0.0.4 or
 * OpenMetrics 1.0 (ends with `# EOF`). Pure: `redis-ha status --format
 * openmetrics` and the `redis-ha exporter` HTTP server share it.
 *
 * Names: redis_exporter's (oliver006/redis_exporter) wherever the meaning is
 * the same, so existing dashboards and alert rules (awesome-prometheus-alerts)
 * work unchanged; `redis_ha_*` for what only this model knows (health,
 * findings, drift, failovers). One scrape covers many nodes, so every node
 * sample carries `addr` (host:port) and our `connection` / `group`; the
 * connection is the seed as shown everywhere else, password redacted.
 */
import { splitAddress } from './address';
import { HEALTH_LEVELS, type GroupStatus, type NodeStatus, type Problem, type Snapshot } from './types';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = Object.freeze({
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
});

/** What the exporter knows beyond one snapshot. */
export interface MetricsExtras {
  /** Failovers noticed since the exporter started, per `<connection>/<group>` key (see failoverKey). */
  failovers?: ReadonlyMap<string, number>;
}

/** A label value longer than this is cut (values come from servers: master names, versions). */
export const MAX_LABEL_VALUE = 256;

type Labels = Record<string, string | undefined>;

interface Family {
  type: 'gauge' | 'counter';
  help: string;
  samples: string[];
}

/** `\`, `"` and newline escaped as both formats require; long values cut. */
export function escapeLabelValue(v: string): string {
  const cut = v.length > MAX_LABEL_VALUE ? `${v.slice(0, MAX_LABEL_VALUE)}…` : v;
  return cut.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/** Metric families in the order first added; every family's samples stay together, as both formats require. */
class Exposition {
  private readonly families = new Map<string, Family>();

  add(name: string, help: string, labels: Labels, value: number | boolean | undefined, type: Family['type'] = 'gauge'): void {
    if (value === undefined) return;
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (typeof v !== 'number') return;
    let f = this.families.get(name);
    if (!f) {
      f = { type, help, samples: [] };
      this.families.set(name, f);
    }
    const pairs = Object.entries(labels)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, val]) => `${k}="${escapeLabelValue(val)}"`);
    f.samples.push(`${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(v)}`);
  }

  render(format: ExpositionFormat): string {
    const out: string[] = [];
    for (const [name, f] of this.families) {
      // OpenMetrics names a counter family without its _total suffix; the 0.0.4 format names it with
      const family = format === 'openmetrics' && f.type === 'counter' ? name.replace(/_total$/, '') : name;
      // HELP escapes \\ and newline in both formats, and " too in OpenMetrics
      const escaped = f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
      const help = format === 'openmetrics' ? escaped.replace(/"/g, '\\"') : escaped;
      out.push(`# HELP ${family} ${help}`, `# TYPE ${family} ${f.type}`, ...f.samples);
    }
    if (format === 'openmetrics') out.push('# EOF');
    return `${out.join('\n')}\n`;
  }
}

/** The key of MetricsExtras.failovers. */
export function failoverKey(connection: string, group: string): string {
  return `${connection}\u0000${group}`;
}

/** Health as a number: 0 ok, 1 warning, 2 error, 3 unreachable. */
const healthValue = (h: (typeof HEALTH_LEVELS)[number]) => HEALTH_LEVELS.indexOf(h);

/** The node answered INFO (redis_exporter's redis_up: it connected and read INFO). */
function isUp(n: NodeStatus): boolean {
  return n.state === 'up' || n.state === 'syncing' || n.state === 'loading';
}

/** redis_exporter's role label: INFO's role (master / slave); Sentinels have none in INFO, we say sentinel. */
function infoRole(n: NodeStatus): string {
  return n.role === 'primary' ? 'master' : n.role === 'replica' ? 'slave' : n.role;
}

/** What the node renderers share: the output, the snapshot's time, group names by id, nodes by address. */
interface Ctx {
  x: Exposition;
  at: number;
  /** Group ids (`<connection>/<name>`) to names: node samples carry the name, as the group samples do. */
  groupNames: ReadonlyMap<string, string>;
  byAddress: ReadonlyMap<string, NodeStatus>;
}

function nodeLabels(c: Ctx, n: NodeStatus): Labels {
  return { addr: n.address, connection: n.connection, group: n.group === undefined ? undefined : (c.groupNames.get(n.group) ?? n.group) };
}

function nodeServerMetrics(c: Ctx, n: NodeStatus): void {
  const { x, at } = c;
  const l = nodeLabels(c, n);
  x.add('redis_up', 'Whether the node answered INFO in this refresh (1) or not (0).', l, isUp(n));
  if (!isUp(n)) return;
  x.add(
    'redis_instance_info',
    'Information about the node (value 1): role as INFO reports it (master, slave; sentinel for a Sentinel), version, mode.',
    { ...l, role: infoRole(n), redis_version: n.version ?? '', redis_mode: n.mode ?? '' },
    1,
  );
  x.add('redis_uptime_in_seconds', 'Seconds since the node started (INFO uptime_in_seconds).', l, n.uptimeSeconds);
  if (n.uptimeSeconds !== undefined)
    x.add('redis_start_time_seconds', 'Start time of the node, in seconds since the epoch.', l, Math.round(at / 1000 - n.uptimeSeconds));
  x.add('redis_connected_clients', 'Client connections (INFO connected_clients).', l, n.connectedClients);
  x.add('redis_memory_used_bytes', 'Memory used by the node (INFO used_memory).', l, n.usedMemory);
  x.add('redis_memory_max_bytes', 'The maxmemory setting, 0 for none (INFO maxmemory).', l, n.maxmemory);
  if (n.sentinel) {
    x.add('redis_sentinel_masters', 'Masters this Sentinel monitors (INFO sentinel_masters).', l, n.sentinel.masters);
    x.add('redis_sentinel_tilt', 'Whether this Sentinel is in TILT mode.', l, n.sentinel.tilt);
  }
}

function nodePersistenceMetrics(c: Ctx, n: NodeStatus): void {
  const { x, at } = c;
  const p = n.persistence;
  if (!p || !isUp(n)) return;
  const l = nodeLabels(c, n);
  const status = (s: string | undefined) => (s === undefined ? undefined : s === 'ok');
  x.add('redis_loading_dump_file', 'Whether the node is loading its dataset (INFO loading).', l, p.loading);
  if (p.rdbLastSaveAgeSeconds !== undefined)
    x.add(
      'redis_rdb_last_save_timestamp_seconds',
      'Time of the last successful RDB save, in seconds since the epoch (INFO rdb_last_save_time).',
      l,
      Math.round(at / 1000 - p.rdbLastSaveAgeSeconds),
    );
  x.add('redis_rdb_changes_since_last_save', 'Writes since the last RDB save.', l, p.rdbChangesSinceLastSave);
  x.add('redis_rdb_bgsave_in_progress', 'Whether a BGSAVE runs.', l, p.rdbBgsaveInProgress);
  x.add('redis_rdb_last_bgsave_status', 'Whether the last BGSAVE succeeded (1) or failed (0).', l, status(p.rdbLastBgsaveStatus));
  x.add('redis_aof_enabled', 'Whether the append-only file is on (INFO aof_enabled).', l, p.aofEnabled);
  x.add('redis_aof_rewrite_in_progress', 'Whether an AOF rewrite runs.', l, p.aofRewriteInProgress);
  x.add('redis_aof_last_write_status', 'Whether the last AOF write succeeded (1) or failed (0).', l, status(p.aofLastWriteStatus));
  x.add(
    'redis_aof_last_bgrewrite_status',
    'Whether the last AOF rewrite succeeded (1) or failed (0).',
    l,
    status(p.aofLastBgrewriteStatus),
  );
  x.add('redis_aof_delayed_fsync', 'Delayed AOF fsyncs (INFO aof_delayed_fsync).', l, p.aofDelayedFsync);
}

/** INFO's replication section, as redis_exporter names it: master_host/master_port labels on a replica's link metrics. */
function nodeReplicationMetrics(c: Ctx, n: NodeStatus): void {
  const x = c.x;
  const r = n.replication;
  if (!r || !isUp(n)) return;
  const l = nodeLabels(c, n);
  x.add('redis_connected_slaves', 'Replicas connected to this node (INFO connected_slaves).', l, r.connectedReplicas);
  x.add('redis_replication_backlog_bytes', 'Size of the replication backlog (INFO repl_backlog_size).', l, r.backlogSize);
  x.add('redis_replica_resyncs_full', 'Full resynchronisations served (INFO sync_full).', l, r.fullSyncs);
  x.add('redis_replica_partial_resync_accepted', 'Partial resynchronisations accepted (INFO sync_partial_ok).', l, r.partialSyncOk);
  x.add('redis_replica_partial_resync_denied', 'Partial resynchronisations denied (INFO sync_partial_err).', l, r.partialSyncErr);
  if (n.role === 'primary') x.add('redis_master_repl_offset', 'Replication offset of this primary (INFO master_repl_offset).', l, r.offset);
  if (n.role !== 'replica' || !r.primary) return;
  const up = splitAddress(r.primary);
  const ml = { ...l, master_host: up.host, master_port: String(up.port) };
  x.add(
    'redis_master_link_up',
    'Whether the replica link to its master is up (INFO master_link_status).',
    ml,
    r.linkStatus && r.linkStatus === 'up',
  );
  x.add('redis_master_last_io_seconds_ago', 'Seconds since the replica last heard from its master.', ml, r.lastIoSecondsAgo);
  x.add('redis_master_sync_in_progress', 'Whether the replica is in a full sync from its master.', ml, r.syncInProgress);
  x.add('redis_slave_repl_offset', 'Replication offset of this replica (INFO slave_repl_offset).', ml, r.offset);
  x.add('redis_ha_replica_lag_bytes', "Bytes this replica is behind its primary's offset.", l, r.offsetLagBytes);
  // seen from the primary, as redis_exporter reports its slaveN lines
  const primary = c.byAddress.get(r.primary);
  const me = splitAddress(n.address);
  const sl = {
    addr: r.primary,
    connection: n.connection,
    group: nodeLabels(c, primary ?? n).group,
    slave_ip: me.host,
    slave_port: String(me.port),
  };
  const state = { ...sl, slave_state: r.stateAtPrimary ?? '' };
  if (r.stateAtPrimary !== undefined) {
    x.add('redis_connected_slave_offset_bytes', "Offset of a connected replica (the replica's own slave_repl_offset).", state, r.offset);
    x.add(
      'redis_connected_slave_lag_seconds',
      "Seconds since the primary's last ACK from the replica (lag= in INFO).",
      state,
      r.lagSeconds,
    );
  }
}

function groupMetrics(x: Exposition, g: GroupStatus, extras: MetricsExtras, s: Snapshot): void {
  const l = { connection: g.connection, group: g.name };
  x.add(
    'redis_ha_group_health',
    'Health of the group as redis-ha judges it: 0 ok, 1 warning, 2 error, 3 unreachable.',
    { ...l, kind: g.kind },
    healthValue(g.health),
  );
  const noticed = extras.failovers?.get(failoverKey(g.connection, g.name)) ?? s.events.filter((e) => e.group === g.id).length;
  x.add('redis_ha_failovers_total', 'Failovers (primary changes) noticed between refreshes.', l, noticed, 'counter');
  x.add(
    'redis_ha_flapping',
    'Whether the group is flapping (finding flapping): 3 or more role, link or primary changes within 2 minutes.',
    l,
    g.problems.some((p) => p.code === 'flapping'),
  );
  const se = g.sentinel;
  if (se) {
    const status = se.flags?.includes('o_down') ? 'odown' : se.flags?.includes('s_down') ? 'sdown' : 'ok';
    const ml = { ...l, master_name: g.name, master_address: g.primary ?? '' };
    x.add(
      'redis_sentinel_master_status',
      'Master status on Sentinel: 1 ok, 0 sdown / odown (in the label).',
      { ...ml, master_status: status },
      status === 'ok',
    );
    x.add('redis_sentinel_master_slaves', 'Replicas Sentinel knows for the master.', ml, se.replicasSeen);
    x.add('redis_sentinel_master_sentinels', 'Sentinels monitoring the master.', ml, se.sentinelsSeen);
    x.add('redis_sentinel_master_setting_ckquorum', 'The quorum configured for the master.', ml, se.quorum);
  }
  const c = g.cluster;
  if (c) {
    x.add(
      'redis_cluster_state',
      'Whether the cluster state is ok (1) as CLUSTER INFO reports it.',
      l,
      c.state === undefined ? undefined : c.state === 'ok',
    );
    x.add('redis_cluster_slots_assigned', 'Slots assigned (CLUSTER INFO).', l, c.slotsAssigned);
    x.add('redis_cluster_slots_ok', 'Slots ok (CLUSTER INFO).', l, c.slotsOk);
    x.add('redis_cluster_slots_pfail', 'Slots on a node in PFAIL (CLUSTER INFO).', l, c.slotsPfail);
    x.add('redis_cluster_slots_fail', 'Slots on a node in FAIL (CLUSTER INFO).', l, c.slotsFail);
    x.add('redis_cluster_known_nodes', 'Nodes the cluster knows (CLUSTER INFO).', l, c.knownNodes);
    x.add('redis_cluster_size', 'Shards serving slots (CLUSTER INFO).', l, c.size);
    x.add('redis_cluster_current_epoch', 'Current epoch (CLUSTER INFO).', l, c.currentEpoch);
  }
}

const DRIFT_CODES = new Set(['group-drift', 'file-drift', 'file-drift-unset', 'file-drift-unknown']);

/** Findings counted per connection, code and level; drift counted per connection (0 included, to alert on). */
function findingMetrics(x: Exposition, s: Snapshot): void {
  const counts = new Map<string, { connection: string; code: string; level: string; n: number }>();
  const drift = new Map<string, number>(s.connections.map((c) => [c.id, 0]));
  const count = (connection: string, ps: readonly Problem[]) => {
    for (const p of ps) {
      const key = `${connection}\u0000${p.code}\u0000${p.level}`;
      const e = counts.get(key) ?? { connection, code: p.code, level: p.level, n: 0 };
      e.n++;
      counts.set(key, e);
      if (DRIFT_CODES.has(p.code)) drift.set(connection, (drift.get(connection) ?? 0) + 1);
    }
  };
  for (const c of s.connections) count(c.id, c.problems);
  for (const g of s.groups) {
    count(g.connection, g.problems);
    for (const sh of g.shards ?? []) count(g.connection, sh.problems);
  }
  for (const n of s.nodes) count(n.connection, n.problems);
  for (const e of counts.values())
    x.add(
      'redis_ha_findings',
      'Findings of this refresh, by code and level (codes as in redis-ha status).',
      { connection: e.connection, code: e.code, level: e.level },
      e.n,
    );
  for (const [connection, n] of drift)
    x.add('redis_ha_drift_findings', 'Settings that drift between nodes of a group or from the --config file.', { connection }, n);
}

/** The snapshot as metrics text in the given format. */
export function renderMetrics(s: Snapshot, format: ExpositionFormat, extras: MetricsExtras = {}): string {
  const x = new Exposition();
  x.add('redis_ha_health', 'Overall health: 0 ok, 1 warning, 2 error, 3 unreachable.', {}, healthValue(s.health));
  x.add('redis_ha_refresh_duration_seconds', 'How long the refresh behind these metrics took.', {}, Math.round(s.durationMs * 1000) / 1e6);
  x.add(
    'redis_ha_refresh_timestamp_seconds',
    'When the refresh behind these metrics started, in seconds since the epoch.',
    {},
    s.at / 1000,
  );
  for (const c of s.connections) {
    x.add(
      'redis_ha_connection_health',
      'Health of the connection (seed): 0 ok, 1 warning, 2 error, 3 unreachable.',
      { connection: c.id },
      healthValue(c.health),
    );
    x.add('redis_ha_connection_reachable', 'Whether any node of the connection answered.', { connection: c.id }, c.reachable);
  }
  for (const g of s.groups) groupMetrics(x, g, extras, s);
  const groupNames = new Map(s.groups.map((g) => [g.id, g.name]));
  const c: Ctx = { x, at: s.at, groupNames, byAddress: new Map(s.nodes.map((n) => [n.address, n])) };
  for (const n of s.nodes) nodeServerMetrics(c, n);
  for (const n of s.nodes) nodeReplicationMetrics(c, n);
  for (const n of s.nodes) nodePersistenceMetrics(c, n);
  for (const n of s.nodes) {
    const l = { ...nodeLabels(c, n), role: n.role };
    x.add('redis_ha_node_health', 'Health of the node: 0 ok, 1 warning, 2 error, 3 unreachable.', l, healthValue(n.health));
    x.add(
      'redis_ha_node_state',
      'State of the node (value 1; up, syncing, loading, no-permission, auth-failed, unreachable…).',
      { ...l, state: n.state ?? 'up' },
      1,
    );
  }
  findingMetrics(x, s);
  return x.render(format);
}
