#!/usr/bin/env node
// tools/catalog/generate.mjs — writes server/catalog/generated/catalog.json
// from the Redis and Valkey sources. A developer tool: it is not bundled and
// does not run in CI (CI has no source mirrors); run it when a supported
// version changes and commit the result together with the change.
//
//   node tools/catalog/generate.mjs [--mirrors DIR] [--git REPO=GITDIR]... [--out FILE] [--check]
//
//   --mirrors  folder of the search tool's mirrors (default /work/.mirror, or $REDIS_HA_MIRRORS):
//              REPO is read from DIR/<owner>+<name>/repo
//   --git      the git directory of one repository (REPOSITORIES below; or its environment variable)
//   --out      where to write (default server/catalog/generated/catalog.json)
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
import { internalModules } from './lib/internal.mjs';
import { loaderSemantics } from './lib/semantics.mjs';
import { sentinelSubcommands } from './lib/sentinel.mjs';
import { specialDefaults } from './lib/specials.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the sources come from. Upstream snapshots stop in late 2024, so the
 * newer lines are read from forks that carry the genuine trees: `hanzoai/kv`
 * has Valkey's own release tags (its plain numeric tags; its `v*` tags are the
 * fork's), `minchopaskal/redis` has Redis' `unstable` branch up to 2026-06 (no
 * tags: each Redis 8.x line is the unstable commit where that line branched,
 * see REDIS_8_LINES and tools/catalog/README.md). Each is a git directory: a
 * bare mirror from the search tool's fetch, or any clone's .git.
 */
export const REPOSITORIES = {
  'redis/redis': { env: 'REDIS_GIT_DIR', mirror: 'redis+redis/repo' },
  'minchopaskal/redis': { env: 'REDIS_UNSTABLE_GIT_DIR', mirror: 'minchopaskal+redis/repo' },
  'valkey-io/valkey': { env: 'VALKEY_GIT_DIR', mirror: 'valkey-io+valkey/repo' },
  'hanzoai/kv': { env: 'VALKEY_FORK_GIT_DIR', mirror: 'hanzoai+kv/repo' },
};

/**
 * Redis 8.x: no repository with the release tags could be had, so each line is
 * read from the `unstable` commit where it branched (the last commit whose
 * config, command and Sentinel sources the line's GA shares), found from the
 * release notes of redis.io (which PRs each release lists) — the evidence per
 * line is in tools/catalog/README.md.
 */
const UNSTABLE = { product: 'redis', repo: 'minchopaskal/redis' };
/** A fix that reached the line in a patch release after it branched: what to take from which unstable commit. */
const LUA_DEPRECATED_API = {
  repo: 'minchopaskal/redis',
  from: 'a3ae6cb0d',
  directives: ['lua-enable-deprecated-api'],
  why: 'CVE-2025-46818',
};
/**
 * The CVE-2025-46818 fix brought lua-enable-deprecated-api to the 6.2, 7.2 and
 * 7.4 patch releases of October 2025 (6.2.20, 7.2.11, 7.4.6) and to Debian's
 * security update of 7.0.15 — whose redis-server accepts it (seen running it).
 */
