/**
 * Where the cursor is on a config line, in the terms completion and signature
 * help need: inside a comment, inside quotes, or on the n-th word of the line
 * (0 = the directive name) with the words before it. Reads the parse tree of
 * the analysis; only lines the tokenizer could not split (an unclosed quote
 * while typing) are scanned again, up to the cursor.
 */
import type { ConfigDocument, Directive, Line, Token } from '../parser/types';

export interface WordContext {
  kind: 'word';
  /** Index of the word at the cursor: 0 is the directive name. */
  index: number;
  /** Values of the words before it (argv[0..index-1]). */
  before: string[];
  /** Text of the word from its start to the cursor. */
  prefix: string;
  /** Offsets of the whole word under the cursor (empty at the cursor when there is none). */
  start: number;
  end: number;
  /** Number of words after the current one on the line. */
  after: number;
  /** The parsed line, when the tokenizer could split it. */
  line?: Directive;
}

export type CursorContext = WordContext | { kind: 'comment' } | { kind: 'quoted' } | { kind: 'none' };

/** The parsed line that sits on the editor line of `offset`, if any (binary search). */
export function lineAt(doc: ConfigDocument, offset: number): Line | undefined {
  const lines = doc.lines;
  let lo = 0,
    hi = lines.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const editorLine = doc.positionAt(offset).line;
  if (found >= 0 && doc.positionAt(lines[found].start).line === editorLine) return lines[found];
  const next = lines[found + 1];
  if (next && doc.positionAt(next.start).line === editorLine) return next;
  return undefined;
}

/** The token of a directive line that contains `offset` (start ≤ offset < end), with its index (0 = name). */
export function tokenAt(d: Directive, offset: number): { token: Token; index: number } | undefined {
  if (offset >= d.name.start && offset < d.name.end) return { token: d.name, index: 0 };
  for (let i = 0; i < d.args.length; i++) {
    const a = d.args[i];
    if (offset >= a.start && offset < a.end) return { token: a, index: i + 1 };
  }
  return undefined;
}

interface LooseToken {
  value: string;
  start: number;
  end: number;
  quoted: boolean;
  open: boolean;
}

/** A forgiving split of text[from, to): like the tokenizer, but an unclosed quote just runs to the end. */
function looseSplit(text: string, from: number, to: number): LooseToken[] {
  const out: LooseToken[] = [];
  let p = from;
  while (p < to) {
    while (p < to && /\s/.test(text[p])) p++;
    if (p >= to) break;
    const start = p;
    let value = '';
    let quote = '';
    let quoted = false;
    while (p < to) {
      const c = text[p];
      if (quote) {
        if (c === '\\' && p + 1 < to) {
          value += text[p + 1];
          p += 2;
          continue;
        }
        if (c === quote) {
          quote = '';
          p++;
          continue;
        }
        value += c;
        p++;
      } else if (/\s/.test(c)) {
        break;
      } else if (c === '"' || c === "'") {
        quote = c;
        quoted = true;
        p++;
      } else {
        value += c;
        p++;
      }
    }
    out.push({ value, start, end: p, quoted, open: quote !== '' });
  }
  return out;
}

function fromTokens(
  tokens: Array<{ value: string; start: number; end: number; quoted: boolean; open?: boolean }>,
  doc: ConfigDocument,
  offset: number,
  line?: Directive,
): CursorContext {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (offset >= t.start && offset <= t.end) {
      if (t.open || (t.quoted && offset > t.start)) return { kind: 'quoted' };
      return {
        kind: 'word',
        index: i,
        before: tokens.slice(0, i).map((x) => x.value),
        prefix: doc.slice(t.start, offset),
        start: t.start,
        end: t.end,
        after: tokens.length - i - 1,
        line,
      };
    }
  }
  const index = tokens.filter((t) => t.end < offset).length;
  if (index === 0 && tokens.length > 0) return { kind: 'none' }; // in the blanks before the directive name
  return {
    kind: 'word',
    index,
    before: tokens.slice(0, index).map((x) => x.value),
    prefix: '',
    start: offset,
    end: offset,
    after: tokens.length - index,
    line,
  };
}

export function cursorContext(doc: ConfigDocument, offset: number): CursorContext {
  const line = lineAt(doc, offset);
  if (!line) return { kind: 'word', index: 0, before: [], prefix: '', start: offset, end: offset, after: 0 };
  if (line.kind === 'comment') return offset > line.start ? { kind: 'comment' } : { kind: 'none' };
  if (line.kind === 'directive') return fromTokens([line.name, ...line.args], doc, offset, line);
  // a line the tokenizer refused (typically an unclosed quote while typing): scan up to the cursor
  const tokens = looseSplit(doc.text, line.start, Math.max(line.start, offset));
  return fromTokens(tokens, doc, offset);
}
