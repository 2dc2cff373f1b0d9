/**
 * The checks of one line, as the loader of the target version makes them
 * while it reads the file; validate.ts runs them in file order and then adds
 * what only the whole file can say (relations.ts).
 *
 * A line's result depends on the line alone — except where the loader keeps
 * state from line to line (users and acl-pubsub-default, renamed commands,
 * the array-sparse bounds) or asks the host (included files). Those lines are
 * `stateful` and checked again on every analysis; the others are reused as
 * they are after an edit elsewhere in the file.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { VERSION_LABELS, type Catalog, type DirectiveInfo, type VersionCatalog, type VersionId } from '../catalog/catalog';
import { sentinelIgnores } from '../catalog/areas';
import { splitArgsLikeRedis } from '../parser/parse';
import type { Directive, Line, Token, Tokenizer } from '../parser/types';
import { checkUserRules, type AclContext } from './acl';
import { Answers } from './memo';
import { strcaseEq } from './cnum';
import { ORDER, type DiagnosticSink } from './diag';
import { checkInclude, type FileHost } from './include';
import type { Language } from './options';
import { BAD_ARITY, checkSpecial } from './special';
import { unknownAtLine, type UnknownContext } from './unknown';
import { checkBool, checkEnum, checkNumeric, checkString, type Verdict, type VersionFamily } from './values';

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

/** A user line waiting for the end of the file: redis-server creates the users after loading it. */
export interface PendingUser {
  d: Directive;
  rules: string[];
  bad: ReturnType<typeof checkUserRules>;
}

/** What the loader carries from line to line. */
export interface FileState {
  /** The array-sparse bounds as they stand at the current line. */
  numbers: Map<string, bigint>;
  users: Map<string, Directive>;
  renamed: RenameTable;
  /** acl-pubsub-default as it stands at the current line (a new user starts from it). */
  pubsubAllChannels: boolean;
  pendingUsers: PendingUser[];
}

export interface LineContext {
  opts: ValidateOptions;
  vc: VersionCatalog;
  family: VersionFamily;
  sink: DiagnosticSink;
  unknown: UnknownContext;
  state: FileState;
}

/** What one line says about itself and what it leaves for the rest of the file. */
export interface LineResult {
  /** Its diagnostics, in the order they were made (filled in by the caller from the sink). */
  diagnostics: Diagnostic[];
  /** The directive it names. */
  info?: DirectiveInfo;
  /** Kept for after the file is read: a sentinel line, or a possible module setting. */
  queue?: 'sentinel' | 'module';
  loadmodule?: boolean;
  /** The acl-pubsub-default it sets (true: allchannels). */
  pubsub?: boolean;
  /** Its result depends on earlier lines or on the host: it is checked again on every analysis. */
  stateful?: boolean;
  /** The name "did you mean" was asked about, and whether the file's budget allowed the search. */
  spell?: Spelled;
  /** For a setting kept for modules: what was reported for it after the file was read, and on what terms. */
  later?: { loadmodule: boolean; spell: Spelled | undefined; diagnostics: Diagnostic[] };
}

export interface Spelled {
  word: string;
  allowed: boolean;
}

/** The array-sparse bounds: each is checked against the other as it stands at its line. */
const RELATED_NUMBERS = new Set(['array-sparse-kmin', 'array-sparse-kmax']);

/**
 * Splits a MULTI_ARG config's single argument the way redis-server does
 * (sdssplitargs); when its quotes do not balance, the setter gets no argument.
 */
export function splitValue(value: string, tokenizer: Tokenizer): string[] {
  return splitArgsLikeRedis(value, tokenizer) ?? [];
}

export function newFileState(vc: VersionCatalog): FileState {
  return {
    numbers: new Map(),
    users: new Map(),
    renamed: new RenameTable(vc),
    pubsubAllChannels: vc.lookup('acl-pubsub-default')?.info.variant.default === 'allchannels',
    pendingUsers: [],
  };
}

