/**
 * Turns catalog facts and the hand-written docs into Markdown: the directive
 * card shown by hover and by completion documentation, Sentinel cards, and the
 * small formatters (versions, types, ranges, bytes, durations) that value
 * hovers and completion details share. Pure; no LSP connection.
 */
import { VERSION_IDS, VERSION_LABELS, catalog, type DirectiveInfo, type VersionId } from '../catalog/catalog';
import { AREA_LABELS } from '../catalog/areas';
import { directiveDoc, sentinelDoc, type ArgDoc, type DirectiveDoc, type Unit } from '../catalog/docs';
import type { SentinelSubcommand, ValueSpec } from '../catalog/types';
import { formatBytes, memoryUnit } from './cnum';
import { RULES, type Rule } from './durability/rules';
import { RPO_TARGETS } from './options';
import { OFF, SEVERITY_NAMES } from './severity';

const REDIS: readonly VersionId[] = VERSION_IDS.filter((v) => !v.startsWith('valkey-'));
const VALKEY: readonly VersionId[] = VERSION_IDS.filter((v) => v.startsWith('valkey-'));

/**
 * "Redis 6.2–8.8 · Valkey 7.2–9.1": since and until per product, grouping
 * consecutive versions; a product whose last version with it is not its
 * newest says from which version on it is gone.
 */
export function versionsText(versions: readonly VersionId[]): string {
  const parts: string[] = [];
  for (const [product, list] of [
    ['Redis', REDIS],
    ['Valkey', VALKEY],
  ] as const) {
    const runs: string[] = [];
    let i = 0;
    let last = -1;
    while (i < list.length) {
      if (!versions.includes(list[i])) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < list.length && versions.includes(list[j + 1])) j++;
      const num = (v: VersionId) => v.replace('valkey-', '');
      runs.push(i === j ? num(list[i]) : `${num(list[i])}–${num(list[j])}`);
      last = j;
      i = j + 1;
    }
    const gone = last >= 0 && last < list.length - 1 ? ` (not in ${list[last + 1].replace('valkey-', '')} and later)` : '';
    if (runs.length) parts.push(`${product} ${runs.join(', ')}${gone}`);
  }
  return parts.join(' · ') || 'none';
}

const UNBOUNDED = new Set(['2147483647', '4294967295', '9223372036854775807', '18446744073709551615']);

function thousands(s: string): string {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Exact binary size when possible ("64 MiB"), else an approximation. */
export function humanBytes(n: bigint): string {
  const units: Array<[bigint, string]> = [
    [1024n ** 4n, 'TiB'],
    [1024n ** 3n, 'GiB'],
    [1024n ** 2n, 'MiB'],
    [1024n, 'KiB'],
  ];
  for (const [size, label] of units) {
    if (n >= size) {
      if (n % size === 0n) return `${thousands((n / size).toString())} ${label}`;
      return `≈ ${(Number(n) / Number(size)).toFixed(2)} ${label}`;
    }
  }
  return `${n} byte${n === 1n ? '' : 's'}`;
}

/** A byte count in the shortest exact config form: 67108864 → 64mb. */
export function shortMemory(bytes: string): string {
  if (!/^\d+$/.test(bytes)) return bytes;
  const n = BigInt(bytes);
  if (n === 0n) return '0';
  for (const [size, unit] of [
    [1024n ** 3n, 'gb'],
    [1024n ** 2n, 'mb'],
    [1024n, 'kb'],
  ] as const) {
    if (n % size === 0n) return `${n / size}${unit}`;
  }
  return bytes;
}

/** "= 1,073,741,824 bytes (1 GiB)" for a memory value, or undefined when it is not one. */
export function memoryMeaning(raw: string): { bytes: bigint; text: string } | undefined {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(raw);
  if (!m) return undefined;
  const mul = memoryUnit(m[2]);
  if (mul === undefined) return undefined;
  const bytes = BigInt(m[1]) * mul;
  const unit = m[2].toLowerCase();
  const base =
    unit === 'k' || unit === 'm' || unit === 'g' ? ` — \`${unit}\` counts powers of 1000; \`${unit}b\` would count powers of 1024` : '';
  return { bytes, text: `${formatBytes(bytes)} bytes (${humanBytes(bytes)})${base}` };
}

function humanMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${+s.toFixed(3)} s`;
  if (s < 3600) return `${+(s / 60).toFixed(2)} min`;
  if (s < 86400) return `${+(s / 3600).toFixed(2)} h`;
  return `${+(s / 86400).toFixed(2)} days`;
}

/** "60 seconds (1 min)" for a number with a unit, or undefined. */
export function quantityText(raw: string, unit: Unit | undefined): string | undefined {
  if (!unit || !/^-?\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  switch (unit) {
    case 'seconds':
      return `${thousands(raw)} second${n === 1 ? '' : 's'}${n >= 60 ? ` (${humanMs(n * 1000)})` : ''}`;
    case 'milliseconds':
      return `${thousands(raw)} ms${n >= 1000 ? ` (${humanMs(n)})` : ''}`;
    case 'microseconds':
      return `${thousands(raw)} µs${n >= 1000 ? ` (${humanMs(n / 1000)})` : ''}`;
    case 'bytes':
      return n >= 0 ? `${thousands(raw)} bytes (${humanBytes(BigInt(raw))})` : undefined;
    case 'hertz':
      return `${raw} times per second`;
    case 'count':
      return undefined;
  }
}

export function typeText(spec: ValueSpec, doc?: DirectiveDoc): string {
  switch (spec.kind) {
    case 'bool':
      return '`yes` or `no`';
    case 'enum':
      return `${spec.multi ? 'one or more of' : 'one of'} ${spec.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'numeric': {
      if (spec.memory && spec.percent) return 'byte count (units k, kb, m, mb, g, gb) or a percentage of maxmemory (`N%`)';
      if (spec.memory) return 'byte count (units k, kb, m, mb, g, gb)';
      if (spec.octal) return 'octal number';
      const unit = doc?.unit && doc.unit !== 'count' ? ` (${doc.unit})` : '';
      return `integer${unit}`;
    }
    case 'string':
      return spec.emptyIsNull ? 'string (`""` means unset)' : 'string';
    case 'special':
      return doc?.args ? 'arguments, see syntax' : 'special form';
    case 'deprecated':
      return 'any value (ignored)';
  }
}

