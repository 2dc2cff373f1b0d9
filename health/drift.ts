/**
 * Drift: settings that differ where they should not.
 * - Inside a group: the settings that must match across a primary and its
 *   replicas (after a failover the group would behave differently) compared
 *   over CONFIG GET of every node; node-specific settings (port, bind, dir,
 *   replica-announce-*, replicaof, passwords, replica-priority …) never take part.
 * - Between a live node and a redis.conf: the file read with the project's own
 *   parser and catalog (server/parser, server/catalog), each directive's
 *   effective value compared with the node's `CONFIG GET *`.
 */
import type { Range } from 'vscode-languageserver-types';
import { catalog, versionForRelease, type DirectiveInfo, type VersionCatalog, type VersionId } from '../server/catalog/catalog';
import { parseConfig } from '../server/parser/parse';
import type { Directive } from '../server/parser/types';
import { problem } from './findings';
import { CONFIG_PARAMS } from './probe';
import type { GroupKind, Problem } from './types';

/** Never compared anywhere: they differ per node by design, or are secrets. */
export const NODE_SPECIFIC = new Set([
  'port',
  'tls-port',
  'bind',
  'bind-source-addr',
  'dir',
  'dbfilename',
  'appendfilename',
  'appenddirname',
  'pidfile',
  'logfile',
  'unixsocket',
  'unixsocketperm',
  'replicaof',
  'slaveof',
  'replica-priority',
  'slave-priority',
  'replica-announced',
  'replica-announce-ip',
  'replica-announce-port',
  'slave-announce-ip',
  'slave-announce-port',
  'cluster-announce-ip',
  'cluster-announce-port',
  'cluster-announce-bus-port',
  'cluster-announce-tls-port',
  'cluster-announce-hostname',
  'cluster-announce-human-nodename',
  'cluster-config-file',
  'cluster-port',
  'masterauth',
  'masteruser',
  'requirepass',
  'syslog-ident',
  'proc-title-template',
  // Redis lowers it to what the open-file limit allows: it differs by host, not by intent
  'maxclients',
  'server_cpulist',
  'bio_cpulist',
  'aof_rewrite_cpulist',
  'bgsave_cpulist',
  'tls-cert-file',
  'tls-key-file',
  'tls-client-cert-file',
  'tls-client-key-file',
  'tls-key-file-pass',
  'tls-client-key-file-pass',
  'tls-ca-cert-file',
  'tls-ca-cert-dir',
  'tls-dh-params-file',
]);

/** Settings compared across a group: the CONFIG GET set minus node-specific ones; cluster-* only in clusters. */
export function groupDriftKeys(kind: GroupKind): string[] {
  return CONFIG_PARAMS.filter((k) => !NODE_SPECIFIC.has(k) && (kind === 'cluster' || !k.startsWith('cluster-')));
}

/** One `group-drift` problem per setting whose value differs between nodes that reported it. */
export function groupDrift(kind: GroupKind, nodes: ReadonlyArray<{ address: string; config?: Record<string, string> }>): Problem[] {
  const out: Problem[] = [];
  const withConfig = nodes.filter((n) => n.config);
  if (withConfig.length < 2) return out;
  for (const key of groupDriftKeys(kind)) {
    const byValue = new Map<string, string[]>();
    for (const n of withConfig) {
      const v = n.config![key];
      if (v === undefined) continue;
      const list = byValue.get(v) ?? [];
      list.push(n.address);
      byValue.set(v, list);
    }
    if (byValue.size < 2) continue;
    const parts = [...byValue]
      .sort((a, b) => a[1].length - b[1].length)
      .map(([v, addrs]) => `${v === '' ? '""' : v} on ${addrs.join(', ')}`);
    out.push(problem('group-drift', `${key} differs: ${parts.join('; ')} — after a failover the group would behave differently`));
  }
  return out;
}

/** The catalog version closest to what a node reports in INFO server. */
export function versionIdFor(product: string | undefined, version: string | undefined): VersionId {
  return versionForRelease(product === 'valkey' ? 'valkey' : 'redis', version).version;
}

// ---------------------------------------------------------------- file vs live

export interface FileDriftItem {
  code: 'file-drift' | 'file-drift-unset' | 'file-drift-unknown';
  directive: string;
  range: Range;
  message: string;
  /** Safe to show (undefined for secrets). */
  fileValue?: string;
  liveValue?: string;
}

export interface FileDriftResult {
  items: FileDriftItem[];
  /** The file with every drifting value replaced by the live one, for a diff editor. */
  liveText: string;
  version: VersionId;
}

/** Facts from config.c: defaults of the two multi-line forms, the same in 6.2 → 8.0. */
const SPECIAL_DEFAULTS: Record<string, string> = {
  save: '3600 1 300 100 60 10000',
  'client-output-buffer-limit': 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
};
const COB_CLASSES = ['normal', 'slave', 'pubsub'];
const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
/** notify-keyspace-events 'A' stands for these classes. */
const NOTIFY_ALL = 'g$lshzxetd';

