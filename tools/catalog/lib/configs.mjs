// The directives of one source tree: the standard config table of config.c,
// the branches loadServerConfigFromString parses by hand, the names it
// accepts and ignores, and the defaults of the own-setter forms — each as a
// fact (name, type, bounds, default, flags), never as code.
import { createHash } from 'node:crypto';
import { arrayInitializer, evalInt, evalString, functionBody, matchBracket, splitArgs, stringLiteral, stripComments } from './csource.mjs';

const NUMERIC_TYPES = {
  Int: 'int',
  UInt: 'uint',
  Long: 'long',
  ULong: 'ulong',
  LongLong: 'longlong',
  ULongLong: 'ulonglong',
  SizeT: 'size_t',
  SSizeT: 'ssize_t',
  TimeT: 'time_t',
  OffT: 'off_t',
};

/**
 * is_valid callbacks → the check id the validator knows them by. A callback is
 * identified by its name and a fingerprint of what it does (its body and the
 * bodies of the helpers it calls in the tree, blanks and comments ignored), so
 * that a callback whose rules change between versions gets its own id and a
 * person decides what the new rules are. Run the generator: an unknown
 * fingerprint stops it and prints what to add here.
 */
const CHECK_IDS = {
  // Redis 8.8: array-slice-size must be a power of two; array-sparse-kmax / -kmin compare with each other
  isValidArraySliceSize: { 16026352: 'power-of-two' },
  isValidArraySparseKmax: { '63e0effb': 'array-sparse-kmax' },
  isValidArraySparseKmin: { '122ef21d': 'array-sparse-kmin' },
  // a file name, not a path (empty accepted) / Valkey 8: and not empty
  isValidDBfilename: { '63ceebf6': 'dbfilename', '5170f0b6': 'dbfilename-nonempty' },
  // 6.2: a file name, not a path (empty accepted) / 7.0+: and not empty
  isValidAOFfilename: { d999d030: 'aof-filename-basename', '9db5532c': 'aof-filename' },
  isValidAOFdirname: { '2fd99408': 'aof-dirname' },
  // Valkey 8 renamed the helpers and reformatted; same rules
  // (Valkey 9.1 only renamed a parameter)
  isValidProcTitleTemplate: { '8ce8ce5c': 'proc-title-template', afd4f99d: 'proc-title-template', '0773fb3d': 'proc-title-template' },
  // Redis 8 moved the character test into a helper; same rules
  isValidAnnouncedHostname: { '74af27a1': 'announced-hostname', cb6918cd: 'announced-hostname' },
  // Redis 7.2+: no character of !#$%&()*+:;<>?@[]^{|}~ / Valkey 8: ':' allowed
  // Redis 8.8 (8.2.7, 8.6.4): also no control character and none of ,= "'\\
  isValidAnnouncedNodename: {
    '91f3a6aa': 'announced-nodename',
    b618cd6f: 'announced-nodename-colon-ok',
    '6d3c66ac': 'announced-nodename-strict',
  },
  isValidShutdownOnSigFlags: { '6d81e266': 'shutdown-on-sig-flags' },
  // `yes` refused by builds without Redis' own jemalloc; Valkey 8 only reworded the message
  isValidActiveDefrag: { '9a77653f': 'active-defrag', e4eddc95: 'active-defrag' },
  isValidClusterConfigFile: { cabe68df: 'cluster-config-file' },
  isValidIpV4: { '39eec007': 'ipv4' },
  isValidIpV6: { aca7d0fd: 'ipv6' },
  // Redis 8.8 (and 8.2.6+): empty, an IPv4/IPv6 address, or a host name of [A-Za-z0-9.-] shorter than 46 characters
  isValidClusterAnnounceIp: { ab1e17f3: 'cluster-announce-ip' },
  // Valkey 9: `yes` is refused where the kernel has no MPTCP (a property of the host)
  isValidMptcp: { fd2f4d30: 'mptcp' },
  // Valkey 9.1: at most 256 characters
  isValidDbHashSeed: { '5f8dc190': 'hash-seed' },
};

/** Where the helpers of is_valid callbacks live. */
const HELPER_FILES = ['src/config.c', 'src/server.c', 'src/util.c', 'src/cluster.c', 'src/cluster_legacy.c', 'src/networking.c'];

/** A fingerprint of what function `fn` does in the tree: its body and its callees' bodies, blanks ignored. */
export function behaviourFingerprint(tree, fn) {
  const sources = HELPER_FILES.map((p) => tree.file(p))
    .filter((t) => t !== undefined)
    .map(stripComments);
  const seen = new Set();
  const parts = [];
  const visit = (name, depth) => {
    if (seen.has(name) || depth > 4) return;
    seen.add(name);
    for (const src of sources) {
      const body = functionBody(src, name);
      if (!body) continue;
      parts.push(`${name}{${body.replace(/"\s*"/g, '').replace(/\s+/g, '')}}`);
      for (const m of body.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) visit(m[1], depth + 1);
      return;
    }
  };
  visit(fn, 0);
  if (!parts.length) throw new Error(`no definition of ${fn}`);
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 8);
}

