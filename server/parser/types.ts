/**
 * The syntax tree of a redis.conf / sentinel.conf file.
 *
 * Offsets are UTF-16 code-unit offsets into the document text (what LSP and
 * VS Code use); `ConfigDocument.positionAt` turns them into LSP positions.
 * The tree is built once per document version and shared by every feature.
 */
import type { Position, Range } from 'vscode-languageserver-types';

export interface Token {
  /** The argument as redis-server sees it: quotes removed, escapes decoded. */
  readonly value: string;
  /** Document offsets of the token's source text, quotes included. */
  readonly start: number;
  readonly end: number;
  /** True when any part of the token was written in single or double quotes. */
  readonly quoted: boolean;
}

export interface Directive {
  readonly kind: 'directive';
  /** argv[0] as written (after unquoting). */
  readonly name: Token;
  /** argv[0] lower-cased the way redis-server does it (ASCII only). */
  readonly key: string;
  /** argv[1..]. */
  readonly args: readonly Token[];
  /** 1-based line number as redis-server counts it (lines split on "\n" only). */
  readonly lineNumber: number;
  /** Offsets of the trimmed line content. */
  readonly start: number;
  readonly end: number;
}

export interface Comment {
  readonly kind: 'comment';
  readonly lineNumber: number;
  /** Offsets of the comment text, starting at its '#'. */
  readonly start: number;
  readonly end: number;
}

export type SyntaxErrorKind = 'unbalanced-quotes' | 'quote-not-followed-by-blank' | 'nul-character';

export interface SyntaxProblem {
  readonly kind: 'syntax-error';
  readonly error: SyntaxErrorKind;
  readonly lineNumber: number;
  /** Offsets of the whole (trimmed) line, so the problem is shown where it is. */
  readonly start: number;
  readonly end: number;
  /** Offsets of the exact spot (the opening quote, the character after the closing quote, the NUL). */
  readonly spotStart: number;
  readonly spotEnd: number;
}

export type Line = Directive | Comment | SyntaxProblem;

/**
 * How a version's sdssplitargs ends a quoted token: 'quote-ends' (a closing
 * quote must be followed by a blank; Redis, Valkey up to 8.1) or
 * 'quote-continues' (Valkey 9+: the token runs on to the next blank).
 */
export type Tokenizer = 'quote-ends' | 'quote-continues';

/**
 * How a re-parsed document differs from the one it was re-parsed from (see
 * reparseConfig): the text [start, oldEnd) of that one is [start, newEnd) of
 * this one, both whole lines. Lines before `start` are the same objects; lines
 * from `newEnd` on are that document's lines from `oldEnd` on, moved by `delta`
 * characters, `lineDelta` editor lines and `redisLineDelta` lines as
 * redis-server numbers them (`physicalLineDelta` for NUL characters, numbered
 * by "\n" alone).
 */
export interface LineChange {
  /** The parseId of the document this one was re-parsed from. */
  readonly fromParse: number;
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  readonly delta: number;
  readonly lineDelta: number;
  readonly redisLineDelta: number;
  readonly physicalLineDelta: number;
}

export interface ConfigDocument {
  readonly text: string;
  /** Non-blank lines in file order: directives, comments and lines redis-server cannot split. */
  readonly lines: readonly Line[];
  readonly directives: readonly Directive[];
  readonly comments: readonly Comment[];
  readonly problems: readonly SyntaxProblem[];
  /** Number of lines as an editor counts them ("\r\n", "\n" and "\r" all end a line). */
  readonly lineCount: number;
  positionAt(offset: number): Position;
  rangeOf(node: { start: number; end: number }): Range;
  offsetAt(position: Position): number;
  /** The text of a comment without its leading '#'. */
  commentText(c: Comment): string;
  /** Source text between two offsets. */
  slice(start: number, end: number): string;
  /**
   * The document as a version with this tokenizer splits it: the same text and
   * positions, with the lines that split differently replaced. The parse tree is
   * the 'quote-ends' one; the other is computed once, only for lines it changes.
   */
  forTokenizer(tokenizer: Tokenizer): ConfigDocument;
  /** Identifies one parse; its tokenizer views share it. */
  readonly parseId: number;
  /** How this document differs from the one it was re-parsed from; undefined after a whole parse. */
  readonly change: LineChange | undefined;
}
