#!/usr/bin/env node
// tools/catalog/generate.mjs — writes server/catalog/generated/catalog.json
// from the Redis and Valkey sources. A developer tool: it is not bundled and
// does not run in CI (CI has no source mirrors); run it when a supported
// version changes and commit the result together with the change.
//
//   node tools/catalog/generate.mjs [--redis GITDIR] [--valkey GITDIR] [--out FILE] [--check]
//
//   --redis   git directory of redis/redis     (default /work/.mirror/redis+redis/repo, or $REDIS_GIT_DIR)
//   --valkey  git directory of valkey-io/valkey (default /work/.mirror/valkey-io+valkey/repo, or $VALKEY_GIT_DIR)
//   --out     where to write (default server/catalog/generated/catalog.json)
//   --check   write nothing; exit 1 when the file on disk differs from what the sources give
//
// Every file is read with `git show <commit>:<path>`, so bare mirrors and
// ordinary clones both work. Only facts are carried over (names, types,
// bounds, defaults, flags, argument counts); no source text is copied. The
// output is deterministic: sorted, one variant per distinct definition with
// the versions it holds in, and `generatedAt` is the newest source commit
// date, so running it twice on the same sources changes nothing.
// See tools/catalog/README.md for what is read from where.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandTables, aclCategories } from './lib/commands.mjs';
import { handParsed, settableByHand, standardConfigs } from './lib/configs.mjs';
import { Symbols } from './lib/csource.mjs';
import { GitTree } from './lib/git.mjs';
import { serialize, mergeDirectives, mergeSentinel } from './lib/merge.mjs';
import { sentinelSubcommands } from './lib/sentinel.mjs';
import { specialDefaults } from './lib/specials.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The versions we support, oldest first per product, and the ref each one is read from. */
export const VERSIONS = [
  { id: '6.2', product: 'redis', ref: 'refs/tags/6.2.16' },
  { id: '7.0', product: 'redis', ref: 'refs/tags/7.0.15' },
  { id: '7.2', product: 'redis', ref: 'refs/tags/7.2.6' },
  { id: '7.4', product: 'redis', ref: 'refs/tags/7.4.1' },
  {
    id: '8.0', product: 'redis', ref: 'refs/heads/8.0',
    note: 'pre-GA snapshot of the 8.0 branch (its version.h says 7.9.224); the config and sentinel sources equal those of tag 8.0-m01',
  },
  { id: 'valkey-7.2', product: 'valkey', ref: 'refs/tags/7.2.7' },
  { id: 'valkey-8.0', product: 'valkey', ref: 'refs/tags/8.0.1' },
];
const REPOS = { redis: 'redis/redis', valkey: 'valkey-io/valkey' };

function parseArgs(argv) {
  const opts = {
    redis: process.env.REDIS_GIT_DIR ?? '/work/.mirror/redis+redis/repo',
    valkey: process.env.VALKEY_GIT_DIR ?? '/work/.mirror/valkey-io+valkey/repo',
    out: join(root, 'server/catalog/generated/catalog.json'),
    check: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--redis' || a === '--valkey' || a === '--out') opts[a.slice(2)] = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: node tools/catalog/generate.mjs [--redis GITDIR] [--valkey GITDIR] [--out FILE] [--check]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return opts;
}

/** #defines and enum members of the tree: config.c and the headers it relies on first, then every other header. */
function symbolsOf(tree) {
  const symbols = new Symbols();
  const first = ['src/config.c', 'src/server.h', 'src/config.h', 'src/version.h'];
  for (const p of first) {
    const text = tree.file(p);
    if (text !== undefined) symbols.addFile(text);
  }
  for (const f of tree.list('src')) {
    const p = `src/${f}`;
    if (f.endsWith('.h') && !first.includes(p)) symbols.addFile(tree.need(p));
  }
  return symbols;
}

function productVersion(tree) {
  const text = tree.need('src/version.h');
  const m = /#define\s+(?:VALKEY_VERSION|REDIS_VERSION)\s+"([^"]+)"/.exec(text);
  return m ? m[1] : undefined;
}

export function extractVersion(v, gitDir, warn) {
  const tree = new GitTree(gitDir, v.ref);
  const symbols = symbolsOf(tree);
  const special = specialDefaults(tree, symbols);
  const { entries, excluded } = standardConfigs(tree, symbols, special, v.id);
  const tableNames = new Set(entries.flatMap((e) => [e.name, ...(e.aliases ?? [])]));
  for (const e of handParsed(tree, symbols, special, settableByHand(tree))) {
    const names = [e.name, ...(e.aliases ?? [])];
    if (names.some((n) => tableNames.has(n))) {
      warn(`${v.id}: ${e.name} is both in the config table and parsed by hand; the table wins`);
      continue;
    }
    entries.push(e);
  }
  const cmds = commandTables(tree);
  const source = {
    repo: REPOS[v.product],
    ref: v.ref.replace(/^refs\/(tags|heads)\//, ''),
    commit: tree.commit,
    version: productVersion(tree),
    date: new Date(tree.date).toISOString(),
  };
  if (v.note) source.note = v.note;
  if (excluded.length) source.excluded = excluded;
  const sentinel = sentinelSubcommands(tree, symbols);
  const categories = aclCategories(tree);
  source.files = tree.files();
  return {
    source,
    entries,
    commands: cmds.commands,
    sentinelCommands: cmds.sentinelCommands,
    subcommands: cmds.subcommands,
    aclCategories: categories,
    sentinel,
  };
}

export function generate(opts, warn = (m) => console.error(`warning: ${m}`)) {
  const perVersion = new Map();
  for (const v of VERSIONS) perVersion.set(v.id, extractVersion(v, v.product === 'redis' ? opts.redis : opts.valkey, warn));
  const ids = VERSIONS.map((v) => v.id);
  const data = {
    generatedBy: 'node tools/catalog/generate.mjs',
    generatedAt: [...perVersion.values()].map((x) => x.source.date).sort().at(-1),
    sources: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).source])),
    directives: mergeDirectives(ids, (id) => perVersion.get(id).entries),
    commands: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).commands])),
    subcommands: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).subcommands])),
    aclCategories: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).aclCategories])),
    sentinel: mergeSentinel(ids, (id) => perVersion.get(id).sentinel),
    sentinelCommands: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).sentinelCommands])),
  };
  return serialize(data);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const text = generate(opts);
  if (opts.check) {
    let current = '';
    try {
      current = readFileSync(opts.out, 'utf8');
    } catch {
      // a missing file differs
    }
    if (current !== text) {
      console.error(`${opts.out} is not what the sources give; run node tools/catalog/generate.mjs`);
      process.exit(1);
    }
    console.log(`${opts.out} is up to date`);
  } else {
    writeFileSync(opts.out, text);
    console.log(`wrote ${opts.out} (${Buffer.byteLength(text)} bytes)`);
  }
}
