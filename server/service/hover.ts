/**
 * Hover: the directive card on a directive name, an explanation of the value
 * under the cursor (enum word, yes/no, bytes of a memory value, duration of a
 * time value, each argument of the multi-argument forms), Sentinel
 * sub-commands and their arguments, and the `# redis-ha:` option comments.
 * Every text comes from server/catalog/docs through ./describe.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { catalog, VERSION_LABELS, type DirectiveInfo, type VersionCatalog, type VersionId } from '../catalog/catalog';
import { directiveDoc, sentinelDoc, type ArgDoc, type DirectiveDoc } from '../catalog/docs';
import type { Comment, Directive } from '../parser/types';
import { lineAt, tokenAt } from './cursor';
import { argDocAt, directiveCard, memoryMeaning, quantityText, sentinelCard, sentinelDirectiveCard } from './describe';
import type { Analysis } from './analysis';
import { declaredMasters } from './masters';
import { placeholderHover } from './templateHover';

export function hover(analysis: Analysis, position: Position): Hover | null {
  const doc = analysis.doc;
  const offset = doc.offsetAt(position);
  const line = lineAt(doc, offset);
  if (!line || offset < line.start || offset >= line.end) return null;
  if (line.kind === 'comment') return optionHover(analysis, line);
  if (line.kind !== 'directive') return null;
  if (analysis.template) return placeholderHover(analysis, offset) ?? directiveHoverAt(analysis, line, offset);
  return directiveHoverAt(analysis, line, offset);
}

function directiveHoverAt(analysis: Analysis, line: Directive, offset: number): Hover | null {
  const doc = analysis.doc;
  const hit = tokenAt(line, offset);
  if (!hit) return null;
  const vc = catalog().forVersion(analysis.version);
  const md = line.key === 'sentinel' ? sentinelHover(analysis, vc, line, hit.index) : directiveHover(analysis, vc, line, hit.index);
  return md ? { contents: { kind: MarkupKind.Markdown, value: md }, range: doc.rangeOf(hit.token) } : null;
}

/** The directive as the target version knows it, or as the newest version that has it. */
function resolveInfo(vc: VersionCatalog, key: string): { info: DirectiveInfo; viaAlias?: string; missingIn?: VersionId } | undefined {
  const lk = vc.lookup(key);
  if (lk) return { info: lk.info, viaAlias: lk.viaAlias };
  const elsewhere = catalog().versionsHaving(key);
  const newest = elsewhere[elsewhere.length - 1];
  if (!newest) return undefined;
  const other = catalog().forVersion(newest.version).lookup(key);
  return other ? { info: other.info, viaAlias: other.viaAlias, missingIn: vc.version } : undefined;
}

function directiveHover(analysis: Analysis, vc: VersionCatalog, d: Directive, index: number): string | undefined {
  const r = resolveInfo(vc, d.key);
  if (!r) return undefined;
  if (index === 0) return directiveCard(r.info, { viaAlias: r.viaAlias, missingIn: r.missingIn, language: analysis.language });
  return valueHover(r.info, d, index - 1);
}

const shown = (raw: string) => (raw === '' ? '""' : raw);

/** A user's value as inline code: shortened, and safe when it contains backticks. */
function code(raw: string): string {
  const v = shown(raw).replace(/[\r\n]/g, ' ');
  const short = v.length > 80 ? `${v.slice(0, 77)}…` : v;
  return short.includes('`') ? `\`\` ${short} \`\`` : `\`${short}\``;
}

function footer(info: DirectiveInfo, doc: DirectiveDoc | undefined): string {
  return doc ? `*${info.name}* — ${doc.summary}` : '';
}

