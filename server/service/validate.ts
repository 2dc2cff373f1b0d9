/**
 * Diagnostics for a parsed redis.conf / sentinel.conf, as strict as the real
 * loader of the target version and no stricter: an `error` is exactly a line
 * that stops redis-server (or redis-sentinel) from starting. Pure: the parsed
 * document and options in, LSP diagnostics out; file existence comes from an
 * injected host so the CLI, the server and tests share it.
 *
 * The lines are checked in file order (lineChecks.ts), then the whole file:
 * the Sentinel groups, overridden lines, the loader's checks after loading
 * (relations.ts), the settings kept for modules and the users. After an edit
 * (ConfigDocument.change), the results of the lines the edit did not touch
 * are taken from the previous analysis (LineMemo) instead of being computed
 * again; the whole-file part always runs. Either way the result is the same.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { catalog as defaultCatalog, type Catalog, type DirectiveInfo } from '../catalog/catalog';
import { firstAtOrAfter } from '../parser/document';
import type { ConfigDocument, Directive, Line, LineChange, SyntaxProblem } from '../parser/types';
import { DiagnosticSink, ORDER } from './diag';
import { checkLine, newFileState, type LineContext, type LineResult, type ValidateOptions } from './lineChecks';
import { trackOverrides, type Overridden } from './overrides';
import { afterLoad, createUsers } from './relations';
import { checkSentinelLines, type SentinelModel } from './sentinel';
import { NameGuesses, reportModuleSetting } from './unknown';
import { familyOf } from './values';

export type { FileHost } from './include';
export type { ValidateOptions } from './lineChecks';

export interface Validation {
  diagnostics: Diagnostic[];
  /** Lines that name a known directive, with what they resolved to. */
  known: Array<{ line: Directive; info: DirectiveInfo }>;
  /** Declared Sentinel masters (sentinel.conf only). */
  sentinel?: SentinelModel;
}

/** The per-line results of one validation, for the next one after an edit. */
export interface LineMemo {
  parseId: number;
  /** What a line's result depends on besides the line: version, language, file. */
  key: string;
  catalog: Catalog;
  lines: readonly Line[];
  /** The diagnostics of overridden lines (see trackOverrides). */
  overridden: Overridden;
  /** Per line checked (directives and lines that cannot be split): its result, or undefined for a line checked on every analysis. */
  results: ReadonlyArray<LineResult | undefined>;
}

/**
 * The lines that are checked — directives and lines redis-server cannot
 * split — in file order (comments say nothing, and a long file is mostly
 * comments).
 */
const checked = new WeakMap<ConfigDocument, ReadonlyArray<Directive | SyntaxProblem>>();
function checkedLines(doc: ConfigDocument): ReadonlyArray<Directive | SyntaxProblem> {
  const problems = doc.problems.filter((p) => p.error !== 'nul-character');
  if (!problems.length) return doc.directives;
  let lines = checked.get(doc);
  if (!lines) {
    const out: Array<Directive | SyntaxProblem> = [];
    let j = 0;
    for (const d of doc.directives) {
      while (j < problems.length && problems[j].start < d.start) out.push(problems[j++]);
      out.push(d);
    }
    while (j < problems.length) out.push(problems[j++]);
    checked.set(doc, (lines = out));
  }
  return lines;
}

export function validate(doc: ConfigDocument, opts: ValidateOptions): Validation {
  return validateLines(doc, opts).validation;
}

/** validate, reusing the results of `previous` for the lines an edit did not touch. */
export function validateLines(doc: ConfigDocument, opts: ValidateOptions, previous?: LineMemo): { validation: Validation; memo: LineMemo } {
  const cat = opts.catalog ?? defaultCatalog();
  const vc = cat.forVersion(opts.version);
  const family = familyOf(opts.version);
  const sink = new DiagnosticSink(doc, opts.uri ?? 'file:///untitled');
  for (const p of doc.problems) {
    if (p.error === 'nul-character') {
      const message = 'NUL character: redis-server ignores the rest of this line and joins the next line onto it';
      sink.add('nul-character', { start: p.spotStart, end: p.spotEnd }, message);
    }
  }
  const guesses = new NameGuesses(vc);
  const state = newFileState(vc);
  const unknown = { vc, cat, version: opts.version, language: opts.language, sink, guesses };
  const c: LineContext = { opts, vc, family, sink, state, unknown };
  const key = `${opts.version}\n${opts.language}\n${opts.uri ?? ''}\n${opts.filePath ?? ''}`;
  const reused = reuseFrom(doc, checkedLines(doc), previous, key, cat);
  const lines = checkedLines(doc);
  const results = new Array<LineResult | undefined>(lines.length);
  const known: Validation['known'] = [];
  const sentinelLines: Directive[] = [];
  const moduleConfigs: Array<{ line: Directive; index: number }> = [];
  let loadmodule = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let r = reused?.(i);
    // "did you mean" is asked in file order within a budget: reuse the line only if the answer is allowed as before
    if (r?.spell && guesses.allow(r.spell.word) !== r.spell.allowed) r = undefined;
    if (r) {
      for (const d of r.diagnostics) sink.list.push(d);
    } else {
      const before = sink.list.length;
      guesses.asked = undefined;
      r = checkLine(line, c);
      r.diagnostics = sink.list.slice(before);
      if (guesses.asked) r.spell = guesses.asked;
      // a diagnostic pointing at another line is about more than this line
      if (r.diagnostics.some((d) => d.relatedInformation)) r.stateful = true;
    }
    results[i] = r.stateful ? undefined : r;
    if (line.kind !== 'directive') continue;
    if (r.info) known.push({ line, info: r.info });
    if (r.queue === 'sentinel') sentinelLines.push(line);
    else if (r.queue === 'module') moduleConfigs.push({ line, index: i });
    if (r.loadmodule) loadmodule = true;
    if (r.pubsub !== undefined) state.pubsubAllChannels = r.pubsub;
  }

  let sentinel: SentinelModel | undefined;
  if (opts.language === 'sentinel-conf') sentinel = checkSentinelLines(sentinelLines, vc, sink);
  const overridden = trackOverrides(known, sink, reused && previous?.overridden);
  afterLoad(known, state.users, opts.language, vc.semantics.tokenizer, sink);
  reportModules(moduleConfigs, loadmodule, results, c);
  createUsers(state.pendingUsers, { vc, family, pubsubAllChannels: state.pubsubAllChannels }, sink);
  return {
    validation: { diagnostics: sink.list, known, sentinel },
    memo: { parseId: doc.parseId, key, catalog: cat, lines, results, overridden },
  };
}

