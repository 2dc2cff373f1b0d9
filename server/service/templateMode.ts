/**
 * Template mode in the analysis (see template.ts): the document is checked as
 * its masked text, and the diagnostics of the lines whose placeholders decide
 * them are left out.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseConfig } from '../parser/parse';
import type { ConfigDocument } from '../parser/types';
import type { AnalysisInput } from './analysis';
import { literalDiagnostics, scanTemplate, templateModeOn, type TemplateScan, type TemplateSpan } from './template';

export type { TemplateScan } from './template';

/** The input as the checker reads it: in template mode, the masked text parsed (no reuse of a previous version's results). */
export function templateInput(original: AnalysisInput): { input: AnalysisInput; scan?: TemplateScan } {
  if (!templateModeOn(original.settings.templates, original.filePath ?? original.uri)) return { input: original };
  const scan = scanTemplate(original.doc.text);
  if (!scan.placeholders.length && !scan.controls.length) return { input: original, scan };
  return { input: { ...original, doc: parseConfig(scan.masked), previous: undefined }, scan };
}

/** The index of the first span that ends after `offset`. */
function firstEndingAfter(list: readonly TemplateSpan[], offset: number): number {
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
): { diagnostics: Diagnostic[]; placeholders: number } {
  if (!scan.placeholders.length) return { diagnostics: [...all], placeholders: 0 };
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
  }
  return { diagnostics: literalDiagnostics(all, lines, (l) => !namedBy.has(l)), placeholders };
}
