/**
 * Diagnostics for a parsed redis.conf / sentinel.conf, as strict as the real
 * loader of the target version and no stricter: an `error` is exactly a line
 * that stops redis-server (or redis-sentinel) from starting. Pure: the parsed
 * document and options in, LSP diagnostics out; file existence comes from an
 * injected host so the CLI, the server and tests share it.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { catalog as defaultCatalog, VERSION_LABELS, type Catalog, type DirectiveInfo, type VersionCatalog, type VersionId } from '../catalog/catalog';
import { sentinelIgnores } from '../catalog/areas';
import { splitArgsLikeRedis } from '../parser/parse';
import type { ConfigDocument, Directive, Token, Tokenizer } from '../parser/types';
import { checkUserName, checkUserRules } from './acl';
import { strcaseEq, string2ll } from './cnum';
import { DiagnosticSink, ORDER } from './diag';
import { checkInclude, type FileHost } from './include';
import type { Language } from './options';
import { trackOverrides } from './overrides';
import { checkSentinelLines, type SentinelModel } from './sentinel';
import { BAD_ARITY, checkBindAtStartup, checkSpecial } from './special';
import { reportModuleSettings, unknownAtLine, type UnknownContext } from './unknown';
import { checkBool, checkEnum, checkNumeric, checkString, familyOf, type Verdict, type VersionFamily } from './values';

export type { FileHost } from './include';

export interface ValidateOptions {
  version: VersionId;
  language: Language;
  /** URI of the document, for related information. */
  uri?: string;
  /** Absolute path of the file, to resolve `include`. */
  filePath?: string;
  host?: FileHost;
  catalog?: Catalog;
}

export interface Validation {
  diagnostics: Diagnostic[];
  /** Lines that name a known directive, with what they resolved to. */
  known: Array<{ line: Directive; info: DirectiveInfo }>;
  /** Declared Sentinel masters (sentinel.conf only). */
  sentinel?: SentinelModel;
}

/**
 * Splits a MULTI_ARG config's single argument the way redis-server does
 * (sdssplitargs); when its quotes do not balance, the setter gets no argument.
 */
function splitValue(value: string, tokenizer: Tokenizer): string[] {
  return splitArgsLikeRedis(value, tokenizer) ?? [];
}