/**
 * The settings kept for modules, after the file is read (see
 * reportModuleSettings): a line's report depends on whether a module is
 * loaded and on its "did you mean", so it is kept with its line and reused
 * while both are as before.
 */
function reportModules(
  lines: ReadonlyArray<{ line: Directive; index: number }>,
  loadmodule: boolean,
  results: Array<LineResult | undefined>,
  c: LineContext,
): void {
  const { sink, guesses } = c.unknown;
  for (const { line, index } of lines) {
    const r = results[index];
    const later = r?.later;
    if (later && later.loadmodule === loadmodule && (!later.spell || guesses.allow(later.spell.word) === later.spell.allowed)) {
      for (const d of later.diagnostics) sink.list.push(d);
      continue;
    }
    const before = sink.list.length;
    guesses.asked = undefined;
    reportModuleSetting(line, loadmodule, c.unknown);
    if (r) results[index] = { ...r, later: { loadmodule, spell: guesses.asked, diagnostics: sink.list.slice(before) } };
  }
}

/**
 * The previous result of the line at index `i` of `doc`, moved to where the
 * line is now; undefined for a line the edit touched (or when nothing can be
 * reused: another version, language or file, or not the document edited).
 */
function reuseFrom(
  doc: ConfigDocument,
  lines: readonly Line[],
  previous: LineMemo | undefined,
  key: string,
  cat: Catalog,
): ((i: number) => LineResult | undefined) | undefined {
  const change = doc.change;
  if (!previous || !change || change.fromParse !== previous.parseId || previous.key !== key || previous.catalog !== cat) return undefined;
  const kept = firstAtOrAfter(lines, change.start);
  const oldFrom = firstAtOrAfter(previous.lines, change.oldEnd);
  const newFrom = firstAtOrAfter(lines, change.newEnd);
  if (previous.lines.length - oldFrom !== lines.length - newFrom || kept > oldFrom) return undefined;
  return (i) => {
    if (i < kept) return previous.results[i];
    if (i < newFrom) return undefined;
    const r = previous.results[i - newFrom + oldFrom];
    return r && movedResult(r, change);
  };
}

function movedResult(r: LineResult, change: LineChange): LineResult {
  if ((r.diagnostics.length === 0 && !r.later?.diagnostics.length) || (change.lineDelta === 0 && change.redisLineDelta === 0)) return r;
  const moved: LineResult = { ...r, diagnostics: r.diagnostics.map((d) => movedDiagnostic(d, change)) };
  if (r.later) moved.later = { ...r.later, diagnostics: r.later.diagnostics.map((d) => movedDiagnostic(d, change)) };
  return moved;
}

/**
 * A diagnostic of a line moved by an edit before it: its range by editor
 * lines, its order by redis-server's (the diagnostics kept are DiagnosticSink's,
 * with these fields).
 */
function movedDiagnostic(d: Diagnostic, change: LineChange): Diagnostic {
  const { start, end } = d.range;
  const data = d.data as { order: number } | undefined;
  const moved: Diagnostic = {
    range: {
      start: { line: start.line + change.lineDelta, character: start.character },
      end: { line: end.line + change.lineDelta, character: end.character },
    },
    severity: d.severity,
    code: d.code,
    source: d.source,
    message: d.message,
    data: data && ORDER.isLine(data.order) ? { ...data, order: data.order + change.redisLineDelta } : data,
  };
  if (d.relatedInformation) moved.relatedInformation = d.relatedInformation;
  return moved;
}
