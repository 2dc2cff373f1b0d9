/**
 * The settings a server started with a config file actually runs with: the
 * last line of each directive (included files counted where they are
 * included), and the target version's default where no line sets it. Two
 * directives accumulate instead of replacing: `save` (the first save line
 * drops the default schedule, `save ""` clears what came before; Redis 6.2
 * takes one <seconds> <changes> pair per line, 7.0+ any number of pairs or
 * one quoted string of them) and `client-output-buffer-limit` (per client
 * class). Facts from redis src/config.c and src/server.c, 6.2 to 8.0, and
 * valkey 7.2 / 8.0, which agree on every default used here.
 */
import type { VersionCatalog, VersionId } from '../../catalog/catalog';
import { splitArgsLikeRedis } from '../../parser/parse';
import { atoi, memtoull, strcaseEq, yesnotoi } from '../cnum';
import type { ConfigLine, ConfigTree } from '../crossfile/includes';
import type { Language } from '../options';
import { familyOf } from '../values';

/** The default RDB schedule (initServerConfig in every supported version): 1 h/1 change, 5 min/100, 1 min/10000. */
export const DEFAULT_SAVE: ReadonlyArray<{ seconds: number; changes: number }> = [
  { seconds: 3600, changes: 1 },
  { seconds: 300, changes: 100 },
  { seconds: 60, changes: 10000 },
];
/** clientBufferLimitsDefaults for the replica class: 256mb hard, 64mb soft for 60 s. */
export const DEFAULT_REPLICA_LIMITS = { hard: 256 * 1024 * 1024, soft: 64 * 1024 * 1024, seconds: 60 };
/** Sentinel's per-master defaults (sentinel.c): down-after 30 s, failover-timeout 3 min, parallel-syncs 1. */
export const SENTINEL_DEFAULTS = { downAfterMs: 30_000, failoverTimeoutMs: 180_000, parallelSyncs: 1 };
/** Defaults that differ in Sentinel mode (initSentinelConfig): port 26379, and protected mode off ("Sentinel must be exposed"). */
const SENTINEL_MODE_DEFAULTS: Record<string, string> = { 'protected-mode': 'no', port: '26379' };

export interface SavePair {
  seconds: number;
  changes: number;
  line?: ConfigLine;
}

export interface SaveSchedule {
  pairs: SavePair[];
  /** No save line: the version's default schedule applies. */
  fromDefault: boolean;
  /** Every save line, in load order. */
  lines: ConfigLine[];
  /** The `save ""` line that left the schedule empty, if that is why it is empty. */
  clearedBy?: ConfigLine;
}

export interface ReplicaLimits {
  hard: number;
  soft: number;
  seconds: number;
  /** The line that sets the replica class last; undefined when the default applies. */
  from?: ConfigLine;
  /** Index in from.line.args of the class word, when the line's arguments are the values themselves. */
  classArg?: number;
}

export class EffectiveConfig {
  private last = new Map<string, ConfigLine>();
  private all = new Map<string, ConfigLine[]>();
  readonly sentinelLines: ConfigLine[] = [];
  private saveCache?: SaveSchedule;
  private limitsCache?: ReplicaLimits;

  constructor(
    readonly tree: ConfigTree,
    readonly vc: VersionCatalog,
    readonly version: VersionId,
    readonly language: Language,
  ) {
    for (const l of tree.lines) {
      if (l.line.key === 'sentinel') {
        this.sentinelLines.push(l);
        continue;
      }
      if (!l.info) continue;
      const name = l.info.name;
      this.last.set(name, l);
      let list = this.all.get(name);
      if (!list) this.all.set(name, (list = []));
      list.push(l);
    }
  }

