/** Persistence: RDB snapshots and the append-only file. Our own words; the guidance's sentences come from ../guidance. */
import { clause, guidance } from '../guidance';
import type { DocTable } from './types';

export const PERSISTENCE_DOCS: DocTable = {
  appendonly: {
    summary: 'Turns on the append-only file (AOF): every write command is logged to disk and replayed when the server restarts.',
    rpo: `With \`no\`, only RDB snapshots protect the data: ${clause('rdb-only-loss')}. With \`yes\`, the loss is bounded by \`appendfsync\` — about one second with \`everysec\`, about nothing with \`always\`.`,
    rto: 'A restart replays the AOF before serving; keep `aof-use-rdb-preamble yes` so the replay starts from a compact snapshot. Switching it on with CONFIG SET starts a background rewrite that writes the whole dataset once.',
    values: {
      yes: 'Log every write to the AOF. Recommended for anything you cannot rebuild: the guidance pairs it with `appendfsync everysec` and an RDB preamble.',
      no: `No AOF: durability rests on RDB snapshots alone. Without a \`save\` rule either: ${clause('no-persistence')}.`,
    },
  },
  appendfsync: {
    summary: 'Chooses how often the AOF is forced from the operating system to the disk with fsync.',
    details: guidance('fsync-process-crash'),
    rpo: 'Sets the crash data-loss window: `always` ≈ 0, `everysec` about one second, `no` what the kernel had not flushed yet (see the values).',
    rto: 'No effect on restart time; `always` adds a disk flush to every write, so write latency and throughput follow the disk.',
    values: {
      everysec: `${guidance('fsync-everysec')} The balance most deployments choose.`,
      always: `${guidance('fsync-always')} The slowest option.`,
      no: `Never fsync: ${clause('fsync-no')}. Fastest, weakest.`,
    },
  },
  'no-appendfsync-on-rewrite': {
    summary: 'Suspends AOF fsync while a background save or AOF rewrite is running, to avoid latency spikes on a busy disk.',
    rpo: `With \`yes\`: ${clause('rewrite-unsynced')}.`,
    rto: 'No effect on recovery; `yes` only smooths write latency while a child process saturates the disk.',
    values: {
      yes: 'Skip fsync while a child process writes: lower latency, but the loss window grows during rewrites and snapshots.',
      no: 'Keep fsyncing during rewrites (the maximum-durability profile uses this).',
    },
  },
  'aof-use-rdb-preamble': {
    summary: 'Makes an AOF rewrite start with a compact RDB image of the dataset, followed by the commands logged since.',
    rpo: 'No change to what is kept; the file holds the same data in a more compact form.',
    rto: `${guidance('aof-preamble')} The guidance recommends \`yes\`.`,
    values: {
      yes: 'Rewritten AOFs begin with an RDB snapshot: fast restarts, smaller files.',
      no: 'Rewritten AOFs contain only commands: readable, but slower to load.',
    },
  },
  'auto-aof-rewrite-percentage': {
    summary: 'Starts an automatic AOF rewrite when the file has grown by this percentage over its size after the previous rewrite.',
    rpo: 'A rewrite does not lose data; it only compacts the log.',
    rto: 'Without rewrites the AOF grows without bound and restarts replay ever more commands; each rewrite costs a fork and a full write of the dataset.',
    values: { '0': 'Automatic rewrites are off: the AOF only shrinks when you run BGREWRITEAOF.' },
    unit: 'count',
  },
  'auto-aof-rewrite-min-size': {
    summary: 'The smallest AOF size at which an automatic rewrite may start, so that small files are not rewritten over and over.',
    rto: 'A larger minimum means fewer forks on small datasets but a longer replay before the first rewrite.',
  },
  'aof-load-truncated': {
    summary:
      'Decides whether the server starts when the end of the AOF is cut off, as happens when the host crashed in the middle of a write.',
    rpo: 'With `yes`, the incomplete last command is dropped and everything before it is loaded — only the write that was being logged is lost.',
    rto: 'With `no`, the server refuses to start until someone repairs the file with the AOF check tool: a crash turns into an outage that needs a human.',
    values: {
      yes: 'Load what is complete, log a warning and start: the server comes back by itself after a crash.',
      no: 'Refuse to start on a truncated AOF; an operator must repair it first.',
    },
  },
  'aof-rewrite-incremental-fsync': {
    summary: 'While an AOF rewrite runs, fsyncs the new file every few megabytes instead of once at the end, to avoid one huge flush.',
    rto: 'Keeps latency steady during rewrites on hosts with a lot of dirty page cache; no effect on what is kept.',
  },
  'rdb-save-incremental-fsync': {
    summary: 'While an RDB snapshot is written, fsyncs it every few megabytes instead of once at the end.',
    rto: 'Avoids a long stall of the disk when a big snapshot is finished; no effect on what the snapshot contains.',
  },
  'aof-timestamp-enabled': {
    summary: 'Writes timestamp annotations into the AOF, so the log can later be cut at a point in time.',
    rpo: 'Enables point-in-time recovery: after a bad write (a FLUSHALL, a faulty deploy) the AOF can be truncated to just before it with the AOF check tool.',
    rto: 'Slightly larger AOF; restart time is essentially unchanged.',
  },
  'aof-disable-auto-gc': {
    summary: 'Keeps the old AOF parts in the append-only directory after a rewrite instead of deleting them.',
    rpo: 'Old parts let you go back to an earlier state, at the price of disk space that is never freed automatically.',
    rto: 'A full disk stops AOF writes; watch the directory size if you turn this on.',
  },
  appendfilename: {
    summary: 'Base name of the append-only file (7.0+: the prefix of the files in the append-only directory).',
    rto: 'Changing it makes the server look for a different file at the next start: it would start empty. Rename the files together with the setting.',
    placeholder: 'appendonly.aof',
  },
  appenddirname: {
    summary: 'Name of the directory, inside `dir`, that holds the multi-part AOF: its base file, incremental files and manifest.',
    rto: 'Changing it makes the next start look elsewhere and start empty; move the directory along with the setting.',
    placeholder: 'appendonlydir',
  },
  dbfilename: {
    summary: 'File name of the RDB snapshot, written inside `dir`.',
    rto: 'A restart without AOF loads this file; if the name changes, the server starts empty.',
    placeholder: 'dump.rdb',
  },
  dir: {
    summary: 'Working directory of the server: RDB snapshots, the append-only directory and the cluster nodes file are written here.',
    rpo: 'Persistence is only as safe as this disk: put it on durable, local storage, and ship snapshots elsewhere for backups.',
    rto: 'The directory must exist and be writable at start, or the server refuses to run; a full disk makes snapshots fail and, with `stop-writes-on-bgsave-error yes`, stops writes.',
    args: [{ name: 'path', doc: 'An existing directory the server can write to.', placeholder: '/var/lib/redis' }],
  },
  rdbcompression: {
    summary: 'Compresses string values in RDB snapshots (LZF), trading a little CPU for smaller files.',
    rto: 'Smaller snapshots copy and transfer faster (full resyncs, backups); turning it off saves CPU in the saving child.',
  },
  rdbchecksum: {
    summary: 'Appends a CRC64 checksum to RDB snapshots and verifies it when they are loaded.',
    rpo: guidance('rdb-checksum'),
    rto: 'Costs a few percent of save and load time.',
  },
  'rdb-del-sync-files': {
    summary: 'Deletes the RDB files written only for replication on instances that have no persistence configured.',
    rpo: 'Useful where data must not stay on disk; it does not touch snapshots you asked for with `save`.',
  },
  'sanitize-dump-payload': {
    summary:
      'Checks the inner structure of serialized values from RESTORE and RDB loading, to refuse corrupt payloads before they crash the server.',
    rto: 'A corrupt payload accepted without checks can crash the server later, far from its cause; full checks cost time on every RESTORE and load.',
    values: {
      no: 'Never run the deep checks: fastest, trusts every payload.',
      yes: 'Always run the deep checks, for RDB loads and every RESTORE.',
      clients: 'Run the deep checks only for RESTORE from ordinary clients; replication and trusted users skip them.',
    },
  },
  save: {
    summary: 'Schedules RDB snapshots: save when at least `<changes>` writes happened within `<seconds>`.',
    details:
      'The rules add up (Redis 7.0+ also accepts several pairs on one line); the first `save` line in a file replaces the built-in schedule, and `save ""` removes every rule.',
    rpo: `With RDB as the only persistence: ${clause('rdb-only-loss')} — up to the longest interval of your rules.`,
    rto: 'A snapshot forks the server (copy-on-write memory) and restarts load the last snapshot quickly; it is also the file you ship for backups.',
    values: { '""': 'Removes every snapshot rule: no automatic RDB snapshots.' },
    args: [
      { name: 'seconds', doc: 'Time window in seconds (1 or more).', placeholder: '3600', unit: 'seconds' },
      {
        name: 'changes',
        doc: 'Number of writes within the window that triggers the snapshot (0 or more).',
        placeholder: '1',
        unit: 'count',
      },
    ],
    repeat: 2,
  },
  'stop-writes-on-bgsave-error': {
    summary: 'Refuses write commands after a background snapshot has failed, until a snapshot succeeds again.',
    rpo: `With \`no\`: ${clause('bgsave-error')}. With \`yes\`, the failure is noticed at once.`,
    rto: 'With `yes`, a persistence failure becomes a write outage for clients — choose it deliberately and monitor `rdb_last_bgsave_status`.',
    values: {
      yes: 'Stop accepting writes when snapshots fail: a loud failure.',
      no: 'Keep accepting writes even though snapshots fail: available, but silently less durable.',
    },
  },
  'loading-process-events-interval-bytes': {
    summary:
      'While loading a snapshot or AOF, how many bytes are read between two rounds of serving events (LOADING replies, replication pings).',
    rto: 'Smaller values keep a loading server responsive at some cost in load time; larger values load faster.',
    unit: 'bytes',
  },
  'aof-load-corrupt-tail-max-size': {
    summary:
      'Lets the server start when the newest AOF file ends in a small region that does not parse: if the damaged tail is shorter than this many bytes, it is cut off and loading goes on.',
    details:
      'The counterpart of `aof-load-truncated`, which only covers a file that stops in the middle of a command; this one covers bytes that are there but garbled. Only the last file listed in the AOF manifest may be cut — damage in an earlier base or incremental file still stops the start. The cut is made in the file on disk, so the removed bytes are gone for good.',
    rpo: 'Every write logged in the removed tail is lost — up to this many bytes of commands, normally the last writes before a host crash. Keep the limit small, and copy the append-only directory before the restart if those writes could matter.',
    rto: 'With 0, any corruption at the end keeps the server down until someone repairs the file with the AOF check tool: a crash turns into an outage that needs a human. A small limit lets the node come back on its own.',
    values: { '0': 'Never cut a corrupt tail: the server refuses to start and asks for a manual repair.' },
    unit: 'bytes',
  },
  'rdb-version-check': {
    summary: 'Valkey: how strictly the RDB format version is checked when a snapshot, a full-resync payload or a RESTORE value is loaded.',
    details:
      'Valkey 9 writes RDB version 80 and treats versions 12–79 as foreign formats, the range newer Redis releases write. In `relaxed` mode Valkey 8.1 accepts snapshots of later Valkey releases, and 9.0+ also tries the foreign range; either way, loading stops at the first record type it does not know.',
    rpo: 'Nothing is skipped silently: a file that uses an unknown feature fails to load. But a node that fails that way — at start-up or during a full resync — holds no usable copy of the data.',
    rto: 'With `strict`, a node rolled back to an older version cannot load the snapshot its newer self wrote, and an older replica cannot sync from an upgraded primary: plan rolling upgrades and downgrades around it. `relaxed` can bridge such a step when no new data types are in use.',
    values: {
      strict: 'Refuse any RDB version newer than this server writes, and every foreign format.',
      relaxed: 'Try to load newer (and, from 9.0, foreign) versions, failing only at a record type this server does not know.',
    },
  },
  'aof-rewrite-cpulist': {
    summary: 'Pins the AOF rewrite child process to the given CPUs (a list such as 0-3,8).',
    rto: 'Keeps the rewrite from competing with the main thread for CPU during peaks.',
    placeholder: '0-3',
  },
};
