/**
 * Navigation on `include` lines: go to definition opens the included file
 * (every match of a pattern), and each include path is a document link.
 * Paths are resolved as the analysis followed them: from the directory an
 * absolute `dir` line set, else — since redis-server resolves a relative
 * path from its working directory, which the file does not say — from the
 * including file's folder.
 */
import type { DocumentLink, LocationLink, Position, Range } from 'vscode-languageserver-types';
import type { ConfigDocument } from '../../parser/types';
import type { DurabilityAnalysis } from '../durability';
import { pathToUri, type IncludeTarget } from './includes';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function rootIncludes(d: DurabilityAnalysis): IncludeTarget[] {
  return d.tree.includes.filter((t) => t.file === d.root);
}

function contains(doc: ConfigDocument, node: { start: number; end: number }, pos: Position): boolean {
  const off = doc.offsetAt(pos);
  return off >= node.start && off <= node.end;
}

function baseNote(t: IncludeTarget): string {
  switch (t.base) {
    case 'dir':
      return 'resolved from the `dir` set above it, which redis-server changes into while it reads the file';
    case 'file':
      return "resolved from this file's folder; redis-server resolves a relative path from its working directory";
    default:
      return '';
  }
}

/** The included files of the include line under `pos` (the path argument or the directive name). */
export function includeDefinition(d: DurabilityAnalysis, pos: Position): LocationLink[] {
  const doc = d.root.doc;
  for (const t of rootIncludes(d)) {
    if (!contains(doc, t.line, pos)) continue;
    const origin = doc.rangeOf(t.line.args[0] ?? t.line);
    return t.paths
      .filter((p) => d.tree.files.some((f) => f.path === p))
      .map((p) => ({ originSelectionRange: origin, targetUri: pathToUri(p), targetRange: START, targetSelectionRange: START }));
  }
  return [];
}

/** A link on each include path that names one readable file. */
export function includeLinks(d: DurabilityAnalysis): DocumentLink[] {
  const doc = d.root.doc;
  const out: DocumentLink[] = [];
  for (const t of rootIncludes(d)) {
    const arg = t.line.args[0];
    if (!arg || t.pattern || t.paths.length !== 1) continue;
    const path = t.paths[0];
    if (!d.tree.files.some((f) => f.path === path)) continue;
    const note = baseNote(t);
    out.push({ range: doc.rangeOf(arg), target: pathToUri(path), tooltip: note ? `${path} (${note})` : path });
  }
  return out;
}
