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
import type { ConfigDocument, Directive, Token } from '../parser/types';
import { checkUserName, checkUserRules } from './acl';
import { strcaseEq, string2ll } from './cnum';
import { DiagnosticSink, ORDER } from './diag';
import { checkInclude, type FileHost } from './include';
import type { Language } from './options';
import { trackOverrides } from './overrides';
import { checkSentinelLines, type SentinelModel } from './sentinel';
import { BAD_ARITY, checkBindAtStartup, checkSpecial } from './special';
import { closest } from './spelling';
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
function splitValue(value: string): string[] {
  return splitArgsLikeRedis(value) ?? [];
}

export function validate(doc: ConfigDocument, opts: ValidateOptions): Validation {
  const cat = opts.catalog ?? defaultCatalog();
  const vc = cat.forVersion(opts.version);
  const family = familyOf(opts.version);
  const sink = new DiagnosticSink(doc, opts.uri ?? 'file:///untitled');
  const known: Validation['known'] = [];
  const sentinelLines: Directive[] = [];
  const users = new Map<string, Directive>();
  const renamed = new RenameTable(vc);
  const moduleConfigs: Directive[] = [];
  let loadmodule = false;
  /** acl-pubsub-default as it stands at the current line (a new user starts from it). */
  let pubsubAllChannels = false;
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
      if (family === 'v7' && key.includes('.')) {
        if (d.args.length < 1) sink.add('wrong-arg-count', d, 'a module setting needs a value', { order });
        else moduleConfigs.push(d);
        continue;
      }
      unknownName(d, key, vc, cat, opts.version, sink, order);
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

    if (spec.kind === 'deprecated') {
      if (argc >= spec.argcMin && argc <= spec.argcMax) {
        sink.add('ignored-directive', d, `'${info.name}' is accepted only for compatibility and does nothing in ${VERSION_LABELS[opts.version]}`, { order });
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
        arityError(d, info, sink, order);
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
        values = splitValue(d.args[0].value);
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
        report(checkBool(values[0]));
        if (spec.check === 'active-defrag' && strcaseEq(values[0], 'yes')) {
          sink.add('build-dependent', d.args[0], 'activedefrag yes is refused by builds without the jemalloc bundled with Redis (for example Debian and Ubuntu packages); those servers will not start', { order });
        }
        break;
      }
      case 'enum':
        report(checkEnum(spec, values));
        break;
      case 'numeric':
        report(checkNumeric(spec, values[0], family).verdict);
        break;
      case 'string':
        report(checkString(spec.check, values[0]));
        break;
      case 'special':
        specialForm(spec.form, d, values, family, !!info.variant.legacy);
        break;
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
        if (prev) {
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
        for (const v of checkSpecial({ form, values, family, version: opts.version, legacy })) {
          const target = v.arg !== undefined && values.length === d.args.length ? d.args[v.arg] ?? d : d;
          sink.add(v.code, target, `${d.name.value}: ${v.message}`, { order });
        }
    }
  }

  let sentinel: SentinelModel | undefined;
  if (opts.language === 'sentinel-conf') sentinel = checkSentinelLines(sentinelLines, vc, sink);

  trackOverrides(known, sink);
  afterLoad(known, users, moduleConfigs, loadmodule, opts.language, sink);
  // the users are created after loading, in file order, with the final acl-pubsub-default; the first failure stops the server
  for (const u of pendingUsers) {
    const name = u.d.args[0];
    const badName = checkUserName(name.value);
    const bad = badName ? undefined : u.bad?.deferred ? u.bad : checkUserRules(u.rules, { vc, family, pubsubAllChannels });
    if (badName) sink.add('acl-rule', name, `${badName}: redis-server refuses to start ("Critical error while loading ACLs")`, { order: ORDER.afterLoad });
    else if (bad) sink.add('acl-rule', u.d.args[1 + bad.index] ?? u.d, `user '${name.value}': ${bad.message}; redis-server refuses to start ("Critical error while loading ACLs")`, { order: ORDER.afterLoad });
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

function unknownName(d: Directive, key: string, vc: VersionCatalog, cat: Catalog, version: VersionId, sink: DiagnosticSink, order: number) {
  const elsewhere = cat.versionsHaving(key);
  if (elsewhere.length) {
    const where = elsewhere.map((e) => VERSION_LABELS[e.version]).join(', ');
    const renamedTo = elsewhere.find((e) => !e.viaAlias)?.name;
    sink.add('not-in-version', d.name, `'${d.name.value}' does not exist in ${VERSION_LABELS[version]}, so redis-server refuses it; it exists in ${where}${renamedTo && renamedTo !== key ? ` (as ${renamedTo})` : ''}. Set the target version with the redisHa.targetVersion setting or a '# redis-ha: version=…' comment.`, { order });
    return;
  }
  const guess = closest(key, vc.directives().flatMap((i) => [i.name, ...(i.variant.aliases ?? [])]));
  const hint = d.name.value.startsWith('#') ? '' : guess ? ` Did you mean '${guess}'?` : '';
  sink.add('unknown-directive', d.name, `unknown directive '${d.name.value}': redis-server refuses to start.${hint}`, { order, fix: guess ? { replace: guess } : undefined });
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

function afterLoad(known: Validation['known'], users: Map<string, Directive>, moduleConfigs: Directive[], loadmodule: boolean, language: Language, sink: DiagnosticSink) {
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
    sink.add('aclfile-with-users', aclfile, 'users are declared in this file while aclfile is set: redis-server refuses to start; keep the users in one place', { order: ORDER.afterLoad, related: [...users.values()].map((u) => ({ at: u, message: 'user declared here' })) });
  }
  if (!loadmodule) {
    for (const m of moduleConfigs) {
      sink.add('module-config-without-module', m.name, `'${m.name.value}' is a module setting but no loadmodule line loads a module; redis-server refuses to start`, { order: ORDER.afterLoad });
    }
  }
  const bind = last('bind');
  if (bind && bind.args.length <= 16) {
    // the addresses matter only if something listens on TCP: the port, the TLS port or the cluster bus
    const number = (d: Directive | undefined, dflt: bigint) => (d?.args.length === 1 ? string2ll(d.args[0].value) ?? dflt : dflt);
    const listens = number(last('port'), 6379n) !== 0n || number(last('tls-port'), 0n) !== 0n || (cluster !== undefined && strcaseEq(cluster.args[0]?.value ?? '', 'yes'));
    const multi = known.find((k) => k.line === bind)?.info.variant.flags.includes('MULTI_ARG_CONFIG') ?? false;
    const split = multi && bind.args.length === 1 && bind.args[0].value !== '';
    const values = split ? splitValue(bind.args[0].value) : bind.args.map((a) => a.value);
    for (const p of checkBindAtStartup(values)) {
      const at = !split && p.arg !== undefined ? bind.args[p.arg] : bind;
      const severity = p.fatal && listens ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
      const note = p.fatal && !listens ? ' (harmless while port and tls-port are 0, as nothing listens on TCP)' : '';
      sink.add(p.code, at, `bind: ${p.message}${note}`, { order: ORDER.afterLoad, severity });
    }
  }
  // a Sentinel loads no data, so only a data node reads the RDB file at startup
  const dbfilename = language === 'redis-conf' ? last('dbfilename') : undefined;
  if (dbfilename && (dbfilename.args[0]?.value === '.' || dbfilename.args[0]?.value === '..')) {
    const appendonly = last('appendonly');
    const aof = appendonly !== undefined && strcaseEq(appendonly.args[0]?.value ?? '', 'yes');
    sink.add(aof ? 'suspicious-value' : 'invalid-value', dbfilename.args[0], aof
      ? `dbfilename '${dbfilename.args[0].value}' names a directory: with appendonly yes the server starts from the AOF, but every RDB save (BGSAVE, replication, shutdown) will fail`
      : `dbfilename '${dbfilename.args[0].value}' names a directory: redis-server cannot read it as an RDB file at startup and refuses to start`, { order: ORDER.afterLoad });
  }
}