export function validate(doc: ConfigDocument, opts: ValidateOptions): Validation {
  const cat = opts.catalog ?? defaultCatalog();
  const vc = cat.forVersion(opts.version);
  const family = familyOf(opts.version);
  const sem = vc.semantics;
  /** Numeric settings whose validity depends on another one, as they stand at the current line. */
  const numbers = new Map<string, bigint>();
  const sink = new DiagnosticSink(doc, opts.uri ?? 'file:///untitled');
  const known: Validation['known'] = [];
  const sentinelLines: Directive[] = [];
  const users = new Map<string, Directive>();
  const renamed = new RenameTable(vc);
  const moduleConfigs: Directive[] = [];
  let loadmodule = false;
  const unknownCtx: UnknownContext = { vc, cat, version: opts.version, language: opts.language, sink };
  /** acl-pubsub-default as it stands at the current line (a new user starts from it). */
  let pubsubAllChannels = vc.lookup('acl-pubsub-default')?.info.variant.default === 'allchannels';
  const pendingUsers: Array<{ d: Directive; rules: string[]; bad: ReturnType<typeof checkUserRules> }> = [];

  for (const p of doc.problems) {
    if (p.error === 'nul-character') {
      sink.add('nul-character', { start: p.spotStart, end: p.spotEnd }, 'NUL character: redis-server ignores the rest of this line and joins the next line onto it');
    }
  }

  for (const line of doc.lines) {
    if (line.kind === 'syntax-error') {
      const msg = line.error === 'unbalanced-quotes'
        ? 'this quote is never closed, so redis-server cannot read the line'
        : 'a closing quote must be followed by a blank or the end of the line';
      sink.add(line.error === 'unbalanced-quotes' ? 'unbalanced-quotes' : 'quote-not-followed-by-blank', { start: line.spotStart, end: line.spotEnd }, msg, { order: ORDER.line(line.lineNumber) });
      continue;
    }
    if (line.kind !== 'directive') continue;
    const d = line;
    const order = ORDER.line(d.lineNumber);
    const key = d.key;

    if (key === 'sentinel') {
      if (opts.language === 'sentinel-conf') sentinelLines.push(d);
      else if (d.args.length > 0) sink.add('sentinel-in-redis-conf', d, 'sentinel lines belong in a sentinel.conf: redis-server refuses them unless started as redis-sentinel', { order });
      continue;
    }

    const lk = vc.lookup(key);
    if (!lk) {
      if (sem.dottedModuleConfig && key.includes('.')) {
        if (d.args.length < 1) sink.add('wrong-arg-count', d, 'a module setting needs a value', { order });
        else moduleConfigs.push(d);
        continue;
      }
      fallThrough(d);
      continue;
    }
    const info = lk.info;
    known.push({ line: d, info });
    if (info.name === 'acl-pubsub-default' && d.args.length === 1) pubsubAllChannels = strcaseEq(d.args[0].value, 'allchannels');
    if (lk.viaAlias) {
      sink.add('deprecated-alias', d.name, `'${lk.viaAlias}' is the old name of '${info.name}'`, { order, fix: { name: info.name } });
    }
    if (opts.language === 'sentinel-conf' && sentinelIgnores(info.name, info.area)) {
      sink.add('not-for-sentinel', d.name, `'${info.name}' configures a data node; a Sentinel process ignores it`, { order });
    }
    const spec = info.variant.value;
    const argc = d.args.length + 1;

    if (info.variant.module) {
      // a built-in module's setting: kept while the file is read, applied when the module loads
      if (opts.language === 'sentinel-conf') {
        sink.add('ignored-directive', d, `'${info.name}' is a setting of the ${info.variant.module} module built into the server; a Sentinel loads no module, so the line does nothing`, { order });
      } else if (d.args.length === 0) {
        arityError(d, info, sink, order);
      } else if (spec.kind === 'bool') {
        // the module gets the arguments joined by blanks, as one value
        const bad = checkBool(d.args.map((a) => a.value).join(' '));
        if (bad) sink.add(bad.code, d.args.length === 1 ? d.args[0] : d, `${info.name}: ${bad.message}; the ${info.variant.module} module applies it after the file is read, and the server stops there`, { order: ORDER.modules });
      }
      continue;
    }

    if (spec.kind === 'deprecated') {
      if (argc >= spec.argcMin && argc <= spec.argcMax) {
        sink.add('ignored-directive', d, `'${info.name}' is accepted only for compatibility and does nothing in ${VERSION_LABELS[opts.version]}`, { order });
      } else if (sem.unknownDirective === 'module-queue' && argc >= 2) {
        moduleConfigs.push(d);
      } else {
        sink.add('wrong-arg-count', d, `'${info.name}' takes ${spec.argcMin - 1} argument${spec.argcMin === 2 ? '' : 's'}`, { order });
      }
      continue;
    }

    // hand-parsed by the loader (include, rename-command, user, loadmodule; most of 6.2's
    // own-setter forms): the catalog carries the argument counts its branch requires
    const handParsed = spec.kind === 'special' && !!info.variant.legacy;
    let values: string[];
    let split = false;
    if (handParsed) {
      if (argc < (spec.argcMin ?? 2) || argc > (spec.argcMax ?? Infinity)) {
        // the loader's branch does not match: Redis 8 keeps a line with a value as a possible module setting
        if (sem.unknownDirective === 'module-queue' && argc >= 2) moduleConfigs.push(d);
        else arityError(d, info, sink, order);
        continue;
      }
      values = d.args.map((a) => a.value);
    } else {
      const multi = family === 'v7' && info.variant.flags.includes('MULTI_ARG_CONFIG');
      if (!multi && d.args.length !== 1) {
        arityError(d, info, sink, order);
        continue;
      }
      if (multi && d.args.length === 1 && d.args[0].value !== '') {
        values = splitValue(d.args[0].value, sem.tokenizer);
        split = values.length !== 1;
      } else {
        values = d.args.map((a) => a.value);
      }
    }

    const report = (v: Verdict | undefined) => {
      if (!v) return;
      const code = v === BAD_ARITY ? 'wrong-arg-count' : v.code;
      const target: Token | Directive = v.arg !== undefined && !split && d.args[v.arg] ? d.args[v.arg] : v.arg === undefined ? d : d.args[0] ?? d;
      sink.add(code, target, `${info.name}: ${v.message}`, { order });
    };

    switch (spec.kind) {
      case 'bool': {
        const bad = checkBool(values[0]);
        report(bad);
        if (bad || !strcaseEq(values[0], 'yes')) break;
        if (spec.check === 'active-defrag') {
          sink.add('build-dependent', d.args[0], 'activedefrag yes is refused by builds without the jemalloc bundled with Redis (for example Debian and Ubuntu packages); those servers will not start', { order });
        } else if (spec.check === 'mptcp') {
          sink.add('build-dependent', d.args[0], `${info.name} yes is refused by a server built without Multipath TCP (system headers older than Linux 5.6): it will not start; on a kernel without MPTCP, listening fails later instead`, { order });
        }
        break;
      }
      case 'enum':
        report(checkEnum(spec, values));
        break;
      case 'numeric': {
        const r = checkNumeric(spec, values[0], family, sem.numeric);
        if (!r.verdict && r.value !== undefined && r.value !== 0n && info.name === 'rdma-port') {
          sink.add('build-dependent', d.args[0], 'an RDMA listener needs a server built with RDMA support (BUILD_RDMA) and an RDMA device on the host; elsewhere the server does not start', { order });
        }
        report(r.verdict ?? (r.value !== undefined ? checkRelated(spec.check, info.name, r.value, numbers) : undefined));
        if (!r.verdict && r.value !== undefined) numbers.set(info.name, r.value);
        break;
      }
      case 'string': {
        const bad = checkString(spec.check, values[0]);
        report(bad);
        if (!bad && info.name === 'locale-collate' && !['', 'C', 'POSIX'].includes(values[0])) {
          sink.add('host-dependent', d.args[0], `redis-server refuses to start on a host that has no locale '${values[0]}' (\`locale -a\` lists those it has)`, { order });
        } else if (!bad && info.name === 'unixsocketgroup' && values[0] !== '') {
          sink.add('host-dependent', d.args[0], `redis-server refuses to start when it listens on a Unix socket and the host has no group '${values[0]}'`, { order });
        }
        break;
      }
      case 'special':
        specialForm(spec.form, d, values, family, !!info.variant.legacy);
        break;
    }
  }

  /** A line no branch of the loader takes: refused at its line, or (Redis 8) kept as a possible module setting when it has a value. */
  function fallThrough(d: Directive) {
    if (sem.unknownDirective === 'module-queue' && d.args.length >= 1) moduleConfigs.push(d);
    else unknownAtLine(d, unknownCtx);
  }

  /** is_valid checks of numeric settings: a power of two, or a bound set by another setting as it stands. */
  function checkRelated(check: string | undefined, name: string, value: bigint, current: Map<string, bigint>): Verdict | undefined {
    const now = (other: string) => current.get(other) ?? BigInt(vc.lookup(other)?.info.variant.default ?? '0');
    switch (check) {
      case 'power-of-two':
        if (value <= 0n || (value & (value - 1n)) !== 0n) return { code: 'invalid-value', message: `must be a power of two (256, 512, 1024, …), found ${value}`, arg: 0 };
        return undefined;
      case 'array-sparse-kmax': {
        const kmin = now('array-sparse-kmin');
        if (value > 0n && value <= kmin) return { code: 'invalid-value', message: `must be 0 or greater than array-sparse-kmin (${kmin} at this line), found ${value}`, arg: 0 };
        return undefined;
      }
      case 'array-sparse-kmin': {
        const kmax = now('array-sparse-kmax');
        if (kmax > 0n && value >= kmax) return { code: 'invalid-value', message: `must be less than array-sparse-kmax (${kmax} at this line), found ${value}`, arg: 0 };
        return undefined;
      }
      default:
        void name;
        return undefined;
    }
  }

  function specialForm(form: string, d: Directive, values: string[], family: VersionFamily, legacy: boolean) {
    const order = ORDER.line(d.lineNumber);
    switch (form) {
      case 'include':
        checkInclude(d, opts, sink, order);
        return;
      case 'rename-command':
        renamed.rename(d, sink, order);
        return;
      case 'loadmodule':
        loadmodule = true;
        sink.add('host-dependent', d.args[0], `redis-server stops if it cannot load the module ${d.args[0].value} on its host`, { order });
        return;
      case 'user': {
        const name = d.args[0].value;
        const prev = users.get(name);
        if (prev && family === 'v6') {
          // 6.2 creates the user again from scratch: the earlier line no longer counts
          sink.add('overridden', prev.args[0], `user '${name}' is declared again on line ${d.lineNumber}, which replaces this declaration`, { order: ORDER.line(prev.lineNumber), related: [{ at: d, message: 'declared again here' }] });
        } else if (prev) {
          sink.add('duplicate-user', d.args[0], `user '${name}' is already declared on line ${prev.lineNumber}; a user can be declared only once`, { order, related: [{ at: prev, message: 'first declared here' }] });
          return;
        }
        users.set(name, d);
        const rules = d.args.slice(1).map((a) => a.value);
        const bad = checkUserRules(rules, { vc, family, pubsubAllChannels });
        if (bad && !bad.deferred) {
          sink.add('acl-rule', d.args[1 + bad.index] ?? d, `user '${name}': ${bad.message}`, { order });
          return;
        }
        // what redis-server only finds when it creates the users after loading the file
        pendingUsers.push({ d, rules, bad });
        return;
      }
      case 'dir':
      case 'logfile':
        return; // the directory / log file must exist on the server's host; nothing to judge here
      default:
        for (const v of checkSpecial({ form, values, family, version: opts.version, legacy, keyspaceEvents: sem.keyspaceEvents, refuseMemoryOverflow: sem.numeric?.memoryOverflow === 'refused', doubleSyntax: sem.doubleSyntax })) {
          const target = v.arg !== undefined && values.length === d.args.length ? d.args[v.arg] ?? d : d;
          sink.add(v.code, target, `${d.name.value}: ${v.message}`, { order });
        }
    }
  }

  let sentinel: SentinelModel | undefined;
  if (opts.language === 'sentinel-conf') sentinel = checkSentinelLines(sentinelLines, vc, sink);

  trackOverrides(known, sink);
  afterLoad(known, users, opts.language, sem.tokenizer, sink);
  reportModuleSettings(moduleConfigs, loadmodule, unknownCtx);
  // the users are created after loading, in file order, with the final acl-pubsub-default; the first failure stops the server
  for (const u of pendingUsers) {
    const name = u.d.args[0];
    const badName = checkUserName(name.value);
    const bad = badName ? undefined : u.bad?.deferred ? u.bad : checkUserRules(u.rules, { vc, family, pubsubAllChannels });
    if (badName) sink.add('acl-rule', name, `${badName}: redis-server refuses to start ("Critical error while loading ACLs")`, { order: ORDER.users });
    else if (bad) sink.add('acl-rule', u.d.args[1 + bad.index] ?? u.d, `user '${name.value}': ${bad.message}; redis-server refuses to start ("Critical error while loading ACLs")`, { order: ORDER.users });
    else continue;
    break;
  }
  return { diagnostics: sink.list, known, sentinel };
}

