/**
 * The npm package, as a user gets it: a copy of the source tree (no dist/) is
 * packed with `npm pack`, whose prepack builds the bundles; the tarball holds
 * the two commands and what they need, and no tests, caches or source maps;
 * installed offline into an empty project (it has no dependencies), its
 * `redis-ha-language-server --stdio` answers LSP and checks a file, and its
 * `redis-ha` checks one from the command line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, startServer } from '../support/lsp';

interface PackResult {
  filename: string;
  files: Array<{ path: string; size: number; mode: number }>;
  entryCount: number;
  unpackedSize: number;
}

const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The environment of a fresh shell: none of the npm_* variables of an `npm test` around this. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 16 << 20, timeout: 180_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

describe('the npm package', () => {
  let dir: string;
  let pack: PackResult;
  let app: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redis-ha-pack-'));
    const src = join(dir, 'src');
    // the files of a checkout (tracked, and new ones not ignored) — no dist/, no .cache
    const listed = run('git', ['ls-files', '-co', '--exclude-standard', '-z'], ROOT);
    assert.equal(listed.code, 0, listed.stderr);
    const files = listed.stdout.split('\0').filter((f) => f && f !== '.cache' && !f.startsWith('dist/'));
    for (const f of files) {
      mkdirSync(dirname(join(src, f)), { recursive: true });
      cpSync(join(ROOT, f), join(src, f), { verbatimSymlinks: true });
    }
    // what a working tree also holds, and the package must not
    mkdirSync(join(src, '.cache', 'code-server'), { recursive: true });
    writeFileSync(join(src, '.cache', 'code-server', 'marker'), 'cache\n');
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'));
    const packed = run(NPM, ['pack', '--json', '--pack-destination', dir], src);
    assert.equal(packed.code, 0, packed.stderr);
    pack = (JSON.parse(packed.stdout) as PackResult[])[0];
    app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    const installed = run(NPM, ['install', '--offline', '--no-audit', '--no-fund', join(dir, pack.filename)], app);
    assert.equal(installed.code, 0, installed.stderr);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('prepack built the bundles: both commands, executable, and the language server', () => {
    const files = new Map(pack.files.map((f) => [f.path, f]));
    for (const bin of Object.values(MANIFEST.bin) as string[]) {
      assert.ok(files.has(bin), bin);
      assert.equal(files.get(bin)!.mode & 0o111, 0o111, `${bin} is executable`);
    }
    assert.deepEqual(MANIFEST.bin, { 'redis-ha': 'dist/cli.js', 'redis-ha-language-server': 'dist/language-server.js' });
    for (const f of ['dist/server.js', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'editors/nvim/redis-ha.lua'])
      assert.ok(files.has(f), f);
    for (const f of ['syntaxes/redis-conf.tmLanguage.json', 'snippets/redis-conf.json', 'language-configuration.json'])
      assert.ok(files.has(f), f);
  });

  test('no tests, fixtures, caches, sources or source maps in the package', () => {
    const unwanted = pack.files.filter((f) =>
      /^(test|\.cache|node_modules|server|client|health|cli|tools|scripts|bench|media)\/|\.map$|\.ts$|^\.|^images\/screenshot/.test(f.path),
    );
    assert.deepEqual(
      unwanted.map((f) => f.path),
      [],
    );
    assert.ok(pack.entryCount < 40, `${pack.entryCount} files`);
  });

  test('the package has no dependencies: the bundles require only Node.js modules', () => {
    assert.equal(MANIFEST.dependencies, undefined);
    assert.equal(MANIFEST.private, undefined);
    const installed = readFileSync(join(app, 'node_modules', 'redis-ha', 'dist', 'language-server.js'), 'utf8');
    const required = new Set([...installed.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
    const builtins = new Set(builtinModules);
    assert.deepEqual(
      [...required].filter((m) => !builtins.has(m.replace(/^node:/, ''))),
      [],
    );
  });

  test('the installed redis-ha-language-server answers --version, --help, and refuses to start without a transport', () => {
    const bin = join(app, 'node_modules', '.bin', 'redis-ha-language-server');
    assert.deepEqual(run(bin, ['--version'], app), { code: 0, stdout: `${MANIFEST.version}\n`, stderr: '' });
    const help = run(bin, ['--help'], app);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: redis-ha-language-server --stdio/);
    const bare = run(bin, [], app);
    assert.equal(bare.code, 2);
    assert.equal(bare.stdout, '');
    assert.match(bare.stderr, /no transport given/);
  });

  test('the installed redis-ha-language-server --stdio answers initialize and checks a document', async () => {
    const server = await startServer({}, { command: [join(app, 'node_modules', '.bin', 'redis-ha-language-server'), '--stdio'] });
    try {
      assert.equal(server.initializeResult?.serverInfo?.name, 'redis-ha');
      assert.ok(server.initializeResult?.capabilities.hoverProvider);
      const uri = 'file:///etc/redis/redis.conf';
      const got = server.diagnostics(uri);
      server.open(uri, 'redis-conf', 'port 6379\nmaxmemroy 1gb\n');
      assert.ok((await got).diagnostics.some((d) => d.code === 'unknown-directive' && d.range.start.line === 1));
    } finally {
      await server.stop();
    }
  });

  test('the installed redis-ha checks a file: exit 1 with the error, 0 for a clean one', () => {
    const bin = join(app, 'node_modules', '.bin', 'redis-ha');
    writeFileSync(join(app, 'redis.conf'), 'maxmemroy 1gb\n');
    writeFileSync(join(app, 'valkey-6380.conf'), 'port 6380\nappendonly yes\nappendfsync everysec\nrepl-backlog-size 64mb\n');
    const bad = run(bin, ['check', 'redis.conf'], app);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /redis\.conf:1:1: error \[unknown-directive\]/);
    const clean = run(bin, ['check', 'valkey-6380.conf'], app);
    assert.deepEqual({ code: clean.code, stderr: clean.stderr }, { code: 0, stderr: '' });
    assert.match(clean.stdout, /^valkey-6380\.conf: checked as Valkey [\d.]+ \(file name\)\n$/, 'only the header');
  });
});
