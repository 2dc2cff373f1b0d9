/**
 * Template mode in the analysis (see template.ts): the document is checked as
 * its masked text, and the diagnostics of the lines whose placeholders decide
 * them are left out.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseConfig } from '../parser/parse';
import { catalog, type VersionId } from '../catalog/catalog';
import type { ConfigDocument, Directive, Token } from '../parser/types';
import type { AnalysisInput } from './analysis';
import type { Language } from './options';
import { validate } from './validate';
import { literalDiagnostics, scanTemplate, templateModeOn, type TemplateScan, type TemplateSpan } from './template';

export type { TemplateScan } from './template';

/** The input as the checker reads it: in template mode, the masked text parsed (no reuse of a previous version's results). */
export function templateInput(original: AnalysisInput): { input: AnalysisInput; scan?: TemplateScan } {
  if (!templateModeOn(original.settings.templates, original.filePath ?? original.uri)) return { input: original };
  const scan = scanTemplate(original.doc.text);
  // nothing to mask: the file is checked (and formatted) as it is
  if (!scan.placeholders.length && !scan.controls.length) return { input: original };
  return { input: { ...original, doc: parseConfig(scan.masked), previous: undefined }, scan };
}

/** The index of the first span that ends after `offset`. */
export function firstEndingAfter(list: readonly TemplateSpan[], offset: number): number {
  let lo = 0,
    hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many placeholders lie in text[start, end). */
export function placeholdersIn(scan: TemplateScan, start: number, end: number): number {
  const list = scan.placeholders;
  let n = 0;
  for (let i = firstEndingAfter(list, start); i < list.length && list[i].start < end; i++) n++;
  return n;
}

/**
 * The diagnostics that hold whatever the values (see literalDiagnostics), and
 * how many placeholders in directive lines decide the rest.
 */
export function applyTemplate(
  scan: TemplateScan,
  doc: ConfigDocument,
  all: readonly Diagnostic[],
  target: { version: VersionId; language: Language; text: string },
): { diagnostics: Diagnostic[]; placeholders: number } {
  if (!scan.placeholders.length) return { diagnostics: [...all], placeholders: 0 };
  const literal: Diagnostic[] = [];
  let budget = LITERAL_CHECKS;
  const lines = new Set<number>();
  const namedBy = new Set<number>();
  let placeholders = 0;
  for (const d of doc.directives) {
    const n = placeholdersIn(scan, d.start, d.end);
    if (!n) continue;
    placeholders += n;
    const r = doc.rangeOf(d);
    for (let l = r.start.line; l <= r.end.line; l++) lines.add(l);
    if (placeholdersIn(scan, d.name.start, d.name.end)) namedBy.add(r.start.line);
    else if (budget > 0 && d.args.length === 1 && placeholdersIn(scan, d.args[0].start, d.args[0].end)) {
      budget--;
      const found = literalPart(scan, doc, d, target);
      if (found) literal.push(found);
    }
  }
  return { diagnostics: [...literalDiagnostics(all, lines, (l) => !namedBy.has(l)), ...literal], placeholders };
}

/** At most this many values with a placeholder and a literal part are checked per file. */
const LITERAL_CHECKS = 1000;

/**
 * A number with a literal part around its placeholder (`{{ .Values.maxmemory }}mb`): the
 * literal part is checked with the placeholder standing for the number 1. Undefined when
 * the value is fine that way, or is not a plain number of a known directive.
 */
function literalPart(
  scan: TemplateScan,
  doc: ConfigDocument,
  d: Directive,
  target: { version: VersionId; language: Language; text: string },
): Diagnostic | undefined {
  const arg: Token = d.args[0];
  if (arg.quoted) return undefined;
  const info = catalog().forVersion(target.version).lookup(d.key)?.info;
  if (info?.variant.value.kind !== 'numeric') return undefined;
  let value = '';
  let at = arg.start;
  const list = scan.placeholders;
  for (let i = firstEndingAfter(list, arg.start); i < list.length && list[i].start < arg.end; i++) {
    value += `${target.text.slice(at, list[i].start)}1`;
    at = list[i].end;
  }
  value += target.text.slice(at, arg.end);
  if (value === '1') return undefined;
  const problem = validate(parseConfig(`${d.key} ${value}\n`), { version: target.version, language: target.language }).diagnostics.find(
    (p) => p.severity === 1 && p.range.start.character > d.key.length,
  );
  if (!problem) return undefined;
  const range = doc.rangeOf(arg);
  return {
    ...problem,
    range,
    message: `${problem.message} (with the placeholder standing for a number)`,
    data: { order: range.start.line },
  };
}
