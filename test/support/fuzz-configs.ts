/**
 * fast-check generators of realistic — and realistically broken — config
 * files: real directive names from the catalog (aliases and other versions'
 * names too) with values of their own kind (in range, out of range, units,
 * wrong case), sentinel lines, `# redis-ha:` comments, and the ways files go
 * wrong: broken quoting, inline comments, escapes, CRLF and lone CR, tabs,
 * \v \f, unicode, control and NUL bytes, very long lines.
 *
 * `safeConfig` is the subset that may be handed to a real redis-server: no
 * address, port, path, module, include, replication or cluster setting, so
 * the server listens on nothing but the judge's private socket.
 */
import { catalog } from '../../server/catalog/catalog';
import type { DirectiveFacts, ValueSpec, VersionId } from '../../server/catalog/types';
import { VERSION_IDS } from '../../server/catalog/types';
import { fc } from './fuzz';

const DATA = catalog().data;
const FACTS = new Map<string, DirectiveFacts>();
for (const d of DATA.directives as DirectiveFacts[]) {
  FACTS.set(d.name, d);
  for (const v of d.variants) for (const a of v.aliases ?? []) FACTS.set(a, d);
}
export const ALL_NAMES: readonly string[] = catalog().allNames();
export const VERSIONS: readonly VersionId[] = VERSION_IDS;

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
/** Strings of the given characters (a-b is a range), up to `max` long. */
function chars(spec: string, max: number): fc.Arbitrary<string> {
  const set: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      for (let c = spec.charCodeAt(i); c <= spec.charCodeAt(i + 2); c++) set.push(String.fromCharCode(c));
      i += 2;
    } else set.push(spec[i]);
  }
  return fc.array(fc.constantFrom(...set), { maxLength: max }).map((cs) => cs.join(''));
}

// ------------------------------------------------------------------ values

const WORDS = ['', 'yes', 'no', 'on', 'off', 'default', 'mymaster', 'redis', 'x', 'foo bar', 'é', '😀', '日本', '-', '0', '1', '-1', '#'];
const junk = pick(['abc', '1x', '--', '0x10', '1e3', '99999999999999999999999', '-9223372036854775809', '1.5', '', ' ', 'yes no']);
const smallInt = fc.integer({ min: -5, max: 100_000 }).map(String);

function numericValue(v: Extract<ValueSpec, { kind: 'numeric' }>): fc.Arbitrary<string> {
  const edges = [v.min, v.max];
  try {
    const min = BigInt(v.min),
      max = BigInt(v.max);
    edges.push(String(min - 1n), String(max + 1n));
  } catch {
    /* bounds are decimal strings; keep them as they are */
  }
  const arbs: Array<fc.Arbitrary<string>> = [pick(edges), smallInt, junk];
  if (v.memory)
    arbs.push(
      fc
        .tuple(fc.integer({ min: 0, max: 4096 }), pick(['b', 'k', 'kb', 'm', 'mb', 'g', 'gb', 'GB', 'Mb', 't', 'kib']))
        .map(([n, u]) => `${n}${u}`),
    );
  if (v.percent) arbs.push(fc.integer({ min: -5, max: 120 }).map((n) => `${n}%`));
  if (v.octal) arbs.push(pick(['0777', '0700', '0', '0800', '777']));
  return fc.oneof(...arbs);
}

