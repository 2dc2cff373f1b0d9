/**
 * Formatting that changes layout and nothing redis-server reads:
 * - a directive line becomes its tokens joined by one space: no indentation,
 *   no trailing blanks; each token keeps its exact source text (never
 *   re-quoted, escapes untouched);
 * - a comment loses its indentation and trailing spaces/tabs; its text is kept;
 * - a line that holds only blanks becomes empty; runs of more than
 *   MAX_BLANK_LINES (2) blank lines shrink to 2 (the stock files separate
 *   sections with up to two blank lines, so they keep their look);
 * - every line keeps its own line ending (LF or CRLF).
 * Left untouched: lines redis-server cannot split (quote errors), lines
 * holding a lone CR (an editor line break inside one redis-server line) or a
 * NUL (redis-server glues the next line on), the line after a NUL, and a
 * directive line whose first token starts with '#' (removing the blank before
 * it would turn it into a comment).
 * As a last guard each rewritten directive line is split again and must give
 * the same argv, or the line is left as it was.
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { parseConfig } from '../../parser/parse';
import type { ConfigDocument, Line } from '../../parser/types';

export const MAX_BLANK_LINES = 2;

export type FormatOptions = Partial<Pick<FormattingOptions, 'insertFinalNewline' | 'trimFinalNewlines'>>;

/** C isspace(): the characters sdssplitargs skips between tokens. */
const C_SPACE = /^[ \t\n\v\f\r]*$/;

interface RawLine {
  /** Content offsets, line ending excluded. */
  start: number;
  end: number;
  /** Offset after the line ending (== end for the last line without one). */
  next: number;
  /** Editor lines the content spans. */
  firstEditorLine: number;
  lastEditorLine: number;
}

/** Lines as redis-server splits them (on "\n"); a "\r" before the "\n" is part of the line ending. */
function rawLines(doc: ConfigDocument): RawLine[] {
  const text = doc.text;
  const out: RawLine[] = [];
  let pos = 0;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const stop = nl < 0 ? text.length : nl;
    const end = stop > pos && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    const firstEditorLine = doc.positionAt(pos).line;
    out.push({ start: pos, end, next: nl < 0 ? text.length : nl + 1, firstEditorLine, lastEditorLine: doc.positionAt(end).line });
    if (nl < 0) return out;
    pos = nl + 1;
  }
}

type Verdict = { kind: 'blank' } | { kind: 'keep' } | { kind: 'content'; text: string };

function argvOf(_doc: ConfigDocument, l: Line): string[] | undefined {
  return l.kind === 'directive' ? [l.name.value, ...l.args.map((t) => t.value)] : undefined;
}

function judge(doc: ConfigDocument, raw: RawLine, line: Line | undefined, unsafe: boolean): Verdict {
  if (unsafe) return { kind: 'keep' };
  const content = doc.slice(raw.start, raw.end);
  if (C_SPACE.test(content) && !content.includes('\r')) return line ? { kind: 'keep' } : { kind: 'blank' };
  if (content.includes('\r') || !line || line.start < raw.start || line.end > raw.end) return { kind: 'keep' };
  if (line.kind === 'syntax-error') return { kind: 'keep' };
  if (line.kind === 'comment') return { kind: 'content', text: doc.slice(line.start, line.end).replace(/[ \t]+$/, '') };
  const tokens = [line.name, ...line.args];
  if (doc.slice(line.name.start, line.name.start + 1) === '#') return { kind: 'keep' };
  // everything outside the tokens must be blanks sdssplitargs skips
  let prev = raw.start;
  for (const t of tokens) {
    if (!C_SPACE.test(doc.slice(prev, t.start))) return { kind: 'keep' };
    prev = t.end;
  }
  if (!C_SPACE.test(doc.slice(prev, raw.end))) return { kind: 'keep' };
  const text = tokens.map((t) => doc.slice(t.start, t.end)).join(' ');
  if (text === content) return { kind: 'content', text };
  // last guard: the rewritten line must split into the same argv
  const again = parseConfig(text).lines;
  const before = argvOf(doc, line)!;
  const after = again.length === 1 ? argvOf(doc, again[0]) : undefined;
  if (!after || after.length !== before.length || after.some((v, i) => v !== before[i])) return { kind: 'keep' };
  return { kind: 'content', text };
}

