/**
 * The editor setups of editors/ and the README's copies of them stay equal to
 * what tools/docs/editors.ts generates from package.json's file names, and the
 * generated patterns choose the language VS Code chooses: an exact name first,
 * else the longest matching pattern. Neovim's matching is proven in real Neovim
 * (test/protocol/neovim.test.ts); Emacs' regexps are checked here by
 * translating them to JavaScript ones.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EDITOR_FILES, editorFiles, emacsRegexp, fileNameRules, luaPattern, withEditorFiles } from '../../tools/docs/editors';
import { ROOT } from '../support/lsp';

const MANIFEST_TEXT = readFileSync(join(ROOT, 'package.json'), 'utf8');
const RULES = fileNameRules(JSON.parse(MANIFEST_TEXT));

/** VS Code's choice: an exact file name, else the longest pattern that matches (its globs: `*` is any run of characters). */
function vscodeLanguage(name: string): string | undefined {
  const exact = RULES.find((r) => r.exact && r.glob === name);
  if (exact) return exact.language;
  let best: (typeof RULES)[number] | undefined;
  for (const r of RULES) {
    if (r.exact || (best && best.glob.length >= r.glob.length)) continue;
    if (new RegExp(`^${r.glob.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name)) best = r;
  }
  return best?.language;
}

/** The mode Emacs picks from the generated auto-mode-alist lines: the first entry (the last added) that matches. */
function emacsMode(path: string): string | undefined {
  const el = editorFiles().get('editors/emacs/redis-ha.el')!;
  const entries = [...el.matchAll(/^\(add-to-list 'auto-mode-alist '\("(.*)" \. (\S+)-mode\)\)$/gm)].map((m) => ({
    // the elisp string's contents → the regexp → JavaScript: \\. is \., \\' is the end of the name
    re: new RegExp(`${m[1].replace(/\\\\'$/, '$').replace(/\\\\\./g, '\\.')}`),
    language: m[2],
  }));
  assert.ok(entries.length >= RULES.length, 'one entry per name');
  return entries.reverse().find((e) => e.re.test(path))?.language;
}

const NAMES = [
  'redis.conf',
  'valkey.conf',
  'sentinel.conf',
  'redis-6380.conf',
  'redis_6380.conf',
  'cache.redis.conf',
  'valkey-7000.conf',
  'cache.valkey.conf',
  'sentinel-26379.conf',
  'sentinel_26379.conf',
  'a.sentinel.conf',
  'redis-sentinel.conf',
  'redis-sentinel-26379.conf',
  'redis_sentinel.conf',
  'valkey-sentinel.conf',
  'app.conf',
  'redis.conf.bak',
  'myredis.conf',
  'sentinel.config',
];

describe('editor setups', () => {
  test('package.json names 3 files and 32 patterns (20 of them templates: redis.conf.j2, …), for the two languages', () => {
    assert.equal(RULES.filter((r) => r.exact).length, 3);
    assert.equal(RULES.filter((r) => !r.exact).length, 32);
    assert.deepEqual([...new Set(RULES.map((r) => r.language))].sort(), ['redis-conf', 'sentinel-conf']);
  });

  test('each file in editors/ holds the block generated from package.json (npm run generate:docs)', () => {
    for (const [path, want] of editorFiles(MANIFEST_TEXT)) assert.equal(readFileSync(join(ROOT, path), 'utf8'), want, `${path} is stale`);
  });

  test('the README embeds each editor file whole (npm run generate:docs)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.equal(readme, withEditorFiles(readme, editorFiles()), 'README.md is stale');
    for (const f of EDITOR_FILES) assert.ok(readme.includes(readFileSync(join(ROOT, f.path), 'utf8').trimEnd()), f.path);
  });

  test('a name or pattern added to package.json reaches every editor file', () => {
    const manifest = JSON.parse(MANIFEST_TEXT);
    manifest.contributes.languages[0].filenamePatterns.push('keydb-*.conf');
    const files = editorFiles(JSON.stringify(manifest));
    assert.ok(files.get('editors/nvim/redis-ha.lua')!.includes(`['keydb%-.*%.conf'] = { 'redis-conf', { priority = 12 } },`));
    assert.ok(files.get('editors/helix/languages.toml')!.includes('{ glob = "keydb-*.conf" },'));
    assert.ok(files.get('editors/emacs/redis-ha.el')!.includes(`'("/keydb-[^/]*\\\\.conf\\\\'" . redis-conf-mode)`));
  });

  test('globs become Lua patterns and Emacs regexps with their magic characters escaped', () => {
    assert.equal(luaPattern('*-sentinel-*.conf'), '.*%-sentinel%-.*%.conf');
    assert.equal(luaPattern('redis_*.conf'), 'redis_.*%.conf');
    assert.equal(emacsRegexp('*.redis.conf'), "/[^/]*\\\\.redis\\\\.conf\\\\'");
  });

  test("Emacs picks VS Code's language for each name (the longest pattern wins), and none for other files", () => {
    for (const name of NAMES) assert.equal(emacsMode(`/etc/redis/${name}`), vscodeLanguage(name), name);
    assert.equal(vscodeLanguage('redis-sentinel.conf'), 'sentinel-conf');
    assert.equal(vscodeLanguage('app.conf'), undefined);
    // a pattern is matched against the file name, not the folders above it
    assert.equal(emacsMode('/srv/redis-data/app.conf'), undefined);
  });

  test("the Helix file is valid TOML (Python's tomllib) with both languages on the redis-ha server", (t) => {
    const read = 'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))';
    const r = spawnSync('python3', ['-c', read, join(ROOT, 'editors/helix/languages.toml')], { encoding: 'utf8' });
    if (r.error || (r.status !== 0 && /No module named 'tomllib'/.test(r.stderr))) {
      t.skip('no python3 with tomllib (3.11+) to parse TOML');
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    const toml = JSON.parse(r.stdout) as {
      'language-server': Record<string, { command: string; args: string[]; config?: unknown }>;
      language: Array<{ name: string; 'language-id': string; 'file-types': Array<{ glob: string }>; 'language-servers': string[] }>;
    };
    assert.deepEqual(toml['language-server']['redis-ha'], {
      command: 'redis-ha-language-server',
      args: ['--stdio'],
      config: { redisHa: {} },
    });
    for (const language of ['redis-conf', 'sentinel-conf']) {
      const l = toml.language.find((x) => x.name === language)!;
      assert.equal(l['language-id'], language);
      assert.deepEqual(l['language-servers'], ['redis-ha']);
      assert.deepEqual(
        l['file-types'].map((f) => f.glob),
        RULES.filter((r) => r.language === language).map((r) => r.glob),
      );
    }
  });

  test('a file without its markers is a clear error, not a silent no-op', () => {
    assert.throws(() => withEditorFiles('# no markers\n', editorFiles()), /README\.md has no <!-- editor:nvim:begin/);
  });
});
