/**
 * ACL rules of a `user` line, judged in the two passes redis-server makes
 * (facts from src/acl.c, 6.2 and 7.0: ACLAppendUserForLoading, ACLSetUser,
 * ACLSetSelector, ACLLoadConfiguredUsers):
 * - while the file is read, the rules are tried on a scratch user: a syntax
 *   error stops the load at the line; an unknown command or category does
 *   not (a module loaded later might define it);
 * - after loading, the rules are applied for real: an unknown command or
 *   category, or a user name with a blank, stops the server without naming a
 *   line ("Critical error while loading ACLs").
 * Either way the server does not start; `deferred` tells the two apart.
 *
 * Debian's 7.0.15 carries the fix of CVE-2024-31227 (as 7.2.6 / 7.4.1 do): a
 * `%~pattern` needs at least one of R and W.
 */
import type { VersionCatalog } from '../catalog/catalog';
import { splitArgsLikeRedis } from '../parser/parse';
import { strcaseEq } from './cnum';
import type { VersionFamily } from './values';
import { sha256Hex } from './sha256';

export interface AclProblem {
  /** Index of the offending rule among the rules (after the user name). */
  index: number;
  message: string;
  /** True when redis-server only notices after loading the file (no line in its message). */
  deferred: boolean;
}

export interface AclContext {
  vc: VersionCatalog;
  family: VersionFamily;
  /** acl-pubsub-default is allchannels: a new user starts with every channel allowed. */
  pubsubAllChannels: boolean;
}

const USER_FLAGS = ['on', 'off', 'skip-sanitize-payload', 'sanitize-payload', 'nopass', 'resetpass', 'reset'];

interface Selector {
  allKeys: boolean;
  allChannels: boolean;
}

/** A rule failed: with `deferred`, only once the server applies it after loading. */
class RuleError {
  constructor(
    readonly message: string,
    readonly deferred: boolean,
  ) {}
}
const syntax = (message: string) => new RuleError(message, false);
const unknown = (message: string) => new RuleError(message, true);

/** ACLStringHasSpaces: C isspace() or NUL. */
function hasSpace(s: string): boolean {
  return /[ \t\n\v\f\r\0]/.test(s);
}