export function checkId(tree, fn, version) {
  const fp = behaviourFingerprint(tree, fn);
  const id = CHECK_IDS[fn]?.[fp];
  if (!id) {
    throw new Error(
      `${version}: the is_valid callback ${fn} (fingerprint ${fp}) is new or its rules changed: read it, give it a check id in CHECK_IDS of tools/catalog/lib/configs.mjs and teach the validator (server/service/values.ts checkString) what it refuses`,
    );
  }
  return id;
}

/**
 * Preprocessor guards seen around table entries: what each means for us.
 * 'tls' marks a build-dependent entry; 'exclude' leaves it out (a test-only build flag).
 */
const GUARDS = { USE_OPENSSL: 'tls', LOG_REQ_RES: 'exclude', ENABLE_GCRA: 'exclude' };

/** Words that mark a legacy spelling: when a branch accepts several names, the one without them is canonical. */
const LEGACY_WORDS = /(^|[-_])(slave|master)([-_]|$)|slaveof/;

/** `configEnum name[] = { {"word", VALUE}, ..., {NULL, 0} }` tables: name → [{ word, expr }]. */
export function enumTables(src) {
  const tables = new Map();
  for (const m of src.matchAll(/configEnum\s+(\w+)\s*\[\s*\]\s*=\s*\{/g)) {
    const open = m.index + m[0].length - 1;
    const body = src.slice(open + 1, matchBracket(src, open) - 1);
    const entries = [];
    for (const item of splitArgs(body)) {
      const inner = /^\{([\s\S]*)\}$/.exec(item.trim());
      if (!inner) continue;
      const [word, expr] = splitArgs(inner[1]);
      if (word === 'NULL') break;
      entries.push({ word: stringLiteral(word), expr: expr.replace(/\s+/g, ' ') });
    }
    tables.set(m[1], entries);
  }
  return tables;
}

/** Parameter names of each create*Config macro, so arguments are read by name, not by position. */
function macroParams(src) {
  const params = new Map();
  for (const m of src.matchAll(/#\s*define\s+(create\w+Config)\(([^)]*)\)/g)) {
    params.set(
      m[1],
      m[2].split(',').map((s) => s.trim()),
    );
  }
  return params;
}

function flagList(expr) {
  if (/^\s*0\s*$/.test(expr)) return [];
  return [
    ...new Set(
      expr
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].sort();
}

/** The entries of the standard config table, with the preprocessor guards around each. */
function tableEntries(src) {
  const body = arrayInitializer(src, /standardConfig\s+(?:static_)?configs\s*\[\s*\]\s*=\s*\{/);
  if (body === undefined) throw new Error('no standard config table (standardConfig configs[] / static_configs[]) in config.c');
  const entries = [];
  const guards = [];
  const re = /^[ \t]*#[ \t]*(ifdef|ifndef|if|else|elif|endif)\b[ \t]*(.*)$|\b(create(\w+)Config)\s*\(/gm;
  let m;
  while ((m = re.exec(body))) {
    if (m[1]) {
      const word = m[2].trim().replace(/^defined\s*\(?\s*(\w+)\s*\)?$/, '$1');
      if (m[1] === 'ifdef' || m[1] === 'if') guards.push(word);
      else if (m[1] === 'ifndef') guards.push(`!${word}`);
      else if (m[1] === 'else' || m[1] === 'elif') guards.push(`!${guards.pop()}`);
      else guards.pop();
      continue;
    }
    const open = m.index + m[0].length - 1;
    const close = matchBracket(body, open);
    entries.push({ macro: m[3], kind: m[4], args: splitArgs(body.slice(open + 1, close - 1)), guards: [...guards] });
    re.lastIndex = close;
  }
  return entries;
}

/**
 * Facts of the standard config table.
 * @returns {{ entries: object[], excluded: string[] }}
 */
export function standardConfigs(tree, symbols, specialDefault, version) {
  const src = stripComments(tree.need('src/config.c'));
  const params = macroParams(src);
  const enums = enumTables(src);
  const out = [];
  const excluded = [];
  for (const e of tableEntries(src)) {
    const names = params.get(e.macro);
    if (!names) throw new Error(`no #define for ${e.macro}`);
    if (names.length !== e.args.length) throw new Error(`${e.macro}: ${e.args.length} arguments for ${names.length} parameters`);
    const arg = Object.fromEntries(names.map((p, i) => [p, e.args[i]]));
    const name = stringLiteral(arg.name);
    const alias = arg.alias === 'NULL' ? undefined : stringLiteral(arg.alias);
    const guardKinds = e.guards.map(
      (g) =>
        GUARDS[g.replace(/^!/, '')] ??
        (() => {
          throw new Error(`unknown guard ${g} around ${name}`);
        })(),
    );
    if (e.guards.some((g) => g.startsWith('!'))) throw new Error(`negated guard around ${name}: ${e.guards.join(', ')}`);
    if (guardKinds.includes('exclude')) {
      excluded.push(`${name} (only in builds with ${e.guards.join(' and ')})`);
      continue;
    }
    const entry = { name, aliases: alias ? [alias] : undefined, flags: flagList(arg.flags ?? arg.modifiable) };
    if (guardKinds.includes('tls')) entry.buildDependent = 'tls';
    const isValid = arg.is_valid && arg.is_valid !== 'NULL' ? arg.is_valid : undefined;
    const kind = e.kind;
    if (kind === 'Bool') {
      entry.value = { kind: 'bool' };
      if (isValid) entry.value.check = checkId(tree, isValid, version);
      entry.default = evalInt(arg.default, symbols) !== 0n ? 'yes' : 'no';
    } else if (kind === 'String' || kind === 'SDS') {
      entry.value = { kind: 'string' };
      if (kind === 'SDS') entry.value.sds = true;
      if (arg.empty_to_null.trim() === 'EMPTY_STRING_IS_NULL') entry.value.emptyIsNull = true;
      else if (arg.empty_to_null.trim() !== 'ALLOW_EMPTY_STRING') throw new Error(`${name}: empty_to_null ${arg.empty_to_null}`);
      if (isValid) entry.value.check = checkId(tree, isValid, version);
      // CONFIG GET prints a NULL string as an empty one
      entry.default = evalString(arg.default, symbols) ?? '';
    } else if (kind === 'Enum') {
      const table = enums.get(arg.enum.trim());
      if (!table) throw new Error(`${name}: no enum table ${arg.enum}`);
      entry.value = { kind: 'enum', values: table.map((t) => t.word) };
      if (entry.flags.includes('MULTI_ARG_CONFIG')) entry.value.multi = true;
      if (isValid) entry.value.check = checkId(tree, isValid, version);
      entry.default = enumDefault(name, table, arg.default, symbols);
    } else if (NUMERIC_TYPES[kind]) {
      const numFlags = flagList(arg.num_conf_flags ?? arg.memory);
      const min = evalInt(arg.lower, symbols);
      const max = evalInt(arg.upper, symbols);
      const def = evalInt(arg.default, symbols);
      entry.value = { kind: 'numeric', type: NUMERIC_TYPES[kind], min: String(min), max: String(max) };
      for (const f of numFlags) {
        if (f === 'MEMORY_CONFIG') entry.value.memory = true;
        else if (f === 'PERCENT_CONFIG') entry.value.percent = true;
        else if (f === 'OCTAL_CONFIG') entry.value.octal = true;
        // Valkey 9.1: a memory setting that also takes a plain negative integer (-1 = no limit)
        else if (f === 'SIGNED_MEMORY_CONFIG') entry.value.signedMemory = true;
        else if (f !== 'INTEGER_CONFIG') throw new Error(`${name}: numeric flag ${f}`);
      }
      if (isValid) entry.value.check = checkId(tree, isValid, version);
      entry.default = entry.value.percent && def < 0n ? `${-def}%` : entry.value.octal ? def.toString(8) : String(def);
    } else if (kind === 'Special') {
      entry.value = { kind: 'special', form: name };
      const d = specialDefault(name);
      if (d !== undefined) entry.default = d;
    } else {
      throw new Error(`unknown config kind ${kind} for ${name}`);
    }
    out.push(entry);
  }
  return { entries: out, excluded };
}

/** The enum word CONFIG GET prints for the default: the same expression text first, else the same value. */
function enumDefault(name, table, expr, symbols) {
  const text = expr.replace(/\s+/g, ' ').trim();
  const same = table.find((t) => t.expr === text);
  if (same) return same.word;
  const v = evalInt(text, symbols);
  for (const t of table) {
    try {
      if (evalInt(t.expr, symbols) === v) return t.word;
    } catch {
      // an entry we cannot evaluate (a system header constant) cannot be the match we look for
    }
  }
  throw new Error(`${name}: default ${expr} matches no enum word`);
}

/**
 * The branches of loadServerConfigFromString that compare argv[0] with a
 * literal: names, the argc they require, whether the body does anything.
 */
export function loaderBranches(body) {
  const branches = [];
  const re = /\bif\s*\(/g;
  let m;
  while ((m = re.exec(body))) {
    const open = m.index + m[0].length - 1;
    const close = matchBracket(body, open);
    const cond = body.slice(open + 1, close - 1);
    const names = [...cond.matchAll(/strcasecmp\s*\(\s*argv\[0\]\s*,\s*("(?:[^"\\]|\\.)*")\s*\)/g)].map((x) => stringLiteral(x[1]));
    if (!names.length) continue;
    const rest = body.slice(close);
    const b = /^\s*\{/.exec(rest);
    let blockText = '';
    if (b) {
      const bOpen = close + b[0].length - 1;
      blockText = body.slice(bOpen + 1, matchBracket(body, bOpen) - 1);
    }
    branches.push({ names, cond, empty: blockText.trim() === '', body: blockText });
  }
  return branches;
}

/** The argc values a condition allows: { min, max } (max undefined = no limit), from argc ==, >=, ||. */
export function argcRange(cond, symbols) {
  const tests = [...cond.matchAll(/\bargc\s*(==|>=|<=|>|<)\s*([^&|)]+(?:\([^)]*\)[^&|)]*)*)/g)].map((x) => ({
    op: x[1],
    n: Number(evalInt(x[2], symbols)),
  }));
  if (!tests.length) return { min: 1, max: undefined };
  const ors = /\|\|/.test(cond.replace(/strcasecmp\([^)]*\)/g, ''));
  const eqs = tests.filter((t) => t.op === '==').map((t) => t.n);
  if (ors && eqs.length === tests.length) return { min: Math.min(...eqs), max: Math.max(...eqs), values: eqs.sort((a, b) => a - b) };
  let min = 1;
  let max;
  for (const t of tests) {
    if (t.op === '==') {
      min = Math.max(min, t.n);
      max = t.n;
    } else if (t.op === '>=') min = Math.max(min, t.n);
    else if (t.op === '>') min = Math.max(min, t.n + 1);
    else if (t.op === '<=') max = t.n;
    else if (t.op === '<') max = t.n - 1;
  }
  return { min, max };
}

/** Canonical name and legacy aliases of a branch that accepts several names. */
export function canonical(names) {
  const modern = names.filter((n) => !LEGACY_WORDS.test(n));
  const name = modern[0] ?? names[0];
  const aliases = names.filter((n) => n !== name);
  return { name, aliases: aliases.length ? aliases : undefined };
}

/**
 * Directives the loader parses by hand and names it accepts and ignores.
 * `settable`: names CONFIG SET handles outside the table (6.x), which makes them runtime-changeable.
 */
export function handParsed(tree, symbols, specialDefault, settable) {
  const src = stripComments(tree.need('src/config.c'));
  const body = functionBody(src, 'loadServerConfigFromString');
  if (!body) throw new Error('no loadServerConfigFromString in config.c');
  const out = [];
  const deprecated = arrayInitializer(body, /deprecatedConfig\s+deprecated_configs\s*\[\s*\]\s*=\s*\{/);
  if (deprecated !== undefined) {
    for (const item of splitArgs(deprecated)) {
      const inner = /^\{([\s\S]*)\}$/.exec(item.trim());
      if (!inner) continue;
      const [n, lo, hi] = splitArgs(inner[1]);
      if (n === 'NULL') break;
      out.push({
        name: stringLiteral(n),
        flags: [],
        value: { kind: 'deprecated', argcMin: Number(evalInt(lo, symbols)), argcMax: Number(evalInt(hi, symbols)) },
      });
    }
  }
  for (const br of loaderBranches(body)) {
    const { name, aliases } = canonical(br.names);
    const argc = argcRange(br.cond, symbols);
    if (br.empty) {
      if (argc.max === undefined) throw new Error(`ignored directive ${name} without an argument count`);
      out.push({ name, aliases, flags: [], value: { kind: 'deprecated', argcMin: argc.min, argcMax: argc.max } });
      continue;
    }
    const value = { kind: 'special', form: name, argcMin: argc.min };
    if (argc.max !== undefined) value.argcMax = argc.max;
    const entry = { name, aliases, flags: br.names.some((n) => settable.has(n)) ? ['MODIFIABLE_CONFIG'] : [], value, legacy: true };
    const d = specialDefault(name);
    if (d !== undefined) entry.default = d;
    out.push(entry);
  }
  return out;
}

/** 6.x: the names CONFIG SET handles by hand (config_set_special_field…). */
export function settableByHand(tree) {
  const src = stripComments(tree.need('src/config.c'));
  const body = functionBody(src, 'configSetCommand') ?? '';
  const names = new Set();
  for (const m of body.matchAll(/config_set_(?:special|numerical|bool|string|enum|memory)_field(?:_with_alias)?\s*\(([^)]*)\)/g)) {
    for (const lit of m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)) names.add(lit[1]);
  }
  return names;
}
