/**
 * Checks of the standard config kinds (bool, enum, numeric, string) exactly as
 * redis-server's setters judge them. Pure: values in, a verdict out.
 *
 * Facts from config.c of each version: 7.0+ numericParseString/numericBoundaryCheck
 * (memory via memtoull, N% for percent configs, base 8 for octal configs,
 * otherwise string2ll; unsigned bounds for ulonglong/uint/size_t only); 6.2
 * numericConfigSet (memtoll, negative memory refused, otherwise string2ll).
 */
import { isIPv4, isIPv6 } from './ip';
import type { LoaderSemantics, ValueSpec, VersionId } from '../catalog/types';
import type { CheckerCode } from './checkerCodes';
import { LLONG_MAX, asSigned64, asUnsigned64, memtoll, memtoull, strcaseEq, string2ll, strtoll, yesnotoi } from './cnum';

export interface Verdict {
  code: CheckerCode;
  message: string;
  /** Index of the offending argument (0-based among the directive's arguments). */
  arg?: number;
}

export type VersionFamily = 'v6' | 'v7';
export function familyOf(v: VersionId): VersionFamily {
  return v === '6.2' ? 'v6' : 'v7';
}

/** 7.0–7.4 numeric rules, for callers without a version's semantics. */
const CLASSIC_NUMERIC: NonNullable<LoaderSemantics['numeric']> = {
  unsignedTypes: ['ulonglong', 'uint', 'size_t'],
  negativeUnsignedRefused: false,
  memoryOverflow: 'saturates',
};

export function checkBool(value: string): Verdict | undefined {
  if (yesnotoi(value) < 0) return { code: 'invalid-bool', message: `expected yes or no, found '${value}'`, arg: 0 };
  return undefined;
}

/** One enum word, or (multi) a set of flag words; matching ignores case. */
export function checkEnum(spec: Extract<ValueSpec, { kind: 'enum' }>, values: string[]): Verdict | undefined {
  const allowed = spec.values.join(', ');
  if (values.length === 0 || (!spec.multi && values.length !== 1)) {
    return { code: 'invalid-enum', message: `expected ${spec.multi ? 'one or more of' : 'one of'}: ${allowed}` };
  }
  const lower: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const hit = spec.values.find((w) => strcaseEq(w, values[i]));
    if (!hit)
      return {
        code: 'invalid-enum',
        message: `'${values[i]}' is not allowed; expected ${spec.multi ? 'one or more of' : 'one of'}: ${allowed}`,
        arg: i,
      };
    lower.push(hit);
  }
  if (spec.check === 'shutdown-on-sig-flags' && lower.includes('save') && lower.includes('nosave')) {
    return { code: 'invalid-value', message: 'save and nosave cannot be used together' };
  }
  return undefined;
}

export interface NumericResult {
  verdict?: Verdict;
  /** The parsed value as redis-server stores it (percent as a negative number). */
  value?: bigint;
}

function describeBounds(spec: Extract<ValueSpec, { kind: 'numeric' }>): string {
  const fmt = (s: string) => (spec.octal ? BigInt(s).toString(8) : s);
  return `${fmt(spec.min)} and ${fmt(spec.max)}`;
}

