/**
 * Every diagnostic the language service can produce, in one table: a stable
 * code (shown in the editor and the CLI, usable in CI filters), its severity,
 * and what it means. Severity `error` means exactly "redis-server (or
 * redis-sentinel) will refuse to start with this file".
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';

export interface CodeInfo {
  readonly severity: DiagnosticSeverity;
  readonly summary: string;
}

const E = DiagnosticSeverity.Error, W = DiagnosticSeverity.Warning, I = DiagnosticSeverity.Information, H = DiagnosticSeverity.Hint;

export const CODES = {
  // The tokenizer
  'unbalanced-quotes': { severity: E, summary: 'A quote is never closed on its line.' },
  'quote-not-followed-by-blank': { severity: E, summary: 'A closing quote is followed by another character instead of a blank.' },
  'nul-character': { severity: W, summary: 'A NUL byte: redis-server drops the rest of its line and joins the next line to it.' },
  // Names
  'unknown-directive': { severity: E, summary: 'No version of Redis or Valkey knows this directive.' },
  'not-in-version': { severity: E, summary: 'The directive exists, but not in the target version.' },
  'deprecated-alias': { severity: H, summary: 'A legacy name that still works; the current name is preferred.' },
  'ignored-directive': { severity: W, summary: 'Accepted for compatibility and ignored: the line has no effect.' },
  // Arguments and values
  'wrong-arg-count': { severity: E, summary: 'The directive takes a different number of arguments.' },
  'inline-comment': { severity: E, summary: "redis.conf has no inline comments: '#' after a value is read as more arguments." },
  'invalid-bool': { severity: E, summary: "The value must be 'yes' or 'no'." },
  'invalid-enum': { severity: E, summary: 'The value is not one of the allowed words.' },
  'invalid-number': { severity: E, summary: 'The value is not an integer in the form redis-server accepts.' },
  'invalid-memory': { severity: E, summary: 'The value is not a byte count with an optional unit (b, k, kb, m, mb, g, gb).' },
  'out-of-range': { severity: E, summary: 'The number is outside the range the directive accepts.' },
  'invalid-value': { severity: E, summary: 'redis-server refuses this value.' },
  'build-dependent': { severity: W, summary: 'Whether redis-server accepts this depends on how it was built.' },
  'host-dependent': { severity: I, summary: 'Whether this works depends on the machine redis-server runs on.' },
  'suspicious-value': { severity: W, summary: 'Accepted, but almost certainly not what was meant.' },
  // Relations between lines
  overridden: { severity: W, summary: 'A later line sets the same directive again, so this line has no effect.' },
  'cluster-with-replicaof': { severity: E, summary: 'replicaof is not allowed when cluster-enabled is yes.' },
  'duplicate-user': { severity: E, summary: 'The same ACL user is declared twice.' },
  'acl-rule': { severity: E, summary: 'An ACL rule that redis-server refuses.' },
  'aclfile-with-users': { severity: E, summary: 'Users declared in the file while aclfile is set.' },
  'rename-unknown-command': { severity: E, summary: 'rename-command names a command that does not exist (or was already renamed).' },
  'rename-target-exists': { severity: E, summary: 'rename-command gives a command a name that is already taken.' },
  'module-config-without-module': { severity: E, summary: 'A module setting (name with a dot) but no loadmodule line.' },
  'include-not-found': { severity: E, summary: 'The included file does not exist.' },
  'include-relative': { severity: W, summary: 'A relative include is resolved from the directory redis-server is started in.' },
  // Which file kind
  'sentinel-in-redis-conf': { severity: E, summary: 'A sentinel line in a redis.conf: redis-server refuses it outside Sentinel mode.' },
  'not-for-sentinel': { severity: W, summary: 'A data-node directive in a sentinel.conf: a Sentinel ignores it.' },
  // sentinel.conf
  'sentinel-unknown-subcommand': { severity: E, summary: 'redis-sentinel does not know this sentinel sub-command (or its argument count).' },
  'sentinel-unknown-master': { severity: E, summary: 'No `sentinel monitor` line declares this master name.' },
  'sentinel-duplicate-master': { severity: E, summary: 'Two `sentinel monitor` lines use the same master name.' },
  'sentinel-invalid-value': { severity: E, summary: 'redis-sentinel refuses this value.' },
  'sentinel-hostname-unresolved': { severity: E, summary: 'A hostname where redis-sentinel needs a numeric IP (resolve-hostnames is no).' },
  'sentinel-duplicate-instance': { severity: E, summary: 'The same replica address or Sentinel id is declared twice for one master.' },
  // Limits of the editor (server/documents.ts): huge files and diagnostic floods
  'file-too-large': { severity: W, summary: 'The file is larger than redisHa.maxFileSize: it is not analysed.' },
  'too-many-diagnostics': { severity: I, summary: 'More diagnostics than the editor shows per file (1,000): the rest are counted here.' },
  // The file's own redis-ha comment
  'redis-ha-comment': { severity: W, summary: 'A `# redis-ha:` comment that cannot be understood.' },
  // Included files, followed (server/service/crossfile)
  'include-cycle': { severity: E, summary: 'An include leads back to a file already being read: redis-server recurses until it crashes.' },
  'include-special-file': { severity: E, summary: 'An include names a FIFO, a device or a socket: redis-server blocks on a FIFO and reads a device such as /dev/zero without end.' },
  'include-too-large': { severity: E, summary: 'An included file is larger than the size limit (redisHa.maxFileSize, --max-file-size): it is not read.' },
  'include-not-followed': { severity: I, summary: 'An included file was not read (too deep, too many, or unreadable): its settings are not part of the analysis.' },
  // Durability and replication rules (server/service/durability/rules). The severity
  // here is the one against the default target (the Balanced profile, rpo=1s);
  // each rule adapts it to the declared target and says nothing where it does not apply.
  'persistence-disabled': { severity: W, summary: 'Neither AOF nor RDB snapshots: a restart loses every key.' },
  'rdb-only': { severity: W, summary: 'RDB snapshots without AOF: a crash loses the writes since the last snapshot.' },
  'aof-fsync-no': { severity: W, summary: 'appendfsync no: how much a crash loses is left to the operating system.' },
  'aof-fsync-everysec': { severity: W, summary: 'appendfsync everysec under rpo=0: a crash loses up to a second of acknowledged writes.' },
  'aof-fsync-always': { severity: I, summary: 'appendfsync always: RPO ≈ 0 on a crash, paid for with a disk flush per write.' },
  'aof-rewrite-unsynced': { severity: I, summary: 'no-appendfsync-on-rewrite yes: no fsync while a rewrite or snapshot runs, so the loss window grows.' },
  'aof-without-preamble': { severity: I, summary: 'aof-use-rdb-preamble no: restarts replay the whole log (longer RTO).' },
  'bgsave-errors-ignored': { severity: W, summary: 'stop-writes-on-bgsave-error no with RDB on: failed snapshots go unnoticed.' },
  'rdb-checksum-off': { severity: W, summary: 'rdbchecksum no: a corrupt RDB file (or AOF preamble) is loaded without detection.' },
  'replica-writable': { severity: W, summary: 'replica-read-only no: writes to a replica diverge from the primary and vanish at the next resync.' },
  'replication-unguarded': { severity: W, summary: 'A primary with no min-replicas guard under rpo=0: acknowledged writes can be lost on failover.' },
  'replica-lag-tolerance-high': { severity: I, summary: 'min-replicas-max-lag so high that the write guard means little.' },
  'backlog-small': { severity: I, summary: 'repl-backlog-size too small to ride out a short disconnect without a full resync.' },
  'repl-timeout-too-low': { severity: W, summary: 'repl-timeout not above repl-ping-replica-period: idle links time out.' },
  'replica-buffer-small': { severity: W, summary: 'Replica output buffer limit below the backlog, or too small for a full sync.' },
  'diskless-load-empties-replica': { severity: W, summary: 'repl-diskless-load flushdb / flush-before-load: a failed full sync leaves the replica with no data.' },
  'eviction-loses-data': { severity: W, summary: 'An evicting maxmemory-policy under rpo=0: keys are deleted when memory is full.' },
  'exposed-without-auth': { severity: W, summary: 'Reachable from other hosts with no password and no protected mode.' },
  'masterauth-missing': { severity: W, summary: 'requirepass without masterauth: after a failover this node cannot sync from the new primary.' },
  'sentinel-quorum-too-high': { severity: W, summary: 'The quorum is larger than the number of Sentinels: the primary is never declared down.' },
  'sentinel-quorum-one': { severity: W, summary: 'Quorum 1: a single Sentinel can declare the primary down.' },
  'sentinel-even-count': { severity: W, summary: 'An even number of Sentinels: an even split leaves no majority to fail over.' },
  'sentinel-down-after-low': { severity: W, summary: 'down-after-milliseconds so low that short hiccups trigger failovers.' },
  'sentinel-down-after-high': { severity: W, summary: 'down-after-milliseconds so high that failover (RTO) is slow.' },
  'sentinel-parallel-syncs-high': { severity: I, summary: 'Several replicas resync at once after a failover.' },
  'sentinel-auth-missing': { severity: W, summary: 'The monitored primary requires a password (per a redis.conf in the workspace) but there is no auth-pass.' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export const SOURCE = 'redis-ha';