function specialArgs(form: string): fc.Arbitrary<string[]> {
  switch (form) {
    case 'save': {
      const pair = fc
        .tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }))
        .map(([s, c]) => [String(s), String(c)]);
      return fc.oneof(
        fc.array(pair, { minLength: 1, maxLength: 6 }).map((ps) => ps.flat()),
        fc.array(pair, { minLength: 1, maxLength: 4 }).map((ps) => [`"${ps.flat().join(' ')}"`]),
        fc.constant(['""']),
        fc.constant(["''"]),
        fc.array(junk, { maxLength: 3 }),
      );
    }
    case 'client-output-buffer-limit':
      return fc
        .tuple(
          pick(['normal', 'replica', 'slave', 'pubsub', 'master', 'bogus']),
          pick(['0', '256mb', '1gb', '64mb', 'x']),
          pick(['0', '64mb', '8mb']),
          pick(['0', '60', '-1']),
        )
        .map((a) => [...a]);
    case 'notify-keyspace-events':
      return fc.stringMatching(/^[KEg$lshzxetmdnAX]{0,6}$/).map((s) => [s === '' ? '""' : s]);
    case 'user':
      return fc
        .tuple(
          pick(['default', 'alice', 'bob']),
          fc.array(
            pick(['on', 'off', '>secret', 'nopass', '~*', '+@all', '-@dangerous', 'allkeys', 'resetpass', '&*', '+get', '%R~k*', 'bogus']),
            { maxLength: 5 },
          ),
        )
        .map(([u, rules]) => [u, ...rules]);
    case 'rename-command':
      return fc
        .tuple(
          pick(['CONFIG', 'FLUSHALL', 'KEYS', 'nosuchcommand', 'get']),
          pick(['""', 'b840fc02d524045429941cc15f59e41cb7be6c52', 'GET', 'x']),
        )
        .map((a) => [...a]);
    case 'replicaof':
      return fc.oneof(
        fc.constant(['no', 'one']),
        fc.tuple(pick(['10.0.0.1', 'redis-primary', '::1']), pick(['6379', '0', '70000', 'x'])).map((a) => [...a]),
      );
    case 'bind':
      return fc.array(pick(['127.0.0.1', '-::1', '0.0.0.0', '*', '192.168.1.10', 'localhost']), { minLength: 1, maxLength: 3 });
    case 'sentinel':
      return sentinelArgs;
    case 'oom-score-adj-values':
      return fc.tuple(smallInt, smallInt, smallInt).map((a) => [...a]);
    case 'latency-tracking-info-percentiles':
      return fc.array(pick(['50', '99', '99.9', '100', '101', 'x']), { maxLength: 4 });
    case 'include':
    case 'loadmodule':
    case 'dir':
    case 'logfile':
    case 'cluster-config-file':
      return fc.array(
        pick(['/etc/redis/other.conf', 'relative.conf', '/tmp', '""', '/nonexistent/*.conf', '/usr/lib/redis/modules/x.so']),
        { minLength: 1, maxLength: 2 },
      );
    default:
      return fc.array(pick(WORDS), { maxLength: 3 });
  }
}

const masterName = pick(['mymaster', 'm1', 'cache', 'nosuch', '"my master"']);
const sentinelArgs: fc.Arbitrary<string[]> = fc.oneof(
  fc
    .tuple(
      masterName,
      pick(['127.0.0.1', '10.0.0.5', 'redis.example', '::1']),
      pick(['6379', '6380', '0', 'x']),
      pick(['1', '2', '3', '0', '5']),
    )
    .map((a) => ['monitor', ...a]),
  fc
    .tuple(
      pick([
        'down-after-milliseconds',
        'failover-timeout',
        'parallel-syncs',
        'auth-pass',
        'auth-user',
        'known-replica',
        'known-sentinel',
        'config-epoch',
        'leader-epoch',
        'rename-command',
        'notification-script',
      ]),
      masterName,
      fc.array(
        pick(['1000', '30000', '180000', '1', '0', '-1', 'secret', '127.0.0.1', '26379', 'x', 'abcdef0123456789abcdef0123456789abcdef01']),
        { maxLength: 3 },
      ),
    )
    .map(([sub, m, rest]) => [sub, m, ...rest]),
  fc
    .tuple(
      pick([
        'resolve-hostnames',
        'announce-hostnames',
        'deny-scripts-reconfig',
        'announce-ip',
        'announce-port',
        'myid',
        'current-epoch',
        'sentinel-user',
        'sentinel-pass',
        'bogus',
      ]),
      pick(['yes', 'no', '1', '0', 'x', '127.0.0.1']),
    )
    .map((a) => [...a]),
);

/** Arguments of a directive, of the kind its catalog entry takes (right or wrong). */
export function argsFor(name: string): fc.Arbitrary<string[]> {
  const facts = FACTS.get(name.toLowerCase());
  if (!facts) return fc.array(pick(WORDS), { maxLength: 3 });
  const variants = facts.variants.map((v) => v.value);
  return fc.constantFrom(...variants).chain((v): fc.Arbitrary<string[]> => {
    switch (v.kind) {
      case 'bool':
        return pick(['yes', 'no', 'YES', 'No', 'true', '1', '']).map((x) => [x]);
      case 'enum': {
        const one = fc.oneof(
          { weight: 4, arbitrary: pick(v.values) },
          { weight: 1, arbitrary: pick(v.values).map((s) => s.toUpperCase()) },
          { weight: 1, arbitrary: junk },
        );
        return v.multi ? fc.array(one, { minLength: 1, maxLength: 3 }) : one.map((x) => [x]);
      }
      case 'numeric':
        return numericValue(v).map((x) => [x]);
      case 'string':
        return pick([
          'redis-server',
          'dump.rdb',
          'appendonly.aof',
          '""',
          '"with space"',
          'x',
          '/tmp/x',
          '127.0.0.1',
          'abc:def',
          '{title} {port}',
        ]).map((x) => [x]);
      case 'special':
        return specialArgs(v.form);
      case 'deprecated':
        return fc.array(pick(WORDS), { maxLength: v.argcMax });
    }
  });
}