function valueHover(info: DirectiveInfo, d: Directive, argIndex: number): string {
  const raw = d.args[argIndex].value;
  const spec = info.variant.value;
  const doc = directiveDoc(info.name);
  const lower = raw.toLowerCase();
  const isDefault = info.variant.default !== undefined && lower === info.variant.default.toLowerCase() && d.args.length === 1;
  const secret = info.variant.flags.includes('SENSITIVE_CONFIG');
  const head = `${secret ? '`••••••`' : code(raw)} · value of **${info.name}**${isDefault ? ' (the default)' : ''}`;
  const body: string[] = [];
  switch (spec.kind) {
    case 'bool':
      if (lower === 'yes' || lower === 'no') body.push(doc?.values?.[lower] ?? (lower === 'yes' ? 'Turns it on.' : 'Turns it off.'));
      else body.push('⚠ Not a valid value: expected `yes` or `no`.');
      break;
    case 'enum':
      if (spec.values.includes(lower)) body.push(doc?.values?.[lower] ?? `One of ${spec.values.map((v) => `\`${v}\``).join(', ')}.`);
      else body.push(`⚠ Not an allowed value: expected ${spec.values.map((v) => `\`${v}\``).join(', ')}.`);
      break;
    case 'numeric': {
      if (spec.percent && /^\d+%$/.test(raw)) body.push(`${raw} of maxmemory.`);
      else if (spec.memory) {
        const m = memoryMeaning(raw);
        body.push(m ? `= ${m.text}` : '⚠ Not a byte count: use digits with an optional unit (b, k, kb, m, mb, g, gb).');
      } else {
        const q = quantityText(raw, doc?.unit);
        if (q) body.push(`= ${q}`);
      }
      const special = doc?.values?.[raw];
      if (special) body.push(special);
      break;
    }
    case 'string': {
      const note = doc?.values?.[shown(raw)];
      if (note) body.push(note);
      break;
    }
    case 'special':
      body.push(...specialValue(info, doc, d, argIndex));
      break;
    case 'deprecated':
      body.push('Ignored: this directive has no effect.');
      break;
  }
  return [head, ...body, footer(info, doc)].filter(Boolean).join('\n\n');
}

function argMeaning(arg: ArgDoc | undefined, raw: string): string[] {
  const out: string[] = [];
  if (!arg) return out;
  if (arg.memory) {
    const m = memoryMeaning(raw);
    out.push(m ? `= ${m.text}${m.bytes === 0n ? ' — no limit' : ''}` : '⚠ Not a byte count.');
  }
  const q = quantityText(raw, arg.unit);
  if (q) out.push(`= ${q}`);
  return out;
}

function specialValue(info: DirectiveInfo, doc: DirectiveDoc | undefined, d: Directive, argIndex: number): string[] {
  const raw = d.args[argIndex].value;
  const values = d.args.map((a) => a.value);
  const out: string[] = [];
  const arg = argDocAt(doc, argIndex);
  if (arg) out.push(`\`<${arg.name}>\` — ${arg.doc}`);
  const note = doc?.values?.[shown(raw)] ?? doc?.values?.[raw.toLowerCase()];
  switch (info.name) {
    case 'save': {
      if (raw === '') {
        out.length = 0;
        if (note) out.push(note);
        break;
      }
      const g = argIndex - (argIndex % 2);
      const [secs, changes] = [values[g], values[g + 1]];
      out.push(...argMeaning(arg, raw));
      if (secs !== undefined && changes !== undefined && /^\d+$/.test(secs) && /^\d+$/.test(changes)) {
        out.push(
          `\`save ${secs} ${changes}\`: snapshot when at least ${changes} write${changes === '1' ? '' : 's'} happened within ${quantityText(secs, 'seconds')}. With RDB alone, a crash can lose up to that long of writes.`,
        );
      }
      break;
    }
    case 'notify-keyspace-events': {
      if (raw === '') {
        if (note) out.push(note);
        break;
      }
      const letters = [...new Set(raw)].map((c) => `- \`${c}\` — ${doc?.values?.[c] ?? '⚠ not an event class'}`);
      out.push(letters.join('\n'));
      break;
    }
    case 'replicaof':
      if (values.length === 2 && values[0].toLowerCase() === 'no' && values[1].toLowerCase() === 'one') {
        out.length = 0;
        out.push('`replicaof no one`: this server is a primary and replicates from nobody.');
      }
      break;
    default:
      if (note) out.push(note);
      out.push(...argMeaning(arg, raw));
  }
  return out;
}

function sentinelHover(analysis: Analysis, vc: VersionCatalog, d: Directive, index: number): string | undefined {
  if (index === 0) return sentinelDirectiveCard(vc.lookup('sentinel')?.info, vc.sentinelSubcommands());
  const subName = d.args[0].value.toLowerCase();
  const sub = vc.sentinelSubcommand(subName);
  if (!sub) return undefined;
  if (index === 1) {
    const card = sentinelCard(sub);
    return subName !== sub.name ? `\`${subName}\` is another name of \`${sub.name}\`.\n\n${card}` : card;
  }
  const argIndex = index - 2;
  const raw = d.args[index - 1].value;
  const arg = sentinelDoc(sub.name)?.args?.[argIndex];
  const secret = /pass$/.test(sub.name) && argIndex === (sub.perMaster ? 1 : 0);
  const head = `${secret ? '`••••••`' : code(raw)} · ${arg ? `\`<${arg.name}>\` of ` : ''}**sentinel ${sub.name}**`;
  const body: string[] = [];
  if (argIndex === 0 && (sub.perMaster || sub.name === 'monitor')) {
    const m = declaredMasters(analysis).get(raw);
    if (sub.name === 'monitor') body.push(`Name of this primary; clients ask Sentinel for its address under this name.`);
    else if (m) body.push(`Primary declared by \`sentinel monitor\` on line ${m.lineNumber}: ${m.address}.`);
    else body.push('⚠ No `sentinel monitor` line in this file declares this name; redis-sentinel refuses the line.');
  } else if (arg) {
    body.push(arg.doc, ...argMeaning(arg, raw));
    if (sub.name === 'monitor' && argIndex === 3 && /^\d+$/.test(raw)) {
      body.push(
        `${raw} Sentinel${raw === '1' ? '' : 's'} must agree the primary is unreachable before a failover is attempted; the failover itself still needs a majority of all Sentinels.`,
      );
    }
  }
  return [head, ...body].join('\n\n');
}

function optionHover(analysis: Analysis, c: Comment): Hover | null {
  const { version, rpo } = analysis.options;
  const parts: string[] = [];
  if (version?.comment === c)
    parts.push(
      `**Target version:** ${VERSION_LABELS[version.value]} — this file is checked, completed and documented for it (overrides the redisHa.targetVersion setting).`,
    );
  if (rpo?.comment === c) parts.push(`**Target RPO:** \`${rpo.value}\` — the data-loss target this file is judged against.`);
  if (!parts.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: analysis.doc.rangeOf(c) };
}
