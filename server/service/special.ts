/**
 * Directives with a setter of their own (save, bind, client-output-buffer-limit,
 * replicaof, …) and the ones 6.2 parses by hand. Each check reproduces the
 * setter's rules from config.c of the version family; messages are ours.
 */
import type { VersionId } from '../catalog/types';
import { memtoll, memtoull, strcaseEq, string2d, strtoll, atoi } from './cnum';
import { ipv4Value, isNumericIP, isNumericIPv4 } from './ip';
import type { Verdict, VersionFamily } from './values';

const CLIENT_CLASSES = ['normal', 'replica', 'slave', 'pubsub'];

export interface SpecialInput {
  form: string;
  /** Argument values after the directive name (already split for MULTI_ARG one-argument lines). */
  values: string[];
  family: VersionFamily;
  version: VersionId;
  /** True when the loader parses the directive by hand (6.x). */
  legacy: boolean;
  /** The letters the version's notify-keyspace-events accepts (from the catalog). */
  keyspaceEvents: string;
  /** True when memtoull refuses digits beyond 64 bits (Valkey 9.1). */
  refuseMemoryOverflow?: boolean;
  /** How string2d reads a number (hex floats only with 'strtod'). */
  doubleSyntax?: 'strtod' | 'decimal';
}

/** Result of a hand-parsed (6.x) directive whose argument count does not fit: the loader says "Bad directive". */
export const BAD_ARITY: Verdict = { code: 'wrong-arg-count', message: '' };

export function checkSpecial(input: SpecialInput): Verdict[] {
  const { form, values: v, legacy } = input;
  switch (form) {
    case 'save':
      return legacy ? checkSaveLegacy(v) : checkSave(v);
    case 'bind':
    case 'rdma-bind':
      // the addresses themselves are only used when redis-server listens: see checkBindAtStartup
      if (v.length > 16)
        return [
          {
            code: 'invalid-value',
            message: `at most 16 ${form === 'bind' ? 'bind' : 'RDMA bind'} addresses are allowed, found ${v.length}`,
          },
        ];
      return [];
    case 'client-output-buffer-limit':
      return legacy ? checkObufLegacy(v) : checkObuf(v, input.refuseMemoryOverflow === true);
    case 'oom-score-adj-values':
      return checkOomValues(v, legacy);
    case 'notify-keyspace-events': {
      if (v.length !== 1) return [{ code: 'wrong-arg-count', message: 'expects one argument: a string of event class letters' }];
      const allowed = input.keyspaceEvents;
      // read as a C string: a NUL (written \x00 in double quotes) ends it
      const nul = v[0].indexOf('\0');
      const bad = [...(nul >= 0 ? v[0].slice(0, nul) : v[0])].find((c) => !allowed.includes(c));
      if (bad !== undefined)
        return [{ code: 'invalid-value', message: `'${bad}' is not an event class; use the letters ${allowed}`, arg: 0 }];
      return [];
    }
    case 'replicaof':
      return checkReplicaof(v);
    case 'latency-tracking-info-percentiles':
      return checkPercentiles(v, input.doubleSyntax ?? 'strtod');
    case 'unixsocketperm': {
      // 6.2: (mode_t) strtol(value, NULL, 8), refused on overflow or above 0777
      const r = strtoll(v[0] ?? '', 8);
      const mode = Number(BigInt.asUintN(32, r.value));
      if (r.overflow || mode > 0o777)
        return [{ code: 'out-of-range', message: `socket permissions must be an octal mode up to 777, found '${v[0]}'`, arg: 0 }];
      return [];
    }
    case 'client-query-buffer-limit': {
      const n = memtoll(v[0] ?? '');
      if (n === null) return [{ code: 'invalid-memory', message: `expected a byte count, found '${v[0]}'`, arg: 0 }];
      return [];
    }
    default:
      return [];
  }
}

/** 7.0+: pairs of <seconds ≥ 1> <changes ≥ 0>, strtoll-parsed; a single "" clears. */
function checkSave(v: string[]): Verdict[] {
  if (v.length === 1 && v[0] === '') return [];
  // a '#' word can never be a number, so such a line always fails: say why first
  const hash = v.findIndex((x) => x.startsWith('#'));
  if (hash > 0) {
    return [
      {
        code: 'inline-comment',
        message: `redis.conf has no inline comments: '${v.slice(hash).join(' ')}' is read as ${v.length - hash} more value${v.length - hash === 1 ? '' : 's'} of save, and redis-server refuses the line. Move the comment to a line of its own.`,
        arg: hash,
      },
    ];
  }
  if (v.length % 2 === 1) {
    const hint = v.some((x) => x.startsWith('#')) ? " (redis.conf has no inline comments: '#' and what follows are read as values)" : '';
    return [
      {
        code: v.some((x) => x.startsWith('#')) ? 'inline-comment' : 'invalid-value',
        message: `save takes pairs of <seconds> <changes>; found ${v.length} value${v.length === 1 ? '' : 's'}${hint}`,
      },
    ];
  }
  for (let j = 0; j < v.length; j++) {
    const r = strtoll(v[j]);
    const ok = r.end === v[j].length && (j % 2 === 0 ? r.value >= 1n : r.value >= 0n);
    if (!ok) {
      const what = j % 2 === 0 ? 'seconds must be an integer ≥ 1' : 'changes must be an integer ≥ 0';
      const hash = v.findIndex((x) => x.startsWith('#'));
      if (hash >= 0)
        return [
          {
            code: 'inline-comment',
            message: `${what}, found '${v[j]}' (redis.conf has no inline comments: '${v.slice(hash).join(' ')}' is read as more values)`,
            arg: hash,
          },
        ];
      return [{ code: 'invalid-value', message: `${what}, found '${v[j]}'`, arg: j }];
    }
  }
  return [];
}