function arityError(d: Directive, info: DirectiveInfo, sink: DiagnosticSink, order: number) {
  const comment = d.args.findIndex((a) => a.value.startsWith('#') && !a.quoted);
  if (comment > 0 || (comment === 0 && d.args.length > 1)) {
    const from = d.args[comment];
    sink.add('inline-comment', { start: from.start, end: d.end }, `redis.conf has no inline comments: '${doc(d, from)}' is read as ${d.args.length - comment} more argument${d.args.length - comment === 1 ? '' : 's'} to ${info.name}, and redis-server refuses the line. Move the comment to a line of its own.`, { order });
    return;
  }
  const n = d.args.length;
  sink.add('wrong-arg-count', n === 0 ? d.name : { start: d.args[0].start, end: d.end }, `${info.name} takes ${expectedArgs(info)}, found ${n}`, { order });
}

function doc(d: Directive, from: Token): string {
  return d.args.slice(d.args.indexOf(from)).map((a) => a.value).join(' ');
}

function expectedArgs(info: DirectiveInfo): string {
  const spec = info.variant.value;
  if (spec.kind === 'special') {
    switch (spec.form) {
      case 'replicaof': return "<host> <port> (or 'no one')";
      case 'rename-command': return '<command> <new-name>';
      case 'include': return 'one file path';
      case 'user': return 'a user name and ACL rules';
      case 'loadmodule': return 'a module path and its arguments';
      case 'client-output-buffer-limit': return '<class> <hard limit> <soft limit> <soft seconds>';
      case 'oom-score-adj-values': return 'three values';
    }
  }
  return 'exactly one argument';
}

