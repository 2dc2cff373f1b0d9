/**
 * Completion for redis.conf and sentinel.conf: directive names with argument
 * snippets, values after a directive (yes/no, enum words, memory units,
 * client classes), Sentinel sub-commands and the primaries declared in the
 * file. Version-aware through the catalog; documentation is filled in lazily
 * by resolveCompletion from the same docs the hover shows.
 */
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import { catalog, isVersionId, type DirectiveInfo, type VersionCatalog, type VersionId } from '../catalog/catalog';
import { sentinelIgnores } from '../catalog/areas';
import { directiveDoc, sentinelDoc, type ArgDoc, type DirectiveDoc } from '../catalog/docs';
import type { SentinelSubcommand } from '../catalog/types';
import { formatBytes, memoryUnit } from './cnum';
import { cursorContext, type WordContext } from './cursor';
import { completionDetail, directiveCard, humanBytes, sentinelCard, sentinelDirectiveCard, shortMemory } from './describe';
import type { Analysis } from './analysis';
import { declaredMasters } from './masters';

export interface CompletionOptions {
  /** The client accepts snippet syntax (tab stops); otherwise plain names are inserted. */
  snippets?: boolean;
  /** The completion was triggered by typing this character. */
  triggerCharacter?: string;
  /**
   * The client accepts CompletionList.itemDefaults (editRange, insertTextFormat):
   * the range is sent once instead of with each of the 200+ items.
   */
  itemDefaults?: boolean;
}

/** What resolveCompletion needs to find the documentation again. */
interface ItemData {
  k: 'directive' | 'sentinel-sub' | 'sentinel';
  v: VersionId;
  n: string;
  alias?: string;
  lang?: 'redis-conf' | 'sentinel-conf';
}

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
const MEMORY_UNITS: Array<[string, string]> = [
  ['mb', '1'],
  ['gb', '2'],
  ['kb', '3'],
  ['m', '4'],
  ['g', '5'],
  ['k', '6'],
  ['b', '7'],
];

/** Escapes text for the inside of a snippet placeholder or plain snippet text. */
function esc(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}
function escChoice(s: string): string {
  return s.replace(/[\\$}|,]/g, (c) => `\\${c}`);
}

function stop(n: number, arg: ArgDoc | { placeholder?: string; choices?: string[] }): string {
  if (arg.choices?.length) return `\${${n}|${arg.choices.map(escChoice).join(',')}|}`;
  return arg.placeholder !== undefined ? `\${${n}:${esc(arg.placeholder)}}` : `\${${n}}`;
}

