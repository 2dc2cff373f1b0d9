/**
 * Cases for every directive of the version's catalog: valid values (the default,
 * the bounds, units in any case, percent and octal forms, enum words in odd
 * case) and broken variations (wrong type, just outside the bounds, bad units,
 * '+' and leading zeros, argument counts, an inline '# comment', quoting, the
 * case of the name, misspellings). Whether each one loads is not decided
 * here: the real redis-server says so.
 *
 * The special forms (save, bind, client-output-buffer-limit, replicaof, …)
 * have their own generator (special.ts); here they only get name-case cases.
 */
import { catalog, type DirectiveInfo } from '../../../server/catalog/catalog';
import type { ValueSpec } from '../../../server/catalog/types';
import { CaseList, line, q, type Case, type GenContext } from '../support/cases';
import { BUILD_DEPENDENT } from './probes';

const BUILD_DEPENDENT_ACTIVEDEFRAG = BUILD_DEPENDENT['activedefrag-yes'];

type NumericSpec = Extract<ValueSpec, { kind: 'numeric' }>;

/**
 * What the generator leaves out, and why. These are facts of the host the
 * server runs on, not of the file, so no static checker (and no oracle run
 * here) can settle them; the parsing of these lines is still judged with
 * values that exist in the run directory.
 */
export const HOST_DEPENDENT: Record<string, string> = {
  include:
    'reads another file on the host: a missing file is not generated (an existing file, a glob matching nothing and argument counts are)',
  loadmodule: 'loads a shared object from the host: only argument counts are generated',
  dir: 'changes into a directory of the host: only the run directory and argument counts are generated',
  logfile: 'opens a file of the host (and the harness reads readiness from stdout): only "" and argument counts are generated',
  unixsocket: 'a socket path on the host: only a path in the run directory is generated (the harness sets its own socket after it)',
  unixsocketperm: 'applied to the harness socket; the values are still judged',
  pidfile: 'written on the host: only a path in the run directory is generated',
  aclfile: 'read from the host at startup: only an existing empty file in the run directory and argument counts are generated',
  'cluster-config-file': 'a file of the host, used only in cluster mode: plain file names are generated',
  'tls-cert-file': 'TLS files of the host: TLS is not started by the harness (--tls-port 0), so only the line itself is judged',
  'tls-key-file': 'TLS files of the host (see tls-cert-file)',
  'tls-client-cert-file': 'TLS files of the host (see tls-cert-file)',
  'tls-client-key-file': 'TLS files of the host (see tls-cert-file)',
  'tls-dh-params-file': 'TLS files of the host (see tls-cert-file)',
  'tls-ca-cert-file': 'TLS files of the host (see tls-cert-file)',
  'tls-ca-cert-dir': 'TLS files of the host (see tls-cert-file)',
};

/** Values that are valid for the parser but whose effect depends on the host's resources. */
export const HOST_LIMITS: Record<string, { skip: (v: string) => boolean; why: string }> = {
  databases: {
    skip: (v) => /^[1-9]\d{6,9}$/.test(v) && BigInt(v) <= 2147483647n,
    why: 'every database is allocated at startup: millions of them exhaust the memory of the host (redis-server aborts "Out Of Memory"), which says nothing about the file',
  },
  maxclients: {
    // from 10 million up to where maxclients + 32 wraps around in an unsigned int
    skip: (v) => /^[1-9]\d{7,9}$/.test(v) && BigInt(v) <= 4294967263n,
    why: 'the open-file limit is raised to maxclients + 32 at startup; for huge values redis-server 7.0.15 lowers its attempt 16 files at a time and spends minutes in setrlimit (or dies), depending on the limits of the host',
  },
};

/** Directives whose value names a file redis-server reads at startup: a changed value is a missing file. */
const VALUE_IS_A_READ_PATH = new Set(['aclfile']);

/** The value with a quote opened inside the token (after the run directory, so the placeholder stays whole). */
function midQuoted(v: string): string | undefined {
  const at = v.startsWith('@DIR@/') ? '@DIR@/'.length : 1;
  return v.length > at ? `${v.slice(0, at)}"${v.slice(at)}"` : undefined;
}

/** Directives whose value forms special.ts (and acl.ts) cover in depth. */
const SPECIAL = new Set([
  'save',
  'bind',
  'client-output-buffer-limit',
  'notify-keyspace-events',
  'oom-score-adj-values',
  'latency-tracking-info-percentiles',
  'replicaof',
  'rename-command',
  'user',
  'include',
  'loadmodule',
  'dir',
  'sentinel',
]);