/** rename-command against the version's command table, in file order. */
class RenameTable {
  private removed = new Set<string>();
  private added = new Map<string, Directive>();
  constructor(private vc: VersionCatalog) {}
  has(name: string): boolean {
    const n = name.toLowerCase();
    return this.added.has(n) || (this.vc.hasCommand(n) && !this.removed.has(n));
  }
  rename(d: Directive, sink: DiagnosticSink, order: number) {
    const [from, to] = d.args;
    const f = from.value.toLowerCase();
    if (!this.has(f) || f.includes('|')) {
      const why = this.removed.has(f) ? ' (it was already renamed above)' : '';
      sink.add('rename-unknown-command', from, `no command named '${from.value}'${why}`, { order });
      return;
    }
    if (this.added.has(f)) this.added.delete(f);
    else this.removed.add(f);
    if (to.value !== '') {
      const t = to.value.toLowerCase();
      if (this.has(t)) {
        sink.add('rename-target-exists', to, `'${to.value}' is already the name of a command`, { order });
        return;
      }
      this.added.set(t, d);
    }
  }
}

/** The is_valid check of the definition a known line resolved to. */
function checkOfLine(known: Validation['known'], line: Directive): string | undefined {
  const spec = known.find((k) => k.line === line)?.info.variant.value;
  return spec && 'check' in spec ? spec.check : undefined;
}

