/**
 * The number parsers redis-server uses on config values, reproduced exactly
 * (64-bit Linux, C locale) with BigInt so that overflow, wrap-around and
 * saturation behave as in C. Facts from redis src/util.c (string2ll, memtoull,
 * memtoll, string2d) and the C library (strtoll, strtoull, strtol, atoi, strtod).
 */

export const LLONG_MIN = -(2n ** 63n);
export const LLONG_MAX = 2n ** 63n - 1n;
export const ULLONG_MAX = 2n ** 64n - 1n;
const TWO64 = 2n ** 64n;

/** Two's complement view of an unsigned 64-bit value. */
export function asSigned64(v: bigint): bigint {
  v = BigInt.asUintN(64, v);
  return v > LLONG_MAX ? v - TWO64 : v;
}
export function asUnsigned64(v: bigint): bigint {
  return BigInt.asUintN(64, v);
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Redis' strict string2ll: no blanks, no '+', no leading zeros, fits a long long. */
export function string2ll(s: string): bigint | null {
  const n = s.length;
  if (n === 0 || n >= 21) return null; // LONG_STR_SIZE is 21
  if (n === 1 && s === '0') return 0n;
  let i = 0;
  let negative = false;
  if (s.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
    if (n === 1) return null;
  }
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return null;
  for (let j = i + 1; j < n; j++) if (!isDigit(s.charCodeAt(j))) return null;
  const v = BigInt(s.slice(i));
  if (v > ULLONG_MAX) return null;
  if (negative) return v > 2n ** 63n ? null : -v;
  return v > LLONG_MAX ? null : v;
}

export interface StrtolResult {
  /** The value strtol would return (saturated on overflow). */
  value: bigint;
  /** Index of the first character not consumed (0 when nothing was parsed). */
  end: number;
  /** errno == ERANGE. */
  overflow: boolean;
}

/** C strtoll / strtoull / strtol (64-bit long) for bases 8 and 10. */
export function strtoll(s: string, base: 8 | 10 = 10, unsigned = false): StrtolResult {
  let i = 0;
  const n = s.length;
  while (i < n && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  const sign = s.charCodeAt(i);
  if (sign === 43 || sign === 45) {
    negative = sign === 45;
    i++;
  }
  const digitsStart = i;
  let v = 0n;
  const b = BigInt(base);
  while (i < n) {
    const c = s.charCodeAt(i);
    const d = c - 48;
    if (d < 0 || d >= base) break;
    v = v * b + BigInt(d);
    i++;
  }
  if (i === digitsStart) return { value: 0n, end: 0, overflow: false };
  if (unsigned) {
    if (v > ULLONG_MAX) return { value: ULLONG_MAX, end: i, overflow: true };
    return { value: negative ? asUnsigned64(-v) : v, end: i, overflow: false };
  }
  if (negative) {
    if (-v < LLONG_MIN) return { value: LLONG_MIN, end: i, overflow: true };
    return { value: -v, end: i, overflow: false };
  }
  if (v > LLONG_MAX) return { value: LLONG_MAX, end: i, overflow: true };
  return { value: v, end: i, overflow: false };
}

/** C atoi: (int) strtol(s, NULL, 10), truncated to 32 bits as glibc does. */
export function atoi(s: string): number {
  return Number(BigInt.asIntN(32, strtoll(s).value));
}

const UNITS: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000_000n,
  mb: 1024n * 1024n,
  g: 1000_000_000n,
  gb: 1024n ** 3n,
};

/** Byte multiplier of a memory unit suffix (case-insensitive), or undefined. */
export function memoryUnit(suffix: string): bigint | undefined {
  return UNITS[suffix.toLowerCase()];
}

function splitMemory(s: string, allowMinus: boolean): { digits: string; mul: bigint } | null {
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (!allowMinus) return null;
    i = 1;
  }
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  const mul = memoryUnit(s.slice(i));
  if (mul === undefined) return null;
  if (i >= 128) return null; // digits must fit a 128-byte buffer
  return { digits: s.slice(0, i), mul };
}