/** A representative valid value per directive, for the name-case and quoting cases. */
function sampleValue(info: DirectiveInfo, ctx: GenContext): string | undefined {
  const spec = info.variant.value;
  const per = STRING_VALUES[info.name];
  if (per) return per[0];
  switch (spec.kind) {
    case 'bool':
      return info.name === 'activedefrag' ? 'no' : 'yes';
    case 'enum':
      return spec.values[spec.values.length - 1];
    case 'numeric':
      return info.variant.default !== undefined && info.variant.default !== '' ? info.variant.default : spec.min;
    case 'string':
      return 'abc';
    case 'deprecated':
      return Array(spec.argcMin - 1)
        .fill('1')
        .join(' ');
    case 'special':
      switch (spec.form) {
        case 'save':
          return '900 1';
        case 'bind':
          return undefined; // needs TCP: special.ts
        case 'client-output-buffer-limit':
          return 'normal 0 0 0';
        case 'notify-keyspace-events':
          return 'KEA';
        case 'oom-score-adj-values':
          return '0 200 800';
        case 'latency-tracking-info-percentiles':
          return '50 99 99.9';
        case 'replicaof':
          return `127.0.0.1 ${ctx.closedPorts[0]}`;
        case 'dir':
          return '@DIR@';
        default:
          return undefined;
      }
  }
}

/** Values to try for string directives with a meaning (the first one is valid). */
const STRING_VALUES: Record<string, string[]> = {
  aclfile: ['@DIR@/users.acl', '""'],
  unixsocket: ['@DIR@/other.sock', '""'],
  pidfile: ['@DIR@/redis.pid', '""'],
  logfile: ['""'],
  'cluster-config-file': ['nodes-6379.conf', '""', 'my-nodes.conf'],
  'replica-announce-ip': ['127.0.0.1', '""', 'replica.example'],
  'cluster-announce-ip': ['127.0.0.1', '""'],
  'bind-source-addr': ['127.0.0.1', '""'],
  'cluster-announce-hostname': [
    'node-1.example',
    '""',
    'bad_host',
    'UPPER.case',
    'a'.repeat(255),
    'a'.repeat(256),
    '"with space"',
    'dash-',
    '-lead',
    'ünï',
  ],
  'syslog-ident': ['redis', '""', '"two words"'],
  dbfilename: ['dump.rdb', '""', '/data/dump.rdb', 'sub/dump.rdb', '"back\\\\slash.rdb"', '.rdb', '.', '..', '".."', '...'],
  appendfilename: ['appendonly.aof', '""', 'dir/appendonly.aof', '/abs.aof', '"back\\\\slash.aof"', '.', '..'],
  appenddirname: ['appendonlydir', '""', 'a/b', '/abs', '"back\\\\slash"', '.', '..'],
  server_cpulist: ['0', '""', '0-1', '0,1', 'bogus', '1-0', '0-8:2'],
  bio_cpulist: ['0', '""', 'bogus'],
  aof_rewrite_cpulist: ['0', '""', 'bogus'],
  bgsave_cpulist: ['0', '""', 'bogus'],
  'ignore-warnings': ['ARM64-COW-BUG', '""', 'anything'],
  'proc-title-template': [
    '"{title} {listen-addr} {server-mode}"',
    '""',
    '{title}',
    '{title}x',
    '"{unknown}"',
    '"{title"',
    '"{{title}}"',
    '"{"',
    '"}"',
    '"{port}"',
    '"{tls-port}"',
    '"{unixsocket}"',
    '"{config-file}"',
    '"{server-mode}"',
    '" {title} "',
    '"{listen-addr}"',
    '"x{"',
    '"{}"',
    '"{ title}"',
    'plain',
  ],
  masterauth: ['secret', '""', '"with space"', '"#hash"'],
  masteruser: ['replicator', '""'],
  requirepass: ['secret', '""', '"with space"', '"#"'],
  'tls-cert-file': ['@DIR@/redis.crt', '""'],
  'tls-key-file': ['@DIR@/redis.key', '""'],
  'tls-key-file-pass': ['secret', '""'],
  'tls-client-cert-file': ['@DIR@/client.crt', '""'],
  'tls-client-key-file': ['@DIR@/client.key', '""'],
  'tls-client-key-file-pass': ['secret', '""'],
  'tls-dh-params-file': ['@DIR@/dh.pem', '""'],
  'tls-ca-cert-file': ['@DIR@/ca.crt', '""'],
  'tls-ca-cert-dir': ['@DIR@', '""'],
  'tls-protocols': ['"TLSv1.2 TLSv1.3"', '""', 'TLSv1.2', 'bogus'],
  'tls-ciphers': ['DEFAULT:!MEDIUM', '""'],
  'tls-ciphersuites': ['TLS_CHACHA20_POLY1305_SHA256', '""'],
};

