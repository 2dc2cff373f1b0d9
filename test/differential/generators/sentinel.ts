/**
 * sentinel.conf files judged by redis-sentinel 7.0.15: `sentinel monitor`
 * (127.0.0.1 and closed ports only), every sub-command of the 7.0 catalog
 * with its argument counts, unknown masters, duplicates, host names with and
 * without resolve-hostnames (only `localhost`, answered by /etc/hosts, so no
 * name server is asked), plain directives in a sentinel.conf.
 *
 * Left out: notification-script / client-reconfig-script naming a file that
 * is missing or not executable — whether it is depends on the Sentinel's host
 * (the existing, executable @DIR@/notify.sh is generated).
 */
import { catalog } from '../../../server/catalog/catalog';
import { CaseList, type Case, type GenContext } from '../support/cases';

const RUNID = '1b1f0f6c6e8ab4c4b1fbb2a1bd6b1d77e5c3b2a1';
const RUNID2 = '2c2f0f6c6e8ab4c4b1fbb2a1bd6b1d77e5c3b2a2';

/** A valid argument list per sub-command (after the sub-command), using master `m`. */
function validArgs(sub: string, ports: number[]): string[] {
  const [, P2, P3] = ports;
  switch (sub) {
    case 'monitor':
      return ['m2', '127.0.0.1', String(P2), '2'];
    case 'down-after-milliseconds':
      return ['m', '5000'];
    case 'failover-timeout':
      return ['m', '60000'];
    case 'parallel-syncs':
      return ['m', '1'];
    case 'notification-script':
      return ['m', '@DIR@/notify.sh'];
    case 'client-reconfig-script':
      return ['m', '@DIR@/notify.sh'];
    case 'auth-pass':
      return ['m', 'secret'];
    case 'auth-user':
      return ['m', 'sentinel-user'];
    case 'current-epoch':
      return ['5'];
    case 'myid':
      return [RUNID];
    case 'config-epoch':
      return ['m', '3'];
    case 'leader-epoch':
      return ['m', '3'];
    case 'known-replica':
      return ['m', '127.0.0.1', String(P2)];
    case 'known-sentinel':
      return ['m', '127.0.0.1', String(P3), RUNID];
    case 'rename-command':
      return ['m', 'CONFIG', 'MYCONFIG'];
    case 'announce-ip':
      return ['127.0.0.1'];
    case 'announce-port':
      return ['26380'];
    case 'deny-scripts-reconfig':
      return ['yes'];
    case 'sentinel-user':
      return ['sentinel-user'];
    case 'sentinel-pass':
      return ['secret'];
    case 'resolve-hostnames':
      return ['no'];
    case 'announce-hostnames':
      return ['no'];
    case 'master-reboot-down-after-period':
      return ['m', '0'];
    default:
      return Array(1).fill('x');
  }
}

