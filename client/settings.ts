/**
 * Every setting of the extension as data: the language service's
 * (LANGUAGE_SETTINGS, next to DocumentSettings) and the live view's, whose
 * defaults come from the health model. `npm run generate:manifest`
 * (tools/manifest/generate.ts) writes package.json's `contributes.configuration`
 * from this table, test/unit/manifest.test.ts fails when the two differ, and
 * the editor reads its settings through the names declared here. No `vscode`
 * import: the generator runs under plain Node.
 */
import {
  DEFAULT_REFRESH_SECONDS,
  DEFAULT_THRESHOLDS,
  normalizeHeartbeatKey,
  normalizeThresholds,
  THRESHOLD_MAXIMA,
  thresholdIssues,
  DEFAULT_TIMEOUT_MS,
  type ConnectionSetting,
  type Thresholds,
} from '../health';
import { LANGUAGE_SETTINGS, SETTINGS_SECTION, type SettingSchema } from '../server/service';

export { SETTINGS_SECTION };

const THRESHOLD_DESCRIPTIONS: Record<keyof Thresholds, string> = {
  slowReplyMs: 'A node whose reply takes longer than this many milliseconds is reported slow (warning `slow-reply`).',
  replicaLagBytesWarning: 'A replica this many bytes behind its primary (`master_repl_offset` − `slave_repl_offset`) is a warning.',
  replicaLagBytesError:
    "A replica this many bytes behind its primary is an error. More than the primary's backlog is always an error: " +
    'a reconnect would need a full resync.',
  replicaLagSecondsWarning:
    "Seconds since the primary last received an ACK from a replica (`lag` in the primary's INFO) that make a warning; " +
    'also the seconds of writes a replica has not received (`slave_read_repl_offset`, 7.0+) that make a warning.',
  replicaLagSecondsError:
    'Seconds since the primary last received an ACK from a replica, or seconds of writes it has not received, that make an error.',
  lastIoSecondsWarning:
    '`master_last_io_seconds_ago` above this is a warning ' +
    '(a primary pings its replicas every `repl-ping-replica-period`, 10 s by default).',
  backlogMinSeconds:
    'The replication backlog (`repl-backlog-size`) should hold at least this many seconds of the current write rate, ' +
    'so a replica that reconnects within that time resyncs partially.',
  rdbMaxAgeSeconds: 'When RDB is the only persistence: a last snapshot older than this many seconds, with changes since, is a warning.',
  backupMaxAgeSeconds:
    'A last RDB snapshot (`rdb_last_save_time`) older than this many seconds is an error (`backup-stale`), with AOF or without: ' +
    'backups are RDB files. Nodes without any persistence (`save ""`, `appendonly no`) are left out. Default 48 h.',
  memoryWarningPercent:
    '`used_memory` as a percentage of `maxmemory` that is a warning; without `maxmemory`, of the host memory (`total_system_memory`).',
  memoryErrorPercent: '`used_memory` as a percentage of `maxmemory` (or of the host memory) that is an error.',
  fragmentationRatioWarning: '`mem_fragmentation_ratio` above this is a warning (below 1.0 is the "swapping" warning).',
  fragmentationMinRssBytes:
    'Neither fragmentation rule applies while `used_memory_rss` is below this many bytes: an almost empty node has a meaningless ratio.',
  aofGrowthFactor:
    'An AOF (`aof_current_size`) this many times the size at which `auto-aof-rewrite-percentage` should have rewritten it is a warning.',
  clientsWarningPercent: '`connected_clients` at this percentage of `maxclients` is a warning.',
  forkWarningMs: '`latest_fork_usec` above this many milliseconds is a warning: every fork stalls the node for that long.',
  latencyWarningMs:
    'A `LATENCY LATEST` event at least this many milliseconds slow in the last 5 minutes is a warning ' +
    '(the node records events only with `latency-monitor-threshold` > 0).',
  holdDownLinkDownSeconds:
    'Hold-down of `replica-link-down`: a replica whose link has been down for less than this many seconds is *pending* ' +
    '(a warning that says when it becomes an error), then an error. A link already down when the view first reads the replica ' +
    'is an error at once: how long it has been down is not known. 0: no hold-down. At most 86400.',
  holdDownClusterStateSeconds:
    'Hold-down of `cluster-state-fail`: a cluster that has been `cluster_state:fail` for less than this many seconds is pending ' +
    '(a warning), then an error. 0: no hold-down.',
  holdDownPfailSeconds:
    'Hold-down of `cluster-slots-pfail`: slots on a node suspected down (PFAIL) for less than this many seconds are shown ' +
    'as a pending warning, then as the warning itself. 0: no hold-down.',
};