/** Checks one line (a comment says nothing). */
export function checkLine(line: Line, c: LineContext): LineResult {
  const r: LineResult = { diagnostics: [] };
  if (line.kind === 'syntax-error') {
    const msg =
      line.error === 'unbalanced-quotes'
        ? 'this quote is never closed, so redis-server cannot read the line'
        : 'a closing quote must be followed by a blank or the end of the line';
    const code = line.error === 'unbalanced-quotes' ? 'unbalanced-quotes' : 'quote-not-followed-by-blank';
    c.sink.add(code, { start: line.spotStart, end: line.spotEnd }, msg, { order: ORDER.line(line.lineNumber) });
  } else if (line.kind === 'directive') {
    checkDirective(line, c, r);
  }
  return r;
}

function checkDirective(d: Directive, c: LineContext, r: LineResult): void {
  const { sink, opts, vc } = c;
  const order = ORDER.line(d.lineNumber);
  if (d.key === 'sentinel') {
    if (opts.language === 'sentinel-conf') r.queue = 'sentinel';
    else if (d.args.length > 0)
      sink.add(
        'sentinel-in-redis-conf',
        d,
        'sentinel lines belong in a sentinel.conf: redis-server refuses them unless started as redis-sentinel',
        { order },
      );
    return;
  }
  const lk = vc.lookup(d.key);
  if (!lk) {
    if (vc.semantics.dottedModuleConfig && d.key.includes('.')) {
      if (d.args.length < 1) sink.add('wrong-arg-count', d, 'a module setting needs a value', { order });
      else r.queue = 'module';
    } else if (vc.semantics.unknownDirective === 'module-queue' && d.args.length >= 1) {
      // Redis 8 keeps a line no branch of the loader takes as a possible module setting
      r.queue = 'module';
    } else {
      unknownAtLine(d, c.unknown);
    }
    return;
  }
  const info = lk.info;
  r.info = info;
  if (info.name === 'acl-pubsub-default' && d.args.length === 1) r.pubsub = strcaseEq(d.args[0].value, 'allchannels');
  if (lk.viaAlias) {
    sink.add('deprecated-alias', d.name, `'${lk.viaAlias}' is the old name of '${info.name}'`, { order, fix: { name: info.name } });
  }
  if (opts.language === 'sentinel-conf' && sentinelIgnores(info.name, info.area)) {
    sink.add('not-for-sentinel', d.name, `'${info.name}' configures a data node; a Sentinel process ignores it`, { order });
  }
  if (info.variant.module) moduleSetting(d, info, c);
  else if (info.variant.value.kind === 'deprecated') deprecated(d, info, c, r);
  else {
    const values = valuesOf(d, info, c, r);
    if (values) checkValue(d, info, values, c, r);
  }
}

/** A built-in module's setting: kept while the file is read, applied when the module loads. */
function moduleSetting(d: Directive, info: DirectiveInfo, c: LineContext): void {
  const order = ORDER.line(d.lineNumber);
  const spec = info.variant.value;
  if (c.opts.language === 'sentinel-conf') {
    c.sink.add(
      'ignored-directive',
      d,
      `'${info.name}' is a setting of the ${info.variant.module} module built into the server; a Sentinel loads no module, so the line does nothing`,
      { order },
    );
  } else if (d.args.length === 0) {
    arityError(d, info, c.sink, order);
  } else if (spec.kind === 'bool') {
    // the module gets the arguments joined by blanks, as one value
    const bad = checkBool(d.args.map((a) => a.value).join(' '));
    if (bad)
      c.sink.add(
        bad.code,
        d.args.length === 1 ? d.args[0] : d,
        `${info.name}: ${bad.message}; the ${info.variant.module} module applies it after the file is read, and the server stops there`,
        { order: ORDER.modules },
      );
  }
}