export function rangeText(spec: ValueSpec): string | undefined {
  if (spec.kind !== 'numeric') return undefined;
  if (spec.octal) return `${BigInt(spec.min).toString(8)} – ${BigInt(spec.max).toString(8)} (octal)`;
  const open = UNBOUNDED.has(spec.max);
  const min = thousands(spec.min);
  if (spec.percent && spec.min.startsWith('-'))
    return `up to ${spec.min.slice(1)}%, or ${open ? 'any byte count' : `bytes up to ${thousands(spec.max)}`}`;
  if (spec.min === '-2147483648' || spec.min === '-9223372036854775808') return open ? 'any integer' : `up to ${thousands(spec.max)}`;
  return open ? `${min} or more` : `${min} – ${thousands(spec.max)}`;
}

export function defaultText(info: DirectiveInfo, doc?: DirectiveDoc): string | undefined {
  const d = info.variant.default;
  if (d === undefined) return undefined;
  const spec = info.variant.value;
  if (d === '') return '`""` (empty)';
  if (spec.kind === 'numeric' && spec.memory && /^\d+$/.test(d)) {
    const short = shortMemory(d);
    return short === d ? `\`${d}\` bytes` : `\`${short}\` (${formatBytes(BigInt(d))} bytes)`;
  }
  const q = spec.kind === 'numeric' ? quantityText(d, doc?.unit) : undefined;
  return q ? `\`${d}\` — ${q}` : `\`${d}\``;
}

/** Placeholder text of a value in syntax lines. */
function valueName(spec: ValueSpec, doc?: DirectiveDoc): string {
  switch (spec.kind) {
    case 'bool':
      return 'yes|no';
    case 'enum':
      return spec.multi ? `<${spec.values.join('|')}> …` : spec.values.join('|');
    case 'numeric':
      if (spec.memory && spec.percent) return '<bytes|N%>';
      if (spec.memory) return '<bytes>';
      return doc?.unit && doc.unit !== 'count' ? `<${doc.unit}>` : '<integer>';
    case 'string':
      return '<string>';
    default:
      return '<value>';
  }
}

export function argsSyntax(args: readonly ArgDoc[], repeat?: number, variadic?: boolean): string {
  const names = args.map((a) => `<${a.name}>`);
  if (repeat) return `${names.join(' ')} [${names.join(' ')} …]`;
  if (variadic && names.length) return `${names.join(' ')} [${names[names.length - 1]} …]`;
  return names.join(' ');
}

