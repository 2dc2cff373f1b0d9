// Command names, sub-command names and ACL categories of one tree — what
// `rename-command` and the ACL rules of `user` lines are checked against.
// 7.0+: src/commands/*.json; 6.x: the command tables of server.c / sentinel.c.
import { arrayInitializer, splitArgs, stringLiteral, stripComments, withoutFlags } from './csource.mjs';

export function commandTables(tree) {
  const files = safeList(tree, 'src/commands').filter((f) => f.endsWith('.json'));
  return files.length ? fromJson(tree, files) : fromTables(tree);
}

function safeList(tree, dir) {
  try {
    return tree.list(dir);
  } catch {
    return [];
  }
}

function fromJson(tree, files) {
  const server = new Set();
  const sentinel = new Set();
  const subs = new Map();
  const onlySentinelContainers = new Set();
  const subEntries = [];
  for (const f of files) {
    const doc = JSON.parse(tree.need(`src/commands/${f}`));
    for (const [key, spec] of Object.entries(doc)) {
      const name = key.toLowerCase();
      const flags = spec.command_flags ?? [];
      // EXPERIMENTAL commands are left out of the generated command table (Redis 8: SFLUSH)
      if (flags.includes('EXPERIMENTAL')) continue;
      if (spec.container) {
        subEntries.push({ container: spec.container.toLowerCase(), name });
        continue;
      }
      const onlySentinel = flags.includes('ONLY_SENTINEL');
      if (!onlySentinel) server.add(name);
      else onlySentinelContainers.add(name);
      if (onlySentinel || flags.includes('SENTINEL')) sentinel.add(name);
    }
  }
  for (const { container, name } of subEntries) {
    if (onlySentinelContainers.has(container)) continue;
    if (!subs.has(container)) subs.set(container, new Set());
    subs.get(container).add(name);
  }
  const subcommands = {};
  for (const c of [...subs.keys()].sort()) subcommands[c] = [...subs.get(c)].sort();
  return { commands: [...server].sort(), sentinelCommands: [...sentinel].sort(), subcommands };
}

/** 6.x: `struct redisCommand redisCommandTable[] = { {"name", fn, arity, "flags", …}, … }` — no sub-command table. */
function fromTables(tree) {
  const names = (path, re) => {
    const body = arrayInitializer(stripComments(tree.need(path)), re);
    if (!body) throw new Error(`no command table in ${path}`);
    return splitArgs(body)
      .filter((s) => s.startsWith('{'))
      .map((s) => stringLiteral(splitArgs(s.slice(1, -1))[0]).toLowerCase());
  };
  const commands = names('src/server.c', /struct\s+redisCommand\s+redisCommandTable\s*\[\s*\]\s*=\s*\{/);
  const sentinelCommands = names('src/sentinel.c', /struct\s+redisCommand\s+sentinelcmds\s*\[\s*\]\s*=\s*\{/);
  return { commands: [...new Set(commands)].sort(), sentinelCommands: [...new Set(sentinelCommands)].sort(), subcommands: {} };
}

/** ACL category names from acl.c's category table (ACLCommandCategories / ACLDefaultCommandCategories). */
export function aclCategories(tree) {
  const src = withoutFlags(stripComments(tree.need('src/acl.c')));
  const body = arrayInitializer(src, /\bACL(?:Default)?CommandCategories\s*\[\s*\]\s*=\s*\{/);
  if (!body) throw new Error('no ACL category table in acl.c');
  const out = [];
  for (const item of splitArgs(body)) {
    const inner = /^\{([\s\S]*)\}$/.exec(item.trim());
    if (!inner) continue;
    const first = splitArgs(inner[1])[0];
    if (first === 'NULL') break;
    out.push(stringLiteral(first));
  }
  return out;
}
