/**
 * What only the whole file can say, once every line is read: the loader's own
 * sanity checks after loading (cluster mode with replicaof, aclfile with
 * users, the bind addresses when something listens, RDB and AOF file names
 * that name a directory) and the users redis-server creates after loading.
 * These run on every analysis over the directives the line checks resolved.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DirectiveInfo, VersionCatalog } from '../catalog/catalog';
import type { Directive, Tokenizer } from '../parser/types';
import { checkUserName } from './acl';
import { strcaseEq, string2ll } from './cnum';
import { ORDER, type DiagnosticSink } from './diag';
import { splitValue, userRules, type PendingUser } from './lineChecks';
import type { Language } from './options';
import { checkBindAtStartup } from './special';
import type { VersionFamily } from './values';

export type Known = ReadonlyArray<{ line: Directive; info: DirectiveInfo }>;

/** The is_valid check of the definition a known line resolved to. */
function checkOfLine(known: Known, line: Directive): string | undefined {
  const spec = known.find((k) => k.line === line)?.info.variant.value;
  return spec && 'check' in spec ? spec.check : undefined;
}

/** The last bind line, judged as redis-server does once the file is read: fatal only if something listens on TCP. */
function checkBindLine(known: Known, last: (name: string) => Directive | undefined, tokenizer: Tokenizer, sink: DiagnosticSink): void {
  const bind = last('bind');
  if (bind && bind.args.length <= 16) {
    // the addresses matter only if something listens on TCP: the port, the TLS port or the cluster bus
    const number = (d: Directive | undefined, dflt: bigint) => (d?.args.length === 1 ? (string2ll(d.args[0].value) ?? dflt) : dflt);
    const listens =
      number(last('port'), 6379n) !== 0n ||
      number(last('tls-port'), 0n) !== 0n ||
      strcaseEq(last('cluster-enabled')?.args[0]?.value ?? '', 'yes');
    const multi = known.find((k) => k.line === bind)?.info.variant.flags.includes('MULTI_ARG_CONFIG') ?? false;
    const split = multi && bind.args.length === 1 && bind.args[0].value !== '';
    const values = split ? splitValue(bind.args[0].value, tokenizer) : bind.args.map((a) => a.value);
    const legacyBind = known.find((k) => k.line === bind)?.info.variant.legacy ?? false;
    for (const p of checkBindAtStartup(values, legacyBind)) {
      const at = !split && p.arg !== undefined ? bind.args[p.arg] : bind;
      const severity = p.fatal && listens ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
      const note = p.fatal && !listens ? ' (harmless while port and tls-port are 0, as nothing listens on TCP)' : '';
      sink.add(p.code, at, `bind: ${p.message}${note}`, { order: ORDER.listen, severity });
    }
  }
}

export function afterLoad(
  known: Known,
  users: ReadonlyMap<string, Directive>,
  language: Language,
  tokenizer: Tokenizer,
  sink: DiagnosticSink,
) {
  const last = (name: string) => {
    let found: Directive | undefined;
    for (const k of known) if (k.info.name === name) found = k.line;
    return found;
  };
  const cluster = last('cluster-enabled');
  const replicaof = last('replicaof');
  if (
    cluster &&
    replicaof &&
    strcaseEq(cluster.args[0]?.value ?? '', 'yes') &&
    replicaof.args.length === 2 &&
    !(strcaseEq(replicaof.args[0].value, 'no') && strcaseEq(replicaof.args[1].value, 'one'))
  ) {
    sink.add(
      'cluster-with-replicaof',
      replicaof,
      'replicaof is not allowed with cluster-enabled yes: in a cluster, replicas are assigned with CLUSTER REPLICATE',
      { order: ORDER.afterLoad, related: [{ at: cluster, message: 'cluster mode is enabled here' }] },
    );
  }
  const aclfile = last('aclfile');
  if (aclfile && users.size > 0 && aclfile.args[0]?.value !== '') {
    sink.add(
      'aclfile-with-users',
      aclfile,
      'users are declared in this file while aclfile is set: redis-server refuses to start; keep the users in one place',
      { order: ORDER.users, related: [...users.values()].map((u) => ({ at: u, message: 'user declared here' })) },
    );
  }
  checkBindLine(known, last, tokenizer, sink);
  // 6.2 opens the AOF itself (no AOF directory): '.' or '..' name a directory, which cannot be opened as the AOF
  const appendfilename = language === 'redis-conf' ? last('appendfilename') : undefined;
  const aofOn = strcaseEq(last('appendonly')?.args[0]?.value ?? '', 'yes');
  // (6.2's appendfilename check is the basename one: 7.0+ keeps the AOF in a directory of its own)
  const ownAofFile = appendfilename !== undefined && checkOfLine(known, appendfilename) === 'aof-filename-basename';
  if (appendfilename && aofOn && ownAofFile && ['.', '..'].includes(appendfilename.args[0]?.value ?? '')) {
    sink.add(
      'invalid-value',
      appendfilename.args[0],
      `appendfilename '${appendfilename.args[0].value}' names a directory: with appendonly yes, redis-server 6.2 cannot open it as the append-only file and refuses to start`,
      { order: ORDER.later },
    );
  }
  // a Sentinel loads no data, so only a data node reads the RDB file at startup
  const dbfilename = language === 'redis-conf' ? last('dbfilename') : undefined;
  if (dbfilename && (dbfilename.args[0]?.value === '.' || dbfilename.args[0]?.value === '..')) {
    const appendonly = last('appendonly');
    const aof = appendonly !== undefined && strcaseEq(appendonly.args[0]?.value ?? '', 'yes');
    sink.add(
      aof ? 'suspicious-value' : 'invalid-value',
      dbfilename.args[0],
      aof
        ? `dbfilename '${dbfilename.args[0].value}' names a directory: with appendonly yes the server starts from the AOF, but every RDB save (BGSAVE, replication, shutdown) will fail`
        : `dbfilename '${dbfilename.args[0].value}' names a directory: redis-server cannot read it as an RDB file at startup and refuses to start`,
      { order: ORDER.later },
    );
  }
}

/**
 * The users, created after loading in file order with the final
 * acl-pubsub-default; the first failure stops the server.
 */
export function createUsers(
  pending: readonly PendingUser[],
  ctx: { vc: VersionCatalog; family: VersionFamily; pubsubAllChannels: boolean },
  sink: DiagnosticSink,
): void {
  for (const u of pending) {
    const name = u.d.args[0];
    const badName = checkUserName(name.value);
    const bad = badName ? undefined : u.bad?.deferred ? u.bad : userRules(u.rules, ctx);
    if (badName)
      sink.add('acl-rule', name, `${badName}: redis-server refuses to start ("Critical error while loading ACLs")`, { order: ORDER.users });
    else if (bad)
      sink.add(
        'acl-rule',
        u.d.args[1 + bad.index] ?? u.d,
        `user '${name.value}': ${bad.message}; redis-server refuses to start ("Critical error while loading ACLs")`,
        { order: ORDER.users },
      );
    else continue;
    break;
  }
}