function deprecated(d: Directive, info: DirectiveInfo, c: LineContext, r: LineResult): void {
  const spec = info.variant.value;
  if (spec.kind !== 'deprecated') return;
  const order = ORDER.line(d.lineNumber);
  const argc = d.args.length + 1;
  if (argc >= spec.argcMin && argc <= spec.argcMax) {
    c.sink.add(
      'ignored-directive',
      d,
      `'${info.name}' is accepted only for compatibility and does nothing in ${VERSION_LABELS[c.opts.version]}`,
      { order },
    );
  } else if (c.vc.semantics.unknownDirective === 'module-queue' && argc >= 2) {
    r.queue = 'module';
  } else {
    c.sink.add('wrong-arg-count', d, `'${info.name}' takes ${spec.argcMin - 1} argument${spec.argcMin === 2 ? '' : 's'}`, { order });
  }
}

/** The values the setter gets, or undefined when the line is refused (or kept for a module) for its argument count. */
function valuesOf(d: Directive, info: DirectiveInfo, c: LineContext, r: LineResult): { values: string[]; split: boolean } | undefined {
  const spec = info.variant.value;
  const argc = d.args.length + 1;
  const order = ORDER.line(d.lineNumber);
  // hand-parsed by the loader (include, rename-command, user, loadmodule; most of 6.2's
  // own-setter forms): the catalog carries the argument counts its branch requires
  if (spec.kind === 'special' && info.variant.legacy) {
    if (argc < (spec.argcMin ?? 2) || argc > (spec.argcMax ?? Infinity)) {
      // the loader's branch does not match: Redis 8 keeps a line with a value as a possible module setting
      if (c.vc.semantics.unknownDirective === 'module-queue' && argc >= 2) r.queue = 'module';
      else arityError(d, info, c.sink, order);
      return undefined;
    }
    return { values: d.args.map((a) => a.value), split: false };
  }
  const multi = c.family === 'v7' && info.variant.flags.includes('MULTI_ARG_CONFIG');
  if (!multi && d.args.length !== 1) {
    arityError(d, info, c.sink, order);
    return undefined;
  }
  if (multi && d.args.length === 1 && d.args[0].value !== '') {
    const values = splitValue(d.args[0].value, c.vc.semantics.tokenizer);
    return { values, split: values.length !== 1 };
  }
  return { values: d.args.map((a) => a.value), split: false };
}

function checkValue(d: Directive, info: DirectiveInfo, v: { values: string[]; split: boolean }, c: LineContext, r: LineResult): void {
  const { sink } = c;
  const { values, split } = v;
  const spec = info.variant.value;
  const order = ORDER.line(d.lineNumber);
  const report = (x: Verdict | undefined) => {
    if (!x) return;
    const code = x === BAD_ARITY ? 'wrong-arg-count' : x.code;
    const target: Token | Directive =
      x.arg !== undefined && !split && d.args[x.arg] ? d.args[x.arg] : x.arg === undefined ? d : (d.args[0] ?? d);
    sink.add(code, target, `${info.name}: ${x.message}`, { order });
  };
  switch (spec.kind) {
    case 'bool': {
      const bad = checkBool(values[0]);
      report(bad);
      if (bad || !strcaseEq(values[0], 'yes')) break;
      if (spec.check === 'active-defrag') {
        sink.add(
          'build-dependent',
          d.args[0],
          'activedefrag yes is refused by builds without the jemalloc bundled with Redis (for example Debian and Ubuntu packages); those servers will not start',
          { order },
        );
      } else if (spec.check === 'mptcp') {
        sink.add(
          'build-dependent',
          d.args[0],
          `${info.name} yes is refused by a server built without Multipath TCP (system headers older than Linux 5.6): it will not start; on a kernel without MPTCP, listening fails later instead`,
          { order },
        );
      }
      break;
    }
    case 'enum':
      report(checkEnum(spec, values));
      break;
    case 'numeric': {
      const n = checkNumeric(spec, values[0], c.family, c.vc.semantics.numeric);
      if (!n.verdict && n.value !== undefined && n.value !== 0n && info.name === 'rdma-port') {
        sink.add(
          'build-dependent',
          d.args[0],
          'an RDMA listener needs a server built with RDMA support (BUILD_RDMA) and an RDMA device on the host; elsewhere the server does not start',
          { order },
        );
      }
      const related = RELATED_NUMBERS.has(spec.check ?? '') || RELATED_NUMBERS.has(info.name);
      if (related) r.stateful = true;
      report(n.verdict ?? (n.value !== undefined && related ? checkRelated(spec.check, n.value, c) : checkPowerOfTwo(spec.check, n.value)));
      if (related && !n.verdict && n.value !== undefined) c.state.numbers.set(info.name, n.value);
      break;
    }
    case 'string': {
      const bad = checkString(spec.check, values[0]);
      report(bad);
      if (!bad && info.name === 'locale-collate' && !['', 'C', 'POSIX'].includes(values[0])) {
        sink.add(
          'host-dependent',
          d.args[0],
          `redis-server refuses to start on a host that has no locale '${values[0]}' (\`locale -a\` lists those it has)`,
          { order },
        );
      } else if (!bad && info.name === 'unixsocketgroup' && values[0] !== '') {
        sink.add(
          'host-dependent',
          d.args[0],
          `redis-server refuses to start when it listens on a Unix socket and the host has no group '${values[0]}'`,
          { order },
        );
      }
      break;
    }
    case 'special':
      specialForm(spec.form, d, values, !!info.variant.legacy, c, r);
      break;
  }
}