function isHash(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

function sha256(s: string): string {
  return sha256Hex(s);
}

/** Joins "(" … ")" selector arguments that blanks split apart (7.0+), or says which one is never closed. */
function mergeSelectors(rules: string[]): { merged: Array<{ text: string; index: number }> } | { open: number } {
  const merged: Array<{ text: string; index: number }> = [];
  let open = -1;
  let acc = '';
  for (let j = 0; j < rules.length; j++) {
    const op = rules[j];
    if (op.startsWith('(') && !op.endsWith(')')) {
      open = j;
      acc = op;
      continue;
    }
    if (open >= 0) {
      acc += ` ${op}`;
      if (op.endsWith(')')) {
        merged.push({ text: acc, index: open });
        open = -1;
      }
      continue;
    }
    merged.push({ text: op, index: j });
  }
  return open >= 0 ? { open } : { merged };
}

/**
 * Checks the rules of one user the way the loader does and returns the
 * problem redis-server stops at: the first syntax error if there is one,
 * otherwise the first unknown command or category.
 */
export function checkUserRules(rules: string[], ctx: AclContext): AclProblem | undefined {
  let list: Array<{ text: string; index: number }>;
  if (ctx.family === 'v7') {
    const m = mergeSelectors(rules);
    if ('open' in m)
      return { index: m.open, message: `the selector opened by '${rules[m.open]}' is never closed with ')'`, deferred: false };
    list = m.merged;
  } else {
    list = rules.map((text, index) => ({ text, index }));
  }
  const passwords = new Set<string>();
  const root: Selector = { allKeys: false, allChannels: ctx.pubsubAllChannels };
  let firstDeferred: AclProblem | undefined;
  for (const { text: op, index } of list) {
    const e = setUser(op, root, passwords, ctx);
    if (!e) continue;
    if (!e.deferred) return { index, message: e.message, deferred: false };
    firstDeferred ??= { index, message: e.message, deferred: true };
  }
  return firstDeferred;
}

/** A user name with a blank is refused when the users are created, after loading. */
export function checkUserName(name: string): string | undefined {
  return hasSpace(name) ? `the user name '${name}' contains a blank, which ACL user names cannot` : undefined;
}

/** ACLSetUser: the user-level rules, then the root selector's. */
function setUser(op: string, root: Selector, passwords: Set<string>, ctx: AclContext): RuleError | undefined {
  if (op === '') return undefined;
  const flag =
    USER_FLAGS.find((f) => strcaseEq(f, op)) ?? (ctx.family === 'v7' && strcaseEq(op, 'clearselectors') ? 'clearselectors' : undefined);
  if (flag) {
    if (flag === 'nopass' || flag === 'resetpass' || flag === 'reset') passwords.clear();
    if (flag === 'reset') Object.assign(root, { allKeys: false, allChannels: ctx.pubsubAllChannels });
    return undefined;
  }
  const c = op[0];
  if (c === '>' || c === '#') {
    if (c === '#' && !isHash(op.slice(1))) return syntax(`'${op}': a password hash must be exactly 64 lowercase hexadecimal characters`);
    passwords.add(c === '>' ? sha256(op.slice(1)) : op.slice(1));
    return undefined;
  }
  if (c === '<' || c === '!') {
    if (c === '!' && !isHash(op.slice(1))) return syntax(`'${op}': a password hash must be exactly 64 lowercase hexadecimal characters`);
    if (!passwords.delete(c === '<' ? sha256(op.slice(1)) : op.slice(1)))
      return syntax(`'${op}' removes a password that was not set before on this line`);
    return undefined;
  }
  if (ctx.family === 'v7' && c === '(' && op.endsWith(')')) {
    // the inside is split like a config line (quotes work) and each part is a selector rule
    const sel: Selector = { allKeys: false, allChannels: false };
    for (const part of splitArgsLikeRedis(op.slice(1, -1)) ?? []) {
      const e = setSelector(part, sel, ctx);
      if (e) return new RuleError(`in selector ${op}: ${e.message}`, e.deferred);
    }
    return undefined;
  }
  return setSelector(op, root, ctx);
}

/** ACLSetSelector: key and channel patterns, commands and categories. */
function setSelector(op: string, sel: Selector, ctx: AclContext): RuleError | undefined {
  const { vc, family } = ctx;
  if (strcaseEq(op, 'allkeys') || op === '~*') {
    sel.allKeys = true;
    return undefined;
  }
  if (strcaseEq(op, 'resetkeys')) {
    sel.allKeys = false;
    return undefined;
  }
  if (strcaseEq(op, 'allchannels') || op === '&*') {
    sel.allChannels = true;
    return undefined;
  }
  if (strcaseEq(op, 'resetchannels')) {
    sel.allChannels = false;
    return undefined;
  }
  if (strcaseEq(op, 'allcommands') || strcaseEq(op, '+@all') || strcaseEq(op, 'nocommands') || strcaseEq(op, '-@all')) return undefined;
  const c = op[0];
  if (c === '~' || (family === 'v7' && c === '%')) {
    if (sel.allKeys) return syntax(`'${op}' adds a key pattern after allkeys (or ~*), which redis-server refuses; use resetkeys first`);
    let offset = 1;
    if (c === '%') {
      let r = false,
        w = false;
      for (; offset < op.length; offset++) {
        const ch = op[offset].toUpperCase();
        if (ch === 'R' && !r) r = true;
        else if (ch === 'W' && !w) w = true;
        else if (op[offset] === '~' && (r || w)) {
          offset++;
          break;
        } else return syntax(`'${op}': expected %R~, %W~ or %RW~ before the key pattern`);
      }
    }
    if (hasSpace(op.slice(offset))) return syntax(`'${op}': a key pattern cannot contain blanks`);
    return undefined;
  }
  if (c === '&') {
    if (sel.allChannels)
      return syntax(`'${op}' adds a channel pattern after allchannels (or &*), which redis-server refuses; use resetchannels first`);
    if (hasSpace(op.slice(1))) return syntax(`'${op}': a channel pattern cannot contain blanks`);
    return undefined;
  }
  if ((c === '+' || c === '-') && op[1] === '@') {
    if (!vc.hasAclCategory(op.slice(2).toLowerCase()))
      return unknown(
        `unknown ACL category '@${op.slice(2)}'; known: ${vc
          .aclCategories()
          .map((x) => `@${x}`)
          .join(' ')}`,
      );
    return undefined;
  }
  if (c === '+' || c === '-') return commandRule(op, ctx);
  return syntax(`'${op}' is not an ACL rule`);
}

/** Sub-command tables exist from 7.0 on; while the catalog has none, sub-command names are not judged. */
function subcommandsKnown(vc: VersionCatalog): boolean {
  return vc.subcommands('config') !== undefined || vc.subcommands('client') !== undefined;
}

type Lookup = { kind: 'command'; container: boolean } | { kind: 'subcommand' } | { kind: 'none' } | { kind: 'unjudged' };

/** lookupCommandBySdsLogic over the original command table: "cmd" or "container|sub", nothing deeper. */
function lookup(name: string, ctx: AclContext): Lookup {
  const parts = name.toLowerCase().split('|');
  if (parts.length > 2 || parts[0] === '') return { kind: 'none' };
  // users are created after the built-in modules load, so their commands count here
  if (!ctx.vc.hasCommand(parts[0]) && !ctx.vc.hasModuleCommand(parts[0])) return { kind: 'none' };
  const subs = ctx.family === 'v7' ? ctx.vc.subcommands(parts[0]) : undefined;
  const container = !!subs && subs.length > 0;
  if (parts.length === 1) return { kind: 'command', container };
  if (ctx.family === 'v7' && !subcommandsKnown(ctx.vc)) return { kind: 'unjudged' };
  if (!container) return { kind: 'none' };
  return subs!.includes(parts[1]) ? { kind: 'subcommand' } : { kind: 'none' };
}

function commandRule(op: string, ctx: AclContext): RuleError | undefined {
  const body = op.slice(1);
  // 6.2 splits at the first '|' and takes any text after it; 7.0+ at the last
  const bar = ctx.family === 'v6' ? body.indexOf('|') : body.lastIndexOf('|');
  if (op[0] === '-' || bar < 0) {
    const l = lookup(body, ctx);
    return l.kind === 'none' ? unknown(`unknown command '${body}'`) : undefined;
  }
  // +command|argument: a sub-command of a container, or an allowed first argument of another command
  const head = body.slice(0, bar);
  const sub = body.slice(bar + 1);
  const l = lookup(head, ctx);
  if (l.kind === 'none') return unknown(`unknown command '${head}'`);
  // a sub-command of a sub-command is refused either way: as a syntax error if the sub-command exists
  if (l.kind === 'unjudged') return unknown(`'${op}': a sub-command cannot be narrowed further`);
  if (l.kind === 'subcommand') return syntax(`'${op}': a sub-command cannot be narrowed further`);
  if (sub === '') return syntax(`'${op}': the part after '|' is missing`);
  if (l.kind === 'command' && l.container && lookup(body, ctx).kind === 'none') return unknown(`'${head}' has no sub-command '${sub}'`);
  return undefined;
}