const LUA_DEPRECATED_API_7 = (since) => ({
  ...LUA_DEPRECATED_API,
  since,
  note: "the patch releases were not available; the definition is unstable's, and Debian's patched 7.0.15 accepts the line",
});
const AUX_CHARS = {
  from: '54ea50c02',
  directives: ['cluster-announce-ip', 'cluster-announce-human-nodename'],
  why: 'RED-167787 (22f1ab6e2) with its hostname fix (#15188)',
};
const REDIS_8_LINES = [
  {
    ...UNSTABLE,
    id: '8.0',
    ref: 'd65102861',
    note: 'unstable where 8.0 branched (2025-05-01, #13997): the 8.0.0 notes list #13932, #13966, #13931 after RC1; 8.0.1–8.0.3 change no config',
    backports: [{ ...LUA_DEPRECATED_API, since: '8.0.4', note: 'inferred from the CVE list of 8.0.4; the 8.0.4 tree was not available' }],
  },
  {
    ...UNSTABLE,
    id: '8.2',
    ref: '4604407fd',
    note: 'unstable where 8.2 branched (2025-07-31, #14239): the 8.2.0 notes list #14141 (keyspace events o and c) and #14224; 8.2.1 starts with #14240',
    backports: [
      { ...LUA_DEPRECATED_API, since: '8.2.2' },
      { ...AUX_CHARS, since: '8.2.7' },
    ],
  },
  {
    ...UNSTABLE,
    id: '8.4',
    ref: '0a6eacff1',
    note: 'unstable where 8.4 branched (2025-11-12, #14529, listed in the 8.4.0 notes); the stored notes stop at 8.4.1',
  },
  {
    ...UNSTABLE,
    id: '8.6',
    ref: 'b5a37c0e4',
    note: 'unstable where 8.6 branched (2026-02-03, #14761): the 8.6.0 notes list #14719 (cluster-slot-stats-enabled) and #14695 (key-memory-histograms)',
    backports: [
      { ...AUX_CHARS, since: '8.6.4' },
      { from: '6ec7b16cc', commands: ['hotkeys|help'], since: '8.6.1', why: '#14785' },
      { from: '1f7bcecc9', commands: ['xidmprecord'], since: '8.6.2', why: '#14794' },
    ],
  },
  {
    ...UNSTABLE,
    id: '8.8',
    ref: '95040d61d',
    note: 'unstable where 8.8 branched (2026-05-20, #15237, listed in the 8.8.0 notes); GCRA is held out (ENABLE_GCRA, #15191)',
  },
];

/**
 * The versions we support, oldest first per product, and the tree each one is
 * read from. `ref` is a full ref or a commit; `note` says what a reader must
 * know about it.
 */
export const VERSIONS = [
  { id: '6.2', product: 'redis', repo: 'redis/redis', ref: 'refs/tags/6.2.16', backports: [LUA_DEPRECATED_API_7('6.2.20')] },
  {
    id: '7.0',
    product: 'redis',
    repo: 'redis/redis',
    ref: 'refs/tags/7.0.15',
    backports: [LUA_DEPRECATED_API_7('7.0.15 (Debian security update)')],
  },
  { id: '7.2', product: 'redis', repo: 'redis/redis', ref: 'refs/tags/7.2.6', backports: [LUA_DEPRECATED_API_7('7.2.11')] },
  { id: '7.4', product: 'redis', repo: 'redis/redis', ref: 'refs/tags/7.4.1', backports: [LUA_DEPRECATED_API_7('7.4.6')] },
  ...REDIS_8_LINES,
  { id: 'valkey-7.2', product: 'valkey', repo: 'hanzoai/kv', ref: 'refs/tags/7.2.13' },
  { id: 'valkey-8.0', product: 'valkey', repo: 'hanzoai/kv', ref: 'refs/tags/8.0.9' },
  { id: 'valkey-8.1', product: 'valkey', repo: 'hanzoai/kv', ref: 'refs/tags/8.1.7' },
  { id: 'valkey-9.0', product: 'valkey', repo: 'hanzoai/kv', ref: 'refs/tags/9.0.4' },
  { id: 'valkey-9.1', product: 'valkey', repo: 'hanzoai/kv', ref: 'refs/tags/9.1.0' },
];