function memoryBytes(v: string): string {
  const m = /^(-?\d+)([a-z]*)$/i.exec(v.trim());
  if (!m || !(m[2].toLowerCase() in MEMORY_UNITS)) return v.trim().toLowerCase();
  return String(BigInt(m[1]) * BigInt(MEMORY_UNITS[m[2].toLowerCase()]));
}

function isSensitive(info: DirectiveInfo): boolean {
  return info.variant.flags.includes('SENSITIVE_CONFIG') || /pass$/.test(info.name);
}

function cobMap(value: string, base?: Map<string, string>): Map<string, string> {
  const out = new Map(base ?? []);
  const t = value.split(/\s+/).filter(Boolean);
  for (let i = 0; i + 3 < t.length; i += 4) {
    const cls = t[i].toLowerCase() === 'replica' ? 'slave' : t[i].toLowerCase();
    out.set(cls, `${memoryBytes(t[i + 1])} ${memoryBytes(t[i + 2])} ${Number(t[i + 3])}`);
  }
  return out;
}

function cobString(m: Map<string, string>): string {
  return COB_CLASSES.filter((c) => m.has(c))
    .map((c) => `${c} ${m.get(c)}`)
    .join(' ');
}

/** Canonical text of a value, the same for the file's arguments and CONFIG GET's answer. */
function canonical(info: DirectiveInfo, value: string): string | undefined {
  const spec = info.variant.value;
  switch (spec.kind) {
    case 'bool':
      return value.trim().toLowerCase();
    case 'enum':
      return spec.multi ? value.toLowerCase().split(/\s+/).filter(Boolean).sort().join(' ') : value.trim().toLowerCase();
    case 'numeric':
      if (spec.percent && value.trim().endsWith('%')) return value.trim();
      if (spec.memory) return memoryBytes(value);
      if (spec.octal) return String(parseInt(value, 8));
      return /^[+-]?\d+$/.test(value.trim()) ? String(BigInt(value.trim())) : value.trim();
    case 'string':
      return value;
    case 'special':
      switch (spec.form) {
        case 'save':
          return value.split(/\s+/).filter(Boolean).map(Number).join(' ');
        case 'client-output-buffer-limit':
          return cobString(cobMap(value));
        case 'notify-keyspace-events':
          return [...new Set(value.replace(/A/g, NOTIFY_ALL))].sort().join('');
        case 'bind':
        case 'oom-score-adj-values':
        case 'replicaof':
          return value.toLowerCase() === 'no one' ? '' : value.split(/\s+/).filter(Boolean).join(' ');
        case 'latency-tracking-info-percentiles':
          return value.split(/\s+/).filter(Boolean).map(Number).join(' ');
        case 'client-query-buffer-limit':
          return memoryBytes(value);
        case 'dir':
          return value.startsWith('/') ? value.replace(/\/+$/, '') || '/' : undefined;
        case 'logfile':
        case 'requirepass':
        case 'cluster-config-file':
        case 'unixsocketperm':
          return value;
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

function quoteArg(v: string): string {
  return v === '' || /[\s"'\\]/.test(v) ? `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : v;
}

/** The live value written as redis.conf line(s). */
function renderLive(info: DirectiveInfo, live: string): string[] {
  const spec = info.variant.value;
  if (spec.kind === 'special' && spec.form === 'save') {
    const t = live.split(/\s+/).filter(Boolean);
    if (!t.length) return ['save ""'];
    const lines: string[] = [];
    for (let i = 0; i + 1 < t.length; i += 2) lines.push(`save ${t[i]} ${t[i + 1]}`);
    return lines;
  }
  if (spec.kind === 'special' && spec.form === 'client-output-buffer-limit') {
    return [...cobMap(live)].map(([c, v]) => `client-output-buffer-limit ${c === 'slave' ? 'replica' : c} ${v}`);
  }
  const multiArg = info.variant.flags.includes('MULTI_ARG_CONFIG') || (spec.kind === 'enum' && spec.multi);
  if (multiArg) return [`${info.name} ${live.split(/\s+/).filter(Boolean).map(quoteArg).join(' ') || '""'}`];
  return [`${info.name} ${quoteArg(live)}`];
}

interface Effective {
  info: DirectiveInfo;
  lines: Directive[];
  value: string | undefined;
}

/**
 * Compares `text` (a redis.conf) with a live node's `CONFIG GET *`. Secrets are
 * compared but never shown. `version` picks the catalog the file is read with;
 * `skipNodeSpecific` when the file is a template for several nodes.
 */
export function fileDrift(
  text: string,
  live: Record<string, string>,
  version: VersionId,
  opts: { skipNodeSpecific?: boolean } = {},
): FileDriftResult {
  const doc = parseConfig(text);
  const cat = catalog().forVersion(version);
  const effective = new Map<string, Effective>();
  const items: FileDriftItem[] = [];
  let hasInclude = false;
  for (const d of doc.directives) {
    if (d.key === 'include') hasInclude = true;
    const found = cat.lookup(d.key);
    if (!found) {
      if (catalog().versionsHaving(d.key).length) {
        items.push({
          code: 'file-drift-unknown',
          directive: d.key,
          range: doc.rangeOf(d),
          message: `${d.name.value}: the live node (${version}) does not know this directive — redis-server of that version would refuse the file`,
        });
      }
      continue;
    }
    const info = found.info;
    // a template shared by several nodes: their ports, addresses and paths differ by design
    if (opts.skipNodeSpecific && NODE_SPECIFIC.has(info.name)) continue;
    const args = d.args.map((a) => a.value);
    let e = effective.get(info.name);
    if (!e) effective.set(info.name, (e = { info, lines: [], value: undefined }));
    e.lines.push(d);
    const spec = info.variant.value;
    if (spec.kind === 'special' && spec.form === 'save') {
      const reset = args.length === 1 && args[0] === '';
      e.value = reset ? '' : [e.value ?? '', ...args].join(' ').trim();
    } else if (spec.kind === 'special' && spec.form === 'client-output-buffer-limit') {
      e.value = cobString(cobMap(args.join(' '), cobMap(e.value ?? SPECIAL_DEFAULTS['client-output-buffer-limit'])));
    } else {
      e.value = args.join(' ');
    }
  }
  const replace = new Map<Directive, string[] | null>();
  for (const [name, e] of effective) {
    const liveRaw = live[name] ?? (e.info.variant.aliases ?? []).map((a) => live[a]).find((v) => v !== undefined);
    if (liveRaw === undefined || e.value === undefined) continue;
    const fileCanon = canonical(e.info, e.value);
    const liveCanon = canonical(e.info, liveRaw);
    if (fileCanon === undefined || liveCanon === undefined || fileCanon === liveCanon) continue;
    const last = e.lines[e.lines.length - 1];
    const secret = isSensitive(e.info);
    items.push({
      code: 'file-drift',
      directive: name,
      range: doc.rangeOf(last),
      message: secret
        ? `${name}: the live node runs with a different value than this file sets (not shown: it is a secret)`
        : `${name}: the file sets ${show(e.value)}, the live node runs ${show(liveRaw)} — a restart would change it`,
      fileValue: secret ? undefined : e.value,
      liveValue: secret ? undefined : liveRaw,
    });
    if (!secret) {
      const multiLine =
        e.info.variant.value.kind === 'special' && ['save', 'client-output-buffer-limit'].includes(e.info.variant.value.form);
      for (const d of multiLine ? e.lines : [last]) replace.set(d, d === last ? renderLive(e.info, liveRaw) : null);
    }
  }
  // with an include, what the file leaves unset may be set elsewhere: nothing is said about it
  const unset = hasInclude ? [] : unsetDrift(cat, live, effective, items);
  return { items, liveText: rewrite(text, doc.directives, replace, unset), version };
}

/**
 * The parameters the file leaves unset while the live node runs another
 * value than the default: a restart would bring the default back. Adds the
 * items, and returns the lines that would pin the live values.
 */
function unsetDrift(
  cat: VersionCatalog,
  live: Record<string, string>,
  effective: ReadonlyMap<string, Effective>,
  items: FileDriftItem[],
): string[] {
  const unset: string[] = [];
  for (const name of CONFIG_PARAMS) {
    if (NODE_SPECIFIC.has(name) || effective.has(name)) continue;
    const found = cat.lookup(name);
    const liveRaw = live[name];
    if (!found || liveRaw === undefined) continue;
    const def = found.info.variant.default ?? SPECIAL_DEFAULTS[name];
    if (def === undefined) continue;
    const a = canonical(found.info, def),
      b = canonical(found.info, liveRaw);
    if (a === undefined || b === undefined || a === b) continue;
    items.push({
      code: 'file-drift-unset',
      directive: name,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `${name}: the live node runs ${show(liveRaw)}, but this file does not set it — a restart would bring back the default ${show(def)}`,
      fileValue: undefined,
      liveValue: liveRaw,
    });
    unset.push(...renderLive(found.info, liveRaw));
  }
  return unset;
}

function show(v: string): string {
  return v === '' ? '""' : `'${v}'`;
}

function rewrite(text: string, directives: readonly Directive[], replace: Map<Directive, string[] | null>, unset: string[]): string {
  const edits = directives.filter((d) => replace.has(d)).sort((a, b) => b.start - a.start);
  let out = text;
  for (const d of edits) {
    const lines = replace.get(d);
    out = out.slice(0, d.start) + (lines ? lines.join('\n') : '') + out.slice(d.end);
  }
  if (unset.length)
    out += `${out.endsWith('\n') || out === '' ? '' : '\n'}\n# Set on the live node, not in this file:\n${unset.join('\n')}\n`;
  return out;
}