export function checkNumeric(
  spec: Extract<ValueSpec, { kind: 'numeric' }>,
  raw: string,
  family: VersionFamily,
  numeric: LoaderSemantics['numeric'] = CLASSIC_NUMERIC,
): NumericResult {
  let ll: bigint | null = null;
  if (family === 'v6') {
    if (spec.memory) {
      ll = memtoll(raw);
      if (ll === null || ll < 0n) return { verdict: { code: 'invalid-memory', message: memoryHint(raw), arg: 0 } };
    } else {
      ll = string2ll(raw);
      if (ll === null) return { verdict: { code: 'invalid-number', message: integerHint(raw), arg: 0 } };
    }
  } else {
    if (spec.memory) {
      const u = memtoull(raw, numeric.memoryOverflow === 'refused');
      if (u !== null) ll = asSigned64(u);
      // Valkey 9.1: some memory settings also take a plain (negative) integer
      else if (spec.signedMemory) ll = string2ll(raw);
    }
    if (ll === null && spec.percent && raw.length > 1 && raw.endsWith('%')) {
      const p = string2ll(raw.slice(0, -1));
      if (p !== null && p >= 0n) ll = -p;
    }
    if (ll === null && spec.octal) {
      const r = strtoll(raw, 8);
      // strtoll consumed everything (an empty string counts) without overflow
      if (!r.overflow && (r.end === raw.length || raw.length === 0 || isAllBlank(raw))) ll = r.value;
    }
    if (ll === null && !spec.memory && !spec.percent && !spec.octal) ll = string2ll(raw);
    if (ll === null) {
      if (spec.memory && spec.percent)
        return {
          verdict: {
            code: 'invalid-memory',
            message: `expected a byte count (e.g. 100mb) or a percentage (e.g. 10%), found '${raw}'`,
            arg: 0,
          },
        };
      if (spec.memory) return { verdict: { code: 'invalid-memory', message: memoryHint(raw), arg: 0 } };
      if (spec.octal)
        return { verdict: { code: 'invalid-number', message: `expected an octal number such as 700, found '${raw}'`, arg: 0 } };
      return { verdict: { code: 'invalid-number', message: integerHint(raw), arg: 0 } };
    }
  }
  const min = BigInt(spec.min),
    max = BigInt(spec.max);
  if (family === 'v7' && numeric.unsignedTypes.includes(spec.type)) {
    if (numeric.negativeUnsignedRefused && ll < 0n) {
      return {
        verdict: {
          code: 'out-of-range',
          message: `must be between ${describeBounds(spec)}, found '${raw}' (this version refuses a value it reads as negative)`,
          arg: 0,
        },
      };
    }
    const u = asUnsigned64(ll);
    if (u > asUnsigned64(max) || u < asUnsigned64(min)) {
      return { verdict: { code: 'out-of-range', message: `must be between ${describeBounds(spec)}, found '${raw}'`, arg: 0 } };
    }
  } else if (family === 'v7' && spec.percent && ll < 0n) {
    if (ll < min)
      return { verdict: { code: 'out-of-range', message: `a percentage here must be at most ${-min}%, found '${raw}'`, arg: 0 } };
  } else if (ll > max || ll < min) {
    return { verdict: { code: 'out-of-range', message: `must be between ${describeBounds(spec)}, found '${raw}'`, arg: 0 } };
  }
  return { value: ll };
}

function isAllBlank(s: string): boolean {
  return /^[ \t\n\v\f\r]*$/.test(s);
}

function memoryHint(raw: string): string {
  if (/^\d+(\.\d+)?\s*(tb|t)$/i.test(raw)) return `'${raw}': terabyte units are not supported; use gb (e.g. 1024gb)`;
  if (/^\d+\.\d+/.test(raw)) return `'${raw}': fractions are not supported; use a smaller unit (e.g. 1536mb)`;
  if (raw.startsWith('-')) return `'${raw}': a byte count cannot be negative`;
  return `expected a byte count with an optional unit b, k, kb, m, mb, g or gb (e.g. 256mb), found '${raw}'`;
}

function integerHint(raw: string): string {
  if (/^\+\d/.test(raw)) return `'${raw}': no '+' sign is allowed`;
  if (/^-?0\d/.test(raw)) return `'${raw}': leading zeros are not allowed`;
  if (/^\d+\s*[kmg]b?$/i.test(raw)) return `'${raw}': this directive takes a plain integer, without a unit`;
  if (raw === '') return 'expected an integer, found an empty string';
  return `expected an integer, found '${raw}'`;
}

/** Variables of proc-title-template and whether each expands to nothing while the file loads. */
const PROC_TITLE_VARS: Record<string, boolean> = {
  title: true,
  'listen-addr': false,
  'server-mode': true,
  port: false,
  'tls-port': false,
  unixsocket: true,
  'config-file': false,
};

