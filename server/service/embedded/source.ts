/**
 * Strings of an outer file (a YAML scalar, a Dockerfile instruction) with the
 * outer offset of each character, and the shell-like splitting that turns them
 * into arguments that keep their ranges.
 */

/**
 * A string taken from the outer file. `offs[i]` is the outer offset of
 * `value[i]`; without `offs` (an escaped or folded scalar) every part of the
 * string maps to the whole range [start, end).
 */
export interface Source {
  readonly value: string;
  readonly offs?: Int32Array;
  readonly start: number;
  readonly end: number;
}

/** One argument: its value and the outer range of its source text. `linear`: value[i] is at start + i. */
export interface Arg {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly linear: boolean;
  /** A shell operator (`;`, `&&`, `|`…), when split as a shell script. */
  readonly op?: boolean;
  /** The whole source, when the argument is one (a YAML list item): a `sh -c` script is split from it. */
  readonly src?: Source;
}

/** A source whose value is exactly the outer text at `start`. */
export function linearSource(value: string, start: number): Source {
  const offs = new Int32Array(value.length);
  for (let i = 0; i < value.length; i++) offs[i] = start + i;
  return { value, offs, start, end: start + value.length };
}

/** The argument of value[from, to) (source characters, quotes included) with the unquoted `value`. */
export function argOf(src: Source, from: number, to: number, value: string, op = false): Arg {
  if (!src.offs || to <= from) return { value, start: src.start, end: src.end, linear: false, op };
  const start = src.offs[from];
  const end = src.offs[to - 1] + 1;
  const linear = end - start === to - from && value === src.value.slice(from, to);
  return { value, start, end, linear, op };
}

/** Arguments per source at most: a longer command line is cut there. */
export const MAX_ARGS = 10_000;

const OPERATORS = ['&&', '||', ';;', ';', '&', '|', '>', '<', '(', ')'];

/**
 * Splits like a POSIX shell (`shell`: a `sh -c` script, with its operators
 * as their own arguments) or like Python's shlex.split (docker compose's
 * string `command:`): blanks separate, single quotes are literal, double
 * quotes keep a backslash before anything but `\ " $ \``, an unquoted
 * backslash escapes the next character. An unterminated quote ends at the end.
 */
export function splitArgs(src: Source, shell: boolean): Arg[] {
  const s = src.value;
  const out: Arg[] = [];
  let i = 0;
  while (i < s.length && out.length < MAX_ARGS) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (shell && c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    const op = shell ? OPERATORS.find((o) => s.startsWith(o, i)) : undefined;
    if (op) {
      out.push(argOf(src, i, i + op.length, op, true));
      i += op.length;
      continue;
    }
    const from = i;
    const word = readWord(s, i, shell);
    i = word.end;
    out.push(argOf(src, from, i, word.value));
  }
  return out;
}

/** One word from `i`: its unquoted value and where it ends. */
function readWord(s: string, i: number, shell: boolean): { value: string; end: number } {
  let value = '';
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') break;
    if (shell && OPERATORS.some((o) => s.startsWith(o, i))) break;
    if (c === "'") {
      const close = s.indexOf("'", i + 1);
      const stop = close < 0 ? s.length : close;
      value += s.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '\\"$`\n'.includes(s[i + 1])) {
          if (s[i + 1] !== '\n') value += s[i + 1];
          i += 2;
        } else value += s[i++];
      }
      i++;
    } else if (c === '\\' && i + 1 < s.length) {
      if (s[i + 1] !== '\n') value += s[i + 1];
      i += 2;
    } else value += s[i++];
  }
  return { value, end: Math.min(i, s.length) };
}
