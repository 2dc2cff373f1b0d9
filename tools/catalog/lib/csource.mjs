// Reading C source as data: comment stripping, balanced brackets, top-level
// argument splitting, the object-like #defines and enum members of a source
// tree, and a small evaluator of integer / string constant expressions over
// them (LP64 limits, casts ignored, literal suffixes accepted).

/** Replaces comments with blanks (newlines kept) and leaves string and char literals intact. */
export function stripComments(src) {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '"' || c === "'") {
      const end = literalEnd(src, i);
      out += src.slice(i, end);
      i = end;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '/' && src[i + 1] === '/') {
      let stop = src.indexOf('\n', i);
      if (stop < 0) stop = n;
      out += ' '.repeat(stop - i);
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function literalEnd(src, start) {
  const q = src[start];
  let i = start + 1;
  while (i < src.length && src[i] !== q) {
    if (src[i] === '\\') i++;
    if (src[i] === '\n') break;
    i++;
  }
  return i + 1;
}

/** Index just past the bracket that closes the one at `open` (string literals skipped). */
export function matchBracket(src, open) {
  const pairs = { '(': ')', '{': '}', '[': ']' };
  const stack = [pairs[src[open]]];
  let i = open + 1;
  while (i < src.length && stack.length) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = literalEnd(src, i);
      continue;
    }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack[stack.length - 1]) stack.pop();
    i++;
  }
  if (stack.length) throw new Error(`unbalanced bracket at offset ${open}`);
  return i;
}

/** Splits an argument list (without its outer brackets) on top-level commas. */
export function splitArgs(text) {
  const args = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = literalEnd(text, i);
      cur += text.slice(i, end);
      i = end - 1;
      continue;
    }
    if (c === '(' || c === '{' || c === '[') depth++;
    if (c === ')' || c === '}' || c === ']') depth--;
    if (c === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '' || args.length) args.push(cur.trim());
  return args;
}

/** The body (between braces) of the C function named `name`, comments stripped. */
export function functionBody(src, name) {
  // an optional __attribute__((…)) before the return type (Valkey 9: `__attribute__((weak)) int main(…)`)
  const re = new RegExp(`^(?:__attribute__\\(\\([^)]*\\)\\)\\s*)?[A-Za-z_][\\w \\t\\*]*\\b${name}\\s*\\([^;{]*\\)\\s*\\{`, 'm');
  const m = re.exec(src);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  return src.slice(open + 1, matchBracket(src, open) - 1);
}

/** The initializer (between braces) of an array definition matching `re` (which must end at the `{`). */
export function arrayInitializer(src, re) {
  const m = re.exec(src);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  return src.slice(open + 1, matchBracket(src, open) - 1);
}

/** Unescapes the body of a C string literal. */
export function unescapeC(body) {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07', f: '\f', v: '\v', 0: '\0' }[e] ?? e;
  });
}

/** The value of a lone string literal, or undefined. */
export function stringLiteral(text) {
  const m = /^"((?:[^"\\]|\\.)*)"$/s.exec(text.trim());
  return m ? unescapeC(m[1]) : undefined;
}

/**
 * Object-like #defines and enum members, first definition winning in the
 * order the files are added (so a tree's own headers can take precedence).
 */
export class Symbols {
  constructor() {
    this.defs = new Map();
  }