export function syntaxLine(info: DirectiveInfo, doc?: DirectiveDoc): string {
  const spec = info.variant.value;
  if (doc?.args) {
    const line = `${info.name} ${argsSyntax(doc.args, doc.repeat, doc.variadic)}`;
    return info.name === 'replicaof' ? `${line}\nreplicaof no one` : line;
  }
  return `${info.name} ${valueName(spec, doc)}`;
}

export function sentinelSyntax(sub: SentinelSubcommand, doc?: DirectiveDoc): string {
  const args = doc?.args && doc.args.length >= Math.max(...sub.argc) ? argsSyntax(doc.args) : sub.args.join(' ');
  return `sentinel ${sub.name} ${args}`;
}

function block(language: string, code: string): string {
  return `\`\`\`${language}\n${code}\n\`\`\``;
}

/** The RPO and RTO notes, and the durability rules about the line (from their records). */
function consequences(doc: DirectiveDoc | undefined, name: string): string[] {
  const out: string[] = [];
  if (doc?.rpo) out.push(`**Durability (RPO):** ${doc.rpo}`);
  if (doc?.rto) out.push(`**Availability (RTO):** ${doc.rto}`);
  const rules = (RULES as readonly Rule[]).filter((r) => r.directives.includes(name));
  if (rules.length) out.push(`**Checked by**\n${rules.map((r) => `- \`${r.id}\` — ${levelsText(r)}`).join('\n')}`);
  return out;
}

/** "warning for rpo=1s, 0", "information; hint for rpo=0", with the milder case when there is one. */
function levelsText(rule: Rule): string {
  const byLevel = new Map<string, string[]>();
  for (const t of RPO_TARGETS) {
    const level = rule.severity[t];
    if (level !== OFF) byLevel.set(SEVERITY_NAMES[level], [...(byLevel.get(SEVERITY_NAMES[level]) ?? []), t]);
  }
  const parts = [...byLevel].map(([name, targets]) =>
    targets.length === RPO_TARGETS.length ? name : `${name} for rpo=${targets.join(', ')}`,
  );
  return parts.join('; ') + (rule.milder ? `; milder when ${rule.milder.when}` : '');
}

function valueList(doc: DirectiveDoc | undefined, spec: ValueSpec, dflt: string | undefined): string | undefined {
  if (!doc?.values) return undefined;
  const words = spec.kind === 'enum' ? spec.values : Object.keys(doc.values);
  const lines = words
    .filter((w) => doc.values![w] !== undefined)
    .map((w) => `- \`${w}\`${w === dflt ? ' (default)' : ''} — ${doc.values![w]}`);
  return lines.length ? `**Values**\n${lines.join('\n')}` : undefined;
}

export interface CardOptions {
  /** The target version, when it does not have the directive (the card then describes `info` from another version). */
  missingIn?: VersionId;
  /** The legacy name the line used. */
  viaAlias?: string;
  language?: 'redis-conf' | 'sentinel-conf';
}

/** The full Markdown card of a directive: hover on its name and completion documentation. */
export function directiveCard(info: DirectiveInfo, opts: CardOptions = {}): string {
  const doc = directiveDoc(info.name);
  const spec = info.variant.value;
  const parts: string[] = [];
  parts.push(`**${info.name}** · ${AREA_LABELS[info.area]}`);
  if (opts.missingIn)
    parts.push(`⚠ Not available in ${VERSION_LABELS[opts.missingIn]}, the target version: redis-server refuses the line.`);
  if (opts.viaAlias) parts.push(`\`${opts.viaAlias}\` is the old name of \`${info.name}\`; both are accepted, the new name is preferred.`);
  if (spec.kind === 'deprecated') parts.push('Accepted only so that old files still load: the line is ignored.');
  if (doc) parts.push(doc.summary + (doc.details ? `\n\n${doc.details}` : ''));
  parts.push(block(opts.language ?? 'redis-conf', syntaxLine(info, doc)));
  const rows: Array<[string, string]> = [['Type', typeText(spec, doc)]];
  const range = rangeText(spec);
  if (range) rows.push(['Range', range]);
  const dflt = defaultText(info, doc);
  rows.push(['Default', dflt ?? 'none']);
  rows.push(['Versions', versionsText(info.versions)]);
  const patches = patchReleases(info.name, info.versions);
  if (patches) rows.push(['Patch releases', patches]);
  if (info.variant.aliases?.length) rows.push(['Old names', info.variant.aliases.map((a) => `\`${a}\``).join(', ')]);
  rows.push([
    'Runtime',
    info.runtime ? `yes — \`CONFIG SET ${info.name}\` applies it without a restart` : 'no — read at start; edit the file and restart',
  ]);
  if (info.variant.buildDependent) rows.push(['Build', info.variant.buildDependent]);
  parts.push(rows.map(([k, v]) => `**${k}:** ${v}`).join('  \n'));
  parts.push(...consequences(doc, info.name));
  const values = valueList(doc, spec, info.variant.default);
  if (values) parts.push(values);
  return parts.join('\n\n');
}