// ------------------------------------------------------------------ lines

const blanks = fc.oneof(
  { weight: 8, arbitrary: fc.constant(' ') },
  { weight: 2, arbitrary: pick(['  ', '\t', ' \t ', '\t\t']) },
  { weight: 1, arbitrary: pick(['\v', '\f', ' \v ']) },
);
const indent = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: pick([' ', '\t', '  \t']) });
const trailing = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: pick([' ', '\t', ' \t ', '\v']) });
const name = fc.oneof(
  { weight: 12, arbitrary: pick(ALL_NAMES) },
  { weight: 1, arbitrary: pick(ALL_NAMES).map((n) => n.toUpperCase()) },
  {
    weight: 1,
    arbitrary: pick([
      'replication-backlog-size',
      'maxmemmory',
      'apendonly',
      'vectorset.x',
      'search.timeout',
      'bogus',
      '"port"',
      'sentinel',
    ]),
  },
);

/** Damages one token the way hands and tools do. */
function damage(tok: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 20, arbitrary: fc.constant(tok) },
    { weight: 2, arbitrary: fc.constant(`"${tok}"`) },
    { weight: 1, arbitrary: fc.constant(`'${tok}'`) },
    { weight: 1, arbitrary: fc.constant(`"${tok}`) }, // never closed
    { weight: 1, arbitrary: fc.constant(`"${tok}"x`) }, // closing quote not followed by a blank
    { weight: 1, arbitrary: fc.constant(`${tok}"a b"`) }, // a quote opening inside a token
    { weight: 1, arbitrary: pick(['\\x41', '\\xZZ', '\\n', '\\"', "\\'", '\\']).map((e) => `"${tok}${e}"`) },
    { weight: 1, arbitrary: pick(['é', '😀', '\u200b', '\ufeff', '\x01', '\x1b[31m', '\x7f', '\0', '\ud800']).map((c) => tok + c) },
  );
}

const directiveLine: fc.Arbitrary<string> = name.chain((n) =>
  fc
    .tuple(
      indent,
      fc.constant(n),
      argsFor(n),
      trailing,
      fc.oneof({ weight: 10, arbitrary: fc.constant('') }, { weight: 1, arbitrary: pick([' # inline', '#x', ' #']) }),
    )
    .chain(([ind, nm, args, tr, tail]) =>
      fc.tuple(...[nm, ...args].map(damage), fc.array(blanks, { minLength: args.length + 1, maxLength: args.length + 1 })).map((parts) => {
        const toks = parts.slice(0, -1) as string[];
        const seps = parts[parts.length - 1] as string[];
        return ind + toks.map((t, i) => (i ? seps[i] : '') + t).join('') + tail + tr;
      }),
    ),
);

const commentLine = fc.oneof(
  pick([
    '# comment',
    '#',
    '################################ SNAPSHOTTING  ################################',
    '# save 900 1',
    '#   maxmemory <bytes>',
    '# redis-ha: rpo=0',
    '# redis-ha: target=valkey-9.0',
    '# redis-ha: version=6.2 rpo=1s',
    '# redis-ha: target=nosuch',
    '# redis-ha: rpo=snapshot',
  ]),
  fc.tuple(indent, fc.string({ maxLength: 30 })).map(([i, s]) => `${i}#${s.replace(/[\r\n]/g, ' ')}`),
);

const longLine = fc
  .tuple(pick(['save', 'user', 'requirepass', 'x', '#']), fc.integer({ min: 200, max: 6000 }), pick([' 1', 'a', ' 60 1', ' "q', '\t']))
  .map(([n, k, unit]) => n + unit.repeat(Math.ceil(k / unit.length)));

const randomLine = fc
  .oneof(fc.string({ maxLength: 40 }), fc.fullUnicodeString({ maxLength: 20 }), chars(' -~\t\v\f\0\x1b', 40))
  .map((s) => s.replace(/\n/g, ' '));

export const configLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 14, arbitrary: directiveLine },
  { weight: 3, arbitrary: commentLine },
  { weight: 3, arbitrary: pick(['', '', ' ', '\t', '  \t  ', '\v']) },
  { weight: 2, arbitrary: sentinelArgs.map((a) => `sentinel ${a.join(' ')}`) },
  { weight: 1, arbitrary: randomLine },
  { weight: 1, arbitrary: longLine },
);

