/**
 * Shape of the directive catalog. The facts (names, types, ranges, defaults,
 * versions, flags) are generated from the Redis and Valkey sources into
 * `generated/catalog.json` by `tools/catalog/generate.mjs`; the hand-written
 * knowledge (areas, explanations) lives next to this file and is joined at load.
 */

/** The versions we check against, oldest first within each product. */
export const VERSION_IDS = [
  '6.2',
  '7.0',
  '7.2',
  '7.4',
  '8.0',
  '8.2',
  '8.4',
  '8.6',
  '8.8',
  'valkey-7.2',
  'valkey-8.0',
  'valkey-8.1',
  'valkey-9.0',
  'valkey-9.1',
] as const;
export type VersionId = (typeof VERSION_IDS)[number];

export type NumericType = 'int' | 'uint' | 'long' | 'ulong' | 'longlong' | 'ulonglong' | 'size_t' | 'ssize_t' | 'time_t' | 'off_t';

/** The hand-parsed or own-setter forms, named after the directive that has them. */
export type SpecialForm =
  | 'bind'
  | 'save'
  | 'client-output-buffer-limit'
  | 'dir'
  | 'notify-keyspace-events'
  | 'oom-score-adj-values'
  | 'replicaof'
  | 'latency-tracking-info-percentiles'
  | 'include'
  | 'rename-command'
  | 'user'
  | 'loadmodule'
  | 'sentinel'
  | 'logfile'
  | 'requirepass'
  | 'unixsocketperm'
  | 'cluster-config-file'
  | 'client-query-buffer-limit'
  | (string & {});

/** is_valid callbacks of string configs in config.c that can refuse a value at load time. */
export type StringCheck =
  | 'dbfilename'
  | 'aof-filename'
  | 'aof-dirname'
  | 'proc-title-template'
  | 'announced-hostname'
  | 'announced-nodename'
  | 'cluster-db'
  /** Variants whose rules differ by version (see CHECK_IDS in tools/catalog/lib/configs.mjs). */
  | 'dbfilename-nonempty'
  | 'aof-filename-basename'
  | 'announced-nodename-colon-ok'
  | 'cluster-config-file'
  | 'ipv4'
  | 'ipv6'
  | (string & {});

export type ValueSpec =
  /** `check`: an is_valid callback that can refuse a value (activedefrag yes without Redis' jemalloc). */
  | { kind: 'bool'; check?: string }
  /** `multi`: a set of flags given as several arguments (shutdown-on-sigterm save now). */
  | { kind: 'enum'; values: string[]; multi?: boolean; check?: string }
  /**
   * Integer kinds with their bounds (decimal strings, exact for 64-bit values).
   * `memory`: accepts units (k, kb, m, mb, g, gb); `percent`: accepts N% (stored as -N);
   * `octal`: parsed in base 8.
   */
  | {
      kind: 'numeric';
      type: NumericType;
      min: string;
      max: string;
      memory?: boolean;
      percent?: boolean;
      octal?: boolean;
      /** Valkey 9.1: a memory setting that also takes a plain negative integer (-1 = no limit). */
      signedMemory?: boolean;
      /** An is_valid callback beyond the bounds (array-slice-size: a power of two). */
      check?: string;
    }
  | { kind: 'string'; sds?: boolean; emptyIsNull?: boolean; check?: StringCheck }
  /**
   * Own setter in the config table, or a hand-written branch of the loader. For the
   * latter, `argcMin`/`argcMax` are the argument counts (directive name included) the
   * branch requires; another count falls through to "Bad directive or wrong number of arguments".
   */
  | { kind: 'special'; form: SpecialForm; argcMin?: number; argcMax?: number }
  /** Accepted and ignored (deprecated_configs[] / DEAD OPTION). */
  | { kind: 'deprecated'; argcMin: number; argcMax: number };

export interface DirectiveVariant {
  /** The versions in which this exact definition holds. */
  versions: VersionId[];
  /** Other names redis-server accepts for it (all of them legacy spellings). */
  aliases?: string[];
  value: ValueSpec;
  /** The default as `CONFIG GET` prints it; absent when there is none (empty string is a value). */
  default?: string;
  /** Flags from the config table: MODIFIABLE_CONFIG, IMMUTABLE_CONFIG, SENSITIVE_CONFIG, MULTI_ARG_CONFIG, … */
  flags: string[];
  /** True when the loader parses it by hand (6.x style) rather than through the standard config table. */
  legacy?: boolean;
  /** True when only some builds have it (TLS directives in 6.x need a TLS build). */
  buildDependent?: string;
  /**
   * A setting a module built into the server registers (Redis 8: 'vectorset'):
   * the loader keeps the line and the module applies it after the file is read;
   * a Sentinel loads no module, so there the line does nothing.
   */
  module?: string;
}