/** One entry of `redisHa.connections`: exactly the fields connectionFromSetting reads, and never a password. */
const CONNECTION_PROPERTIES = {
  name: {
    type: 'string',
    description: "Name shown in the tree (default host:port); also the key of the connection's password in the keychain.",
  },
  host: { type: 'string', description: 'Host name or IP address of the seed node or Sentinel.' },
  port: {
    type: 'integer',
    minimum: 1,
    maximum: 65535,
    default: 6379,
    description: 'Port of the seed (26379 for a Sentinel by convention).',
  },
  tls: { type: 'boolean', default: false, description: 'Connect with TLS.' },
  ca: { type: 'string', description: 'TLS: path of a PEM CA certificate to trust (default: the system CAs).' },
  cert: { type: 'string', description: 'TLS: path of a PEM client certificate (servers with tls-auth-clients).' },
  key: { type: 'string', description: 'TLS: path of the PEM private key of the client certificate.' },
  servername: { type: 'string', description: 'TLS: the name expected in the server certificate, when it differs from host.' },
  username: { type: 'string', description: 'ACL user name (default: the default user).' },
  master: { type: 'string', description: 'Sentinel seeds: show only this master (default: every master the Sentinel monitors).' },
} satisfies Record<keyof ConnectionSetting, SettingSchema>;

/** The name of a threshold's setting under SETTINGS_SECTION. */
export const thresholdSetting = <K extends keyof Thresholds>(k: K): `health.${K}` => `health.${k}`;

const THRESHOLD_SETTINGS = Object.fromEntries(
  (Object.keys(DEFAULT_THRESHOLDS) as Array<keyof Thresholds>).map((k) => [
    thresholdSetting(k),
    {
      type: 'number',
      default: DEFAULT_THRESHOLDS[k],
      minimum: 0,
      ...(THRESHOLD_MAXIMA[k] !== undefined ? { maximum: THRESHOLD_MAXIMA[k] } : {}),
      markdownDescription: THRESHOLD_DESCRIPTIONS[k],
    } satisfies SettingSchema,
  ]),
) as Record<`health.${keyof Thresholds}`, SettingSchema & { default: number }>;

export const HEALTH_SETTINGS = {
  connections: {
    type: 'array',
    default: [],
    scope: 'window',
    markdownDescription:
      'Seeds of the live health view. Each is one address: a Sentinel (every group it monitors is shown), ' +
      'a cluster node (the whole cluster) or a plain node (its primary and all replicas). Passwords are never stored here: ' +
      'the view asks for one when a node answers `NOAUTH`/`WRONGPASS` and keeps it in the OS keychain (SecretStorage). ' +
      'Ignored in untrusted workspaces.',
    items: { type: 'object', required: ['host'], additionalProperties: false, properties: CONNECTION_PROPERTIES },
  },
  'health.allowedAddresses': {
    type: 'array',
    items: { type: 'string' },
    default: [],
    scope: 'application',
    markdownDescription:
      'Addresses the live view may contact besides the seeds: IP addresses, CIDR ranges (`10.0.0.0/8`, ' +
      '`fd00::/8`) and host names. Empty: any address a node reports. A node named by a reply outside these is shown but never ' +
      'contacted (`address-not-allowed`). User settings only, so a workspace cannot widen it. Independently of this list, ' +
      "the connection's password is sent only to the seed and to the nodes the seed itself reports as members of its group.",
  },
  'health.refreshInterval': {
    type: 'number',
    default: DEFAULT_REFRESH_SECONDS,
    minimum: 1,
    markdownDescription: 'Seconds between two refreshes of the live health view while it is visible (refreshes pause when it is hidden).',
  },
  'health.timeout': {
    type: 'integer',
    default: DEFAULT_TIMEOUT_MS,
    minimum: 100,
    markdownDescription:
      'Deadline of each node per refresh, in milliseconds: a node that does not answer in time ' +
      '(frozen, overloaded, cut off) is shown `unreachable` while the others refresh on time.',
  },
  'health.heartbeatKey': {
    type: 'string',
    default: '',
    scope: 'window',
    markdownDescription:
      'Opt-in lag measurement: the name of a key the live view writes on every primary (`SET key <time> EX 3600`) and reads ' +
      'back on every replica (`GET`) at each refresh; a replica lacking a heartbeat for longer than the lag thresholds is ' +
      '`replica-heartbeat-lag`. Empty: off. Needs write permission for the ACL user (a refusal is the warning `heartbeat-failed`). ' +
      'In a cluster only the shard owning the key is measured.',
  },
  ...THRESHOLD_SETTINGS,
} satisfies Record<string, SettingSchema>;