/** Values worth trying in each argument position of a sub-command (beyond the valid one). */
function variants(sub: string, ports: number[]): string[][] {
  const [P1, P2, P3] = ports;
  const v = (...rest: string[]) => rest;
  switch (sub) {
    case 'monitor':
      return [
        v('m2', '127.0.0.1', String(P2), '0'),
        v('m2', '127.0.0.1', String(P2), '-1'),
        v('m2', '127.0.0.1', String(P2), 'abc'),
        v('m2', '127.0.0.1', String(P2), '2x'),
        v('m2', '127.0.0.1', '99999', '2'),
        v('m2', '127.0.0.1', '-1', '2'),
        v('m2', '127.0.0.1', 'abc', '2'),
        v('m2', '127.0.0.1', `${P2}x`, '2'),
        v('m2', '127.0.0.1', '0', '2'),
        v('m2', '127.0.0.1', '65536', '2'),
        v('m2', '127.0.0.1', '4294967297', '2'),
        v('m2', 'localhost', String(P2), '2'),
        v('m2', '127.1', String(P2), '2'),
        v('m2', '::1', String(P2), '2'),
        v('m2', '127.0.0.300', String(P2), '2'),
        v('m', '127.0.0.1', String(P1), '2'),
        v('"m 2"', '127.0.0.1', String(P2), '2'),
        v('M', '127.0.0.1', String(P2), '2'),
        v('m2', '127.0.0.1', String(P2), '2147483648'),
        v('m2', '"127.0.0.1"', String(P2), '2'),
        v('m2', '', String(P2), '2'),
      ];
    case 'down-after-milliseconds':
    case 'failover-timeout':
      return [
        v('m', '0'),
        v('m', '-1'),
        v('m', 'abc'),
        v('m', '5000x'),
        v('m', '4294967296'),
        v('m', '2147483648'),
        v('other', '5000'),
        v('M', '5000'),
      ];
    case 'parallel-syncs':
      return [v('m', '0'), v('m', '-1'), v('m', 'abc'), v('other', '1')];
    case 'master-reboot-down-after-period':
      return [v('m', '-1'), v('m', 'abc'), v('m', '1000'), v('other', '0')];
    case 'notification-script':
    case 'client-reconfig-script':
      return [v('other', '@DIR@/notify.sh')];
    case 'auth-pass':
    case 'auth-user':
      return [v('other', 'x'), v('m', '""')];
    case 'current-epoch':
      return [v('abc'), v('-1'), v('99999999999999999999')];
    case 'myid':
      return [v('abc'), v(RUNID.toUpperCase()), v(`${RUNID}0`), v(RUNID.slice(1)), v('z'.repeat(40)), v('""')];
    case 'config-epoch':
    case 'leader-epoch':
      return [v('m', 'abc'), v('m', '-1'), v('other', '1')];
    case 'known-replica':
      return [
        v('m', '127.0.0.1', '99999'),
        v('m', 'localhost', String(P2)),
        v('other', '127.0.0.1', String(P2)),
        v('m', '127.0.0.1', 'abc'),
        v('m', '127.0.0.1', String(P1)),
      ];
    case 'known-sentinel':
      return [
        v('m', '127.0.0.1', String(P3)),
        v('m', '127.0.0.1', String(P3), 'abc'),
        v('m', 'localhost', String(P3), RUNID),
        v('other', '127.0.0.1', String(P3), RUNID),
        v('m', '127.0.0.1', '99999', RUNID),
      ];
    case 'rename-command':
      return [v('m', 'config', 'x'), v('m', 'NOSUCH', 'x'), v('other', 'CONFIG', 'x'), v('m', 'CONFIG', '""')];
    case 'announce-ip':
      return [v('""'), v('localhost')];
    case 'announce-port':
      return [v('abc'), v('-1'), v('99999')];
    case 'deny-scripts-reconfig':
    case 'resolve-hostnames':
    case 'announce-hostnames':
      return [v('no'), v('YES'), v('maybe'), v('1'), v('""')];
    default:
      return [];
  }
}