  /** The name a directive has in the target version (valkey 8.0 calls masterauth primaryauth). */
  canon(name: string): string {
    return this.vc.lookup(name)?.info.name ?? name;
  }
  has(name: string): boolean {
    return !!this.vc.lookup(name);
  }
  /** The line whose value takes effect. */
  line(name: string): ConfigLine | undefined {
    return this.last.get(this.canon(name));
  }
  lines(name: string): readonly ConfigLine[] {
    return this.all.get(this.canon(name)) ?? [];
  }
  /** The version's default as CONFIG GET prints it. */
  default(name: string): string | undefined {
    if (this.language === 'sentinel-conf' && SENTINEL_MODE_DEFAULTS[name] !== undefined) return SENTINEL_MODE_DEFAULTS[name];
    return this.vc.lookup(name)?.info.variant.default;
  }
  /** First argument of the effective line, or the default. */
  raw(name: string): string | undefined {
    const l = this.line(name);
    return l?.line.args.length ? l.line.args[0].value : this.default(name);
  }
  bool(name: string): boolean {
    const l = this.line(name);
    const v = l?.line.args[0] ? yesnotoi(l.line.args[0].value) : -1;
    if (v >= 0) return v === 1;
    return yesnotoi(this.default(name) ?? 'no') === 1;
  }
  int(name: string): number {
    const l = this.line(name);
    const s = l?.line.args[0]?.value;
    if (s !== undefined && /^-?\d+$/.test(s)) return Number(s);
    return Number(this.default(name) ?? 0);
  }
  bytes(name: string): number {
    const l = this.line(name);
    const s = l?.line.args[0]?.value;
    const v = s !== undefined ? memtoull(s) : null;
    if (v !== null) return Number(v);
    return Number(this.default(name) ?? 0);
  }
  enumValue(name: string): string {
    return (this.raw(name) ?? '').toLowerCase();
  }

  save(): SaveSchedule {
    return (this.saveCache ??= this.computeSave());
  }

  private computeSave(): SaveSchedule {
    const lines = [...this.lines('save')];
    if (!lines.length) return { pairs: DEFAULT_SAVE.map((p) => ({ ...p })), fromDefault: true, lines };
    const v7 = familyOf(this.version) === 'v7';
    let pairs: SavePair[] = [];
    let clearedBy: ConfigLine | undefined;
    for (const l of lines) {
      let values = l.line.args.map((a) => a.value);
      if (values.length === 1 && values[0] === '') {
        pairs = [];
        clearedBy = l;
        continue;
      }
      if (v7 && values.length === 1) values = splitArgs(values[0]);
      if (!v7 && values.length !== 2) continue; // 6.2 reads one pair per line; other forms are errors
      if (values.length % 2 !== 0) continue;
      for (let i = 0; i + 1 < values.length; i += 2) {
        const seconds = atoi(values[i]);
        const changes = atoi(values[i + 1]);
        if (seconds >= 1 && changes >= 0) pairs.push({ seconds, changes, line: l });
      }
    }
    return { pairs, fromDefault: false, lines, clearedBy: pairs.length ? undefined : clearedBy };
  }

  replicaLimits(): ReplicaLimits {
    return (this.limitsCache ??= this.computeLimits());
  }

  private computeLimits(): ReplicaLimits {
    let out: ReplicaLimits = { ...DEFAULT_REPLICA_LIMITS };
    for (const l of this.lines('client-output-buffer-limit')) {
      const quotedForm = l.line.args.length === 1;
      const values = quotedForm ? splitArgs(l.line.args[0].value) : l.line.args.map((a) => a.value);
      for (let i = 0; i + 3 < values.length; i += 4) {
        const cls = values[i];
        if (!strcaseEq(cls, 'replica') && !strcaseEq(cls, 'slave')) continue;
        const hard = memtoull(values[i + 1]);
        const soft = memtoull(values[i + 2]);
        const seconds = atoi(values[i + 3]);
        if (hard === null || soft === null) continue;
        out = { hard: Number(hard), soft: Number(soft), seconds, from: l, classArg: quotedForm ? undefined : i };
      }
    }
    return out;
  }
}

/** Splits one argument into words the way redis-server splits a MULTI_ARG value. */
function splitArgs(value: string): string[] {
  return splitArgsLikeRedis(value) ?? [];
}
