/**
 * The outline (document symbols).
 *
 * redis.conf, two groupings (setting `redisHa.outline.groupBy`):
 * - `section`: the sections the file declares with banner comments, in file
 *   order, each with its directives — the file's own table of contents, with
 *   contiguous ranges so breadcrumbs and sticky scroll name the section the
 *   cursor is in. Empty sections are listed too: in a stock file most of the
 *   documentation lives in sections whose directives are all commented out.
 * - `area`: one group per area of the catalog (Persistence, Replication,
 *   Security, …), unknown directives in a group of their own — the view that
 *   answers "where is everything about durability?" in any file.
 * - `auto` (default): `section` when the file has at least two banner
 *   sections, `area` otherwise.
 * sentinel.conf: one group per master with all its lines, the global
 * `sentinel` settings, then the plain directives by area.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { AREA_LABELS, AREAS, areaOf, type Area } from '../../catalog/areas';
import { catalog, type DirectiveInfo } from '../../catalog/catalog';
import type { ConfigDocument, Directive, Token } from '../../parser/types';
import type { Language } from '../options';
import type { SentinelModel } from '../sentinel';
import { masterReferences, sentinelSubcommandAnyVersion, type MasterRef } from './masters';
import { findSections } from './sections';

/** The values of `redisHa.outline.groupBy`, in the order the setting offers them. */
export const OUTLINE_GROUPINGS = ['auto', 'section', 'area'] as const;
export type OutlineGrouping = (typeof OUTLINE_GROUPINGS)[number];

export interface SymbolInput {
  doc: ConfigDocument;
  language: Language;
  known: ReadonlyArray<{ line: Directive; info: DirectiveInfo }>;
  sentinel?: SentinelModel;
}

const MAX_DETAIL = 100;
const HIDDEN = '••••••';
/** Values that should not appear in an outline or breadcrumbs (screen sharing). */
const SECRET_SENTINEL = new Set(['auth-pass', 'sentinel-pass']);

/** Text for display: printable, one line, bounded. */
function printable(s: string): string {
  const one = s
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
}

/** A symbol name must not be empty: fall back to the token's source text (`""`). */
function tokenLabel(doc: ConfigDocument, t: Token): string {
  return printable(t.value) || printable(doc.slice(t.start, t.end)) || '""';
}

function sourceOf(doc: ConfigDocument, tokens: readonly Token[]): string {
  return tokens.length ? printable(doc.slice(tokens[0].start, tokens[tokens.length - 1].end)) : '';
}

function directiveSymbol(doc: ConfigDocument, d: Directive, info?: DirectiveInfo): DocumentSymbol {
  const secret = info?.variant.flags.includes('SENSITIVE_CONFIG') && d.args.length > 0;
  return {
    name: tokenLabel(doc, d.name),
    detail: secret ? HIDDEN : sourceOf(doc, d.args),
    kind: d.key === 'include' ? SymbolKind.File : d.key === 'loadmodule' ? SymbolKind.Package : SymbolKind.Property,
    range: doc.rangeOf(d),
    selectionRange: doc.rangeOf(d.name),
  };
}

/** A sentinel line shown under its group: named by its sub-command, detail = what follows the master name. */
function sentinelLineSymbol(doc: ConfigDocument, d: Directive, skip: number, sub?: string): DocumentSymbol {
  const subTok = d.args[0];
  const rest = d.args.slice(1 + skip);
  return {
    name: subTok ? tokenLabel(doc, subTok) : tokenLabel(doc, d.name),
    detail: sub && SECRET_SENTINEL.has(sub) && rest.length ? HIDDEN : sourceOf(doc, rest),
    kind: SymbolKind.Property,
    range: doc.rangeOf(d),
    selectionRange: doc.rangeOf(subTok ?? d.name),
  };
}

function group(name: string, detail: string, kind: SymbolKind, children: DocumentSymbol[], selectionRange?: Range): DocumentSymbol {
  const first = children[0].range.start;
  const last = children.reduce((m, c) => (cmp(c.range.end, m) > 0 ? c.range.end : m), children[0].range.end);
  return { name, detail, kind, range: { start: first, end: last }, selectionRange: selectionRange ?? children[0].selectionRange, children };
}

