/**
 * The parsed document: its lines and the positions of its offsets. Built by
 * parseConfig (server/parser/parse.ts) from a whole text, or by reparseConfig
 * (server/parser/reparse.ts) from the previous version and a new text.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import type { Comment, ConfigDocument, Directive, Line, LineChange, SyntaxProblem, Tokenizer } from './types';

const LF = 10,
  CR = 13;

/** Sorted offsets into a text (kept in a typed array: a long file has tens of thousands). */
export type Offsets = Int32Array;

/**
 * The offsets just after each line break as an editor counts them ("\r\n",
 * "\n", "\r") in text[from, to), `from` being a line start; `each` gets them in order.
 */
function eachBreak(text: string, from: number, to: number, each: (next: number) => void): void {
  const cr = text.indexOf('\r', from);
  if (cr < 0 || cr >= to) {
    // only "\n": found natively
    for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) each(i + 1);
    return;
  }
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === CR) {
      if (i + 1 < to && text.charCodeAt(i + 1) === LF) i++;
      each(i + 1);
    } else if (c === LF) {
      each(i + 1);
    }
  }
}

/** Start offsets of lines as an editor counts them, from `from` (itself a line start, not included) to `to`. */
export function editorBreaks(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  eachBreak(text, from, to, (n) => out.push(n));
  return out;
}

/** Start offsets of every line of a text as an editor counts them. */
export function editorLineStarts(text: string): Offsets {
  let n = 1;
  eachBreak(text, 0, text.length, () => n++);
  const out = new Int32Array(n);
  let i = 1;
  eachBreak(text, 0, text.length, (next) => (out[i++] = next));
  return out;
}

/**
 * Sorted offsets after an edit: the first `keep` of `xs`, then `middle`, then
 * those of `xs` from index `resume` on, moved by `delta`.
 */
export function spliceOffsets(xs: Offsets, keep: number, middle: ArrayLike<number>, resume: number, delta: number): Offsets {
  const out = new Int32Array(keep + middle.length + xs.length - resume);
  out.set(xs.subarray(0, keep));
  out.set(middle, keep);
  let j = keep + middle.length;
  for (let i = resume; i < xs.length; i++) out[j++] = xs[i] + delta;
  return out;
}

/** The first index of a sorted array whose value is at least `x` (its length if none). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0,
    hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of nodes in document order whose start is at least `offset`. */
export function firstAtOrAfter(nodes: ReadonlyArray<{ start: number }>, offset: number): number {
  let lo = 0,
    hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The nodes a parse finds, in document order: what a whole parse and a re-parsed range have in common. */
export interface ParsedNodes {
  lines: Line[];
  directives: Directive[];
  comments: Comment[];
  /** Lines redis-server cannot split, in file order. */
  lineProblems: SyntaxProblem[];
  /** NUL characters, in document order. */
  nuls: SyntaxProblem[];
  /** Lines that split differently under the 'quote-continues' tokenizer, by index in `lines`. */
  continued: Map<number, Line | null>;
}

/** Everything a parse produces; the document derives the rest. */
export interface ParseParts extends ParsedNodes {
  text: string;
  /** Offsets of every "\n" of the text. */
  newlines: Offsets;
  /** Offsets of the "\n" a NUL made redis-server drop (the next line is glued on). */
  dropped: Offsets;
  /** The editor's line starts, when they are already known. */
  lineStarts?: Offsets;
  change?: LineChange;
}

let nextParseId = 1;

export class ParsedConfig implements ConfigDocument {
  readonly text: string;
  readonly lines: readonly Line[];
  readonly directives: readonly Directive[];
  readonly comments: readonly Comment[];
  readonly problems: readonly SyntaxProblem[];
  readonly parseId: number;
  readonly change: LineChange | undefined;
  private lineStarts: Offsets | undefined;
  private views = new Map<Tokenizer, ConfigDocument>();

  /**
   * @param parts what the parse found
   * @param base the document this one is a tokenizer's view of (sharing its text and positions)
   */
  constructor(
    readonly parts: ParseParts,
    private readonly base?: ParsedConfig,
  ) {
    this.text = parts.text;
    this.lines = parts.lines;
    this.directives = parts.directives;
    this.comments = parts.comments;
    this.problems = parts.nuls.length ? [...parts.lineProblems, ...parts.nuls] : parts.lineProblems;
    this.lineStarts = parts.lineStarts;
    this.parseId = base ? base.parseId : nextParseId++;
    this.change = base ? base.change : parts.change;
  }

  /** The document as parsed (the 'quote-ends' tree), for a view as for itself. */
  get root(): ParsedConfig {
    return this.base ?? this;
  }

  /** The editor's line starts, computed once. */
  starts(): Offsets {
    if (this.base) return this.base.starts();
    return (this.lineStarts ??= editorLineStarts(this.text));
  }
  /** The line starts if they were computed (a re-parse then updates them instead of starting over). */
  knownStarts(): Offsets | undefined {
    return this.root.lineStarts;
  }
  get lineCount(): number {
    return this.starts().length;
  }
  forTokenizer(tokenizer: Tokenizer): ConfigDocument {
    const root = this.root;
    if (root !== this) return root.forTokenizer(tokenizer);
    const continued = this.parts.continued;
    if (tokenizer === 'quote-ends' || continued.size === 0) return this;
    let view = this.views.get(tokenizer);
    if (!view) {
      const lines: Line[] = [];
      for (let i = 0; i < this.lines.length; i++) {
        const alt = continued.get(i);
        if (alt === undefined) lines.push(this.lines[i]);
        else if (alt !== null) lines.push(alt);
      }
      const directives = lines.filter((l): l is Directive => l.kind === 'directive');
      const lineProblems = lines.filter((l): l is SyntaxProblem => l.kind === 'syntax-error');
      view = new ParsedConfig({ ...this.parts, lines, directives, lineProblems, continued: new Map() }, this);
      this.views.set(tokenizer, view);
    }
    return view;
  }
  positionAt(offset: number): Position {
    const starts = this.starts();
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0,
      hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }
  offsetAt(position: Position): number {
    const starts = this.starts();
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = starts[position.line];
    const next = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, next));
  }
  rangeOf(node: { start: number; end: number }): Range {
    return { start: this.positionAt(node.start), end: this.positionAt(node.end) };
  }
  commentText(c: Comment): string {
    return this.text.slice(c.start + 1, c.end);
  }
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}