/** Lines that got a directive in a patch release after they branched: "8.0.4, 8.2.2 (earlier patches refuse it)". */
function patchReleases(name: string, versions: readonly VersionId[]): string | undefined {
  const since = versions.map((v) => catalog().forVersion(v).backportedIn(name)).filter((x): x is string => x !== undefined);
  return since.length ? `from ${since.join(', ')} — earlier patch releases of those lines refuse it` : undefined;
}

/** The card of a `sentinel <sub-command>`. */
export function sentinelCard(sub: SentinelSubcommand): string {
  const doc = sentinelDoc(sub.name);
  const parts: string[] = [`**sentinel ${sub.name}** · Sentinel`];
  if (doc) parts.push(doc.summary + (doc.details ? `\n\n${doc.details}` : ''));
  parts.push(block('sentinel-conf', sentinelSyntax(sub, doc)));
  const rows: Array<[string, string]> = [['Versions', versionsText(sub.versions)]];
  if (sub.aliases?.length) rows.push(['Other names', sub.aliases.map((a) => `\`${a}\``).join(', ')]);
  if (sub.perMaster) rows.push(['Applies to', 'one primary declared by `sentinel monitor`']);
  if (doc?.runtime) rows.push(['Runtime', doc.runtime]);
  parts.push(rows.map(([k, v]) => `**${k}:** ${v}`).join('  \n'));
  if (doc?.args?.length) parts.push(`**Arguments**\n${doc.args.map((a) => `- \`<${a.name}>\` — ${a.doc}`).join('\n')}`);
  parts.push(...consequences(doc, `sentinel ${sub.name}`));
  return parts.join('\n\n');
}

/** The card of the `sentinel` directive itself. */
export function sentinelDirectiveCard(info: DirectiveInfo | undefined, subs: readonly SentinelSubcommand[]): string {
  const doc = directiveDoc('sentinel');
  const parts = ['**sentinel** · Sentinel'];
  if (doc) parts.push(doc.summary + (doc.details ? `\n\n${doc.details}` : ''));
  parts.push(block('sentinel-conf', 'sentinel <sub-command> <arguments…>'));
  if (info) parts.push(`**Versions:** ${versionsText(info.versions)}`);
  parts.push(...consequences(doc, 'sentinel'));
  parts.push(`**Sub-commands:** ${subs.map((s) => `\`${s.name}\``).join(', ')}`);
  return parts.join('\n\n');
}

/** One-line detail for completion items: type and default. */
export function completionDetail(info: DirectiveInfo): string {
  const spec = info.variant.value;
  const doc = directiveDoc(info.name);
  let type: string;
  switch (spec.kind) {
    case 'bool':
      type = 'yes|no';
      break;
    case 'enum':
      type = spec.values.join('|');
      break;
    case 'numeric':
      type = spec.memory ? 'bytes' : doc?.unit && doc.unit !== 'count' ? doc.unit : 'integer';
      break;
    case 'string':
      type = 'string';
      break;
    case 'special':
      type = doc?.args ? argsSyntax(doc.args, doc.repeat, doc.variadic) : 'special';
      break;
    case 'deprecated':
      type = 'ignored';
      break;
  }
  const d = info.variant.default;
  const dflt = d === undefined ? '' : ` — default ${d === '' ? '""' : spec.kind === 'numeric' && spec.memory ? shortMemory(d) : d}`;
  return `${type}${dflt}`;
}

/** The ArgDoc of the n-th argument, following repeat groups and variadic tails. */
export function argDocAt(doc: DirectiveDoc | undefined, argIndex: number): ArgDoc | undefined {
  const args = doc?.args;
  if (!args?.length) return undefined;
  if (doc!.repeat) return args[argIndex % doc!.repeat];
  if (doc!.variadic) return args[Math.min(argIndex, args.length - 1)];
  return args[argIndex];
}