export interface DirectiveFacts {
  name: string;
  variants: DirectiveVariant[];
}

export interface SentinelSubcommand {
  name: string;
  aliases?: string[];
  /** Arguments after the sub-command, e.g. ['<master-name>', '<ip>', '<port>', '<quorum>']. */
  args: string[];
  /** Accepted argument counts after the sub-command (e.g. [3, 4] for known-sentinel). */
  argc: number[];
  /** True when the first argument must name a master declared by `sentinel monitor`. */
  perMaster: boolean;
  /**
   * When the 6.2+ loader runs it: the settings queued before the masters, the
   * `monitor` lines, then the per-master settings (so order in the file does not matter).
   */
  phase?: 'pre-monitor' | 'monitor' | 'post-monitor';
  versions: VersionId[];
}

/**
 * How a version's loader behaves beyond its tables (tools/catalog/lib/semantics.mjs):
 * the facts that make the same line mean different things in different versions.
 */
export interface LoaderSemantics {
  /** 'quote-ends': `"a"b` is an error; 'quote-continues' (Valkey 9+): it is the one token `ab`. */
  tokenizer: 'quote-ends' | 'quote-continues';
  /** 'refuse': an unknown name stops the load at its line; 'module-queue' (Redis 8): one with a value is kept as a possible module setting. */
  unknownDirective: 'refuse' | 'module-queue';
  /** True when a name with a dot is kept as a module setting (Redis 7.x, Valkey). */
  dottedModuleConfig: boolean;
  /** How the server reports kept settings that no module claimed. */
  unresolvedReport: 'none' | 'abort-only' | 'unused-names' | 'unresolved-list';
  /** False when Sentinel mode loads no modules, so kept settings are never checked there. */
  sentinelChecksModuleConfigs: boolean;
  /** The letters notify-keyspace-events accepts. */
  keyspaceEvents: string;
  /** How string2d reads a number: 'strtod' (hex floats too) or 'decimal' (Valkey 9.1: decimal forms only). */
  doubleSyntax: 'strtod' | 'decimal';
  /** 7.0+ numeric parsing; absent for 6.2 (its own rules, see values.ts). */
  numeric?: {
    unsignedTypes: NumericType[];
    /** Redis 8.2: a negative value of an unsigned type is refused before the bounds. */
    negativeUnsignedRefused: boolean;
    /** Whether memtoull refuses more digits than 64 bits hold, or saturates. */
    memoryOverflow: 'refused' | 'saturates';
  };
}

/** A fix that reached a release line in a patch release after it branched. */
export interface Backport {
  commit: string;
  /** The first patch release with it, e.g. 8.2.2. */
  since: string;
  why: string;
  directives?: string[];
  commands?: string[];
  note?: string;
}

export interface SourceRef {
  repo: string;
  ref: string;
  commit: string;
  files: string[];
  /** The version the tree calls itself (src/version.h), e.g. 7.9.224 for the pre-GA 8.0 branch. */
  version?: string;
  /** Commit date of `commit` (ISO 8601, UTC). */
  date?: string;
  /** Anything a reader must know about the ref (a snapshot rather than a release, …). */
  note?: string;
  /** Config-table entries left out because only special builds have them (e.g. LOG_REQ_RES test builds). */
  excluded?: string[];
  semantics: LoaderSemantics;
  backports?: Backport[];
}

export interface CatalogData {
  /** How the file was made; never edited by hand. */
  generatedBy: string;
  generatedAt: string;
  sources: Record<VersionId, SourceRef>;
  directives: DirectiveFacts[];
  /** Command names (lower case) per version, for rename-command and ACL rules. */
  commands: Record<VersionId, string[]>;
  /** Sub-command names per container command (lower case), e.g. { "config": ["get", "set", …] }. */
  subcommands: Record<VersionId, Record<string, string[]>>;
  /** ACL category names per version (without '@'). */
  aclCategories: Record<VersionId, string[]>;
  sentinel: SentinelSubcommand[];
  /** Command names (lower case) a Sentinel process has, per version (for `user` ACL rules in sentinel.conf). */
  sentinelCommands?: Record<VersionId, string[]>;
  /** Commands of the modules built into the server (Redis 8: vector sets): known to ACL rules, not to rename-command. */
  moduleCommands?: Record<VersionId, string[]>;
}
