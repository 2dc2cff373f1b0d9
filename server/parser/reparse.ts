/**
 * Re-parsing after an edit: only the lines the edit touched are split again.
 *
 * The new text is compared with the previous one (a common prefix and
 * suffix); the changed part is widened to whole lines as redis-server reads
 * them — a NUL glues a line to the next, so a line whose "\n" a NUL drops is
 * widened over too — and only that part is parsed. The lines before it are
 * kept as they are, the lines after it are moved by the change in length and
 * line count. The result equals parseConfig(text) in every field; it records
 * what changed (ConfigDocument.change) so the analysis can reuse its own
 * per-line results the same way.
 */
import { editorBreaks, firstAtOrAfter, lowerBound, ParsedConfig, spliceOffsets, type Offsets } from './document';
import { dropsNewline, lineStartOf, newlinesOf, parseConfig, scanLines, type Scan } from './parse';
import type { Comment, ConfigDocument, Directive, Line, SyntaxProblem, Token } from './types';

/** The length of the common prefix of a and b, at most `max` (compared a block at a time). */
function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 2) {
    while (i + step <= max && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  }
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the common suffix of a and b, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  const n = a.length,
    m = b.length;
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 2) {
    while (i + step <= max && a.slice(n - i - step, n - i) === b.slice(m - i - step, m - i)) i += step;
  }
  while (i < max && a.charCodeAt(n - i - 1) === b.charCodeAt(m - i - 1)) i++;
  return i;
}

