/**
 * Folding ranges: comment blocks, the sections a file declares with banner
 * comments (kind `region`, so "Fold All Regions" turns a 2,300-line stock
 * file into its table of contents), and in a sentinel.conf each contiguous
 * run of one master's lines. Ranges nest: comment blocks never include a
 * banner, and a master's run ends at a banner.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { ConfigDocument } from '../../parser/types';
import { masterReferences, type MasterRef } from './masters';
import { findSections } from './sections';

export interface FoldingOptions {
  /** The client's preferred maximum number of ranges (sections and master blocks are kept first). */
  rangeLimit?: number;
}

export function foldingRanges(a: { doc: ConfigDocument }, opts: FoldingOptions = {}): FoldingRange[] {
  const doc = a.doc;
  const lines = doc.lines;
  const sections = findSections(doc);
  const bannerIndex = new Set<number>();
  const primary: FoldingRange[] = [];
  for (const s of sections) {
    for (let i = s.firstIndex; i < lines.length && doc.positionAt(lines[i].start).line <= s.bannerEndLine; i++) bannerIndex.add(i);
    if (s.endLine > s.startLine) primary.push({ startLine: s.startLine, endLine: s.endLine, kind: FoldingRangeKind.Region });
  }

  // per-master runs: consecutive lines of one master, with only comments between them
  const refByLine = new Map<object, MasterRef>();
  for (const r of masterReferences(doc)) refByLine.set(r.line, r);
  let run: { name: string; startLine: number; endLine: number } | undefined;
  const closeRun = () => {
    if (run && run.endLine > run.startLine) primary.push({ startLine: run.startLine, endLine: run.endLine });
    run = undefined;
  };

  const comments: FoldingRange[] = [];
  let block: { startLine: number; endLine: number } | undefined;
  const closeBlock = () => {
    if (block && block.endLine > block.startLine)
      comments.push({ startLine: block.startLine, endLine: block.endLine, kind: FoldingRangeKind.Comment });
    block = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const startLine = doc.positionAt(l.start).line;
    const endLine = doc.positionAt(l.end).line;
    if (l.kind === 'comment' && !bannerIndex.has(i)) {
      if (block && startLine === block.endLine + 1) block.endLine = endLine;
      else {
        closeBlock();
        block = { startLine, endLine };
      }
      continue;
    }
    closeBlock();
    if (l.kind === 'comment') {
      closeRun(); // a banner ends a master's run
      continue;
    }
    const ref = l.kind === 'directive' ? refByLine.get(l) : undefined;
    if (ref && run && run.name === ref.name) run.endLine = endLine;
    else {
      closeRun();
      if (ref) run = { name: ref.name, startLine, endLine };
    }
  }
  closeBlock();
  closeRun();

  const all = [...primary, ...comments];
  const limit = opts.rangeLimit;
  const kept = limit !== undefined && limit >= 0 && all.length > limit ? all.slice(0, limit) : all;
  return kept.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
}