  /** Adds the #defines and enum members of one file (comments are stripped here). */
  addFile(text) {
    const src = stripComments(text).replace(/\\\r?\n/g, ' ');
    for (const m of src.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(?![\w(])[ \t]*(.*)$/gm)) {
      if (!this.defs.has(m[1])) this.defs.set(m[1], m[2].trim());
    }
    for (const m of src.matchAll(/\benum\b\s*\w*\s*\{/g)) {
      const open = m.index + m[0].length - 1;
      let body;
      try {
        body = src.slice(open + 1, matchBracket(src, open) - 1);
      } catch {
        continue;
      }
      let prev;
      for (const member of splitArgs(body)) {
        const mm = /^([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+))?$/.exec(member.trim());
        if (!mm) continue;
        const expr = mm[2] !== undefined ? `(${mm[2]})` : prev === undefined ? '0' : `(${prev}) + 1`;
        if (!this.defs.has(mm[1])) this.defs.set(mm[1], expr);
        prev = mm[1];
      }
    }
  }

  has(name) {
    return this.defs.has(name);
  }

  get(name) {
    return this.defs.get(name);
  }
}

const TWO64 = 1n << 64n;
/** Limits of an LP64 Linux build (limits.h / stdint.h), the platform Redis ships on. */
const LIMITS = {
  CHAR_BIT: 8n,
  INT_MAX: 2147483647n,
  INT_MIN: -2147483648n,
  UINT_MAX: 4294967295n,
  LONG_MAX: (1n << 63n) - 1n,
  LONG_MIN: -(1n << 63n),
  ULONG_MAX: TWO64 - 1n,
  LLONG_MAX: (1n << 63n) - 1n,
  LLONG_MIN: -(1n << 63n),
  ULLONG_MAX: TWO64 - 1n,
  SSIZE_MAX: (1n << 63n) - 1n,
  SIZE_MAX: TWO64 - 1n,
  INT64_MAX: (1n << 63n) - 1n,
  UINT64_MAX: TWO64 - 1n,
  INT32_MAX: 2147483647n,
  UINT32_MAX: 4294967295n,
};
const TYPE_WORDS = new Set([
  'int',
  'long',
  'short',
  'char',
  'unsigned',
  'signed',
  'double',
  'float',
  'const',
  'size_t',
  'ssize_t',
  'off_t',
  'time_t',
  'mode_t',
  'uint64_t',
  'int64_t',
  'uint32_t',
  'int32_t',
  'uint16_t',
  'int16_t',
  'uint8_t',
  'int8_t',
]);

function tokenize(expr) {
  const tokens = [];
  const re = /\s*(0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|<=|>=|==|!=|&&|\|\||"(?:[^"\\]|\\.)*"|[-+*/%()~!<>&|^?:])/gy;
  let m;
  let last = 0;
  while ((m = re.exec(expr))) {
    tokens.push(m[1]);
    last = re.lastIndex;
  }
  if (expr.slice(last).trim() !== '') throw new Error(`cannot read '${expr.slice(last).trim()}' in '${expr}'`);
  return tokens;
}

/** Evaluates integer constant expressions with BigInt, resolving names through `symbols`. */
export function evalInt(expr, symbols, depth = 0) {
  if (depth > 40) throw new Error(`macro recursion too deep in '${expr}'`);
  const tokens = tokenize(expr);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (t) => {
    if (tokens[pos] !== t) throw new Error(`expected '${t}' in '${expr}'`);
    pos++;
  };
  const BIN = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  function ternary() {
    const c = binary(0);
    if (peek() !== '?') return c;
    pos++;
    const a = ternary();
    take(':');
    const b = ternary();
    return c !== 0n ? a : b;
  }
  function binary(level) {
    if (level === BIN.length) return unary();
    let left = binary(level + 1);
    while (BIN[level].includes(peek())) {
      const op = tokens[pos++];
      const right = binary(level + 1);
      left = apply(op, left, right);
    }
    return left;
  }
  function apply(op, a, b) {
    switch (op) {
      case '||':
        return a !== 0n || b !== 0n ? 1n : 0n;
      case '&&':
        return a !== 0n && b !== 0n ? 1n : 0n;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '&':
        return a & b;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case '<':
        return a < b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return a / b;
      case '%':
        return a % b;
    }
    throw new Error(`operator ${op}`);
  }
  function unary() {
    const t = peek();
    if (t === '-') {
      pos++;
      return -unary();
    }
    if (t === '+') {
      pos++;
      return unary();
    }
    if (t === '~') {
      pos++;
      return ~unary();
    }
    if (t === '!') {
      pos++;
      return unary() === 0n ? 1n : 0n;
    }
    if (t === '(') {
      // a cast: '(' type words ')' followed by an operand
      let j = pos + 1;
      while (TYPE_WORDS.has(tokens[j]) || tokens[j] === '*') j++;
      if (j > pos + 1 && tokens[j] === ')') {
        pos = j + 1;
        return unary();
      }
      pos++;
      const v = ternary();
      take(')');
      return v;
    }
    return primary();
  }
  function primary() {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`unexpected end of '${expr}'`);
    if (/^0[xX]/.test(t)) return BigInt(t.replace(/[uUlL]+$/, ''));
    if (/^\d/.test(t)) {
      const digits = t.replace(/[uUlL]+$/, '');
      return digits.length > 1 && digits[0] === '0' ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (t in LIMITS) return LIMITS[t];
      const def = symbols.get(t);
      if (def === undefined || def === '') throw new Error(`unknown constant ${t} in '${expr}'`);
      return evalInt(def, symbols, depth + 1);
    }
    throw new Error(`unexpected '${t}' in '${expr}'`);
  }
  const v = ternary();
  if (pos !== tokens.length) throw new Error(`trailing '${tokens.slice(pos).join(' ')}' in '${expr}'`);
  return v;
}