function afterLoad(known: Validation['known'], users: Map<string, Directive>, language: Language, tokenizer: Tokenizer, sink: DiagnosticSink) {
  const last = (name: string) => {
    let found: Directive | undefined;
    for (const k of known) if (k.info.name === name) found = k.line;
    return found;
  };
  const cluster = last('cluster-enabled');
  const replicaof = last('replicaof');
  if (cluster && replicaof && strcaseEq(cluster.args[0]?.value ?? '', 'yes') && replicaof.args.length === 2 && !(strcaseEq(replicaof.args[0].value, 'no') && strcaseEq(replicaof.args[1].value, 'one'))) {
    sink.add('cluster-with-replicaof', replicaof, 'replicaof is not allowed with cluster-enabled yes: in a cluster, replicas are assigned with CLUSTER REPLICATE', { order: ORDER.afterLoad, related: [{ at: cluster, message: 'cluster mode is enabled here' }] });
  }
  const aclfile = last('aclfile');
  if (aclfile && users.size > 0 && aclfile.args[0]?.value !== '') {
    sink.add('aclfile-with-users', aclfile, 'users are declared in this file while aclfile is set: redis-server refuses to start; keep the users in one place', { order: ORDER.users, related: [...users.values()].map((u) => ({ at: u, message: 'user declared here' })) });
  }
  const bind = last('bind');
  if (bind && bind.args.length <= 16) {
    // the addresses matter only if something listens on TCP: the port, the TLS port or the cluster bus
    const number = (d: Directive | undefined, dflt: bigint) => (d?.args.length === 1 ? string2ll(d.args[0].value) ?? dflt : dflt);
    const listens = number(last('port'), 6379n) !== 0n || number(last('tls-port'), 0n) !== 0n || (cluster !== undefined && strcaseEq(cluster.args[0]?.value ?? '', 'yes'));
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
  // 6.2 opens the AOF itself (no AOF directory): '.' or '..' name a directory, which cannot be opened as the AOF
  const appendfilename = language === 'redis-conf' ? last('appendfilename') : undefined;
  const aofOn = strcaseEq(last('appendonly')?.args[0]?.value ?? '', 'yes');
  // (6.2's appendfilename check is the basename one: 7.0+ keeps the AOF in a directory of its own)
  const ownAofFile = appendfilename !== undefined && checkOfLine(known, appendfilename) === 'aof-filename-basename';
  if (appendfilename && aofOn && ownAofFile && ['.', '..'].includes(appendfilename.args[0]?.value ?? '')) {
    sink.add('invalid-value', appendfilename.args[0], `appendfilename '${appendfilename.args[0].value}' names a directory: with appendonly yes, redis-server 6.2 cannot open it as the append-only file and refuses to start`, { order: ORDER.later });
  }
  // a Sentinel loads no data, so only a data node reads the RDB file at startup
  const dbfilename = language === 'redis-conf' ? last('dbfilename') : undefined;
  if (dbfilename && (dbfilename.args[0]?.value === '.' || dbfilename.args[0]?.value === '..')) {
    const appendonly = last('appendonly');
    const aof = appendonly !== undefined && strcaseEq(appendonly.args[0]?.value ?? '', 'yes');
    sink.add(aof ? 'suspicious-value' : 'invalid-value', dbfilename.args[0], aof
      ? `dbfilename '${dbfilename.args[0].value}' names a directory: with appendonly yes the server starts from the AOF, but every RDB save (BGSAVE, replication, shutdown) will fail`
      : `dbfilename '${dbfilename.args[0].value}' names a directory: redis-server cannot read it as an RDB file at startup and refuses to start`, { order: ORDER.later });
  }
}
