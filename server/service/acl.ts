/**
 * ACL rules of a `user` line, judged as redis-server does when it loads the
 * file (ACLAppendUserForLoading → ACLSetUser / ACLSetSelector in src/acl.c):
 * syntax errors stop the load at the line; unknown commands and categories
 * stop the server right after loading. Either way the server does not start.
 */
import type { VersionCatalog } from '../catalog/catalog';
import { strcaseEq } from './cnum';
import type { VersionFamily } from './values';

export interface AclProblem {
  /** Index of the offending rule among the rules (after the user name). */
  index: number;
  message: string;
}

const FLAGS_V6 = ['on', 'off', 'skip-sanitize-payload', 'sanitize-payload', 'nopass', 'resetpass', 'reset', 'allkeys', 'resetkeys', 'allchannels', 'resetchannels', 'allcommands', 'nocommands'];
const FLAGS_V7 = [...FLAGS_V6, 'clearselectors'];

interface Selector {
  allKeys: boolean;
  allChannels: boolean;
}

function hasSpace(s: string): boolean {
  return /[\s\0]/.test(s);
}

function isHash(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

/** Checks the rules of one user; the first problem is returned, as redis-server stops at the first. */
export function checkUserRules(rules: string[], vc: VersionCatalog, family: VersionFamily): AclProblem | undefined {
  // 7.0+ merges "(" … ")" selector arguments that were split on spaces
  const merged: Array<{ text: string; index: number }> = [];
  if (family === 'v7') {
    let open = -1;
    let acc = '';
    for (let j = 0; j < rules.length; j++) {
      const op = rules[j];
      if (open < 0 && op.startsWith('(') && !op.endsWith(')')) {
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
    if (open >= 0) return { index: open, message: `the selector opened by '${rules[open]}' is never closed with ')'` };
  } else {
    rules.forEach((text, index) => merged.push({ text, index }));
  }

  const passwords = new Set<string>();
  const root: Selector = { allKeys: false, allChannels: false };
  const flags = family === 'v7' ? FLAGS_V7 : FLAGS_V6;
  for (const { text: op, index } of merged) {
    if (op === '') continue;
    const flag = flags.find((f) => strcaseEq(f, op));
    if (flag) {
      if (flag === 'nopass' || flag === 'resetpass' || flag === 'reset') passwords.clear();
      if (flag === 'reset') Object.assign(root, { allKeys: false, allChannels: false });
      if (flag === 'allkeys') root.allKeys = true;
      if (flag === 'resetkeys') root.allKeys = false;
      if (flag === 'allchannels') root.allChannels = true;
      if (flag === 'resetchannels') root.allChannels = false;
      continue;
    }
    const c = op[0];
    if (c === '>' || c === '#') {
      const key = c === '>' ? `>${op.slice(1)}` : `#${op.slice(1)}`;
      if (c === '#' && !isHash(op.slice(1))) return { index, message: `'${op}': a password hash must be exactly 64 lowercase hexadecimal characters` };
      passwords.add(key);
      continue;
    }
    if (c === '<' || c === '!') {
      if (c === '!' && !isHash(op.slice(1))) return { index, message: `'${op}': a password hash must be exactly 64 lowercase hexadecimal characters` };
      const key = c === '<' ? `>${op.slice(1)}` : `#${op.slice(1)}`;
      if (!passwords.delete(key)) return { index, message: `'${op}' removes a password that was not set before on this line` };
      continue;
    }
    if (family === 'v7' && c === '(' && op.endsWith(')')) {
      const inner = op.slice(1, -1).split(' ').filter((s) => s !== '');
      const sel: Selector = { allKeys: false, allChannels: false };
      for (const part of inner) {
        const p = selectorOp(part, sel, vc, family);
        if (p) return { index, message: `in selector ${op}: ${p}` };
      }
      continue;
    }
    const p = selectorOp(op, root, vc, family);
    if (p) return { index, message: p };
  }
  return undefined;
}

/** ACLSetSelector: key and channel patterns, commands and categories. */
function selectorOp(op: string, sel: Selector, vc: VersionCatalog, family: VersionFamily): string | undefined {
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
    if (sel.allKeys) return `'${op}' adds a key pattern after allkeys (or ~*), which redis-server refuses; use resetkeys first`;
    let offset = 1;
    if (c === '%') {
      let r = false, w = false, closed = false;
      for (; offset < op.length; offset++) {
        const ch = op[offset].toUpperCase();
        if (ch === 'R' && !r) r = true;
        else if (ch === 'W' && !w) w = true;
        else if (op[offset] === '~') {
          offset++;
          closed = true;
          break;
        } else return `'${op}': expected %R~, %W~ or %RW~ before the key pattern`;
      }
      void closed;
    }
    if (hasSpace(op.slice(offset))) return `'${op}': a key pattern cannot contain spaces`;
    return undefined;
  }
  if (c === '&') {
    if (sel.allChannels) return `'${op}' adds a channel pattern after allchannels (or &*), which redis-server refuses; use resetchannels first`;
    if (hasSpace(op.slice(1))) return `'${op}': a channel pattern cannot contain spaces`;
    return undefined;
  }
  if ((c === '+' || c === '-') && op[1] === '@') {
    const cat = op.slice(2).toLowerCase();
    if (!vc.hasAclCategory(cat)) return `unknown ACL category '@${op.slice(2)}'; known: ${vc.aclCategories().map((x) => `@${x}`).join(' ')}`;
    return undefined;
  }
  if (c === '+' || c === '-') {
    const body = op.slice(1);
    const bar = body.lastIndexOf('|');
    if (bar < 0 || c === '-') {
      if (!commandExists(body, vc)) return `unknown command '${body}'`;
      return undefined;
    }
    const cmd = body.slice(0, bar).toLowerCase();
    const sub = body.slice(bar + 1).toLowerCase();
    if (!vc.hasCommand(cmd) || cmd.includes('|')) return `unknown command '${body.slice(0, bar)}'`;
    if (sub === '') return `'${op}': the sub-command after '|' is missing`;
    const subs = vc.subcommands(cmd);
    if (subs && subs.length && !subs.includes(sub)) return `'${cmd}' has no sub-command '${sub}'`;
    return undefined;
  }
  return `'${op}' is not an ACL rule`;
}

function commandExists(body: string, vc: VersionCatalog): boolean {
  const lower = body.toLowerCase();
  const bar = lower.indexOf('|');
  if (bar < 0) return vc.hasCommand(lower);
  const subs = vc.subcommands(lower.slice(0, bar));
  return vc.hasCommand(lower.slice(0, bar)) && !!subs?.includes(lower.slice(bar + 1));
}
