/**
 * A tokenizer that splits a config file exactly as redis-server does
 * (the file is read with fgets into one string, split on "\n", each line
 * trimmed of " \t\r\n", '#' lines skipped, the rest split by sdssplitargs).
 *
 * Facts carried over from redis/redis src/config.c (loadServerConfig,
 * loadServerConfigFromString) and src/sds.c (sdssplitargs), 6.2 to 8.0,
 * and valkey-io/valkey 7.2 / 8.0, which tokenize the same way:
 * - blanks between tokens are C isspace() characters (space, \t, \n, \v, \f, \r),
 *   but an unquoted token only ends at space, \t, \n, \r or the end of the line;
 * - a quote may open anywhere inside a token ("abc\"def\"" is one token);
 * - double quotes decode \n \r \t \b \a \xHH and \<any char>; single quotes only \';
 * - a closing quote must be followed by a blank or the end of the line —
 *   except in Valkey 9+, where it only leaves quoted mode and the token runs
 *   on to the next blank (`"a"b` is `ab`): the 'quote-continues' tokenizer.
 *   Lines that split differently that way are split both ways, once, and
 *   `ConfigDocument.forTokenizer` gives the document as such a version reads it;
 * - the file is read in fgets chunks of at most 1024 bytes; a NUL byte ends
 *   the text of its chunk (newline included), so the next line is glued on.
 *
 * The parser never throws and runs in time linear in the input.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import type { Comment, ConfigDocument, Directive, Line, SyntaxErrorKind, SyntaxProblem, Token, Tokenizer } from './types';

const SPACE = 32, TAB = 9, LF = 10, CR = 13, DQUOTE = 34, SQUOTE = 39, HASH = 35, BACKSLASH = 92, NUL = 0;

/** Separators that end an unquoted token in sdssplitargs. */
function endsToken(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
}
/** C isspace() in the C locale. */
function isCSpace(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR);
}
/** The characters sdstrim(line, " \t\r\n") removes. */
function isTrim(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** ASCII-only lower case, as C tolower() in the C locale. */
export function asciiLower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return s;
}

interface SplitResult {
  tokens: Token[];
  error?: { kind: SyntaxErrorKind; spotStart: number; spotEnd: number };
}

/**
 * sdssplitargs over src[from, to). `map` turns an offset of `src` into a
 * document offset (identity unless NUL bytes made redis-server glue lines).
 */
function splitArgs(src: string, from: number, to: number, map: OffsetMap | null, tokenizer: Tokenizer = 'quote-ends'): SplitResult {
  const tokens: Token[] = [];
  const at = (i: number) => (i < to ? src.charCodeAt(i) : NaN);
  const m = (i: number) => (map ? map(i) : i);
  let p = from;
  for (;;) {
    while (p < to && isCSpace(src.charCodeAt(p))) p++;
    if (p >= to) return { tokens };
    const tokStart = p;
    let value = '';
    let runStart = p; // start of an unquoted run not yet copied into value
    let mode = 0; // 0 unquoted, 1 in "double quotes", 2 in 'single quotes'
    let quoteOpen = -1;
    let tokEnd = -1;
    while (tokEnd < 0) {
      const c = at(p);
      if (mode === 0) {
        if (endsToken(c)) {
          value += src.slice(runStart, p);
          tokEnd = p;
          if (p < to) p++;
        } else if (c === DQUOTE || c === SQUOTE) {
          value += src.slice(runStart, p);
          mode = c === DQUOTE ? 1 : 2;
          quoteOpen = p++;
        } else {
          p++;
        }
      } else if (Number.isNaN(c)) {
        return { tokens, error: { kind: 'unbalanced-quotes', spotStart: m(quoteOpen), spotEnd: m(quoteOpen + 1) } };
      } else if (c === (mode === 1 ? DQUOTE : SQUOTE)) {
        if (tokenizer === 'quote-continues') {
          // Valkey 9+: back to unquoted mode; the token ends at the next blank
          mode = 0;
          runStart = ++p;
          continue;
        }
        // a closing quote ends the token and must be followed by a blank or the end
        if (p + 1 < to && !isCSpace(src.charCodeAt(p + 1))) {
          return { tokens, error: { kind: 'quote-not-followed-by-blank', spotStart: m(p), spotEnd: m(p + 2) } };
        }
        tokEnd = ++p;
      } else if (c === BACKSLASH && mode === 1 && at(p + 1) === 120 /* x */ && hexValue(at(p + 2)) >= 0 && hexValue(at(p + 3)) >= 0) {
        value += String.fromCharCode(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
        p += 4;
      } else if (c === BACKSLASH && mode === 1 && p + 1 < to) {
        const e = src.charCodeAt(p + 1);
        value += e === 110 ? '\n' : e === 114 ? '\r' : e === 116 ? '\t' : e === 98 ? '\b' : e === 97 ? '\x07' : src[p + 1];
        p += 2;
      } else if (c === BACKSLASH && mode === 2 && at(p + 1) === SQUOTE) {
        value += "'";
        p += 2;
      } else {
        // copy a run of ordinary quoted characters at once
        const stop = mode === 1 ? DQUOTE : SQUOTE;
        let q = p + 1;
        while (q < to) {
          const d = src.charCodeAt(q);
          if (d === BACKSLASH || d === stop) break;
          q++;
        }
        value += src.slice(p, q);
        p = q;
      }
    }
    tokens.push({ value, start: m(tokStart), end: m(tokEnd), quoted: quoteOpen >= 0 });
  }
}

type OffsetMap = (offset: number) => number;

/**
 * sdssplitargs over a single string, as redis-server applies it to the one
 * argument of a multi-argument config (`save "900 1"`): C-string semantics, so
 * the text ends at the first NUL; unbalanced quotes give null (redis-server
 * then passes zero arguments on). Unlike a file line, '#' is an ordinary
 * character here and no trimming happens first.
 */
export function splitArgsLikeRedis(value: string, tokenizer: Tokenizer = 'quote-ends'): string[] | null {
  const nul = value.indexOf('\0');
  const src = nul >= 0 ? value.slice(0, nul) : value;
  const r = splitArgs(src, 0, src.length, null, tokenizer);
  return r.error ? null : r.tokens.map((t) => t.value);
}

interface Prepared {
  /** The text redis-server actually splits (differs from the document only around NUL bytes). */
  src: string;
  map: OffsetMap | null;
  /** Document offsets of NUL characters that truncated a chunk. */
  nuls: Array<{ at: number; dropEnd: number }>;
}

function utf8Len(c: number): number {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) return 4; // high surrogate carries the 4 bytes
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return 3;
}

