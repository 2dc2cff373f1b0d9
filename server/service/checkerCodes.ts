/**
 * The codes of the checker itself — the tokenizer, the validator, included
 * files, the editor's limits: a stable code (shown in the editor and the CLI,
 * usable in CI filters), its severity, and what it means. Severity `error`
 * means exactly "redis-server (or redis-sentinel) will refuse to start with
 * this file". The whole code table, with the durability rules, is CODES in
 * codes.ts.
 */
import type { DiagnosticSeverity } from 'vscode-languageserver-types';
import { E, H, I, W } from './severity';

export interface CodeInfo {
  readonly severity: DiagnosticSeverity;
  readonly summary: string;
}

export const CHECKER_CODES = {
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
  'language-by-content': {
    severity: I,
    summary:
      "The file's directives belong to the other kind of file than its name or language mode says (a Sentinel's in a redis.conf is checked as a sentinel.conf).",
  },
  'mixed-config': {
    severity: I,
    summary: "A file with both a Sentinel's `sentinel` lines and directives only a data node uses: it must be split in two.",
  },
  // sentinel.conf
  'sentinel-unknown-subcommand': {
    severity: E,
    summary: 'redis-sentinel does not know this sentinel sub-command (or its argument count).',
  },
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
  'include-special-file': {
    severity: E,
    summary:
      'An include names a FIFO, a device or a socket: redis-server blocks on a FIFO and reads a device such as /dev/zero without end.',
  },
  'include-too-large': {
    severity: E,
    summary: 'An included file is larger than the size limit (redisHa.maxFileSize, --max-file-size): it is not read.',
  },
  'include-not-followed': {
    severity: I,
    summary: 'An included file was not read (too deep, too many, or unreadable): its settings are not part of the analysis.',
  },
} as const satisfies Record<string, CodeInfo>;

export type CheckerCode = keyof typeof CHECKER_CODES;

export const SOURCE = 'redis-ha';
