/** The process, the OS, logging and threads. Our own words. */
import type { DocTable } from './types';

const CPULIST = '0-3,8';

export const PROCESS_DOCS: DocTable = {
  daemonize: {
    summary: 'Runs the server in the background, detached from the terminal (and writes the pid file).',
    details: 'Leave it `no` under systemd, upstart or a container runtime: the supervisor expects the process to stay in the foreground.',
  },
  supervised: {
    summary: 'Tells the server which supervisor runs it, so it can report readiness.',
    values: {
      no: 'No supervisor interaction.',
      systemd: 'Notify systemd when ready (Type=notify units).',
      upstart: 'Signal upstart by stopping itself once ready.',
      auto: 'Detect systemd or upstart from the environment.',
    },
  },
  pidfile: {
    summary: 'File where the process id is written at start.',
    placeholder: '/run/redis/redis-server.pid',
  },
  databases: {
    summary: 'Number of logical databases (SELECT 0 … n-1); Redis Cluster only uses database 0.',
    unit: 'count',
  },
  include: {
    summary: 'Reads another config file at this point, as if its lines were written here; later lines override earlier ones.',
    rto: 'redis-server refuses to start when the included file cannot be read.',
    args: [
      {
        name: 'path',
        doc: 'Path of the file to include (absolute, or relative to the working directory).',
        placeholder: '/etc/redis/common.conf',
      },
    ],
  },
  'ignore-warnings': {
    summary: 'Silences named start-up warnings, for example ARM64-COW-BUG.',
    placeholder: 'ARM64-COW-BUG',
  },
  'set-proc-title': {
    summary: 'Rewrites the process title shown by ps and top, using proc-title-template.',
  },
  'proc-title-template': {
    summary:
      'Template of the process title, with variables such as {title}, {listen-addr}, {server-mode}, {port}, {tls-port}, {unixsocket} and {config-file}.',
    placeholder: '{title} {listen-addr} {server-mode}',
  },
  'oom-score-adj': {
    summary:
      'Adjusts the Linux OOM-killer score of the primary, replicas and child processes, so the kernel kills the least valuable process first.',
    rto: 'Make background children (snapshots, rewrites) die before the main process when memory runs out.',
    values: {
      no: 'Leave the OOM score alone.',
      yes: 'Same as relative.',
      relative: 'Add oom-score-adj-values to the score the process started with.',
      absolute: 'Set the score to oom-score-adj-values exactly.',
    },
  },
  'oom-score-adj-values': {
    summary: 'The three OOM scores used by oom-score-adj: for a primary, a replica and a background child.',
    args: [
      { name: 'primary', doc: 'Score of a primary (-2000 to 2000).', placeholder: '0' },
      { name: 'replica', doc: 'Score of a replica.', placeholder: '200' },
      { name: 'bgchild', doc: 'Score of a snapshot or rewrite child.', placeholder: '800' },
    ],
  },
  'disable-thp': {
    summary: 'Turns off transparent huge pages for the process, which otherwise cause latency and memory spikes after fork.',
    rto: 'Huge pages make copy-on-write during snapshots copy 2 MB per touched page: latency spikes and more memory.',
  },
  'shutdown-timeout': {
    summary: 'Seconds a shutdown waits for lagging replicas to catch up before the process exits.',
    rpo: 'Lets replicas receive the last writes on a planned shutdown; 0 skips the wait.',
    values: { '0': 'Do not wait for replicas.' },
    unit: 'seconds',
  },
  'shutdown-on-sigterm': {
    summary: 'What a SIGTERM (a normal service stop) does: the default shutdown, or with the given flags.',
    rpo: '`nosave` skips the final snapshot even with save rules: anything not in the AOF is lost on restart. With Valkey’s `failover`, the replica that takes over has acknowledged every write, so a planned stop of a cluster primary loses nothing that reached it.',
    rto: 'With `failover`, a cluster primary hands its slots to an in-sync replica before exiting, instead of leaving them down for `cluster-node-timeout` plus an election. With `safe`, a stop request on a slot-holding primary is refused — the node keeps running, and a service manager that gives up waiting may kill it anyway.',
    values: {
      default: 'Shut down normally: save a snapshot if save rules exist, wait for replicas.',
      save: 'Always save a snapshot, even without save rules.',
      nosave: 'Never save a snapshot on the way out.',
      now: 'Do not wait for lagging replicas.',
      force: 'Exit even if the final save fails.',
      safe: 'Valkey: refuse to exit while this node is a cluster primary holding slots, whose loss could take the cluster down (`force` overrides it, with a warning).',
      failover:
        'Valkey, cluster mode: before exiting, a primary promotes a replica that has caught up with it (after waiting up to shutdown-timeout); without such a replica it just exits.',
    },
    args: [
      {
        name: 'flag',
        doc: 'default, or one or more of save / nosave, now, force (Valkey also safe and failover).',
        choices: ['default', 'save', 'nosave', 'now', 'force'],
      },
    ],
    variadic: true,
  },
  'shutdown-on-sigint': {
    summary: 'What a SIGINT (Ctrl-C) does: the default shutdown, or with the given flags.',
    rpo: '`nosave` skips the final snapshot even with save rules. With Valkey’s `failover`, the promoted replica already holds every write of the stopping primary.',
    rto: '`failover` moves a cluster primary’s slots to a replica at once rather than after failure detection; `safe` refuses to stop a slot-holding primary at all.',
    values: {
      default: 'Shut down normally: save if save rules exist, wait for replicas.',
      save: 'Save a snapshot on the way out, even without save rules.',
      nosave: 'Skip the final snapshot.',
      now: 'Exit without waiting for lagging replicas.',
      force: 'Exit even when the final snapshot fails.',
      safe: 'Valkey: do not exit while this node is a cluster primary with slots (unless `force` is also given).',
      failover: 'Valkey, cluster mode: hand the primary role to a fully caught-up replica before exiting, when there is one.',
    },
    args: [
      {
        name: 'flag',
        doc: 'default, or one or more of save / nosave, now, force (Valkey also safe and failover).',
        choices: ['default', 'save', 'nosave', 'now', 'force'],
      },
    ],
    variadic: true,
  },
  'locale-collate': {
    summary: 'Locale used to compare strings in SORT with ALPHA and similar operations ("" uses the environment’s locale).',
    placeholder: 'C',
  },
  'extended-redis-compatibility': {
    summary: 'Valkey: reports itself as Redis (server name, INFO fields) to clients that check for it.',
  },
  'hash-seed': {
    summary:
      'Valkey: a fixed string from which the hash-table seed is derived, instead of a random seed at every start, so that SCAN returns keys in the same order across restarts, nodes and failovers.',
    details:
      'Read only at start-up. A random seed keeps the table layout unknown to clients; a fixed one gives that up, so keep the string private.',
    placeholder: 'my-fixed-seed',
  },
  'availability-zone': {
    summary: 'Valkey: name of the availability zone the node runs in, reported to clients so they can prefer nearby nodes.',
    placeholder: 'zone-a',
  },
  'events-per-io-thread': {
    summary: 'Valkey: how many pending events keep one more I/O thread busy; threads are started and parked following the load.',
    unit: 'count',
  },
  'prefetch-batch-max-size': {
    summary: 'Valkey: how many keys I/O threads prefetch into CPU caches in one batch before commands run.',
    values: { '0': 'No prefetching.' },
    unit: 'count',
  },
  'server-cpulist': {
    summary: 'Pins the main thread and the I/O threads to the given CPUs.',
    placeholder: CPULIST,
  },
  server_cpulist: {
    summary: 'Pins the main thread and the I/O threads to the given CPUs (the old spelling, with underscores).',
    placeholder: CPULIST,
  },
  'bio-cpulist': {
    summary: 'Pins the background I/O threads (lazy free, fsync, close) to the given CPUs.',
    placeholder: CPULIST,
  },
  bio_cpulist: {
    summary: 'Pins the background I/O threads to the given CPUs (the old spelling, with underscores).',
    placeholder: CPULIST,
  },
  'bgsave-cpulist': {
    summary: 'Pins the snapshot (BGSAVE) child process to the given CPUs.',
    placeholder: CPULIST,
  },
  bgsave_cpulist: {
    summary: 'Pins the snapshot child process to the given CPUs (the old spelling, with underscores).',
    placeholder: CPULIST,
  },
  aof_rewrite_cpulist: {
    summary: 'Pins the AOF rewrite child to the given CPUs (the old spelling, with underscores).',
    placeholder: CPULIST,
  },
  // Logging
  loglevel: {
    summary: 'How much the server writes to its log.',
    values: {
      debug: 'Everything, for development.',
      verbose: 'Much detail, including client connections.',
      notice: 'Important events without noise — the production default.',
      warning: 'Only problems.',
      nothing: 'No log at all (7.2+).',
    },
  },
  logfile: {
    summary: 'File the log is written to; "" writes to standard output (to /dev/null when daemonized).',
    rto: 'The log is where failovers, sync problems and persistence errors are explained: keep it.',
    placeholder: '/var/log/redis/redis-server.log',
  },
  'always-show-logo': {
    summary: 'Prints the ASCII-art logo at start even when the log is not a terminal.',
  },
  'syslog-enabled': {
    summary: 'Sends the log to syslog as well.',
  },
  'syslog-ident': {
    summary: 'Program name attached to syslog messages.',
    placeholder: 'redis',
  },
  'syslog-facility': {
    summary: 'Syslog facility the messages are filed under.',
    values: {
      user: 'The facility for ordinary user programs.',
      local0: 'Site-defined facility 0 (the default): route it in your syslog configuration.',
      local1: 'Site-defined facility 1.',
      local2: 'Site-defined facility 2.',
      local3: 'Site-defined facility 3.',
      local4: 'Site-defined facility 4.',
      local5: 'Site-defined facility 5.',
      local6: 'Site-defined facility 6.',
      local7: 'Site-defined facility 7 (often used for boot messages).',
    },
  },
  'log-format': {
    summary: 'Valkey: layout of log lines — the classic layout or key=value pairs for log processors.',
    values: {
      legacy: 'The classic pid:role timestamp level message layout.',
      logfmt: 'key=value pairs, easy to parse by log pipelines.',
      json: 'One JSON object per line, for log pipelines that ingest JSON.',
    },
  },
  'log-timestamp-format': {
    summary: 'Valkey: how timestamps in the log are written.',
    values: {
      legacy: 'The classic "12 Jan 2024 10:00:00.123" form.',
      iso8601: 'ISO 8601 with time zone, e.g. 2024-01-12T10:00:00.123+00:00.',
      milliseconds: 'Milliseconds since the Unix epoch.',
    },
  },
  // Threads and background work
  hz: {
    summary: 'How many times per second the server runs its background tasks (expiring keys, closing idle clients, checking timeouts).',
    unit: 'hertz',
  },
  'dynamic-hz': {
    summary: 'Raises the background-task frequency temporarily when many clients are connected.',
  },
  activerehashing: {
    summary: 'Spends a little CPU on every background cycle to finish resizing hash tables, releasing memory sooner.',
  },
  'active-expire-effort': {
    summary:
      'How hard the background cycle works to remove expired keys (1 least effort, 10 most): more effort frees memory sooner at more CPU.',
    unit: 'count',
  },
  'io-threads': {
    summary: 'Number of threads that read and write client sockets (1 means only the main thread).',
    rto: 'Helps throughput on hosts with spare cores; commands still execute on the main thread.',
    unit: 'count',
  },
  'io-threads-do-reads': {
    summary: 'Also uses the I/O threads for reading and parsing requests, not only for writing replies.',
  },
  'jemalloc-bg-thread': {
    summary: 'Lets jemalloc purge freed memory in its own background thread.',
  },
  'vset-force-single-threaded-execution': {
    summary:
      'Redis 8.2+: runs every vector set search and insertion on the main thread, instead of the worker threads the vector set module otherwise uses.',
    details:
      'A setting of the vector set module built into the server: the line is kept while the file is read and applied when the module loads, so a bad value stops the server after the whole file is read. A Sentinel loads no module and ignores it.',
    values: {
      yes: 'One thread for all vector work: predictable, but VSIM and VADD compete with every other command for the main thread.',
      no: 'Vector searches and insertions may run on worker threads.',
    },
  },
  lookahead: {
    summary: 'Redis: how many commands of a client’s pipeline are parsed ahead of execution, so that their keys can be prefetched.',
    details: 'Connections that still have to authenticate are always limited to one command.',
    unit: 'count',
  },
  'min-io-threads-avoid-copy-reply': {
    summary:
      'Valkey: from this many I/O threads on, replies to ordinary and Pub/Sub clients point at stored string values instead of copying them, whatever their size.',
    values: { '0': 'The thread count never decides; only the two size thresholds apply.' },
    unit: 'count',
  },
  'min-string-size-avoid-copy-reply': {
    summary:
      'Valkey: without I/O threads, string values at least this many bytes long are written to the socket from the stored value rather than copied into the reply buffer.',
    values: { '0': 'Always copy, whatever the size.' },
    unit: 'bytes',
  },
  'min-string-size-avoid-copy-reply-threaded': {
    summary:
      'Valkey: with I/O threads running, the size from which a string value is sent straight from where it is stored instead of being copied into the reply.',
    values: { '0': 'Always copy (unless the thread-count rule applies).' },
    unit: 'bytes',
  },
};