/** The end of the line holding offset `at`: just after its "\n", or the end of the text. */
function lineEndOf(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

interface Region {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The lines to parse again: whole lines of both texts, widened over lines a NUL glues together. */
function changedRegion(old: ParsedConfig, text: string): Region {
  const a = old.text;
  const p = commonPrefix(a, text, Math.min(a.length, text.length));
  const s = commonSuffix(a, text, Math.min(a.length, text.length) - p);
  let start = lineStartOf(a, p);
  let oldEnd = lineEndOf(a, a.length - s);
  const delta = text.length - a.length;
  let newEnd = oldEnd === a.length ? text.length : oldEnd + delta;
  const inserted = text.indexOf('\0', p);
  if (old.parts.nuls.length || (inserted >= 0 && inserted < text.length - s)) {
    // the line before `start` is the same in both texts; the one ending at oldEnd / newEnd may not be
    while (start > 0 && dropsNewline(a, start - 1)) start = lineStartOf(a, start - 1);
    while (oldEnd < a.length && (dropsNewline(a, oldEnd - 1) || dropsNewline(text, newEnd - 1))) {
      oldEnd = lineEndOf(a, oldEnd);
      newEnd = oldEnd === a.length ? text.length : oldEnd + delta;
    }
  }
  return { start, oldEnd, newEnd };
}

/** A token moved by `delta` characters. */
function movedToken(t: Token, delta: number): Token {
  return { value: t.value, start: t.start + delta, end: t.end + delta, quoted: t.quoted };
}

/** A line moved by `delta` characters and `lines` line numbers (the same object when neither moves). */
export function movedLine(l: Line, delta: number, lines: number): Line {
  if (delta === 0 && lines === 0) return l;
  const lineNumber = l.lineNumber + lines;
  switch (l.kind) {
    case 'comment':
      return { kind: 'comment', lineNumber, start: l.start + delta, end: l.end + delta } satisfies Comment;
    case 'syntax-error':
      return {
        kind: 'syntax-error',
        error: l.error,
        lineNumber,
        start: l.start + delta,
        end: l.end + delta,
        spotStart: l.spotStart + delta,
        spotEnd: l.spotEnd + delta,
      } satisfies SyntaxProblem;
    default: {
      const d = l;
      const args = d.args.map((t) => movedToken(t, delta));
      const name = movedToken(d.name, delta);
      return { kind: 'directive', name, key: d.key, args, lineNumber, start: d.start + delta, end: d.end + delta } satisfies Directive;
    }
  }
}

type Parts = ParsedConfig['parts'];

/** The editor's line starts after the edit (when they were computed before), and how many lines the edit added. */
function spliceStarts(old: ParsedConfig, text: string, r: Region, delta: number): { lineStarts?: Offsets; lineDelta: number } {
  // the starts in (start, end] are the region's; the one at `start` is kept
  const middle = editorBreaks(text, r.start, r.newEnd);
  const starts = old.knownStarts();
  if (!starts) return { lineDelta: middle.length - editorBreaks(old.text, r.start, r.oldEnd).length };
  const from = lowerBound(starts, r.start + 1),
    to = lowerBound(starts, r.oldEnd + 1);
  return { lineStarts: spliceOffsets(starts, from, middle, to, delta), lineDelta: middle.length - (to - from) };
}

/**
 * The lines before the region, the region's, and those after it moved once:
 * directives, comments and problems are the same objects as in `lines`. The
 * two long arrays are made at their size (a long file moves tens of thousands).
 */
type LineParts = Pick<Parts, 'lines' | 'directives' | 'comments' | 'lineProblems' | 'continued'>;

function spliceLines(o: Parts, r: Region, scan: Scan, delta: number, lineNumbers: number): LineParts {
  const keptBefore = firstAtOrAfter(o.lines, r.start);
  const movedFrom = firstAtOrAfter(o.lines, r.oldEnd);
  const before = <L extends Line>(nodes: readonly L[]) => nodes.slice(0, firstAtOrAfter(nodes, r.start));
  const lines = new Array<Line>(keptBefore + scan.lines.length + o.lines.length - movedFrom);
  const commentsBefore = firstAtOrAfter(o.comments, r.start);
  const comments = new Array<Comment>(commentsBefore + scan.comments.length + o.comments.length - firstAtOrAfter(o.comments, r.oldEnd));
  let n = 0,
    nc = 0;
  for (; n < keptBefore; n++) lines[n] = o.lines[n];
  for (; nc < commentsBefore; nc++) comments[nc] = o.comments[nc];
  for (const l of scan.lines) lines[n++] = l;
  for (const c of scan.comments) comments[nc++] = c;
  const directives = before(o.directives).concat(scan.directives);
  const lineProblems = before(o.lineProblems).concat(scan.lineProblems);
  const still = delta === 0 && lineNumbers === 0;
  for (let i = movedFrom; i < o.lines.length; i++) {
    const l = o.lines[i];
    if (l.kind === 'comment') {
      const c: Comment = still
        ? l
        : { kind: 'comment', lineNumber: l.lineNumber + lineNumbers, start: l.start + delta, end: l.end + delta };
      lines[n++] = c;
      comments[nc++] = c;
    } else {
      const m = movedLine(l, delta, lineNumbers);
      lines[n++] = m;
      if (m.kind === 'directive') directives.push(m);
      else if (m.kind === 'syntax-error') lineProblems.push(m);
    }
  }
  const continued = new Map<number, Line | null>();
  for (const [i, alt] of o.continued) {
    if (i < keptBefore) continued.set(i, alt);
    else if (i >= movedFrom) continued.set(i - movedFrom + keptBefore + scan.lines.length, alt && movedLine(alt, delta, lineNumbers));
  }
  for (const [i, alt] of scan.continued) continued.set(keptBefore + i, alt);
  return { lines, directives, comments, lineProblems, continued };
}

/**
 * The document for `text`, parsed again only where it differs from
 * `previous` (a document from parseConfig or reparseConfig, or a view of one).
 * Never throws; equals parseConfig(text).
 */
export function reparseConfig(previous: ConfigDocument, text: string): ConfigDocument {
  if (!(previous instanceof ParsedConfig)) return parseConfig(text);
  const old = previous.root;
  const o = old.parts;
  const r = changedRegion(old, text);
  const delta = text.length - old.text.length;
  const nlFrom = lowerBound(o.newlines, r.start),
    nlTo = lowerBound(o.newlines, r.oldEnd);
  const dropFrom = lowerBound(o.dropped, r.start),
    dropTo = lowerBound(o.dropped, r.oldEnd);
  const physicalAt = 1 + nlFrom;
  const scan = scanLines(text, r.start, r.newEnd, physicalAt - dropFrom, physicalAt, true);
  const middleNewlines = newlinesOf(text, r.start, r.newEnd);
  const physicalLineDelta = middleNewlines.length - (nlTo - nlFrom);
  const redisLineDelta = physicalLineDelta - (scan.dropped.length - (dropTo - dropFrom));
  const { lineStarts, lineDelta } = spliceStarts(old, text, r, delta);
  const movedNuls = o.nuls.slice(firstAtOrAfter(o.nuls, r.oldEnd)).map((p) => movedLine(p, delta, physicalLineDelta) as SyntaxProblem);
  return new ParsedConfig({
    text,
    ...spliceLines(o, r, scan, delta, redisLineDelta),
    nuls: o.nuls.slice(0, firstAtOrAfter(o.nuls, r.start)).concat(scan.nuls, movedNuls),
    newlines: spliceOffsets(o.newlines, nlFrom, middleNewlines, nlTo, delta),
    dropped: spliceOffsets(o.dropped, dropFrom, scan.dropped, dropTo, delta),
    lineStarts,
    change: {
      fromParse: old.parseId,
      start: r.start,
      oldEnd: r.oldEnd,
      newEnd: r.newEnd,
      delta,
      lineDelta,
      redisLineDelta,
      physicalLineDelta,
    },
  });
}