const eol = fc.oneof(
  { weight: 10, arbitrary: fc.constant('\n') },
  { weight: 3, arbitrary: fc.constant('\r\n') },
  { weight: 1, arbitrary: fc.constant('\r') },
);

/** Joins lines with (mostly LF, some CRLF, a few lone CR) line endings; a final one or not. */
export function joinLines(lines: fc.Arbitrary<string[]>, eols = eol): fc.Arbitrary<string> {
  return lines
    .chain((ls) => fc.tuple(fc.constant(ls), fc.array(eols, { minLength: ls.length, maxLength: ls.length }), fc.boolean()))
    .map(([ls, es, final]) => ls.map((l, i) => l + (i < ls.length - 1 || final ? es[i] : '')).join(''));
}

/** A whole config: mostly realistic lines, broken in realistic ways. */
export const configText: fc.Arbitrary<string> = joinLines(fc.array(configLine, { maxLength: 30 }));

/** Config text or, now and then, bytes no config looks like. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: configText },
  { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 200 }).map((cs) => String.fromCharCode(...cs)) },
);

export const language = fc.constantFrom('redis-conf' as const, 'sentinel-conf' as const);
export const version = fc.constantFrom('auto', ...VERSIONS);
export const targetRpo = fc.constantFrom(undefined, '', 'none', 'snapshot', '1s', '0', 'bogus');

// ------------------------------------------------------------------ safe for a real server

/** Names whose values cannot make the server listen, connect, load, write outside its dir or grab resources. */
const UNSAFE =
  /^(bind|port|tls-|cluster-|sentinel|replicaof|slaveof|master|include|loadmodule|dir$|logfile|pidfile|unixsocket|daemonize|supervised|syslog|aclfile|dbfilename|append(filename|dirname)|oom-score-adj|io-threads|databases|maxclients|.*cpulist|.*_cpulist|server-cpulist|proc-title|set-proc-title|enable-.*-command|ignore-warnings|disable-thp|crash-|tcp-backlog|bind-source-addr|replica-announce|slave-announce|rdma|mptcp|repl-mptcp|hash-seed|shutdown-on-sig|jemalloc|locale-collate|always-show-logo)/;

const SAFE_NAMES = (() => {
  const vc = catalog().forVersion('7.0');
  return vc
    .directives()
    .filter((d) => !UNSAFE.test(d.name))
    .filter(
      (d) =>
        d.variant.value.kind === 'bool' ||
        d.variant.value.kind === 'enum' ||
        d.variant.value.kind === 'numeric' ||
        (d.variant.value.kind === 'special' &&
          ['save', 'client-output-buffer-limit', 'notify-keyspace-events', 'latency-tracking-info-percentiles'].includes(
            d.variant.value.form,
          )),
    )
    .map((d) => d.name)
    .sort();
})();
export const SAFE_DIRECTIVES: readonly string[] = SAFE_NAMES;

const safeDirective = fc
  .oneof({ weight: 20, arbitrary: pick(SAFE_NAMES) }, { weight: 1, arbitrary: pick(['bogus-directive', 'maxmemmory', 'apendonly']) })
  .chain((n) =>
    fc
      .tuple(
        indent,
        argsFor(n),
        trailing,
        fc.array(blanks, { minLength: 8, maxLength: 8 }),
        fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant(' # inline') }),
      )
      .map(([ind, args, tr, seps, tail]) => ind + [n, ...args].map((t, i) => (i ? seps[i % seps.length] : '') + t).join('') + tail + tr),
  );

/** A config that is safe to start a real redis-server on (see the header), with layout to format. */
export const safeConfig: fc.Arbitrary<string> = joinLines(
  fc.array(
    fc.oneof(
      { weight: 10, arbitrary: safeDirective },
      { weight: 2, arbitrary: pick(['# comment', '   # indented comment  ', '#', '## SNAPSHOTTING ##\t']) },
      { weight: 3, arbitrary: pick(['', ' ', '\t', '  \t ']) },
      { weight: 1, arbitrary: pick(['"unclosed', 'maxmemory "1gb"x', "appendonly 'yes'", '\tsave\t"60 1"  ', 'hz "\\x31\\x30"']) },
    ),
    { maxLength: 20 },
  ),
  fc.oneof({ weight: 6, arbitrary: fc.constant('\n') }, { weight: 2, arbitrary: fc.constant('\r\n') }),
);