/** is_valid of a power-of-two setting. */
function checkPowerOfTwo(check: string | undefined, value: bigint | undefined): Verdict | undefined {
  if (check !== 'power-of-two' || value === undefined) return undefined;
  if (value <= 0n || (value & (value - 1n)) !== 0n)
    return { code: 'invalid-value', message: `must be a power of two (256, 512, 1024, …), found ${value}`, arg: 0 };
  return undefined;
}

/** is_valid of the array-sparse bounds: each against the other as it stands at this line. */
function checkRelated(check: string | undefined, value: bigint, c: LineContext): Verdict | undefined {
  const now = (other: string) => c.state.numbers.get(other) ?? BigInt(c.vc.lookup(other)?.info.variant.default ?? '0');
  switch (check) {
    case 'power-of-two':
      return checkPowerOfTwo(check, value);
    case 'array-sparse-kmax': {
      const kmin = now('array-sparse-kmin');
      if (value > 0n && value <= kmin)
        return {
          code: 'invalid-value',
          message: `must be 0 or greater than array-sparse-kmin (${kmin} at this line), found ${value}`,
          arg: 0,
        };
      return undefined;
    }
    case 'array-sparse-kmin': {
      const kmax = now('array-sparse-kmax');
      if (kmax > 0n && value >= kmax)
        return { code: 'invalid-value', message: `must be less than array-sparse-kmax (${kmax} at this line), found ${value}`, arg: 0 };
      return undefined;
    }
    default:
      return undefined;
  }
}

function specialForm(form: string, d: Directive, values: string[], legacy: boolean, c: LineContext, r: LineResult): void {
  const { sink, opts } = c;
  const order = ORDER.line(d.lineNumber);
  switch (form) {
    case 'include':
      r.stateful = true; // whether the file exists is the host's to say, at every analysis
      checkInclude(d, opts, sink, order);
      return;
    case 'rename-command':
      r.stateful = true;
      c.state.renamed.rename(d, sink, order);
      return;
    case 'loadmodule':
      r.loadmodule = true;
      sink.add('host-dependent', d.args[0], `redis-server stops if it cannot load the module ${d.args[0].value} on its host`, { order });
      return;
    case 'user':
      r.stateful = true;
      checkUser(d, c);
      return;
    case 'dir':
    case 'logfile':
      return; // the directory / log file must exist on the server's host; nothing to judge here
    default: {
      const sem = c.vc.semantics;
      for (const v of checkSpecial({
        form,
        values,
        family: c.family,
        version: opts.version,
        legacy,
        keyspaceEvents: sem.keyspaceEvents,
        refuseMemoryOverflow: sem.numeric?.memoryOverflow === 'refused',
        doubleSyntax: sem.doubleSyntax,
      })) {
        const target = v.arg !== undefined && values.length === d.args.length ? (d.args[v.arg] ?? d) : d;
        sink.add(v.code, target, `${d.name.value}: ${v.message}`, { order });
      }
    }
  }
}

