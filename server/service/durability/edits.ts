/**
 * Text edits that change a config the way a careful operator would: an
 * existing line is changed in place (its comments kept, the name left as
 * written), a missing directive is added next to its commented-out example or
 * after the last line of its area, and nothing is ever added twice. Edits can
 * land in an included file when that is where the effective line lives.
 */
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { areaOf } from '../../catalog/areas';
import { parseConfig } from '../../parser/parse';
import type { ConfigDocument, Directive, Token } from '../../parser/types';
import { validate } from '../validate';
import type { ConfigLine, SourceFile } from '../crossfile/includes';
import type { EffectiveConfig } from './settings';

/**
 * Quotes an argument when redis-server would otherwise split or misread it.
 * Control characters are escaped (\n \r \t, the rest as \xHH): written raw, a
 * NUL would make redis-server drop the rest of the line and glue the next one on.
 */
export function quoteArg(v: string): string {
  return v === '' || /[\s"'\\#]/.test(v) || /[^\x20-\x7e]/.test(v)
    ? `"${v.replace(/[\\"]/g, (m) => `\\${m}`).replace(/[\x00-\x1f\x7f]/g, controlEscape)}"`
    : v;
}

function controlEscape(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

export function lineOf(name: string, args: string[]): string {
  return [name, ...args.map(quoteArg)].join(' ');
}

const eols = new WeakMap<ConfigDocument, string>();

/** The document's line ending (looked up once per document: a profile can insert thousands of lines). */
export function eolOf(doc: ConfigDocument): string {
  let eol = eols.get(doc);
  if (eol === undefined) eols.set(doc, (eol = doc.text.includes('\r\n') ? '\r\n' : '\n'));
  return eol;
}

/** Collects text edits per document; several edits at one spot are merged in order. */
export class EditBuilder {
  private byUri = new Map<string, { doc: ConfigDocument; edits: Array<{ start: number; end: number; text: string; seq: number }> }>();
  private seq = 0;

  replace(file: SourceFile, start: number, end: number, text: string): this {
    let e = this.byUri.get(file.uri);
    if (!e) this.byUri.set(file.uri, (e = { doc: file.doc, edits: [] }));
    e.edits.push({ start, end, text, seq: this.seq++ });
    return this;
  }
  insert(file: SourceFile, at: number, text: string): this {
    return this.replace(file, at, at, text);
  }
  get empty(): boolean {
    return this.byUri.size === 0;
  }
  build(): WorkspaceEdit {
    const changes: Record<string, TextEdit[]> = {};
    for (const [uri, { doc, edits }] of this.byUri) {
      edits.sort((a, b) => a.start - b.start || a.end - b.end || a.seq - b.seq);
      const merged: typeof edits = [];
      for (const e of edits) {
        const prev = merged[merged.length - 1];
        if (prev && prev.start === prev.end && e.start === e.end && prev.start === e.start) prev.text += e.text;
        else if (prev && e.start < prev.end)
          continue; // overlapping: the first edit wins
        else merged.push({ ...e });
      }
      changes[uri] = merged.map((e) => ({ range: rangeIn(doc, e.start, e.end), newText: e.text }));
    }
    return { changes };
  }
}

function rangeIn(doc: ConfigDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** Offset just after the end of the line holding `offset` (after its newline), or the end of the text. */
export function afterLine(doc: ConfigDocument, offset: number): { at: number; needsEol: boolean } {
  const nl = doc.text.indexOf('\n', offset);
  if (nl < 0) return { at: doc.text.length, needsEol: true };
  return { at: nl + 1, needsEol: false };
}

/** Start of the line holding `offset`. */
export function lineStart(doc: ConfigDocument, offset: number): number {
  const p = doc.positionAt(offset);
  return doc.offsetAt({ line: p.line, character: 0 });
}

/** The whole line of a node, newline included, for deletion. */
export function wholeLine(doc: ConfigDocument, node: { start: number; end: number }): { start: number; end: number } {
  const start = lineStart(doc, node.start);
  const after = afterLine(doc, node.end);
  // the last line has no newline of its own: remove its text and keep the one before it, so a
  // line inserted after the previous line (at this line's start) is not swallowed by the removal
  return { start, end: after.needsEol ? doc.text.length : after.at };
}

/**
 * Inserts lines after the line holding `offset`. The inserted text always ends
 * with a line ending: on a last line without one, another insert at the end of
 * the file (a profile adds several) would otherwise be glued onto the last
 * inserted line (`save 60 10000# Refuse writes…`).
 */
export function insertLinesAfter(b: EditBuilder, file: SourceFile, offset: number, lines: string[]): void {
  const eol = eolOf(file.doc);
  const { at, needsEol } = afterLine(file.doc, offset);
  b.insert(file, at, (needsEol ? eol : '') + lines.join(eol) + eol);
}

/** Index of the first argument that starts an inline comment ('#' outside quotes), or -1. */
export function inlineCommentIndex(d: Directive): number {
  return d.args.findIndex((a, i) => i > 0 && !a.quoted && a.value.startsWith('#'));
}

/**
 * Replaces the arguments of a directive line, keeping its name as written. An
 * inline comment (an error in redis.conf) is moved to a line of its own above.
 */
export function replaceArgs(b: EditBuilder, file: SourceFile, d: Directive, args: string[]): void {
  const text = args.map(quoteArg).join(' ');
  const ci = inlineCommentIndex(d);
  if (ci > 0) {
    const comment = file.doc.slice(d.args[ci].start, d.end);
    const start = lineStart(file.doc, d.start);
    b.insert(file, start, `${file.doc.slice(start, d.start)}${comment}${eolOf(file.doc)}`);
  }
  if (d.args.length === 0) b.insert(file, d.name.end, ` ${text}${blankAfter(file.doc, d.name.end)}`);
  else b.replace(file, d.args[0].start, d.end, `${text}${blankAfter(file.doc, d.end)}`);
}

export function replaceToken(b: EditBuilder, file: SourceFile, t: Token, value: string): void {
  b.replace(file, t.start, t.end, `${quoteArg(value)}${blankAfter(file.doc, t.end)}`);
}

/**
 * A blank to put after new text ending at `end` when the character there would
 * otherwise run on into it: a closing quote may be followed by a vertical tab
 * or a form feed, but an unquoted token only ends at a space, a tab or a line
 * end, so `"1"<VT>` rewritten as `2<VT>` would become the token "2<VT>".
 */
function blankAfter(doc: ConfigDocument, end: number): string {
  const c = doc.text.charCodeAt(end);
  return Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d ? '' : ' ';
}

export function removeLine(b: EditBuilder, file: SourceFile, node: { start: number; end: number }): void {
  const r = wholeLine(file.doc, node);
  b.replace(file, r.start, r.end, '');
}

export interface InsertSpec {
  /** Canonical directive name, used to find where it belongs. */
  name: string;
  lines: string[];
  /** Comment lines explaining the addition, written above it unless it lands under a commented example. */
  why?: string[];
  /** Heading for a new section at the end of the file. */
  section?: string;
}

/**
 * Where a missing directive goes in the root document: after its commented
 * example (`# repl-backlog-size 1mb`), else after the last line of its area,
 * else at the end of the file under a heading.
 */
export function placeFor(config: EffectiveConfig, root: SourceFile, name: string): { offset: number; example: boolean } | undefined {
  const doc = root.doc;
  const example = new RegExp(`^#\\s?${name.replace(/[-.]/g, '\\$&')}\\s+\\S`, 'i');
  let best: { offset: number; example: boolean } | undefined;
  for (const c of doc.comments) {
    const t = doc.slice(c.start, c.end);
    // a commented-out line that the target version would accept, not prose that starts with the name
    if (example.test(t) && isValidLine(t.slice(1), config)) best = { offset: c.end, example: true };
  }
  if (best) return best;
  const area = config.vc.lookup(name)?.info.area ?? areaOf(name);
  for (const l of config.tree.lines) {
    if (l.file !== root || !l.info || l.line.key === 'sentinel') continue;
    if (l.info.area === area && l.info.name !== 'include') best = { offset: l.line.end, example: false };
  }
  return best;
}

/** What was appended at the end of the file so far (several inserts share one). */
export interface Tail {
  used: Set<string>;
  appended?: boolean;
}

export function insertDirective(b: EditBuilder, config: EffectiveConfig, root: SourceFile, spec: InsertSpec, tail: Tail): void {
  const place = placeFor(config, root, spec.name);
  const why = (spec.why ?? []).map((w) => `# ${w}`);
  if (place) {
    insertLinesAfter(b, root, place.offset, place.example ? spec.lines : [...why, ...spec.lines]);
    return;
  }
  const eol = eolOf(root.doc);
  const text = root.doc.text;
  const heading = spec.section && !tail.used.has(spec.section) ? [`# ${spec.section}`] : [];
  if (spec.section) tail.used.add(spec.section);
  // a blank line before a new heading, unless it opens an empty file
  const blank = heading.length && (text.trim().length > 0 || tail.used.size > 1) ? eol : '';
  const lead = (text.length && !text.endsWith('\n') && !tail.appended ? eol : '') + blank;
  tail.appended = true;
  b.insert(root, text.length, lead + [...heading, ...why, ...spec.lines].join(eol) + eol);
}

function isValidLine(text: string, config: EffectiveConfig): boolean {
  const v = validate(parseConfig(text), { version: config.version, language: config.language });
  return v.known.length === 1 && !v.diagnostics.some((d) => d.severity === 1);
}

/** Sets a directive: its effective line is changed in place, or a line is added where it belongs. */
export function setDirective(b: EditBuilder, config: EffectiveConfig, root: SourceFile, name: string, args: string[], why?: string): void {
  const l = config.line(name);
  if (l) {
    replaceArgs(b, l.file, l.line, args);
    return;
  }
  insertDirective(
    b,
    config,
    root,
    { name: config.canon(name), lines: [lineOf(config.canon(name), args)], why: why ? [why] : undefined, section: 'Added by redis-ha' },
    { used: new Set() },
  );
}

/** The per-master sentinel line `sentinel <sub> <master> …`, last one wins. */
interface SentinelIndex {
  /** The last line of each `<sub> <master>` pair. */
  bySub: Map<string, ConfigLine>;
  /** The last line naming each master, per file. */
  lastOfMaster: Map<SourceFile, Map<string, Directive>>;
}

const sentinelIndexes = new WeakMap<EffectiveConfig, SentinelIndex>();

/**
 * The sentinel lines by master, built once per configuration: a profile sets
 * several options on every master, and scanning all lines for each would be
 * quadratic in the number of masters.
 */
function sentinelIndex(config: EffectiveConfig): SentinelIndex {
  let idx = sentinelIndexes.get(config);
  if (idx) return idx;
  idx = { bySub: new Map(), lastOfMaster: new Map() };
  for (const l of config.sentinelLines) {
    const a = l.line.args;
    if (a.length < 2) continue;
    idx.bySub.set(`${a[0].value.toLowerCase()}\0${a[1].value}`, l);
    let perFile = idx.lastOfMaster.get(l.file);
    if (!perFile) idx.lastOfMaster.set(l.file, (perFile = new Map()));
    perFile.set(a[1].value, l.line);
  }
  sentinelIndexes.set(config, idx);
  return idx;
}

export function sentinelLine(config: EffectiveConfig, master: string, sub: string): ConfigLine | undefined {
  return sentinelIndex(config).bySub.get(`${sub}\0${master}`);
}

/** Sets `sentinel <sub> <master> <value>` in place, or adds it after the master's last line in the root file. */
export function setSentinelOption(
  b: EditBuilder,
  config: EffectiveConfig,
  root: SourceFile,
  master: string,
  sub: string,
  value: string,
): void {
  const l = sentinelLine(config, master, sub);
  if (l && l.line.args.length >= 3) {
    replaceToken(b, l.file, l.line.args[2], value);
    return;
  }
  const anchor = lastLineOfMaster(config, root, master);
  const text = lineOf('sentinel', [sub, master, value]);
  if (anchor) insertLinesAfter(b, root, anchor.end, [text]);
  else insertDirective(b, config, root, { name: 'sentinel', lines: [text] }, { used: new Set() });
}

/** The last sentinel line in the root document that names `master` (its monitor line at least). */
export function lastLineOfMaster(config: EffectiveConfig, root: SourceFile, master: string): Directive | undefined {
  return sentinelIndex(config).lastOfMaster.get(root)?.get(master);
}