function cmp(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The area of a directive line, or undefined when no version knows the name. */
function areaOfLine(d: Directive, infoByLine: Map<Directive, DirectiveInfo>): Area | undefined {
  const info = infoByLine.get(d);
  if (info) return info.area;
  if (d.key === 'sentinel') return 'sentinel';
  const elsewhere = catalog().versionsHaving(d.key);
  if (elsewhere.length) return areaOf(elsewhere[elsewhere.length - 1].name);
  if (d.key.includes('.') && !d.key.startsWith('.') && !d.key.endsWith('.')) return 'modules';
  return undefined;
}

function byArea(doc: ConfigDocument, lines: readonly Directive[], infoByLine: Map<Directive, DirectiveInfo>): DocumentSymbol[] {
  const groups = new Map<Area | 'unknown', DocumentSymbol[]>();
  for (const d of lines) {
    const area = areaOfLine(d, infoByLine) ?? 'unknown';
    let list = groups.get(area);
    if (!list) groups.set(area, (list = []));
    list.push(directiveSymbol(doc, d, infoByLine.get(d)));
  }
  const out: DocumentSymbol[] = [];
  for (const area of AREAS) {
    const list = groups.get(area);
    if (list) out.push(group(AREA_LABELS[area], count(list.length, 'setting'), SymbolKind.Namespace, list));
  }
  const unknown = groups.get('unknown');
  if (unknown) out.push(group('Unknown directives', count(unknown.length, 'line'), SymbolKind.Namespace, unknown));
  return out;
}

function bySection(doc: ConfigDocument, infoByLine: Map<Directive, DirectiveInfo>): DocumentSymbol[] | undefined {
  const sections = findSections(doc);
  if (sections.length === 0) return undefined;
  const out: DocumentSymbol[] = [];
  const directivesIn = (from: number, to: number, into: DocumentSymbol[] = []) => {
    for (let i = from; i < to; i++) {
      const l = doc.lines[i];
      if (l.kind === 'directive') into.push(directiveSymbol(doc, l, infoByLine.get(l)));
    }
    return into;
  };
  // directives before the first banner stay at the top level (appended one by one: the list is input-sized)
  directivesIn(0, sections[0].firstIndex, out);
  for (const s of sections) {
    const children = directivesIn(s.firstIndex, s.endIndex);
    out.push({
      name: s.title,
      detail: children.length ? count(children.length, 'setting') : '',
      kind: SymbolKind.Namespace,
      range: { start: { line: s.startLine, character: 0 }, end: doc.positionAt(s.end) },
      selectionRange: doc.rangeOf({ start: s.titleStart, end: s.titleEnd }),
      children,
    });
  }
  return out;
}

function sentinelOutline(
  doc: ConfigDocument,
  model: SentinelModel | undefined,
  infoByLine: Map<Directive, DirectiveInfo>,
): DocumentSymbol[] {
  const refs = new Map<Directive, MasterRef>();
  for (const r of masterReferences(doc)) refs.set(r.line, r);
  const masters = new Map<string, { children: DocumentSymbol[]; nameRange?: Range }>();
  const globals: DocumentSymbol[] = [];
  const unknown: DocumentSymbol[] = [];
  const plain: Directive[] = [];
  for (const d of doc.directives) {
    if (d.key !== 'sentinel') {
      if (areaOfLine(d, infoByLine)) plain.push(d);
      else unknown.push(directiveSymbol(doc, d));
      continue;
    }
    const ref = refs.get(d);
    if (ref) {
      let m = masters.get(ref.name);
      if (!m) masters.set(ref.name, (m = { children: [] }));
      m.children.push(sentinelLineSymbol(doc, d, 1, ref.sub));
      if (ref.declares && !m.nameRange) m.nameRange = doc.rangeOf(ref.token);
      continue;
    }
    const sub = d.args.length ? sentinelSubcommandAnyVersion(d.args[0].value.toLowerCase()) : undefined;
    if (sub && sub.args[0] !== '<master-name>') globals.push(sentinelLineSymbol(doc, d, 0, sub.name));
    else unknown.push(directiveSymbol(doc, d));
  }
  const out: DocumentSymbol[] = [];
  for (const [name, m] of masters) {
    const declared = model?.masters.get(name);
    const detail = declared
      ? `${declared.host}:${declared.port} · quorum ${declared.quorum}`
      : m.nameRange
        ? 'not accepted by redis-sentinel (see problems)'
        : 'no `sentinel monitor` line declares it';
    out.push(group(printable(name) || '""', detail, SymbolKind.Object, m.children, m.nameRange));
  }
  if (globals.length) out.push(group('Sentinel settings', count(globals.length, 'setting'), SymbolKind.Namespace, globals));
  out.push(...byArea(doc, plain, infoByLine));
  if (unknown.length) out.push(group('Unknown directives', count(unknown.length, 'line'), SymbolKind.Namespace, unknown));
  return out;
}

export function documentSymbols(a: SymbolInput, opts: { groupBy?: OutlineGrouping } = {}): DocumentSymbol[] {
  const doc = a.doc;
  const infoByLine = new Map<Directive, DirectiveInfo>();
  for (const k of a.known) infoByLine.set(k.line, k.info);
  if (a.language === 'sentinel-conf') return sentinelOutline(doc, a.sentinel, infoByLine);
  const groupBy = opts.groupBy ?? 'auto';
  if (groupBy !== 'area') {
    const sections = bySection(doc, infoByLine);
    const enough = sections && (groupBy === 'section' || sections.filter((s) => s.kind === SymbolKind.Namespace).length >= 2);
    if (sections && enough) return sections;
  }
  return byArea(doc, doc.directives, infoByLine);
}