/**
 * Emulates `while (fgets(buf, 1025, fp)) config = sdscat(config, buf)`: each
 * chunk is at most 1024 bytes and ends after a "\n"; sdscat stops at the first
 * NUL, so the rest of that chunk (its newline too) is dropped.
 */
function prepare(text: string): Prepared {
  if (text.indexOf('\0') < 0) return { src: text, map: null, nuls: [] };
  const pieces: Array<{ srcStart: number; docStart: number; len: number }> = [];
  const nuls: Array<{ at: number; dropEnd: number }> = [];
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    // one fgets chunk starting at i
    let bytes = 0;
    let j = i;
    let nulAt = -1;
    while (j < n) {
      const c = text.charCodeAt(j);
      const len = utf8Len(c);
      if (bytes + len > 1024 && bytes > 0) break;
      bytes += len;
      if (c === NUL && nulAt < 0) nulAt = j;
      j++;
      if (c === LF) break;
    }
    const keepEnd = nulAt >= 0 ? nulAt : j;
    if (keepEnd > i) {
      pieces.push({ srcStart: out.length, docStart: i, len: keepEnd - i });
      out += text.slice(i, keepEnd);
    }
    if (nulAt >= 0) nuls.push({ at: nulAt, dropEnd: j });
    i = j;
  }
  const map: OffsetMap = (off) => {
    // binary search the piece holding `off` (an offset of `out`)
    let lo = 0, hi = pieces.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid].srcStart <= off) lo = mid;
      else hi = mid - 1;
    }
    const p = pieces[lo];
    const within = off - p.srcStart;
    if (within <= p.len) return p.docStart + within;
    return p.docStart + p.len;
  };
  return { src: out, map, nuls };
}

/** Start offsets of lines as an editor counts them ("\r\n", "\n", "\r"). */
function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      starts.push(i + 1);
    } else if (c === LF) {
      starts.push(i + 1);
    }
  }
  return starts;
}

class ParsedConfig implements ConfigDocument {
  private lineStarts: number[] | undefined;
  private views = new Map<Tokenizer, ConfigDocument>();
  constructor(
    readonly text: string,
    readonly lines: Line[],
    readonly directives: Directive[],
    readonly comments: Comment[],
    readonly problems: SyntaxProblem[],
    /** Lines that split differently under the 'quote-continues' tokenizer, by index in `lines`. */
    private readonly continued: ReadonlyMap<number, Line | null> = new Map(),
    shareStarts?: () => number[],
  ) {
    if (shareStarts) this.starts = shareStarts;
  }