/** The argument part of a directive snippet, with tab stops that show the default. */
export function argumentSnippet(info: DirectiveInfo, doc: DirectiveDoc | undefined): string {
  const spec = info.variant.value;
  const d = info.variant.default;
  const firstDefault = (values: string[]) => (d && values.includes(d) ? [d, ...values.filter((v) => v !== d)] : values);
  switch (spec.kind) {
    case 'bool':
      return stop(1, { choices: firstDefault(['yes', 'no']) });
    case 'enum':
      return stop(1, { choices: firstDefault(spec.values) });
    case 'numeric':
      return stop(1, { placeholder: d === undefined ? '0' : spec.memory ? shortMemory(d) : d });
    case 'string': {
      const ph = doc?.placeholder ?? (d === '' || d === undefined ? undefined : d);
      return ph === undefined ? '${1:""}' : stop(1, { placeholder: /[\s"']/.test(ph) ? `"${ph}"` : ph });
    }
    case 'special': {
      const args = doc?.args ?? [];
      return (
        args
          .filter((a) => a.placeholder !== undefined || a.choices)
          .map((a, i) => stop(i + 1, a))
          .join(' ') || '$1'
      );
    }
    case 'deprecated':
      return '$1';
  }
}

function rangeOf(a: Analysis, ctx: WordContext): Range {
  return { start: a.doc.positionAt(ctx.start), end: a.doc.positionAt(ctx.end) };
}

export function complete(analysis: Analysis, position: Position, opts: CompletionOptions = {}): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const offset = analysis.doc.offsetAt(position);
  const ctx = cursorContext(analysis.doc, offset);
  if (ctx.kind !== 'word') return empty;
  const vc = catalog().forVersion(analysis.version);
  const range = rangeOf(analysis, ctx);
  const defaults = !!opts.itemDefaults && opts.snippets !== false;
  let items: CompletionItem[];
  if (ctx.index === 0) {
    // a space typed at the start of a line is indentation, not a request
    if (opts.triggerCharacter === ' ') return empty;
    items = directiveItems(analysis, vc, ctx, range, opts, defaults);
  } else {
    items = valueItems(analysis, vc, ctx, range);
    if (defaults) items = inDefaultForm(items);
  }
  return defaults
    ? { isIncomplete: false, itemDefaults: { editRange: range, insertTextFormat: InsertTextFormat.Snippet }, items }
    : { isIncomplete: false, items };
}

const ITEM_KEYS = [
  'label',
  'labelDetails',
  'kind',
  'tags',
  'detail',
  'documentation',
  'sortText',
  'filterText',
  'command',
  'data',
] as const;

/** Items for a list with itemDefaults: no range of their own, every text a snippet (plain text escaped). */
function inDefaultForm(items: CompletionItem[]): CompletionItem[] {
  return items.map((it) => {
    const o: Record<string, unknown> = {};
    for (const k of ITEM_KEYS) if (it[k] !== undefined) o[k] = it[k];
    const newText = (it.textEdit as TextEdit | undefined)?.newText;
    if (newText !== undefined) o.textEditText = it.insertTextFormat === InsertTextFormat.Snippet ? newText : esc(newText);
    return o as unknown as CompletionItem;
  });
}

/** Directive-name items per version, language and snippet mode: built once, copied with the request's range. */
const NAME_ITEMS = new Map<string, CompletionItem[]>();
const NO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function directiveItems(
  analysis: Analysis,
  vc: VersionCatalog,
  ctx: WordContext,
  range: Range,
  opts: CompletionOptions,
  defaults: boolean,
): CompletionItem[] {
  const sentinelFile = analysis.language === 'sentinel-conf';
  const withArgs = opts.snippets !== false && ctx.after === 0;
  const key = `${vc.version}|${analysis.language}|${withArgs}`;
  let base = NAME_ITEMS.get(key);
  if (!base) {
    base = [];
    for (const info of vc.directives()) {
      if (info.name === 'sentinel') continue;
      if (sentinelFile && sentinelIgnores(info.name, info.area)) continue;
      const doc = directiveDoc(info.name);
      const deprecated = info.variant.value.kind === 'deprecated';
      const data: ItemData = { k: 'directive', v: vc.version, n: info.name, lang: analysis.language };
      base.push(nameItem(info.name, info, doc, NO_RANGE, withArgs, deprecated, data));
      for (const alias of info.variant.aliases ?? []) {
        base.push(nameItem(alias, info, doc, NO_RANGE, withArgs, true, { ...data, alias }, `old name of ${info.name}`));
      }
    }
    NAME_ITEMS.set(key, base);
    NAME_ITEMS.set(`${key}|defaults`, inDefaultForm(base));
  }
  const sentinelItems = sentinelFile ? sentinelLineItems(analysis, vc, range, withArgs) : [];
  if (defaults) {
    const shared = NAME_ITEMS.get(`${key}|defaults`)!;
    return sentinelItems.length ? [...shared, ...inDefaultForm(sentinelItems)] : shared;
  }
  return [...base.map((it) => ({ ...it, textEdit: { range, newText: (it.textEdit as TextEdit).newText } })), ...sentinelItems];
}

function nameItem(
  label: string,
  info: DirectiveInfo,
  doc: DirectiveDoc | undefined,
  range: Range,
  withArgs: boolean,
  deprecated: boolean,
  data: ItemData,
  detail?: string,
): CompletionItem {
  const item: CompletionItem = {
    label,
    kind: CompletionItemKind.Property,
    detail: detail ?? completionDetail(info),
    sortText: `${deprecated ? '9' : '1'}${label}`,
    data,
  };
  if (deprecated) item.tags = [CompletionItemTag.Deprecated];
  if (withArgs) {
    item.textEdit = { range, newText: `${label} ${argumentSnippet(info, doc)}` };
    item.insertTextFormat = InsertTextFormat.Snippet;
  } else {
    item.textEdit = { range, newText: label };
  }
  // replicaof is offered with its template; "replicaof no one" is a template of its own
  if (info.name === 'replicaof' && !deprecated && withArgs) {
    item.label = 'replicaof';
    item.labelDetails = { detail: ' <host> <port>' };
  }
  return item;
}

/** In a sentinel.conf: the bare `sentinel` keyword and one template per sub-command. */
function sentinelLineItems(analysis: Analysis, vc: VersionCatalog, range: Range, withArgs: boolean): CompletionItem[] {
  const masters = [...declaredMasters(analysis).keys()];
  const items: CompletionItem[] = [
    {
      label: 'sentinel',
      kind: CompletionItemKind.Keyword,
      detail: 'sentinel <sub-command> …',
      sortText: '0sentinel',
      textEdit: { range, newText: 'sentinel ' },
      command: RETRIGGER,
      data: { k: 'sentinel', v: vc.version, n: 'sentinel' } satisfies ItemData,
    },
  ];
  if (!withArgs) return items;
  for (const sub of vc.sentinelSubcommands()) {
    items.push({
      label: `sentinel ${sub.name}`,
      kind: CompletionItemKind.Snippet,
      detail: sub.args.join(' '),
      sortText: `0sentinel ${sub.name === 'monitor' ? '0' : '1'}${sub.name}`,
      filterText: `sentinel ${sub.name}`,
      textEdit: { range, newText: `sentinel ${sub.name} ${subcommandSnippet(sub, masters)}` },
      insertTextFormat: InsertTextFormat.Snippet,
      data: { k: 'sentinel-sub', v: vc.version, n: sub.name } satisfies ItemData,
    });
  }
  return items;
}

function subcommandSnippet(sub: SentinelSubcommand, masters: string[]): string {
  const doc = sentinelDoc(sub.name);
  const n = Math.min(...sub.argc);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const arg = doc?.args?.[i];
    if (i === 0 && sub.perMaster && masters.length) parts.push(stop(1, { choices: masters }));
    else parts.push(stop(i + 1, arg ?? { placeholder: sub.args[i]?.replace(/[<>]/g, '') }));
  }
  return parts.join(' ');
}

function valueItems(analysis: Analysis, vc: VersionCatalog, ctx: WordContext, range: Range): CompletionItem[] {
  const name = ctx.before[0].toLowerCase();
  if (name === 'sentinel') return analysis.language === 'sentinel-conf' ? sentinelValueItems(analysis, vc, ctx, range) : [];
  const lk = vc.lookup(name);
  if (!lk) return [];
  const info = lk.info;
  const spec = info.variant.value;
  const doc = directiveDoc(info.name);
  const argIndex = ctx.index - 1;
  const dflt = info.variant.default;
  const word = (w: string, note: string | undefined, sort: string): CompletionItem => ({
    label: w,
    kind: CompletionItemKind.EnumMember,
    detail: w === dflt ? 'default' : undefined,
    documentation: note ? { kind: MarkupKind.Markdown, value: note } : undefined,
    sortText: sort,
    textEdit: { range, newText: w },
  });
  switch (spec.kind) {
    case 'bool':
      return argIndex === 0 ? ['yes', 'no'].map((w, i) => word(w, doc?.values?.[w], String(i))) : [];
    case 'enum': {
      if (argIndex > 0 && !spec.multi) return [];
      const used = new Set(ctx.before.slice(1).map((v) => v.toLowerCase()));
      return spec.values.filter((w) => !used.has(w)).map((w, i) => word(w, doc?.values?.[w], String(i).padStart(2, '0')));
    }
    case 'numeric': {
      if (argIndex !== 0) return [];
      const items = spec.memory ? unitItems(ctx.prefix, range) : [];
      if (!ctx.prefix && dflt !== undefined)
        items.push({ ...word(spec.memory ? shortMemory(dflt) : dflt, undefined, '0'), kind: CompletionItemKind.Value, detail: 'default' });
      for (const [v, note] of Object.entries(doc?.values ?? {}))
        if (v !== dflt && !ctx.prefix) items.push({ ...word(v, note, `1${v}`), kind: CompletionItemKind.Value });
      return items;
    }
    case 'special':
      return specialItems(info.name, ctx, doc, range, word);
    default:
      return [];
  }
}

function specialItems(
  name: string,
  ctx: WordContext,
  doc: DirectiveDoc | undefined,
  range: Range,
  word: (w: string, note: string | undefined, sort: string) => CompletionItem,
): CompletionItem[] {
  const argIndex = ctx.index - 1;
  switch (name) {
    case 'client-output-buffer-limit': {
      const slot = argIndex % 4;
      if (slot === 0) return ['normal', 'replica', 'pubsub'].map((w, i) => word(w, doc?.values?.[w], String(i)));
      if (slot === 1 || slot === 2) return unitItems(ctx.prefix, range);
      return [];
    }
    case 'replicaof':
      if (argIndex === 0 && !ctx.prefix) return [word('no', 'With `one`: stop replicating and act as a primary.', '9')];
      if (argIndex === 1 && ctx.before[1]?.toLowerCase() === 'no')
        return [word('one', '`replicaof no one`: this server is a primary.', '0')];
      return [];
    case 'save':
      return argIndex === 0 && !ctx.prefix ? [word('""', doc?.values?.['""'], '9')] : [];
    default:
      return [];
  }
}

/** `64` → 64mb, 64gb, 64kb, … with their byte counts. */
function unitItems(prefix: string, range: Range): CompletionItem[] {
  const m = /^(\d+)[a-zA-Z]*$/.exec(prefix);
  if (!m || m[1].length > 18) return [];
  return MEMORY_UNITS.map(([unit, sort]) => {
    const bytes = BigInt(m[1]) * memoryUnit(unit)!;
    return {
      label: `${m[1]}${unit}`,
      kind: CompletionItemKind.Unit,
      detail: `= ${formatBytes(bytes)} bytes (${humanBytes(bytes)})`,
      sortText: sort,
      textEdit: { range, newText: `${m[1]}${unit}` },
    };
  });
}

function sentinelValueItems(analysis: Analysis, vc: VersionCatalog, ctx: WordContext, range: Range): CompletionItem[] {
  if (ctx.index === 1) {
    const masters = [...declaredMasters(analysis).keys()];
    const withArgs = ctx.after === 0;
    const items: CompletionItem[] = [];
    for (const sub of vc.sentinelSubcommands()) {
      for (const label of [sub.name, ...(sub.aliases ?? [])]) {
        const alias = label !== sub.name;
        const item: CompletionItem = {
          label,
          kind: CompletionItemKind.Function,
          detail: alias ? `old name of ${sub.name}` : sub.args.join(' '),
          sortText: `${alias ? '9' : sub.name === 'monitor' ? '0' : '1'}${label}`,
          textEdit: { range, newText: withArgs ? `${label} ${subcommandSnippet(sub, masters)}` : label },
          insertTextFormat: withArgs ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          data: { k: 'sentinel-sub', v: vc.version, n: sub.name } satisfies ItemData,
        };
        if (alias) item.tags = [CompletionItemTag.Deprecated];
        items.push(item);
      }
    }
    return items;
  }
  const sub = vc.sentinelSubcommand(ctx.before[1].toLowerCase());
  if (!sub) return [];
  const argIndex = ctx.index - 2;
  if (argIndex === 0 && sub.perMaster) {
    return [...declaredMasters(analysis).values()].map((m, i) => ({
      label: m.name,
      kind: CompletionItemKind.Reference,
      detail: `sentinel monitor, line ${m.lineNumber}: ${m.address}`,
      sortText: String(i).padStart(4, '0'),
      textEdit: { range, newText: m.name },
    }));
  }
  const arg = sentinelDoc(sub.name)?.args?.[argIndex];
  if (arg?.choices)
    return arg.choices.map((w, i) => ({
      label: w,
      kind: CompletionItemKind.EnumMember,
      sortText: String(i),
      textEdit: { range, newText: w },
    }));
  return [];
}

/** Fills in the documentation of an item from the docs (completionItem/resolve). */
export function resolveCompletion(item: CompletionItem): CompletionItem {
  const data = item.data as ItemData | undefined;
  if (!data || !isVersionId(data.v) || item.documentation) return item;
  const vc = catalog().forVersion(data.v);
  let value: string | undefined;
  if (data.k === 'directive') {
    const info = vc.lookup(data.n)?.info;
    if (info) value = directiveCard(info, { viaAlias: data.alias, language: data.lang });
  } else if (data.k === 'sentinel-sub') {
    const sub = vc.sentinelSubcommand(data.n);
    if (sub) value = sentinelCard(sub);
  } else {
    value = sentinelDirectiveCard(vc.lookup('sentinel')?.info, vc.sentinelSubcommands());
  }
  return value ? { ...item, documentation: { kind: MarkupKind.Markdown, value } } : item;
}
