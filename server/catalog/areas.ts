/**
 * The area of every directive: which part of an operator's mental model it
 * belongs to (used for outlines, hovers, and to decide what matters in a
 * sentinel.conf). Hand-written knowledge, checked by a test against the catalog
 * so that no directive falls through to a wrong area unnoticed.
 */
import type { DirectiveVariant } from './types';

export const AREAS = [
  'persistence',
  'replication',
  'security',
  'network',
  'tls',
  'memory',
  'clients',
  'cluster',
  'sentinel',
  'logging',
  'process',
  'performance',
  'data-types',
  'scripting',
  'modules',
  'latency',
  'debug',
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_LABELS: Record<Area, string> = {
  persistence: 'Persistence (RDB / AOF)',
  replication: 'Replication',
  security: 'Security and ACL',
  network: 'Network',
  tls: 'TLS',
  memory: 'Memory and eviction',
  clients: 'Clients',
  cluster: 'Cluster',
  sentinel: 'Sentinel',
  logging: 'Logging',
  process: 'Process and OS',
  performance: 'Threads and background work',
  'data-types': 'Data type encodings',
  scripting: 'Scripting and functions',
  modules: 'Modules',
  latency: 'Latency and slow log',
  debug: 'Debugging and testing',
};

const EXACT: Record<string, Area> = {
  save: 'persistence',
  dbfilename: 'persistence',
  dir: 'persistence',
  rdbcompression: 'persistence',
  rdbchecksum: 'persistence',
  appendonly: 'persistence',
  appendfilename: 'persistence',
  appenddirname: 'persistence',
  appendfsync: 'persistence',
  'no-appendfsync-on-rewrite': 'persistence',
  'stop-writes-on-bgsave-error': 'persistence',
  'sanitize-dump-payload': 'persistence',
  'rdb-del-sync-files': 'persistence',
  'rdb-save-incremental-fsync': 'persistence',
  'rdb-key-save-delay': 'debug',
  'key-load-delay': 'debug',
  'loading-process-events-interval-bytes': 'persistence',
  'min-replicas-to-write': 'replication',
  'min-replicas-max-lag': 'replication',
  replicaof: 'replication',
  masterauth: 'replication',
  masteruser: 'replication',
  'propagation-error-behavior': 'replication',
  requirepass: 'security',
  aclfile: 'security',
  'acllog-max-len': 'security',
  'acl-pubsub-default': 'security',
  'rename-command': 'security',
  user: 'security',
  'protected-mode': 'security',
  'enable-debug-command': 'security',
  'enable-module-command': 'security',
  'enable-protected-configs': 'security',
  'hide-user-data-from-log': 'security',
  port: 'network',
  bind: 'network',
  'bind-source-addr': 'network',
  'tcp-backlog': 'network',
  'tcp-keepalive': 'network',
  unixsocket: 'network',
  unixsocketperm: 'network',
  unixsocketgroup: 'network',
  'socket-mark-id': 'network',
  timeout: 'clients',
  maxclients: 'clients',
  'client-output-buffer-limit': 'clients',
  'client-query-buffer-limit': 'clients',
  'proto-max-bulk-len': 'clients',
  'maxmemory-clients': 'clients',
  'tracking-table-max-keys': 'clients',
  'notify-keyspace-events': 'clients',
  'max-new-connections-per-cycle': 'clients',
  'max-new-tls-connections-per-cycle': 'clients',
  databases: 'process',
  daemonize: 'process',
  supervised: 'process',
  pidfile: 'process',
  'always-show-logo': 'logging',
  'set-proc-title': 'process',
  'proc-title-template': 'process',
  'oom-score-adj': 'process',
  'oom-score-adj-values': 'process',
  'disable-thp': 'process',
  'shutdown-timeout': 'process',
  'shutdown-on-sigint': 'process',
  'shutdown-on-sigterm': 'process',
  'crash-log-enabled': 'debug',
  'crash-memcheck-enabled': 'debug',
  'use-exit-on-panic': 'debug',
  'watchdog-period': 'debug',
  include: 'process',
  'ignore-warnings': 'process',
  'locale-collate': 'process',
  'extended-redis-compatibility': 'process',
  hz: 'performance',
  'dynamic-hz': 'performance',
  activerehashing: 'performance',
  'active-expire-effort': 'performance',
  'io-threads': 'performance',
  'io-threads-do-reads': 'performance',
  'jemalloc-bg-thread': 'performance',
  server_cpulist: 'performance',
  bio_cpulist: 'performance',
  aof_rewrite_cpulist: 'performance',
  bgsave_cpulist: 'performance',
  activedefrag: 'memory',
  maxmemory: 'memory',
  'replica-ignore-maxmemory': 'memory',
  loglevel: 'logging',
  logfile: 'logging',
  'syslog-enabled': 'logging',
  'syslog-ident': 'logging',
  'syslog-facility': 'logging',
  'busy-reply-threshold': 'scripting',
  'lua-time-limit': 'scripting',
  'lua-replicate-commands': 'scripting',
  loadmodule: 'modules',
  sentinel: 'sentinel',
  'latency-monitor-threshold': 'latency',
  'latency-tracking': 'latency',
  'latency-tracking-info-percentiles': 'latency',
  'slowlog-log-slower-than': 'latency',
  'slowlog-max-len': 'latency',
  'list-compress-depth': 'data-types',
  'stream-node-max-bytes': 'data-types',
  'stream-node-max-entries': 'data-types',
  'hll-sparse-max-bytes': 'data-types',
  'set-max-intset-entries': 'data-types',
  // renamed in 7.4 / Valkey 8 (dashes), Valkey 8's primary-* names, and directives with no telling prefix
  'server-cpulist': 'performance',
  'bio-cpulist': 'performance',
  'aof-rewrite-cpulist': 'performance',
  'bgsave-cpulist': 'performance',
  primaryauth: 'replication',
  primaryuser: 'replication',
  'dual-channel-replication-enabled': 'replication',
  'events-per-io-thread': 'performance',
  'prefetch-batch-max-size': 'performance',
  'availability-zone': 'clients',
  'debug-context': 'debug',
  'enable-debug-assert': 'debug',
  'gopher-enabled': 'network',
  'list-max-ziplist-size': 'data-types',
  // Redis 8.x and Valkey 8.1–9.1 names without a telling prefix
  'lazyexpire-nested-arbitrary-keys': 'memory',
  'key-memory-histograms': 'memory',
  'import-mode': 'memory',
  lookahead: 'performance',
  'vset-force-single-threaded-execution': 'performance',
  'min-io-threads-avoid-copy-reply': 'performance',
  'min-string-size-avoid-copy-reply': 'performance',
  'min-string-size-avoid-copy-reply-threaded': 'performance',
  'stream-idmp-duration': 'data-types',
  'stream-idmp-maxsize': 'data-types',
  'slowlog-entry-max-argc': 'latency',
  'slowlog-entry-max-string-len': 'latency',
  'log-format': 'logging',
  'log-timestamp-format': 'logging',
  mptcp: 'network',
  'slot-migration-max-failover-repl-bytes': 'cluster',
  'hash-seed': 'process',
  'io-threads-always-active': 'debug',
};

const PREFIXES: Array<[string, Area]> = [
  ['aof-', 'persistence'],
  ['auto-aof-', 'persistence'],
  ['rdb-', 'persistence'],
  ['repl-', 'replication'],
  ['replica-', 'replication'],
  ['slave-', 'replication'],
  ['min-slaves-', 'replication'],
  ['tls-', 'tls'],
  ['cluster-', 'cluster'],
  ['maxmemory-', 'memory'],
  ['lazyfree-', 'memory'],
  ['active-defrag-', 'memory'],
  ['lfu-', 'memory'],
  ['hash-max-', 'data-types'],
  ['zset-max-', 'data-types'],
  ['list-max-', 'data-types'],
  ['set-max-', 'data-types'],
  ['lua-', 'scripting'],
  ['busy-', 'scripting'],
  ['enable-', 'security'],
  ['acl', 'security'],
  ['array-', 'data-types'],
  ['commandlog-', 'latency'],
  ['rdma-', 'network'],
];

/**
 * The deliberate area of a name — from the hand-written table, else from a
 * name prefix — or undefined when neither knows it (a test keeps every
 * directive of every version out of that case).
 */
export function areaRule(name: string): { area: Area; by: 'exact' | 'prefix' } | undefined {
  const exact = EXACT[name];
  if (exact) return { area: exact, by: 'exact' };
  for (const [prefix, area] of PREFIXES) if (name.startsWith(prefix)) return { area, by: 'prefix' };
  return undefined;
}

/** The area of a directive; hand-written table first, then name prefixes, then a fallback for names we do not know. */
export function areaOf(name: string, variant?: DirectiveVariant): Area {
  const rule = areaRule(name);
  if (rule) return rule.area;
  if (variant?.flags.includes('DEBUG_CONFIG') || variant?.flags.includes('HIDDEN_CONFIG')) return 'debug';
  return 'process';
}

/** Areas whose directives have no effect in a Sentinel process. */
export const NOT_FOR_SENTINEL: ReadonlySet<Area> = new Set<Area>([
  'persistence',
  'replication',
  'memory',
  'cluster',
  'data-types',
  'scripting',
  'latency',
]);

/** Directives of those areas that a Sentinel does use: it changes into `dir` at start-up. */
const SENTINEL_USES: ReadonlySet<string> = new Set(['dir']);

/** True when a Sentinel process reads the directive but it has no effect there. */
export function sentinelIgnores(name: string, area: Area): boolean {
  return NOT_FOR_SENTINEL.has(area) && !SENTINEL_USES.has(name);
}