  private starts(): number[] {
    return (this.lineStarts ??= computeLineStarts(this.text));
  }
  get lineCount(): number {
    return this.starts().length;
  }
  forTokenizer(tokenizer: Tokenizer): ConfigDocument {
    if (tokenizer === 'quote-ends' || this.continued.size === 0) return this;
    let view = this.views.get(tokenizer);
    if (!view) {
      const lines: Line[] = [];
      for (let i = 0; i < this.lines.length; i++) {
        const alt = this.continued.get(i);
        if (alt === undefined) lines.push(this.lines[i]);
        else if (alt !== null) lines.push(alt);
      }
      const directives = lines.filter((l): l is Directive => l.kind === 'directive');
      const nuls = this.problems.filter((p) => p.error === 'nul-character');
      const problems = [...lines.filter((l): l is SyntaxProblem => l.kind === 'syntax-error'), ...nuls];
      view = new ParsedConfig(this.text, lines, directives, this.comments, problems, new Map(), () => this.starts());
      this.views.set(tokenizer, view);
    }
    return view;
  }
  positionAt(offset: number): Position {
    const starts = this.starts();
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = starts.length - 1;
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

/** The line a split gives: a directive, a syntax problem, or null for a line with no token. */
function lineOf(r: SplitResult, lineNumber: number, s: number, e: number, m: (i: number) => number): Directive | SyntaxProblem | null {
  if (r.error) {
    return {
      kind: 'syntax-error', error: r.error.kind, lineNumber, start: m(s), end: m(e),
      spotStart: r.error.spotStart, spotEnd: Math.min(r.error.spotEnd, m(e)),
    };
  }
  if (r.tokens.length === 0) return null;
  const name = r.tokens[0];
  return { kind: 'directive', name, key: asciiLower(name.value), args: r.tokens.slice(1), lineNumber, start: m(s), end: m(e) };
}

function sameSplit(a: SplitResult, b: SplitResult): boolean {
  if (!!a.error !== !!b.error || a.tokens.length !== b.tokens.length) return false;
  if (a.error && b.error && (a.error.kind !== b.error.kind || a.error.spotStart !== b.error.spotStart)) return false;
  for (let i = 0; i < a.tokens.length; i++) {
    if (a.tokens[i].value !== b.tokens[i].value || a.tokens[i].end !== b.tokens[i].end) return false;
  }
  return true;
}

/** True when a closing quote on src[s, e) could be followed by something other than a token end. */
function mayContinue(src: string, s: number, e: number): boolean {
  for (let i = s; i < e - 1; i++) {
    const c = src.charCodeAt(i);
    if ((c === DQUOTE || c === SQUOTE) && !endsToken(src.charCodeAt(i + 1))) return true;
  }
  return false;
}

/** Parses a whole config file. Never throws. */
export function parseConfig(text: string): ConfigDocument {
  const prepared = prepare(text);
  const { src, map } = prepared;
  const m = (i: number) => (map ? map(i) : i);
  const lines: Line[] = [];
  const directives: Directive[] = [];
  const comments: Comment[] = [];
  const problems: SyntaxProblem[] = [];
  const continued = new Map<number, Line | null>();
  const n = src.length;
  let lineNumber = 0;
  let pos = 0;
  while (pos <= n) {
    lineNumber++;
    let lineEnd = src.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = n;
    let s = pos, e = lineEnd;
    while (s < e && isTrim(src.charCodeAt(s))) s++;
    while (e > s && isTrim(src.charCodeAt(e - 1))) e--;
    if (s < e) {
      if (src.charCodeAt(s) === HASH) {
        const c: Comment = { kind: 'comment', lineNumber, start: m(s), end: m(e) };
        lines.push(c);
        comments.push(c);
      } else {
        const r = splitArgs(src, s, e, map);
        const line = lineOf(r, lineNumber, s, e, m);
        if (line && mayContinue(src, s, e)) {
          const r2 = splitArgs(src, s, e, map, 'quote-continues');
          if (!sameSplit(r, r2)) continued.set(lines.length, lineOf(r2, lineNumber, s, e, m));
        }
        if (line?.kind === 'syntax-error') {
          lines.push(line);
          problems.push(line);
        } else if (line) {
          lines.push(line);
          directives.push(line);
        }
      }
    }
    if (lineEnd >= n) break;
    pos = lineEnd + 1;
  }
  // Report where redis-server silently drops text: it changes what the lines mean.
  // The NULs come in document order, so one forward scan numbers their lines.
  let nulLine = 1;
  let nextNewline = prepared.nuls.length ? text.indexOf('\n') : -1;
  for (const nul of prepared.nuls) {
    while (nextNewline >= 0 && nextNewline < nul.at) {
      nulLine++;
      nextNewline = text.indexOf('\n', nextNewline + 1);
    }
    const p: SyntaxProblem = {
      kind: 'syntax-error', error: 'nul-character', lineNumber: nulLine,
      start: nul.at, end: nul.dropEnd, spotStart: nul.at, spotEnd: nul.at + 1,
    };
    problems.push(p);
  }
  return new ParsedConfig(text, lines, directives, comments, problems, continued);
}