/** Indexes of raw lines touched by a NUL: the NUL's line and the line redis-server glues onto it. */
function nulLines(doc: ConfigDocument, raws: RawLine[]): Set<number> {
  const out = new Set<number>();
  if (doc.text.indexOf('\0') < 0) return out;
  for (let i = 0; i < raws.length; i++) {
    if (doc.slice(raws[i].start, raws[i].next).includes('\0')) {
      out.add(i);
      out.add(i + 1);
    }
  }
  return out;
}

/**
 * Edits that format the document, or only the lines that `range` touches
 * (a range format never collapses blank lines outside it).
 */
export function formatDocument(a: { doc: ConfigDocument; template?: unknown }, range?: Range, opts: FormatOptions = {}): TextEdit[] {
  // a template's doc is the text as checked (placeholders masked): its lines must not be written back
  if (a.template) return [];
  const doc = a.doc;
  const raws = rawLines(doc);
  const unsafe = nulLines(doc, raws);
  let fromLine = 0,
    toLine = Number.MAX_SAFE_INTEGER;
  if (range) {
    fromLine = range.start.line;
    toLine = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  }
  const inRange = (r: RawLine) => r.lastEditorLine >= fromLine && r.firstEditorLine <= toLine;

  // pair each raw line with the parsed line that starts in it
  const verdicts: Verdict[] = [];
  let li = 0;
  const lines = doc.lines;
  for (let i = 0; i < raws.length; i++) {
    const r = raws[i];
    while (li < lines.length && lines[li].start < r.start) li++;
    const line = li < lines.length && lines[li].start <= r.end ? lines[li] : undefined;
    verdicts.push(judge(doc, r, line, unsafe.has(i)));
  }

  // the text after the last line ending is not a line of its own when it is empty
  const last = raws.length - 1;
  const endsWithEol = raws.length > 1 && raws[last].start === raws[last].end;
  const contentCount = endsWithEol ? last : raws.length;

  const edits: Array<{ start: number; end: number; newText: string }> = [];
  const replace = (start: number, end: number, newText: string) => edits.push({ start, end, newText });
  /** Replaces only what differs (keeps cursors, markers and undo steps small). */
  const replaceMinimal = (at: number, before: string, after: string) => {
    if (before === after) return;
    let p = 0;
    while (p < before.length && p < after.length && before[p] === after[p]) p++;
    let q = 0;
    while (q < before.length - p && q < after.length - p && before[before.length - 1 - q] === after[after.length - 1 - q]) q++;
    replace(at + p, at + before.length - q, after.slice(p, after.length - q));
  };

  let i = 0;
  while (i < contentCount) {
    const v = verdicts[i];
    if (v.kind !== 'blank') {
      const r = raws[i];
      if (v.kind === 'content' && inRange(r)) replaceMinimal(r.start, doc.slice(r.start, r.end), v.text);
      i++;
      continue;
    }
    // a run of blank lines [i, j)
    let j = i;
    while (j < contentCount && verdicts[j].kind === 'blank') j++;
    const atEnd = j === contentCount;
    const whole = raws.slice(i, j).every(inRange);
    let keep = j - i;
    if (whole && keep > MAX_BLANK_LINES) keep = MAX_BLANK_LINES;
    if (whole && atEnd && opts.trimFinalNewlines && i > 0) keep = 0;
    for (let k = i; k < i + keep; k++) {
      const r = raws[k];
      if (inRange(r)) replaceMinimal(r.start, doc.slice(r.start, r.end), '');
    }
    if (keep < j - i) {
      // delete whole lines, their line endings included
      replace(raws[i + keep].start, raws[j - 1].next, '');
    }
    i = j;
  }

  const lastBlank = verdicts[last].kind === 'blank';
  if (opts.insertFinalNewline && !endsWithEol && !lastBlank && doc.text.length > 0 && (!range || inRange(raws[last]))) {
    const eol = raws.length > 1 ? doc.slice(raws[0].end, raws[0].next) : '\n';
    const tail = edits.find((e) => e.end === doc.text.length);
    if (tail) tail.newText += eol;
    else replace(doc.text.length, doc.text.length, eol);
  }
  return edits.map((e) => ({ range: doc.rangeOf(e), newText: e.newText }));
}