/** 6.2: `save <seconds> <changes>` with atoi (seconds ≥ 1, changes ≥ 0), `save ""` clears; other shapes are ignored. */
function checkSaveLegacy(v: string[]): Verdict[] {
  if (v.length === 2) {
    if (atoi(v[0]) < 1 || atoi(v[1]) < 0) return [{ code: 'invalid-value', message: 'save takes <seconds ≥ 1> <changes ≥ 0>' }];
    return [];
  }
  if (v.length === 1 && v[0] === '') return [];
  return [
    {
      code: 'ignored-directive',
      message: 'Redis 6.2 only understands `save <seconds> <changes>` or `save ""`; this line is silently ignored',
    },
  ];
}

export interface BindProblem extends Verdict {
  /** True when the problem stops redis-server whenever it listens on TCP; false when it depends on the host. */
  fatal: boolean;
}

/**
 * The addresses of the last bind line as redis-server uses them when it opens
 * its TCP (and TLS, and cluster bus) sockets after loading the file: each is
 * resolved with getaddrinfo and bound; a failure stops the server unless the
 * address starts with '-' and is merely absent from the host. So a '#' word
 * (an inline comment), an empty address or the same address twice always
 * stops it; a word that is not a numeric address depends on name resolution.
 */
export function checkBindAtStartup(values: string[], legacy = false): BindProblem[] {
  // 7.0+: `bind ""` clears the list; 6.2 takes "" as an address like any other
  if (values.length === 0 || (!legacy && values.length === 1 && values[0] === '')) return [];
  const seen = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    const addr = raw.startsWith('-') ? raw.slice(1) : raw;
    if (raw.startsWith('#')) {
      return [
        {
          code: 'inline-comment',
          fatal: true,
          arg: i,
          message: `'${raw}' is taken as an address to listen on, which cannot be resolved, so redis-server fails to start listening: redis.conf has no inline comments`,
        },
      ];
    }
    if (addr === '')
      return [
        {
          code: 'invalid-value',
          fatal: true,
          arg: i,
          message: 'an empty bind address cannot be resolved: redis-server fails to start listening',
        },
      ];
    const key = addressKey(addr);
    const prev = seen.get(key);
    if (prev !== undefined) {
      return [
        {
          code: 'invalid-value',
          fatal: true,
          arg: i,
          message: `'${raw}' repeats the address '${values[prev]}': the second socket cannot bind the same address and port, so redis-server fails to start`,
        },
      ];
    }
    seen.set(key, i);
    if (/^\d+(\.\d+){1,3}$/.test(addr) && !isNumericIP(addr)) {
      // no name made of digits and dots resolves (a top-level domain is never all digits)
      return [
        {
          code: 'invalid-value',
          fatal: true,
          arg: i,
          message: `'${raw}' is not a valid IPv4 address (a part is out of range): redis-server cannot resolve it and fails to start listening`,
        },
      ];
    }
    if (/\s/.test(addr)) {
      // 6.2 takes a quoted "a b" as one address: no resolver reads a name with a blank in it
      return [
        {
          code: 'invalid-value',
          fatal: true,
          arg: i,
          message: `'${raw}' contains a blank, so it is neither an address nor a host name: redis-server cannot resolve it and fails to start listening`,
        },
      ];
    }
    if (addr !== '*' && addr !== '::*' && !isNumericIP(addr) && !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(addr)) {
      return [
        {
          code: 'suspicious-value',
          fatal: false,
          arg: i,
          message: `'${raw}' is neither an IP address nor a host name; redis-server will try to resolve it and most likely fail to start`,
        },
      ];
    }
  }
  return [];
}

/** The same bound address written two ways (127.0.0.1 / 127.1 / 0177.0.0.1) gives one key. */
function addressKey(addr: string): string {
  if (isNumericIPv4(addr)) return `4:${ipv4Value(addr)}`;
  return addr.toLowerCase();
}