/** Evaluates a string expression: literals and macros expanding to literals, concatenated; NULL gives null. */
export function evalString(expr, symbols, depth = 0) {
  if (depth > 40) throw new Error(`macro recursion too deep in '${expr}'`);
  const text = expr
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  if (text === 'NULL') return null;
  let out = '';
  const re = /\s*("(?:[^"\\]|\\.)*"|[A-Za-z_]\w*)/gy;
  let m;
  let last = 0;
  while ((m = re.exec(text))) {
    const tok = m[1];
    if (tok[0] === '"') out += unescapeC(tok.slice(1, -1));
    else {
      const def = symbols.get(tok);
      if (def === undefined) throw new Error(`unknown string constant ${tok}`);
      const v = evalString(def, symbols, depth + 1);
      if (v === null) throw new Error(`NULL inside a string expression '${expr}'`);
      out += v;
    }
    last = re.lastIndex;
  }
  if (text.slice(last).trim() !== '') throw new Error(`cannot read string expression '${expr}'`);
  return out;
}

/**
 * Build flags that release builds leave off: code under `#ifdef FLAG` (or
 * `#if defined(FLAG)`) is not in a production server. GCRA was held out of
 * Redis 8.8 behind ENABLE_GCRA; LOG_REQ_RES is a test-build flag.
 */
export const OFF_BY_DEFAULT = ['ENABLE_GCRA', 'LOG_REQ_RES'];

/**
 * The source as a build without `flags` sees it: lines inside `#ifdef FLAG`
 * blocks become blank (their `#else` part is kept), newlines kept so offsets of
 * other lines hold. Only plain `#ifdef FLAG` / `#if defined(FLAG)` are
 * understood; other conditionals are left as they are.
 */
export function withoutFlags(src, flags = OFF_BY_DEFAULT) {
  const lines = src.split('\n');
  // per open conditional: 'off' (a flag's block, being dropped), 'kept' (a flag's #else), 'other'
  const stack = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*#\s*(ifdef|ifndef|if|else|elif|endif)\b\s*(.*)$/.exec(lines[i]);
    const dropping = stack.includes('off');
    if (!m) {
      if (dropping) lines[i] = '';
      continue;
    }
    const word = m[2].trim().replace(/^defined\s*\(?\s*(\w+)\s*\)?$/, '$1');
    const top = stack[stack.length - 1];
    if (m[1] === 'ifdef' || m[1] === 'if') {
      const isFlag = flags.includes(word);
      stack.push(isFlag ? 'off' : 'other');
      if (isFlag || dropping) lines[i] = '';
    } else if (m[1] === 'ifndef') {
      stack.push('other');
      if (dropping) lines[i] = '';
    } else if (m[1] === 'else' || m[1] === 'elif') {
      if (top === 'off') stack[stack.length - 1] = 'kept';
      if (top === 'off' || top === 'kept' || stack.slice(0, -1).includes('off')) lines[i] = '';
    } else {
      stack.pop();
      if (top === 'off' || top === 'kept' || stack.includes('off')) lines[i] = '';
    }
  }
  return lines.join('\n');
}