const BOOL_VALUES = [
  'yes',
  'no',
  'YES',
  'No',
  'yEs',
  'nO',
  'true',
  'false',
  '1',
  '0',
  'on',
  'off',
  'y',
  'n',
  '""',
  'ye',
  'yess',
  '"yes "',
  '" yes"',
];

const INT_EXTRAS = [
  '0',
  '1',
  '-1',
  '+1',
  '01',
  '00',
  '-0',
  '0x10',
  '1.5',
  '1e3',
  '" 1"',
  '"1 "',
  '""',
  'abc',
  '1k',
  '1kb',
  '10%',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775808',
  '-9223372036854775809',
  '18446744073709551615',
  '18446744073709551616',
  '99999999999999999999',
  '4294967295',
  '4294967296',
  '2147483647',
  '2147483648',
  '-2147483648',
  '-2147483649',
];

const MEMORY_EXTRAS = [
  '1b',
  '1B',
  '1k',
  '1K',
  '1kb',
  '1Kb',
  '1kB',
  '1KB',
  '1m',
  '1M',
  '1mb',
  '1MB',
  '1mB',
  '1g',
  '1G',
  '1gb',
  '1GB',
  '1Gb',
  '1024mb',
  '1tb',
  '1TB',
  '1t',
  '1.5gb',
  '1.5',
  '-1mb',
  '-1',
  '"1 gb"',
  'gb',
  'b',
  '0gb',
  '10xb',
  '1k1',
  'k1',
  '1kbb',
  '1 ',
  '+1mb',
  '01mb',
  '17179869184gb',
  '18446744073709551615',
  '18446744073709551616',
  '9223372036854775808',
  '1e6',
  '0x100',
  '1mib',
  '1gib',
];

const PERCENT_EXTRAS = [
  '0%',
  '1%',
  '50%',
  '100%',
  '101%',
  '-1%',
  '%',
  '1.5%',
  '"10 %"',
  '+10%',
  '010%',
  '10%%',
  '9223372036854775807%',
  '9223372036854775808%',
];

const OCTAL_EXTRAS = [
  '0',
  '7',
  '700',
  '0700',
  '755',
  '777',
  '0777',
  '00777',
  '1000',
  '1777',
  '8',
  '9',
  '78',
  '-1',
  '-0',
  '+7',
  '" 7"',
  '"7 "',
  '0o7',
  '0x7',
  '""',
  'abc',
  '777777777777777777777',
  '1777777777777777777777',
  '2000000000000000000000',
  '-1777777777777777777777',
];

/** The broken forms every numeric directive gets (the long lists run once per value shape, see `full`). */
const INT_CORE = ['""', 'abc', '+1', '01', '1.5', '1k'];
const MEMORY_CORE = ['1gb', '1GB', '1tb', '1.5gb', '-1mb'];
const PERCENT_CORE = ['10%', '101%', '-1%'];
const OCTAL_CORE = ['0777', '8'];
const BOOL_CORE = ['yes', 'no', 'YES', 'nO', 'true', '1', '""', '"yes "'];

/**
 * Values for a numeric directive: its own default and bounds (just inside and
 * just outside) always; with `full`, also every odd form — once per value
 * shape (type, bounds, units / percent / octal), since directives of one
 * shape go through the same parser with the same limits.
 */
function numericValues(info: DirectiveInfo, spec: NumericSpec, full: boolean): string[] {
  const out = new Set<string>();
  const min = BigInt(spec.min),
    max = BigInt(spec.max);
  const fmt = (v: bigint) => (spec.octal ? (v < 0n ? `-${(-v).toString(8)}` : v.toString(8)) : v.toString());
  if (info.variant.default !== undefined && info.variant.default !== '') out.add(info.variant.default);
  out.add(fmt(min));
  out.add(fmt(max));
  out.add(fmt(min - 1n));
  out.add(fmt(max + 1n));
  for (const v of INT_CORE) out.add(v);
  if (spec.memory) for (const v of MEMORY_CORE) out.add(v);
  if (spec.percent) for (const v of PERCENT_CORE) out.add(v);
  if (spec.octal) for (const v of OCTAL_CORE) out.add(v);
  if (spec.memory) {
    // a bound that is a round number of units, and one unit below it
    for (const b of [min, max]) {
      if (b > 0n && b % 1048576n === 0n) {
        out.add(`${b / 1048576n}mb`);
        out.add(`${b / 1048576n - 1n}mb`);
      }
    }
  }
  if (full) {
    if (max - min > 2n) {
      out.add(fmt(min + 1n));
      out.add(fmt(max - 1n));
    }
    for (const v of INT_EXTRAS) out.add(v);
    if (spec.memory) for (const v of MEMORY_EXTRAS) out.add(v);
    if (spec.percent) for (const v of PERCENT_EXTRAS) out.add(v);
    if (spec.octal) for (const v of OCTAL_EXTRAS) out.add(v);
  }
  const limit = HOST_LIMITS[info.name];
  return [...out].filter((v) => !limit?.skip(v));
}