/** is_valid callbacks of string configs. */
export function checkString(check: string | undefined, value: string): Verdict | undefined {
  switch (check) {
    case 'dbfilename':
      if (/[/\\]/.test(value))
        return { code: 'invalid-value', message: 'dbfilename must be a file name, not a path (set the directory with dir)', arg: 0 };
      return undefined;
    case 'aof-filename':
      if (value === '') return { code: 'invalid-value', message: 'appendfilename cannot be empty', arg: 0 };
      if (/[/\\]/.test(value)) return { code: 'invalid-value', message: 'appendfilename must be a file name, not a path', arg: 0 };
      return undefined;
    case 'aof-dirname':
      if (value === '') return { code: 'invalid-value', message: 'appenddirname cannot be empty', arg: 0 };
      if (/[/\\]/.test(value))
        return { code: 'invalid-value', message: 'appenddirname must be a directory name inside dir, not a path', arg: 0 };
      return undefined;
    case 'announced-hostname':
      if (value.length >= 256) return { code: 'invalid-value', message: 'a hostname must be shorter than 256 characters', arg: 0 };
      if (!/^[A-Za-z0-9.-]*$/.test(value))
        return { code: 'invalid-value', message: 'a hostname may only contain letters, digits, hyphens and dots', arg: 0 };
      return undefined;
    case 'proc-title-template':
      return checkProcTitle(value);
    case 'dbfilename-nonempty':
      if (value === '') return { code: 'invalid-value', message: 'dbfilename cannot be empty', arg: 0 };
      return checkString('dbfilename', value);
    case 'aof-filename-basename':
      if (/[/\\]/.test(value)) return { code: 'invalid-value', message: 'appendfilename must be a file name, not a path', arg: 0 };
      return undefined;
    case 'cluster-config-file':
      if (value === '') return { code: 'invalid-value', message: 'cluster-config-file cannot be empty', arg: 0 };
      return undefined;
    case 'ipv4':
      if (value !== '' && !isIPv4(value))
        return { code: 'invalid-value', message: `'${value}' is not an IPv4 address in dotted-decimal form`, arg: 0 };
      return undefined;
    case 'ipv6':
      if (value !== '' && (value.includes('%') || !isIPv6(value)))
        return { code: 'invalid-value', message: `'${value}' is not an IPv6 address`, arg: 0 };
      return undefined;
    case 'announced-nodename':
    case 'announced-nodename-colon-ok':
    case 'announced-nodename-strict': {
      const refused =
        check === 'announced-nodename'
          ? '!#$%&()*+:;<>?@[]^{|}~'
          : check === 'announced-nodename-colon-ok'
            ? '!#$%&()*+;<>?@[]^{|}~'
            : '!#$%&()*+:;<>?@[]^{|}~,= "\'\\';
      // a NUL (written \x00 in quotes) always fails: strchr finds the string's terminator
      const bad = [...value].find(
        (c) =>
          c === '\0' ||
          (check === 'announced-nodename-strict' && /[\x00-\x1f\x7f]/.test(c)) ||
          (!/[A-Za-z0-9]/.test(c) && refused.includes(c)),
      );
      if (bad !== undefined)
        return {
          code: 'invalid-value',
          message: `a node name cannot contain ${/[\x00-\x1f\x7f]/.test(bad) ? 'a control character' : `'${bad}'`} (refused: ${refused}${check === 'announced-nodename-strict' ? ' and control characters' : ''})`,
          arg: 0,
        };
      return undefined;
    }
    case 'cluster-announce-ip': {
      // Redis 8.8 (8.2.7, 8.6.4): an address, or a host name short enough for an address buffer
      if (value === '' || isIPv4(value) || (isIPv6(value) && !value.includes('%'))) return undefined;
      if (value.length >= 46)
        return { code: 'invalid-value', message: `a host name here must be shorter than 46 characters, found ${value.length}`, arg: 0 };
      if (!/^[A-Za-z0-9.-]*$/.test(value))
        return { code: 'invalid-value', message: 'expected an IP address or a host name of letters, digits, hyphens and dots', arg: 0 };
      return undefined;
    }
    case 'hash-seed':
      if (value.length > 256)
        return { code: 'invalid-value', message: `hash-seed can be at most 256 characters, found ${value.length}`, arg: 0 };
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Redis' sdstemplate over proc-title-template: "{name}" from a fixed list,
 * "{{" for a literal brace; an unknown name or a '{' at the end is refused, and
 * so is a template that expands to nothing but spaces (as it does at load time
 * with only {title}).
 */
function checkProcTitle(value: string): Verdict | undefined {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf('{', i);
    if (open < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, open);
    if (open + 1 >= value.length)
      return { code: 'invalid-value', message: "the title template ends with a lone '{' (write '{{' for a brace)", arg: 0 };
    if (value[open + 1] === '{') {
      out += '{';
      i = open + 2;
      continue;
    }
    const close = value.indexOf('}', open + 1);
    if (close < 0) return { code: 'invalid-value', message: "unclosed '{' in the title template", arg: 0 };
    const name = value.slice(open + 1, close);
    if (!(name in PROC_TITLE_VARS)) {
      return {
        code: 'invalid-value',
        message: `unknown variable {${name}}; known: ${Object.keys(PROC_TITLE_VARS)
          .map((v) => `{${v}}`)
          .join(' ')}`,
        arg: 0,
      };
    }
    if (!PROC_TITLE_VARS[name]) out += 'x';
    i = close + 1;
  }
  if (out.replace(/^ +| +$/g, '') === '') return { code: 'invalid-value', message: 'the title template expands to nothing', arg: 0 };
  return undefined;
}

export { LLONG_MAX };
