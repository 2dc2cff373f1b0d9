/**
 * The directives with a setter of their own: save, bind (loopback only),
 * client-output-buffer-limit, notify-keyspace-events, oom-score-adj-values,
 * latency-tracking-info-percentiles, shutdown-on-sig*, replicaof (127.0.0.1
 * and a closed local port only), include / loadmodule / dir (what does not
 * depend on the host), module settings and `sentinel` lines in a redis.conf.
 */
import { CaseList, type Case, type GenContext } from '../support/cases';

export function specialCases(ctx: GenContext): Case[] {
  const c = new CaseList('special-forms');
  const [P1, P2] = ctx.closedPorts;
  const each = (group: string, name: string, values: string[], extra: Partial<Case> = {}) => {
    for (const v of values) c.add(group, `${name} ${v}`, v === '' ? `${name}\n` : `${name} ${v}\n`, extra);
  };

  each('save', 'save', [
    '900 1',
    '900 1 300 10 60 10000',
    '""',
    "''",
    '"900 1"',
    '"900 1 300 10"',
    '',
    '900',
    '900 1 300',
    '0 1',
    '1 0',
    '-1 1',
    '900 -1',
    '900 1 # every 15 min',
    '900x 1',
    '" 900" 1',
    '"900 " 1',
    '+900 1',
    '0900 1',
    '0x10 1',
    '99999999999999999999 1',
    '900 99999999999999999999',
    '"" ""',
    '1 ""',
    '"900 1" 300 10',
    '"900 1 300"',
    `"'900' 1"`,
    `'"900 1'`,
    '"900 1 #"',
    '"# 1"',
    '"\\t900 1"',
    '900 1.5',
    '1e3 1',
    '9223372036854775808 1',
    '900 2147483648',
    '900 4294967296',
    '"900\\n1"',
    '"900\\x001"',
    'SAVE',
    '" "',
    '"  "',
    '"900 1 "',
  ]);
  c.add('save', 'save then save ""', 'save 900 1\nsave ""\n');
  c.add('save', 'save "" then save', 'save ""\nsave 60 1000\n');
  c.add('save', 'upper-case name', 'SAVE 900 1\n');

  // bind: only loopback addresses; these runs listen on a free loopback TCP port
  const loop17 = Array.from({ length: 17 }, (_, i) => `127.0.0.${i + 1}`);
  each(
    'bind',
    'bind',
    [
      '127.0.0.1',
      '127.0.0.1 -::1',
      '-127.0.0.1',
      '"127.0.0.1 127.0.0.2"',
      '127.0.0.1 # listen local',
      '127.0.0.1 #',
      '""',
      '',
      loop17.slice(0, 16).join(' '),
      loop17.join(' '),
      `"${loop17.join(' ')}"`,
      '127.0.0.1 127.0.0.1',
      '127.0.0.1 -127.0.0.1',
      '127.0.0.300',
      '-127.0.0.300',
      '"127.0.0.1 "',
      '127.0.0.1 ""',
      '" 127.0.0.1"',
      '127.0.0.1 "#"',
      '127.0.0.1 127.1',
      '127.0.0.1 0177.0.0.1',
    ],
    { tcp: true },
  );
  c.add('bind', 'bind twice', 'bind 127.0.0.1\nbind 127.0.0.2\n', { tcp: true });
  c.add('bind', 'bind # with port 0', 'bind 127.0.0.1 # local\nport 0\n', { tcp: true });

  each('client-output-buffer-limit', 'client-output-buffer-limit', [
    'normal 0 0 0',
    'replica 256mb 64mb 60',
    'slave 256mb 64mb 60',
    'pubsub 32mb 8mb 60',
    'NORMAL 0 0 0',
    'Pubsub 1GB 1Mb 0',
    'normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60',
    '"normal 0 0 0"',
    '"normal 0 0 0 pubsub 1mb 1mb 1"',
    'master 0 0 0',
    'bogus 0 0 0',
    'normal 0 0',
    'normal 0 0 0 replica',
    '',
    '""',
    'normal 1tb 0 0',
    'normal 1.5mb 0 0',
    'normal -1 0 0',
    'normal 0 -1mb 0',
    'normal 0 0 -1',
    'normal 0 0 abc',
    'normal 0 0 60x',
    'normal 0 0 +60',
    'normal 0 0 " 60"',
    'normal 0 0 99999999999999999999',
    'normal 0 0 9223372036854775808',
    'normal x 0 0',
    'normal "" "" ""',
    'normal 0 0 ""',
    'normal gb mb 0',
    'normal 18446744073709551615 0 0',
    'normal 18446744073709551616 0 0',
    'normal 0 0 0 # no limit',
    'replica 256mb 64mb 60 normal 0 0',
    'normal 0 0 0 normal 1 1 1',
    'normal 1kb 2kb 0',
    'normal 0 0 1.5',
    'normal 0 0 2147483647',
    'normal 0 0 2147483648',
    'normal 0 0 4294967296',
    'normal 0 0 4294967297',
  ]);
  c.add(
    'client-output-buffer-limit',
    'three lines, one per class',
    'client-output-buffer-limit normal 0 0 0\nclient-output-buffer-limit replica 256mb 64mb 60\nclient-output-buffer-limit pubsub 32mb 8mb 60\n',
  );

  each('notify-keyspace-events', 'notify-keyspace-events', [
    'KEA',
    '""',
    'Ag$lshzxeKEtmdn',
    'KEQ',
    'kea',
    'K',
    'E',
    'A',
    'Ex',
    '$',
    'x',
    'n',
    'd',
    'KE A',
    '"KE A"',
    '',
    'KEA # all',
    '"\\x00"',
    '"K\\x00Q"',
    'KEAKEA',
    'z z',
  ]);

  each('oom-score-adj-values', 'oom-score-adj-values', [
    '0 200 800',
    '"0 200 800"',
    '-2000 0 2000',
    '2001 0 0',
    '0 0 -2001',
    '0 200',
    '0 200 800 900',
    '800 200 0',
    'a b c',
    '+1 0 0',
    '" 1" 0 0',
    '"1 " 0 0',
    '1e3 0 0',
    '0x10 0 0',
    '00 0 0',
    '',
    '""',
    '0 200 800 # c',
    '"0 200"',
    '-0 0 0',
    '99999999999999999999 0 0',
    '0 0 4294967296',
  ]);
  c.add('oom-score-adj-values', 'oom-score-adj relative with values', 'oom-score-adj relative\noom-score-adj-values 0 200 800\n');
  c.add('oom-score-adj-values', 'oom-score-adj yes with decreasing values', 'oom-score-adj yes\noom-score-adj-values 800 200 0\n');

  each('latency-tracking-info-percentiles', 'latency-tracking-info-percentiles', [
    '50 99 99.9',
    '""',
    '',
    '50 101',
    '-1',
    'abc',
    '0 100',
    '1e2',
    '1e3',
    'inf',
    '-inf',
    'nan',
    '0x10',
    '"50 99"',
    '" 50"',
    '"50 "',
    '50.',
    '.5',
    '100.0000001',
    '100.0',
    '-0',
    '+50',
    '50%',
    '50,99',
    '99.99999999999999999',
    '1e-400',
    '0x1p3',
    '0x1p7',
    '0x',
    '0x1p',
    '1e',
    '50 99 # p',
    'INF',
    '0.0 100.0 50',
  ]);

  for (const sig of ['shutdown-on-sigint', 'shutdown-on-sigterm']) {
    each(sig, sig, [
      'default',
      'save',
      'nosave',
      'now',
      'force',
      'save now',
      'nosave now force',
      'default now',
      'save nosave',
      '"save now"',
      'SAVE NOW',
      'Force',
      'save bogus',
      '""',
      '',
      'save # c',
      'now now',
      'default default',
      '"save  now"',
      '"save,now"',
    ]);
  }

  each('replicaof', 'replicaof', [
    `127.0.0.1 ${P1}`,
    'no one',
    'NO ONE',
    'No One',
    'no',
    'no one extra',
    `127.0.0.1`,
    `127.0.0.1 ${P1} x`,
    '127.0.0.1 70000',
    '127.0.0.1 65536',
    '127.0.0.1 65535',
    '127.0.0.1 0',
    '127.0.0.1 -1',
    '127.0.0.1 abc',
    `127.0.0.1 ${P1}x`,
    '127.0.0.1 ""',
    `"127.0.0.1 ${P1}"`,
    `127.0.0.1 +${P1}`,
    `127.0.0.1 " ${P1}"`,
    `127.0.0.1 "${P1} "`,
    '127.0.0.1 4294967296',
    '127.0.0.1 4294967297',
    '127.0.0.1 2147483648',
    '127.0.0.1 99999999999999999999',
    `127.0.0.1 0${P1}`,
    `127.0.0.1 0x10`,
    `127.0.0.1 ${P1} # primary`,
    '""',
    '',
    '"no one"',
    'no "one"',
    `"" ${P1}`,
  ]);
  each('replicaof', 'slaveof', [`127.0.0.1 ${P1}`, 'no one', '127.0.0.1 70000', '127.0.0.1']);
  c.add('replicaof', 'replicaof then no one', `replicaof 127.0.0.1 ${P1}\nreplicaof no one\n`);
  c.add('replicaof', 'slaveof and replicaof', `slaveof 127.0.0.1 ${P1}\nreplicaof 127.0.0.1 ${P2}\n`);

  // include: a file in the run directory, a glob that matches nothing, argument counts
  // (6.2 has no globs: a pattern there is a file name, and a missing file is a fact of the host)
  const globs = ctx.version === '6.2' ? [] : ['@DIR@/none/*.conf', '@DIR@/none/?.conf', '@DIR@/[x].conf'];
  each('include', 'include', ['@DIR@/users.acl', '"@DIR@/users.acl"', ...globs, '', '@DIR@/users.acl extra']);
  c.add('include', 'upper-case include', 'INCLUDE @DIR@/users.acl\n');
  c.add('include', 'include then an error', 'include @DIR@/users.acl\nport x\n');

  each('loadmodule', 'loadmodule', ['']);
  c.add('loadmodule', 'upper-case loadmodule without a path', 'LOADMODULE\n');

  each('dir', 'dir', ['@DIR@', '.', '"@DIR@"', '', '@DIR@ extra', '@DIR@ # data']);

  // module settings (a dot in the name) without a module
  each('module-config', 'mymodule.opt', ['1', '', '"1"', '1 2 3', '""']);
  each('module-config', '.opt', ['1']);
  each('module-config', 'a.', ['1']);
  each('module-config', 'MyModule.Opt', ['yes']);
  c.add('module-config', 'two module settings', 'm.a 1\nm.b 2\n');
  c.add('module-config', 'module setting then an error', 'm.a 1\nport x\n');
  c.add('module-config', 'error then a module setting', 'port x\nm.a 1\n');

  // sentinel lines are refused by redis-server (a bare `sentinel` is skipped)
  each('sentinel', 'sentinel', [`monitor m 127.0.0.1 ${P1} 2`, '', 'myid abc', 'bogus', '""', 'monitor']);
  c.add('sentinel', 'upper-case SENTINEL', `SENTINEL monitor m 127.0.0.1 ${P1} 2\n`);
  return c.list;
}