function enumValues(spec: Extract<ValueSpec, { kind: 'enum' }>): string[] {
  const out = new Set<string>();
  for (const v of spec.values) {
    out.add(v);
    out.add(v.toUpperCase());
  }
  const first = spec.values[0];
  out.add(first[0].toUpperCase() + first.slice(1));
  out.add(`${first}x`);
  if (first.includes('-')) out.add(first.replace(/-/g, '_'));
  out.add('""');
  out.add('1');
  out.add(`"${first} "`);
  out.add(`"${spec.values.slice(0, 2).join(' ')}"`);
  out.add(spec.values.slice(0, 2).join(' '));
  if (spec.multi) {
    for (const a of spec.values) for (const b of spec.values) if (a < b) out.add(`${a} ${b}`);
    out.add(spec.values.join(' '));
    out.add(`"${spec.values.filter((v) => v !== 'nosave').join(' ')}"`);
    out.add(`${spec.values[1]} bogus`);
    out.add(`${spec.values[1]} ${spec.values[1]}`);
    out.add('SAVE NOW');
  }
  return [...out];
}

function valuesFor(info: DirectiveInfo, full: boolean): string[] {
  const spec = info.variant.value;
  if (STRING_VALUES[info.name]) return STRING_VALUES[info.name];
  switch (spec.kind) {
    case 'bool': {
      const values = full ? BOOL_VALUES : BOOL_CORE;
      return info.name === 'activedefrag' ? values.filter((v) => !/^"?yes"?$/i.test(v)) : values;
    }
    case 'enum':
      return enumValues(spec);
    case 'numeric':
      return numericValues(info, spec, full);
    case 'string':
      return ['abc', '""', '"two words"', '#', '"#"', 'a#b', '"\\x41"'];
    case 'deprecated': {
      const out: string[] = [];
      for (let n = 0; n <= spec.argcMax + 1; n++) out.push(Array(n).fill('1').join(' '));
      return out;
    }
    default:
      return [];
  }
}

function misspellings(name: string): string[] {
  const out = [`${name}x`];
  if (name.includes('-')) out.push(name.replace(/-/g, '_'));
  else if (name.includes('_')) out.push(name.replace(/_/g, '-'));
  return out;
}