/** A user line: its rules as they read with acl-pubsub-default at this line, and a name declared twice. */
function checkUser(d: Directive, c: LineContext): void {
  const { sink, state } = c;
  const order = ORDER.line(d.lineNumber);
  const name = d.args[0].value;
  const prev = state.users.get(name);
  if (prev && c.family === 'v6') {
    // 6.2 creates the user again from scratch: the earlier line no longer counts
    sink.add('overridden', prev.args[0], `user '${name}' is declared again on line ${d.lineNumber}, which replaces this declaration`, {
      order: ORDER.line(prev.lineNumber),
      related: [{ at: d, message: 'declared again here' }],
    });
  } else if (prev) {
    sink.add(
      'duplicate-user',
      d.args[0],
      `user '${name}' is already declared on line ${prev.lineNumber}; a user can be declared only once`,
      { order, related: [{ at: prev, message: 'first declared here' }] },
    );
    return;
  }
  state.users.set(name, d);
  const rules = d.args.slice(1).map((a) => a.value);
  const bad = userRules(rules, { vc: c.vc, family: c.family, pubsubAllChannels: state.pubsubAllChannels });
  if (bad && !bad.deferred) {
    sink.add('acl-rule', d.args[1 + bad.index] ?? d, `user '${name}': ${bad.message}`, { order });
    return;
  }
  // what redis-server only finds when it creates the users after loading the file
  state.pendingUsers.push({ d, rules, bad });
}

const aclAnswers = new WeakMap<VersionCatalog, Answers<ReturnType<typeof checkUserRules>>>();

/** checkUserRules, remembered: a user line is checked on every analysis (it depends on the lines before it). */
export function userRules(rules: string[], ctx: AclContext): ReturnType<typeof checkUserRules> {
  let answers = aclAnswers.get(ctx.vc);
  if (!answers) aclAnswers.set(ctx.vc, (answers = new Answers()));
  return answers.get(`${ctx.family}${ctx.pubsubAllChannels ? 1 : 0}${JSON.stringify(rules)}`, () => checkUserRules(rules, ctx));
}

export function arityError(d: Directive, info: DirectiveInfo, sink: DiagnosticSink, order: number): void {
  const comment = d.args.findIndex((a) => a.value.startsWith('#') && !a.quoted);
  if (comment > 0 || (comment === 0 && d.args.length > 1)) {
    const from = d.args[comment];
    const text = d.args
      .slice(comment)
      .map((a) => a.value)
      .join(' ');
    sink.add(
      'inline-comment',
      { start: from.start, end: d.end },
      `redis.conf has no inline comments: '${text}' is read as ${d.args.length - comment} more argument${d.args.length - comment === 1 ? '' : 's'} to ${info.name}, and redis-server refuses the line. Move the comment to a line of its own.`,
      { order },
    );
    return;
  }
  const n = d.args.length;
  sink.add(
    'wrong-arg-count',
    n === 0 ? d.name : { start: d.args[0].start, end: d.end },
    `${info.name} takes ${expectedArgs(info)}, found ${n}`,
    { order },
  );
}

function expectedArgs(info: DirectiveInfo): string {
  const spec = info.variant.value;
  if (spec.kind === 'special') {
    switch (spec.form) {
      case 'replicaof':
        return "<host> <port> (or 'no one')";
      case 'rename-command':
        return '<command> <new-name>';
      case 'include':
        return 'one file path';
      case 'user':
        return 'a user name and ACL rules';
      case 'loadmodule':
        return 'a module path and its arguments';
      case 'client-output-buffer-limit':
        return '<class> <hard limit> <soft limit> <soft seconds>';
      case 'oom-score-adj-values':
        return 'three values';
    }
  }
  return 'exactly one argument';
}

/** rename-command against the version's command table, in file order. */
export class RenameTable {
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