/**
 * 7.0+: groups of four <class> <hard> <soft> <soft-seconds>, all or nothing
 * (no group at all is accepted and changes nothing). The seconds go through
 * strtoll into an int, so they are cut to 32 bits before the sign check.
 */
function checkObuf(v: string[], refuseOverflow: boolean): Verdict[] {
  if (v.length === 0)
    return [{ code: 'suspicious-value', message: 'no <class> <hard limit> <soft limit> <soft seconds> group: the line changes nothing' }];
  if (v.length % 4 !== 0) {
    return [
      {
        code: 'wrong-arg-count',
        message: `expects groups of <class> <hard limit> <soft limit> <soft seconds>; found ${v.length} value${v.length === 1 ? '' : 's'}`,
      },
    ];
  }
  for (let j = 0; j < v.length; j += 4) {
    const cls = v[j];
    if (!CLIENT_CLASSES.some((c) => strcaseEq(c, cls))) {
      const why = strcaseEq(cls, 'master') ? 'the master class has no output buffer limits' : `unknown client class '${cls}'`;
      return [{ code: 'invalid-value', message: `${why}; use normal, replica or pubsub`, arg: j }];
    }
    for (const k of [1, 2]) {
      if (memtoull(v[j + k], refuseOverflow) === null)
        return [{ code: 'invalid-memory', message: `expected a byte count (e.g. 256mb), found '${v[j + k]}'`, arg: j + k }];
    }
    const s = strtoll(v[j + 3]);
    if (BigInt.asIntN(32, s.value) < 0n || s.end !== v[j + 3].length) {
      const why = s.value >= 0n && s.end === v[j + 3].length ? ' (redis-server keeps it in a 32-bit int, where it turns negative)' : '';
      return [{ code: 'invalid-value', message: `soft seconds must be an integer ≥ 0, found '${v[j + 3]}'${why}`, arg: j + 3 }];
    }
  }
  return [];
}

/** 6.2: exactly one class per line; limits through memtoll (never refused), seconds through atoi. */
function checkObufLegacy(v: string[]): Verdict[] {
  const cls = v[0];
  if (!CLIENT_CLASSES.some((c) => strcaseEq(c, cls))) {
    return [
      {
        code: 'invalid-value',
        message: `unknown client class '${cls}' (the master class has no limits); use normal, replica or pubsub`,
        arg: 0,
      },
    ];
  }
  if (atoi(v[3]) < 0) return [{ code: 'invalid-value', message: `soft seconds cannot be negative, found '${v[3]}'`, arg: 3 }];
  const bad = [1, 2].find((k) => memtoll(v[k]) === null);
  if (bad !== undefined)
    return [{ code: 'suspicious-value', message: `'${v[bad]}' is not a byte count; Redis 6.2 reads it as 0 (no limit)`, arg: bad }];
  return [];
}

function checkOomValues(v: string[], legacy: boolean): Verdict[] {
  if (v.length !== 3)
    return [{ code: 'wrong-arg-count', message: `expects three values (primary, replica, background child), found ${v.length}` }];
  const nums: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = strtoll(v[i]);
    if (r.end !== v[i].length || r.value < -2000n || r.value > 2000n) {
      return [{ code: 'out-of-range', message: `each value must be an integer between -2000 and 2000, found '${v[i]}'`, arg: i }];
    }
    nums.push(Number(r.value));
  }
  void legacy;
  if (nums[1] < nums[0] || nums[2] < nums[1]) {
    return [
      {
        code: 'suspicious-value',
        message:
          'values are expected in increasing order (primary ≤ replica ≤ background child); an unprivileged redis-server may fail to apply them',
      },
    ];
  }
  return [];
}

function checkReplicaof(v: string[]): Verdict[] {
  if (v.length !== 2)
    return [{ code: 'wrong-arg-count', message: `expects <host> <port> or 'no one', found ${v.length} value${v.length === 1 ? '' : 's'}` }];
  if (strcaseEq(v[0], 'no') && strcaseEq(v[1], 'one')) return [];
  // strtol into an int: the long is truncated to 32 bits before the range check
  const r = strtoll(v[1]);
  const port = BigInt.asIntN(32, r.value);
  if (r.end !== v[1].length || port < 0n || port > 65535n)
    return [{ code: 'out-of-range', message: `the primary's port must be a number between 0 and 65535, found '${v[1]}'`, arg: 1 }];
  return [];
}

function checkPercentiles(v: string[], syntax: 'strtod' | 'decimal'): Verdict[] {
  if (v.length === 1 && v[0] === '') return [];
  for (let i = 0; i < v.length; i++) {
    const d = string2d(v[i], syntax);
    if (d === null) return [{ code: 'invalid-value', message: `expected a number between 0 and 100, found '${v[i]}'`, arg: i }];
    if (d < 0 || d > 100) return [{ code: 'out-of-range', message: `percentiles must be between 0.0 and 100.0, found '${v[i]}'`, arg: i }];
  }
  return [];
}