/** Every setting by its name under SETTINGS_SECTION, in the order package.json lists them. */
export const SETTINGS = { ...LANGUAGE_SETTINGS, ...HEALTH_SETTINGS } satisfies Record<string, SettingSchema>;
export type SettingName = keyof typeof SETTINGS;

/** The full key, as in settings.json and messages: `redisHa.health.timeout`. */
export const settingKey = (name: SettingName): string => `${SETTINGS_SECTION}.${name}`;

/** package.json's `contributes.configuration`, as `npm run generate:manifest` writes it. */
export function contributedConfiguration(): { title: string; properties: Record<string, SettingSchema> } {
  return {
    title: 'Redis HA',
    properties: Object.fromEntries(Object.entries(SETTINGS).map(([name, schema]) => [settingKey(name as SettingName), schema])),
  };
}

/** What the editor's WorkspaceConfiguration of SETTINGS_SECTION offers (kept structural, so this file needs no `vscode`). */
export interface ConfigurationLike {
  get<T>(name: string): T | undefined;
}

type NumberSettingName = { [N in SettingName]: (typeof SETTINGS)[N] extends { default: number } ? N : never }[SettingName];

/** A number setting as the user wrote it, or its default when that is not a finite number. */
function numberSetting(config: ConfigurationLike, name: NumberSettingName): number {
  const v = config.get<unknown>(name);
  return typeof v === 'number' && Number.isFinite(v) ? v : SETTINGS[name].default;
}

/** The same, raised to the minimum the setting declares (the Settings editor only flags a smaller value). */
function boundedSetting(config: ConfigurationLike, name: NumberSettingName): number {
  const schema: SettingSchema = SETTINGS[name];
  return Math.max(schema.minimum ?? -Infinity, numberSetting(config, name));
}

export interface EditorHealthSettings {
  intervalMs: number;
  timeoutMs: number;
  thresholds: Thresholds;
  allowedAddresses: string[];
  /** The heartbeat key, when one is set and usable (normalizeHeartbeatKey). */
  heartbeatKey?: string;
  /** Thresholds not taken as written (thresholdIssues): the editor logs them. */
  thresholdIssues: string[];
}

/**
 * The live view's settings: what the monitor and the refresh timer run with.
 * The interval and the timeout are raised to their minimum; a threshold that
 * is not a finite number ≥ 0 falls back to its default (normalizeThresholds).
 */
export function healthSettingsFrom(config: ConfigurationLike): EditorHealthSettings {
  const written = Object.fromEntries(Object.keys(DEFAULT_THRESHOLDS).map((k) => [k, config.get(thresholdSetting(k as keyof Thresholds))]));
  const thresholds = normalizeThresholds(written);
  const allowed = config.get<unknown>('health.allowedAddresses' satisfies SettingName);
  return {
    intervalMs: boundedSetting(config, 'health.refreshInterval') * 1000,
    timeoutMs: boundedSetting(config, 'health.timeout'),
    thresholds,
    allowedAddresses: Array.isArray(allowed) ? allowed.filter((x): x is string => typeof x === 'string') : [],
    heartbeatKey: normalizeHeartbeatKey(config.get<unknown>('health.heartbeatKey' satisfies SettingName)),
    thresholdIssues: thresholdIssues(written, `${SETTINGS_SECTION}.health.`),
  };
}
