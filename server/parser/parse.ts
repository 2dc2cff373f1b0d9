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
import { ParsedConfig, type ParsedNodes } from './document';
import type { Comment, ConfigDocument, Directive, SyntaxErrorKind, SyntaxProblem, Token, Tokenizer } from './types';

const SPACE = 32,
  TAB = 9,
  LF = 10,
  CR = 13,
  DQUOTE = 34,
  SQUOTE = 39,
  HASH = 35,
  BACKSLASH = 92,
  NUL = 0;

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
  /** Where the range starts and ends in `src`. */
  srcFrom: number;
  srcEnd: number;
  map: OffsetMap | null;
  /** Document offsets of NUL characters that truncated a chunk. */
  nuls: Array<{ at: number; dropEnd: number }>;
  /** Document offsets of the "\n" characters those truncations dropped. */
  dropped: number[];
}

export function utf8Len(c: number): number {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) return 4; // high surrogate carries the 4 bytes
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return 3;
}

/** The start of the line (as "\n" splits them) holding offset `at`. */
export function lineStartOf(text: string, at: number): number {
  return at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

/** The end of the fgets chunk that starts at `i` (chunks never run past a "\n", so each line starts one). */
function chunkEnd(text: string, i: number, n: number): { end: number; nulAt: number } {
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
  return { end: j, nulAt };
}

/**
 * Whether redis-server drops the "\n" at `at` (the next line is glued on): a
 * NUL before it in its fgets chunk. Chunks restart at each line start, so
 * only the line of `at` is read.
 */
export function dropsNewline(text: string, at: number): boolean {
  const lineStart = lineStartOf(text, at);
  const nul = text.indexOf('\0', lineStart);
  if (nul < 0 || nul > at) return false;
  let i = lineStart;
  for (;;) {
    const c = chunkEnd(text, i, at + 1);
    if (c.end > at) return c.nulAt >= 0;
    i = c.end;
  }
}

/**
 * A copy of a string that does not keep the string it was cut from alive (a
 * substring may be a view of its whole parent): the tokens of a line re-parsed
 * after an edit then hold that line, not the whole text of that version.
 */
export function copyOf(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * Emulates `while (fgets(buf, 1025, fp)) config = sdscat(config, buf)` over
 * text[from, end), whole lines: each chunk is at most 1024 bytes and ends
 * after a "\n"; sdscat stops at the first NUL, so the rest of that chunk (its
 * newline too) is dropped.
 */
function prepare(text: string, from: number, end: number, detach: boolean): Prepared {
  const first = text.indexOf('\0', from);
  if (first < 0 || first >= end) {
    if (!detach) return { src: text, srcFrom: from, srcEnd: end, map: null, nuls: [], dropped: [] };
    const src = copyOf(text.slice(from, end));
    return { src, srcFrom: 0, srcEnd: src.length, map: (i) => i + from, nuls: [], dropped: [] };
  }
  const pieces: Array<{ srcStart: number; docStart: number; len: number }> = [];
  const nuls: Array<{ at: number; dropEnd: number }> = [];
  const dropped: number[] = [];
  let out = '';
  let i = from;
  while (i < end) {
    const { end: j, nulAt } = chunkEnd(text, i, end);
    const keepEnd = nulAt >= 0 ? nulAt : j;
    if (keepEnd > i) {
      pieces.push({ srcStart: out.length, docStart: i, len: keepEnd - i });
      out += text.slice(i, keepEnd);
    }
    if (nulAt >= 0) {
      nuls.push({ at: nulAt, dropEnd: j });
      if (text.charCodeAt(j - 1) === LF) dropped.push(j - 1);
    }
    i = j;
  }
  const map: OffsetMap = (off) => {
    // binary search the piece holding `off` (an offset of `out`)
    let lo = 0,
      hi = pieces.length - 1;
    if (hi < 0) return from;
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
  return { src: out, srcFrom: 0, srcEnd: out.length, map, nuls, dropped };
}

/** The line a split gives: a directive, a syntax problem, or null for a line with no token. */
function lineOf(r: SplitResult, lineNumber: number, s: number, e: number, m: (i: number) => number): Directive | SyntaxProblem | null {
  if (r.error) {
    return {
      kind: 'syntax-error',
      error: r.error.kind,
      lineNumber,
      start: m(s),
      end: m(e),
      spotStart: r.error.spotStart,
      spotEnd: Math.min(r.error.spotEnd, m(e)),
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

/** What parsing a range of whole lines finds, in document order. */
export interface Scan extends ParsedNodes {
  dropped: number[];
  /** Lines redis-server counts in the range. */
  redisLines: number;
}

/**
 * Parses text[from, end): `from` starts a line redis-server reads (0, or just
 * after a "\n" it keeps) and `end` ends one (just after such a "\n", or the
 * end of the text). `firstLine` is redis-server's number of the first line,
 * `firstPhysical` the number "\n" alone gives it (NULs are reported by it).
 * With `detach`, the values of the tokens are cut from a copy of the range,
 * not from `text` (see copyOf).
 */
export function scanLines(text: string, from: number, end: number, firstLine: number, firstPhysical: number, detach = false): Scan {
  const prepared = prepare(text, from, end, detach);
  const { src, map } = prepared;
  const m = (i: number) => (map ? map(i) : i);
  const out: Scan = {
    lines: [],
    directives: [],
    comments: [],
    lineProblems: [],
    nuls: [],
    continued: new Map(),
    dropped: prepared.dropped,
    redisLines: 0,
  };
  // the "\n" that ends the range ends its last line; the next line belongs to the next range
  const last = end < text.length ? prepared.srcEnd - 1 : prepared.srcEnd;
  let lineNumber = firstLine - 1;
  let pos = prepared.srcFrom;
  while (pos <= last) {
    lineNumber++;
    let lineEnd = src.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd > last) lineEnd = last;
    let s = pos,
      e = lineEnd;
    while (s < e && isTrim(src.charCodeAt(s))) s++;
    while (e > s && isTrim(src.charCodeAt(e - 1))) e--;
    if (s < e) scanLine(src, s, e, lineNumber, m, map, out);
    if (lineEnd >= last) break;
    pos = lineEnd + 1;
  }
  out.redisLines = lineNumber - firstLine + 1;
  // Report where redis-server silently drops text: it changes what the lines mean.
  // The NULs come in document order, so one forward scan numbers their lines.
  let nulLine = firstPhysical;
  let nextNewline = prepared.nuls.length ? text.indexOf('\n', from) : -1;
  for (const nul of prepared.nuls) {
    while (nextNewline >= 0 && nextNewline < nul.at) {
      nulLine++;
      nextNewline = text.indexOf('\n', nextNewline + 1);
    }
    out.nuls.push({
      kind: 'syntax-error',
      error: 'nul-character',
      lineNumber: nulLine,
      start: nul.at,
      end: nul.dropEnd,
      spotStart: nul.at,
      spotEnd: nul.at + 1,
    });
  }
  return out;
}

/** One trimmed, non-empty line src[s, e). */
function scanLine(src: string, s: number, e: number, lineNumber: number, m: (i: number) => number, map: OffsetMap | null, out: Scan): void {
  if (src.charCodeAt(s) === HASH) {
    const c: Comment = { kind: 'comment', lineNumber, start: m(s), end: m(e) };
    out.lines.push(c);
    out.comments.push(c);
    return;
  }
  const r = splitArgs(src, s, e, map);
  const line = lineOf(r, lineNumber, s, e, m);
  if (line && mayContinue(src, s, e)) {
    const r2 = splitArgs(src, s, e, map, 'quote-continues');
    if (!sameSplit(r, r2)) out.continued.set(out.lines.length, lineOf(r2, lineNumber, s, e, m));
  }
  if (line?.kind === 'syntax-error') {
    out.lines.push(line);
    out.lineProblems.push(line);
  } else if (line) {
    out.lines.push(line);
    out.directives.push(line);
  }
}

/** Offsets of the "\n" characters of text[from, end). */
export function newlinesOf(text: string, from: number, end: number): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\n', from); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) out.push(i);
  return out;
}

/** Parses a whole config file. Never throws. */
export function parseConfig(text: string): ConfigDocument {
  const scan = scanLines(text, 0, text.length, 1, 1);
  return new ParsedConfig({
    text,
    lines: scan.lines,
    directives: scan.directives,
    comments: scan.comments,
    lineProblems: scan.lineProblems,
    nuls: scan.nuls,
    continued: scan.continued,
    newlines: Int32Array.from(newlinesOf(text, 0, text.length)),
    dropped: Int32Array.from(scan.dropped),
  });
}