export function sentinelCases(ctx: GenContext): Case[] {
  const c = new CaseList('sentinel');
  const [P1, P2, P3] = ctx.closedPorts;
  const M = `sentinel monitor m 127.0.0.1 ${P1} 2`;
  const add = (group: string, id: string, lines: string[]) => c.add(group, id, `${lines.join('\n')}\n`, { sentinel: true });
  const subs = catalog().forVersion(ctx.version).sentinelSubcommands();

  add('monitor', 'a master alone', [M]);
  add('files', 'an empty file', ['']);
  add('files', 'only a port', ['port 26379']);
  for (const sub of subs) {
    const names = [sub.name, ...(sub.aliases ?? [])];
    const args = validArgs(sub.name, ctx.closedPorts);
    for (const name of names) {
      add(sub.name, `${name} valid`, [M, `sentinel ${name} ${args.join(' ')}`]);
      add(sub.name, `${name} valid, before the monitor line`, [`sentinel ${name} ${args.join(' ')}`, M]);
    }
    add(sub.name, `${sub.name} in upper case`, [M, `SENTINEL ${sub.name.toUpperCase()} ${args.join(' ')}`]);
    add(sub.name, `${sub.name} one argument short`, [M, `sentinel ${sub.name} ${args.slice(0, -1).join(' ')}`]);
    add(sub.name, `${sub.name} one argument more`, [M, `sentinel ${sub.name} ${args.join(' ')} extra`]);
    add(sub.name, `${sub.name} with an inline comment`, [M, `sentinel ${sub.name} ${args.join(' ')} # note`]);
    add(sub.name, `${sub.name} with no argument`, [M, `sentinel ${sub.name}`]);
    for (const a of variants(sub.name, ctx.closedPorts))
      add(sub.name, `${sub.name} ${a.join(' ')}`, [M, `sentinel ${sub.name} ${a.join(' ')}`]);
    if (sub.perMaster) add(sub.name, `${sub.name} without any monitor`, [`sentinel ${sub.name} ${args.join(' ')}`]);
  }

  // host names
  add('hostnames', 'monitor localhost without resolve-hostnames', [`sentinel monitor m localhost ${P1} 2`]);
  add('hostnames', 'monitor localhost with resolve-hostnames yes', [
    `sentinel monitor m localhost ${P1} 2`,
    'sentinel resolve-hostnames yes',
  ]);
  add('hostnames', 'resolve-hostnames yes before the monitor', ['sentinel resolve-hostnames yes', `sentinel monitor m localhost ${P1} 2`]);
  add('hostnames', 'resolve-hostnames yes then no', [
    'sentinel resolve-hostnames yes',
    'sentinel resolve-hostnames no',
    `sentinel monitor m localhost ${P1} 2`,
  ]);
  add('hostnames', 'known-replica localhost with resolve-hostnames', [
    M,
    'sentinel resolve-hostnames yes',
    `sentinel known-replica m localhost ${P2}`,
  ]);
  add('hostnames', 'announce-hostnames without resolve-hostnames', ['sentinel announce-hostnames yes', M]);

  // duplicates and order
  add('duplicates', 'the same master twice', [M, `sentinel monitor m 127.0.0.1 ${P2} 2`]);
  add('duplicates', 'the same replica twice', [M, `sentinel known-replica m 127.0.0.1 ${P2}`, `sentinel known-slave m 127.0.0.1 ${P2}`]);
  add('duplicates', 'the same sentinel id twice', [
    M,
    `sentinel known-sentinel m 127.0.0.1 ${P2} ${RUNID}`,
    `sentinel known-sentinel m 127.0.0.1 ${P3} ${RUNID}`,
  ]);
  add('duplicates', 'two sentinels, two ids', [
    M,
    `sentinel known-sentinel m 127.0.0.1 ${P2} ${RUNID}`,
    `sentinel known-sentinel m 127.0.0.1 ${P3} ${RUNID2}`,
  ]);
  add('duplicates', 'the same sentinel address with two ids', [
    M,
    `sentinel known-sentinel m 127.0.0.1 ${P2} ${RUNID}`,
    `sentinel known-sentinel m 127.0.0.1 ${P2} ${RUNID2}`,
  ]);
  add('duplicates', 'the same command renamed twice', [M, 'sentinel rename-command m CONFIG X', 'sentinel rename-command m CONFIG Y']);
  add('duplicates', 'the same command renamed in two cases', [
    M,
    'sentinel rename-command m CONFIG X',
    'sentinel rename-command m config Y',
  ]);
  add('duplicates', 'a setting repeated', [M, 'sentinel down-after-milliseconds m 5000', 'sentinel down-after-milliseconds m 6000']);
  add('duplicates', 'two masters', [M, `sentinel monitor n 127.0.0.1 ${P2} 1`]);
  add('order', 'an error before the monitor, an error after', ['sentinel down-after-milliseconds m 0', M, 'sentinel failover-timeout m 0']);
  add('order', 'an unknown master before a bad monitor', [
    'sentinel down-after-milliseconds x 5000',
    `sentinel monitor m 127.0.0.1 ${P1} 0`,
  ]);
  add('order', 'a bad myid after a bad monitor', [`sentinel monitor m 127.0.0.1 ${P1} 0`, 'sentinel myid abc']);
  add('order', 'a plain error after a sentinel error', ['sentinel bogus', 'port x']);
  add('order', 'a sentinel error after a plain error', ['port x', 'sentinel bogus']);

  // lines that are not sub-commands
  add('other lines', 'an unknown sub-command', [M, 'sentinel bogus x']);
  add('other lines', 'a misspelt sub-command', [M, 'sentinel down-after-millseconds m 5000']);
  add('other lines', 'the Valkey name primary-reboot-down-after-period', [M, 'sentinel primary-reboot-down-after-period m 0']);
  add('other lines', 'a bare sentinel line', [M, 'sentinel']);
  add('other lines', 'sentinel ""', [M, 'sentinel ""']);
  add('other lines', 'upper-case SENTINEL MONITOR', [`SENTINEL MONITOR m 127.0.0.1 ${P1} 2`]);
  add('other lines', 'plain directives', ['port 26379', 'requirepass secret', 'protected-mode no', M]);
  add('other lines', 'a data-node directive', [M, 'maxmemory 1gb', 'appendonly yes']);
  add('other lines', 'an unknown plain directive', [M, 'no-such-directive 1']);
  add('other lines', 'a plain directive with a bad value', [M, 'maxmemory 1xb']);
  add('other lines', 'daemonize yes', [M, 'daemonize yes']);
  add('other lines', 'dbfilename . (a Sentinel loads no RDB file)', [M, 'dbfilename .']);
  add('other lines', 'a user with an unknown category', [M, 'user alice on nopass +@bogus']);
  add('other lines', 'a quoted sub-command', [M, 'sentinel "down-after-milliseconds" m 5000']);
  add('other lines', 'a quoted master name', [M, 'sentinel down-after-milliseconds "m" 5000']);
  return c.list;
}
