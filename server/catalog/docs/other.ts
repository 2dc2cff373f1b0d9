/** Data type encodings, scripting, latency tooling, modules and debugging knobs. Our own words. */
import type { DocTable } from './types';

const LIST_SIZE_VALUES = {
  '-1': 'At most 4 KB per list node.',
  '-2': 'At most 8 KB per list node (the default, a good balance).',
  '-3': 'At most 16 KB per list node.',
  '-4': 'At most 32 KB per list node.',
  '-5': 'At most 64 KB per list node (slow, not recommended).',
};

export const OTHER_DOCS: DocTable = {
  // Compact encodings
  'hash-max-listpack-entries': {
    summary: 'A hash keeps the compact listpack encoding while it has at most this many fields.',
    unit: 'count',
  },
  'hash-max-listpack-value': {
    summary: 'A hash keeps the compact listpack encoding while every field and value is at most this long.',
  },
  'hash-max-ziplist-entries': {
    summary: 'Redis 6.2: a hash keeps the compact ziplist encoding while it has at most this many fields.',
    unit: 'count',
  },
  'hash-max-ziplist-value': {
    summary: 'Redis 6.2: a hash keeps the compact ziplist encoding while every field and value is at most this long.',
  },
  'zset-max-listpack-entries': {
    summary: 'A sorted set keeps the compact listpack encoding while it has at most this many members.',
    unit: 'count',
  },
  'zset-max-listpack-value': {
    summary: 'A sorted set keeps the compact listpack encoding while every member is at most this long.',
  },
  'zset-max-ziplist-entries': {
    summary: 'Redis 6.2: a sorted set keeps the compact ziplist encoding while it has at most this many members.',
    unit: 'count',
  },
  'zset-max-ziplist-value': {
    summary: 'Redis 6.2: a sorted set keeps the compact ziplist encoding while every member is at most this long.',
  },
  'set-max-intset-entries': {
    summary: 'A set made only of integers keeps the compact intset encoding up to this many members.',
    unit: 'count',
  },
  'set-max-listpack-entries': {
    summary: 'A small set of strings keeps the compact listpack encoding up to this many members.',
    unit: 'count',
  },
  'set-max-listpack-value': {
    summary: 'A small set keeps the compact listpack encoding while every member is at most this many bytes.',
    unit: 'bytes',
  },
  'list-max-listpack-size': {
    summary: 'Size of each node of a list: a negative number caps the node’s bytes (-1 = 4 KB … -5 = 64 KB), a positive one its entries.',
    values: LIST_SIZE_VALUES,
  },
  'list-max-ziplist-size': {
    summary: 'Redis 6.2: size of each ziplist node of a list — negative caps the bytes (-1 = 4 KB … -5 = 64 KB), positive the entries.',
    values: LIST_SIZE_VALUES,
  },
  'list-max-ziplist-entries': {
    summary: 'Setting of old list encodings, accepted so that old files still load; it has no effect.',
  },
  'list-max-ziplist-value': {
    summary: 'Companion of list-max-ziplist-entries from old list encodings: accepted, ignored.',
  },
  'list-compress-depth': {
    summary: 'How many nodes at each end of a list stay uncompressed; inner nodes are compressed to save memory.',
    values: { '0': 'No compression.' },
    unit: 'count',
  },
  'stream-node-max-bytes': {
    summary: 'Largest size of one node of a stream’s radix tree before a new node is started.',
    values: { '0': 'No byte limit per node.' },
  },
  'stream-node-max-entries': {
    summary: 'Largest number of entries in one stream node before a new node is started.',
    values: { '0': 'No entry limit per node.' },
    unit: 'count',
  },
  'stream-idmp-duration': {
    summary:
      'Redis: seconds a stream remembers the idempotency IDs that producers attach with XADD IDMP or IDMPAUTO, so that a retried add within that window is recognised as a duplicate.',
    details:
      'The value applies to streams created afterwards; XCFGSET changes it for a single stream. A retry that arrives after the window is added again.',
    unit: 'seconds',
  },
  'stream-idmp-maxsize': {
    summary:
      'Redis: how many idempotency IDs a stream keeps for each producer; past that number the oldest are forgotten, even inside the time window.',
    details:
      'The value applies to streams created afterwards; XCFGSET overrides it per stream. A producer that retries an add after more newer adds than this may create a duplicate.',
    unit: 'count',
  },
  'array-slice-size': {
    summary:
      'Redis: how many index positions each slice of an Array value covers — a power of two that trades the size of the slice directory against memory left unused in half-empty slices.',
    details:
      'Smaller slices suit sparse arrays with large gaps between indexes, larger ones dense arrays. CONFIG SET affects only arrays created afterwards; existing arrays keep their slice size.',
    unit: 'count',
  },
  'array-sparse-kmax': {
    summary:
      'Redis: a sparse Array slice (a sorted list of index and value pairs) is turned into a dense one once it holds more than this many elements.',
    details: 'When not 0 it must stay above array-sparse-kmin.',
    values: { '0': 'No sparse slices at all: every slice is dense.' },
    unit: 'count',
  },
  'array-sparse-kmin': {
    summary: 'Redis: a dense Array slice with fewer elements than this goes back to the sparse form, when that saves memory.',
    details: 'Must stay below array-sparse-kmax when that one is not 0.',
    values: { '0': 'Never turn dense slices back into sparse ones (good for arrays that empty out and fill up again).' },
    unit: 'count',
  },
  'hll-sparse-max-bytes': {
    summary: 'A HyperLogLog stays in its sparse encoding up to this size, then switches to the dense 12 KB form.',
  },
  // Scripting
  'busy-reply-threshold': {
    summary: 'Milliseconds a script or function may run before the server starts answering other clients with BUSY.',
    details: 'After that, only SCRIPT KILL, FUNCTION KILL or SHUTDOWN NOSAVE get through; the script is not stopped by itself.',
    rto: 'A runaway script makes the server look dead to Sentinel and clients; keep scripts short.',
    values: { '0': 'Never answer BUSY (not recommended).' },
    unit: 'milliseconds',
  },
  'lua-time-limit': {
    summary: 'Redis 6.2: milliseconds a Lua script may run before other clients get BUSY replies (renamed busy-reply-threshold in 7.0).',
    rto: 'A runaway script makes the server look dead to Sentinel and clients.',
    unit: 'milliseconds',
  },
  'lua-enable-deprecated-api': {
    summary:
      'Redis: gives Lua scripts back the builtins getfenv, setfenv and newproxy, which the fix for CVE-2025-46818 withdrew because a script could use them to run code as another user.',
    details:
      'Read only from the config file or the command line. Turn it on only for old scripts that really need these functions, and only where everyone allowed to run scripts is trusted. Valkey calls the same switch `lua-enable-insecure-api`.',
    values: {
      no: 'The three builtins are unavailable to scripts (the safe default).',
      yes: 'Scripts may use getfenv, setfenv and newproxy again, reopening the hole the CVE fix closed.',
    },
  },
  'lua-enable-insecure-api': {
    summary:
      'Valkey: re-enables the Lua builtins getfenv, setfenv and newproxy, held back by default because scripts could use them to escape the sandbox and act as another user.',
    details:
      'The old Redis name `lua-enable-deprecated-api` is accepted too. Changing it at runtime counts as a protected setting (see `enable-protected-configs`), and every change resets the EVAL scripting engine: cached scripts are dropped and EVALSHA callers get NOSCRIPT until they load them again.',
    values: {
      no: 'The three builtins stay unavailable to scripts (the safe default).',
      yes: 'Scripts may use getfenv, setfenv and newproxy: only for trusted script authors.',
    },
  },
  'lua-replicate-commands': {
    summary: 'Replicates the effects of scripts rather than the scripts themselves; 7.0+ always does and ignores this line.',
  },
  // Latency tooling
  'slowlog-log-slower-than': {
    summary: 'Commands slower than this many microseconds are recorded in the slow log.',
    details: 'Valkey 8.1 folded the slow log into its command log: there this name still works, for commandlog-execution-slower-than.',
    values: { '0': 'Log every command.', '-1': 'Turn the slow log off.' },
    unit: 'microseconds',
  },
  'slowlog-max-len': {
    summary: 'Number of entries the slow log keeps; the oldest are dropped.',
    details: 'Valkey 8.1 folded the slow log into its command log: there this name still works, for commandlog-slow-execution-max-len.',
    unit: 'count',
  },
  'slowlog-entry-max-argc': {
    summary:
      'Redis: most arguments a slow log entry stores per command; when there are more, the last stored argument says how many were left out.',
    unit: 'count',
  },
  'slowlog-entry-max-string-len': {
    summary: 'Redis: longest argument a slow log entry stores; longer ones are cut and tagged with the number of bytes dropped.',
    unit: 'bytes',
  },
  'commandlog-execution-slower-than': {
    summary:
      'Valkey: commands whose execution takes more than this many microseconds go into the `slow` command log (read with COMMANDLOG GET, or the older SLOWLOG GET).',
    details:
      'It took over from slowlog-log-slower-than when Valkey replaced the slow log with the command log. Only the time the command itself runs counts, not reading the request or sending the reply.',
    values: { '0': 'Record every command.', '-1': 'Record no slow commands.' },
    unit: 'microseconds',
  },
  'commandlog-slow-execution-max-len': {
    summary: 'Valkey: length of the `slow` command log; older entries fall out as new ones arrive, and COMMANDLOG RESET slow empties it.',
    unit: 'count',
  },
  'commandlog-request-larger-than': {
    summary:
      'Valkey: commands whose request — the command name and all its arguments together — exceeds this many bytes are recorded in the large-request command log.',
    values: { '0': 'Record every command.', '-1': 'Record no large requests.' },
    unit: 'bytes',
  },
  'commandlog-large-request-max-len': {
    summary: 'Valkey: how many oversized requests the `large-request` command log holds before the oldest are discarded.',
    unit: 'count',
  },
  'commandlog-reply-larger-than': {
    summary:
      'Valkey: commands that produce a reply bigger than this many bytes (a large KEYS, HGETALL or even GET) are recorded in the large-reply command log.',
    details: 'Measuring reply sizes costs some throughput when I/O threads are used; -1 avoids that cost.',
    values: { '0': 'Record every command.', '-1': 'Record no large replies.' },
    unit: 'bytes',
  },
  'commandlog-large-reply-max-len': {
    summary: 'Valkey: capacity, in entries, of the `large-reply` command log; COMMANDLOG RESET with that type gives its memory back.',
    unit: 'count',
  },
  'latency-monitor-threshold': {
    summary: 'Events (fork, fsync, expiry cycles, …) slower than this many milliseconds are recorded by the latency monitor.',
    values: { '0': 'Latency monitoring off.' },
    unit: 'milliseconds',
  },
  'latency-tracking': {
    summary: 'Tracks per-command latency histograms, reported by INFO latencystats and LATENCY HISTOGRAM.',
  },
  'latency-tracking-info-percentiles': {
    summary: 'Percentiles of command latency that INFO latencystats reports, e.g. 50 99 99.9.',
    args: [{ name: 'percentile', doc: 'A percentile between 0 and 100.', placeholder: '99.9' }],
    variadic: true,
  },
  // Modules
  loadmodule: {
    summary: 'Loads a module (a shared library) at start, with optional arguments for it.',
    rto: 'redis-server refuses to start if the module cannot be loaded; every node of a replication group needs the same modules to load replicated data.',
    args: [
      { name: 'path', doc: 'Path of the module’s shared library.', placeholder: '/usr/lib/redis/modules/module.so' },
      { name: 'arg', doc: 'Argument passed to the module.' },
    ],
    variadic: true,
  },
  'gopher-enabled': {
    summary: 'Redis 6.2: answers requests of the Gopher protocol on the normal port.',
  },
  // Debugging and testing knobs
  'crash-log-enabled': {
    summary: 'Writes a stack trace and server state to the log when the server crashes.',
  },
  'crash-memcheck-enabled': {
    summary: 'Runs a quick memory test after a crash, to tell broken RAM from a software bug.',
    rto: 'The test delays the exit (and so the restart) after a crash by some seconds.',
  },
  'use-exit-on-panic': {
    summary: 'Testing knob: on a fatal error, exits instead of aborting (no core dump).',
  },
  'watchdog-period': {
    summary: 'Testing knob: logs a stack trace whenever the main thread is blocked for longer than this many milliseconds.',
    values: { '0': 'Watchdog off.' },
    unit: 'milliseconds',
  },
  'key-load-delay': {
    summary: 'Testing knob: delay per key while loading data, to simulate slow loading.',
    values: { '0': 'No delay.' },
    unit: 'microseconds',
  },
  'rdb-key-save-delay': {
    summary: 'Testing knob: delay per key while writing a snapshot, to simulate slow saves.',
    values: { '0': 'No delay.' },
    unit: 'microseconds',
  },
  'io-threads-always-active': {
    summary:
      'Valkey testing knob: wakes every I/O thread whenever there is work, instead of starting threads one by one as the load grows.',
    details: 'Idle threads are still parked between bursts; meant for tests, not for production tuning.',
  },
  'debug-context': {
    summary: 'Valkey: free text kept in memory and printed in crash reports, to tag a test run.',
    placeholder: 'test-run-42',
  },
};