/**
 * Redis 7.0+ memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb, any case).
 * "" and a bare unit are 0; a leading '-' is an error; overflow saturates or wraps (no check),
 * except with `refuseOverflow` (Valkey 9.1), where digits beyond 64 bits are an error.
 * Returns the unsigned 64-bit value, or null for "not a memory value".
 */
export function memtoull(s: string, refuseOverflow = false): bigint | null {
  const parts = splitMemory(s, false);
  if (!parts) return null;
  const r = parts.digits === '' ? { value: 0n, overflow: false } : strtoll(parts.digits, 10, true);
  // Valkey 9.1 refuses digits strtoull cannot hold (ERANGE); the multiplication still wraps
  if (refuseOverflow && r.overflow) return null;
  return asUnsigned64(r.value * parts.mul);
}

/** Redis 6.2 memtoll: like memtoull but signed, '-' allowed; overflow wraps. */
export function memtoll(s: string): bigint | null {
  const parts = splitMemory(s, true);
  if (!parts) return null;
  if (parts.digits === '-') return null;
  const r = parts.digits === '' ? { value: 0n } : strtoll(parts.digits, 10, false);
  return asSigned64(r.value * parts.mul);
}

// the hexadecimal form first: strtod reads "0x10" as sixteen, not as "0" followed by junk
const STRTOD =
  /^[+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN](?:\([0-9A-Za-z_]*\))?)/;

/**
 * Redis string2d: the whole string is a finite-or-infinite double, no leading blank, not NaN.
 * With 'decimal' (Valkey 9.1's parser) a hexadecimal form is not a number.
 */
export function string2d(s: string, syntax: 'strtod' | 'decimal' = 'strtod'): number | null {
  if (s.length === 0 || isCSpace(s.charCodeAt(0))) return null;
  if (syntax === 'decimal' && /^[+-]?0[xX]/.test(s)) return null;
  const m = STRTOD.exec(s);
  if (!m || m[0].length !== s.length) return null;
  const body = s.replace(/^[+-]/, '').toLowerCase();
  if (body.startsWith('nan')) return null;
  if (body.startsWith('inf')) return s.startsWith('-') ? -Infinity : Infinity;
  let v: number;
  if (body.startsWith('0x')) v = parseHexFloat(body) * (s.startsWith('-') ? -1 : 1);
  else v = Number(s);
  // ERANGE: overflow to infinity, or underflow to zero from non-zero digits
  if (!Number.isFinite(v)) return null;
  if (v === 0 && /[1-9]/.test(body.replace(/e.*$/, '').replace(/^0x/, '').replace(/p.*$/, ''))) return null;
  return v;
}

function parseHexFloat(body: string): number {
  const m = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/.exec(body);
  if (!m) return NaN;
  const mant = parseInt((m[1] || '0') + (m[2] || ''), 16) / 16 ** (m[2] ?? '').length;
  return mant * 2 ** Number(m[3] ?? 0);
}

/** C strcasecmp equality for ASCII. */
export function strcaseEq(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase() && isAsciiCaseOnly(a, b);
}
function isAsciiCaseOnly(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i),
      y = b.charCodeAt(i);
    if (x === y) continue;
    const lx = x >= 65 && x <= 90 ? x + 32 : x;
    const ly = y >= 65 && y <= 90 ? y + 32 : y;
    if (lx !== ly) return false;
  }
  return true;
}

/** Redis yesnotoi: 1 for yes, 0 for no (any case), -1 otherwise. */
export function yesnotoi(s: string): number {
  if (strcaseEq(s, 'yes')) return 1;
  if (strcaseEq(s, 'no')) return 0;
  return -1;
}

/** Byte length of a string once encoded as UTF-8 (what C strlen sees). */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** "1,073,741,824" */
export function formatBytes(v: bigint): string {
  return v.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