function parseArgs(argv) {
  const opts = {
    mirrors: process.env.REDIS_HA_MIRRORS ?? '/work/.mirror',
    git: {},
    out: join(root, 'server/catalog/generated/catalog.json'),
    check: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--out' || a === '--mirrors') opts[a.slice(2)] = argv[++i];
    else if (a === '--git') {
      const [repo, dir] = (argv[++i] ?? '').split('=');
      if (!REPOSITORIES[repo] || !dir) usage(`--git takes REPO=GITDIR with REPO one of ${Object.keys(REPOSITORIES).join(', ')}`);
      opts.git[repo] = dir;
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  return opts;
}

function usage(error) {
  const text = 'usage: node tools/catalog/generate.mjs [--mirrors DIR] [--git REPO=GITDIR]... [--out FILE] [--check]';
  if (error) {
    console.error(`${error}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

/** The git directory of a repository: --git, then its environment variable, then the mirror folder. */
export function gitDirOf(repo, opts = {}) {
  const r = REPOSITORIES[repo];
  if (!r) throw new Error(`unknown repository ${repo}`);
  return opts.git?.[repo] ?? process.env[r.env] ?? join(opts.mirrors ?? process.env.REDIS_HA_MIRRORS ?? '/work/.mirror', r.mirror);
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

/** The facts of one tree, memoized: backports read later trees of the same repository. */
const extracted = new Map();
function extractTree(v, gitDir, warn) {
  const key = `${gitDir}@${v.ref}`;
  if (!extracted.has(key)) extracted.set(key, extractBase(v, gitDir, warn));
  return extracted.get(key);
}

/**
 * One version: its own tree, then what patch releases of the line took from
 * later commits (`backports`): the named directives' definitions and the named
 * commands (`cmd` or `container|sub`), each recorded in `source.backports`.
 */
export function extractVersion(v, gitDir, warn) {
  const base = extractTree(v, gitDir, warn);
  if (!v.backports?.length) return base;
  const opts = v.gitOpts ?? {};
  const out = {
    ...base,
    source: { ...base.source },
    entries: [...base.entries],
    commands: [...base.commands],
    subcommands: { ...base.subcommands },
  };
  out.source.backports = [];
  for (const b of v.backports) {
    const repo = b.repo ?? v.repo;
    const later = extractTree(
      { ...v, id: `${v.id}+${b.from}`, repo, ref: b.from, backports: undefined },
      repo === v.repo ? gitDir : gitDirOf(repo, opts),
      warn,
    );
    for (const name of b.directives ?? []) {
      const entry = later.entries.find((e) => e.name === name);
      if (!entry) throw new Error(`${v.id}: backport ${b.from} has no directive ${name}`);
      const at = out.entries.findIndex((e) => e.name === name);
      if (at >= 0) out.entries[at] = entry;
      else out.entries.push(entry);
    }
    for (const c of b.commands ?? []) {
      const [cmd, sub] = c.split('|');
      if (sub) {
        if (!later.subcommands[cmd]?.includes(sub)) throw new Error(`${v.id}: backport ${b.from} has no sub-command ${c}`);
        out.subcommands[cmd] = [...new Set([...(out.subcommands[cmd] ?? []), sub])].sort();
      } else {
        if (!later.commands.includes(cmd)) throw new Error(`${v.id}: backport ${b.from} has no command ${cmd}`);
        out.commands = [...new Set([...out.commands, cmd])].sort();
      }
    }
    const record = { repo, commit: later.source.commit, since: b.since, why: b.why };
    if (b.directives) record.directives = b.directives;
    if (b.commands) record.commands = b.commands;
    if (b.note) record.note = b.note;
    out.source.backports.push(record);
  }
  return out;
}

function extractBase(v, gitDir, warn) {
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
  const internal = internalModules(tree, v.id);
  for (const e of internal.configs) {
    if (tableNames.has(e.name)) throw new Error(`${v.id}: ${e.name} is both a server and a module setting`);
    entries.push(e);
  }
  const cmds = commandTables(tree);
  const source = {
    repo: v.repo,
    ref: v.ref.replace(/^refs\/(tags|heads)\//, ''),
    commit: tree.commit,
    version: productVersion(tree),
    date: new Date(tree.date).toISOString(),
  };
  if (v.note) source.note = v.note;
  if (excluded.length) source.excluded = excluded;
  const sentinel = sentinelSubcommands(tree, symbols);
  const categories = aclCategories(tree);
  source.semantics = loaderSemantics(tree, v.id);
  source.files = tree.files();
  return {
    source,
    entries,
    commands: cmds.commands,
    sentinelCommands: cmds.sentinelCommands,
    subcommands: cmds.subcommands,
    aclCategories: categories,
    moduleCommands: internal.commands,
    sentinel,
  };
}

export function generate(opts, warn = (m) => console.error(`warning: ${m}`)) {
  const perVersion = new Map();
  for (const v of VERSIONS) perVersion.set(v.id, extractVersion({ ...v, gitOpts: opts }, gitDirOf(v.repo, opts), warn));
  const ids = VERSIONS.map((v) => v.id);
  const data = {
    generatedBy: 'node tools/catalog/generate.mjs',
    generatedAt: [...perVersion.values()]
      .map((x) => x.source.date)
      .sort()
      .at(-1),
    sources: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).source])),
    directives: mergeDirectives(ids, (id) => perVersion.get(id).entries),
    commands: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).commands])),
    subcommands: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).subcommands])),
    aclCategories: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).aclCategories])),
    sentinel: mergeSentinel(ids, (id) => perVersion.get(id).sentinel),
    sentinelCommands: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).sentinelCommands])),
    moduleCommands: Object.fromEntries(ids.map((id) => [id, perVersion.get(id).moduleCommands])),
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