export function directiveCases(ctx: GenContext): Case[] {
  const cases = new CaseList('directives');
  const vc = catalog().forVersion(ctx.version);
  /** Value shapes (and kinds of variation) already covered in full by an earlier directive. */
  const shapes = new Set<string>();
  const firstOf = (shape: string) => !shapes.has(shape) && !!shapes.add(shape);
  for (const info of vc.directives()) {
    const name = info.name;
    const spec = info.variant.value;
    const special = SPECIAL.has(name) || spec.kind === 'special';
    const sample = sampleValue(info, ctx);

    if (name === 'activedefrag') {
      cases.add(name, 'activedefrag yes (build-dependent)', line(name, 'yes'), { expectReal: BUILD_DEPENDENT_ACTIVEDEFRAG });
    }
    // values
    if (!special) {
      const full = firstOf(spec.kind === 'numeric' || spec.kind === 'bool' ? JSON.stringify(spec) : name);
      for (const v of valuesFor(info, full)) {
        const text = v === '' ? line(name) : line(name, v);
        cases.add(name, `${name} ${v}`, text);
      }
    }
    if (sample === undefined) continue;

    // the case of the name, aliases, misspellings
    cases.add(name, `${name.toUpperCase()} ${sample}`, line(name.toUpperCase(), sample));
    for (const alias of info.variant.aliases ?? []) cases.add(name, `${alias} ${sample}`, line(alias, sample));
    for (const bad of misspellings(name)) cases.add(name, `${bad} ${sample}`, line(bad, sample));
    // once per kind of directive: more spellings of the name
    if (firstOf(`names:${spec.kind}`)) {
      cases.add(name, `${name[0].toUpperCase()}${name.slice(1)} ${sample}`, line(`${name[0].toUpperCase()}${name.slice(1)}`, sample));
      cases.add(name, `"${name}" ${sample}`, line(`"${name}"`, sample));
      cases.add(name, `'${name}' ${sample}`, line(`'${name}'`, sample));
      cases.add(name, `${name.slice(0, -1)} ${sample}`, line(name.slice(0, -1), sample));
      for (const alias of info.variant.aliases ?? [])
        cases.add(name, `${alias.toUpperCase()} ${sample}`, line(alias.toUpperCase(), sample));
    }

    if (special || spec.kind === 'deprecated') continue;
    // argument counts and the inline comment every redis.conf author tries once
    cases.add(name, `${name} (no argument)`, line(name));
    cases.add(name, `${name} ${sample} ${sample}`, line(name, sample, sample));
    cases.add(name, `${name} ${sample} # comment`, line(name, sample, '#', 'comment'));
    // quoting: a closing quote glued to a letter, a blank inside the quotes (another value)
    if (!sample.startsWith('"')) {
      // Valkey 9 reads `"path"x` as the path `pathx`: for a file read at startup, a missing file
      if (!(VALUE_IS_A_READ_PATH.has(name) && vc.semantics.tokenizer === 'quote-continues'))
        cases.add(name, `${name} "${sample}"x`, line(name, `"${sample}"x`));
      if (!VALUE_IS_A_READ_PATH.has(name)) cases.add(name, `${name} ${q(`${sample} `)}`, line(name, q(`${sample} `)));
    }
    // once per kind of directive: the other quoting forms
    if (firstOf(`quoting:${spec.kind}`) && !sample.startsWith('"')) {
      cases.add(name, `${name} ${sample} #comment`, line(name, sample, '#comment'));
      if (!VALUE_IS_A_READ_PATH.has(name)) cases.add(name, `${name} ${sample}#`, line(name, `${sample}#`));
      cases.add(name, `${name} "${sample}"`, line(name, `"${sample}"`));
      cases.add(name, `${name} '${sample}'`, line(name, `'${sample}'`));
      const mid = midQuoted(sample);
      if (mid) cases.add(name, `${name} ${mid}`, line(name, mid));
      cases.add(name, `${name} "${sample}`, line(name, `"${sample}`));
      cases.add(name, `${name} twice`, line(name, sample) + line(name, sample));
    }
  }
  return cases.list;
}

/** Names that other versions know and this one does not: each must be refused (or, Redis 8, kept for modules). */
export function otherVersionCases(ctx: GenContext): Case[] {
  const cases = new CaseList('other-versions');
  const cat = catalog();
  const vc = cat.forVersion(ctx.version);
  for (const facts of cat.data.directives) {
    for (const variant of facts.variants) {
      for (const name of [facts.name, ...(variant.aliases ?? [])]) {
        if (vc.lookup(name)) continue;
        const spec = variant.value;
        const value =
          variant.default !== undefined && variant.default !== ''
            ? q(variant.default)
            : spec.kind === 'bool'
              ? 'no'
              : spec.kind === 'enum'
                ? spec.values[0]
                : spec.kind === 'deprecated'
                  ? Array(spec.argcMin - 1)
                      .fill('1')
                      .join(' ')
                  : 'x';
        cases.add(name, `${name} ${value} (${variant.versions.join(',')})`, line(name, value));
      }
    }
  }
  return cases.list;
}

/** Settings whose CONFIG GET value is about the host (or the helper server's own command line). */
const CONFIG_GET_HOST: Record<string, string> = {
  dir: "the helper server's working directory, gone once it stops",
  unixsocket: "the helper server's own socket path",
  bind: 'the default "* -::*" listens on every interface; the guide allows loopback only (bind is covered in special-forms)',
};

/**
 * Every setting the real server has, written back with the value CONFIG GET
 * prints for it: a setting our catalog does not know, or a default it cannot
 * read back, shows up here.
 */
export function configGetCases(ctx: GenContext): Case[] {
  const cases = new CaseList('config-get');
  for (const [name, value] of ctx.config) {
    if (CONFIG_GET_HOST[name]) continue;
    cases.add(name, `${name} ${q(value)}`, line(name, q(value)));
  }
  return cases.list;
}
