/**
 * The language server in a real third-party client: Debian's Neovim 0.7.2,
 * headless, with editors/nvim/redis-ha.lua — the setup the README embeds — as
 * its init file, unchanged. The server is found as users find it: the
 * `redis-ha-language-server` command on PATH (here a link to
 * dist/language-server.js). test/protocol/neovim/drive.lua opens files, waits
 * for what the server sends and writes what Neovim got; this file asserts on it.
 * Neovim 0.7 takes the setup's start_client branch (see drive.lua for what
 * differs from 0.8+). Skipped, saying so, when `nvim` is not installed
 * (Debian: apt-get install neovim; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../support/lsp';
import { alive, exitedWithin } from '../support/redis';

const NVIM = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const NVIM_VERSION = NVIM.status === 0 ? NVIM.stdout.split('\n')[0] : undefined;
const SKIP = NVIM_VERSION ? false : 'nvim is not installed (Debian: apt-get install neovim)';

/** File name → the file type package.json's patterns give it in VS Code ('' or Neovim's own type when it is none of ours). */
const NAMES: Record<string, string | RegExp> = {
  'sentinel.conf': 'sentinel-conf',
  'valkey.conf': 'redis-conf',
  'redis-6380.conf': 'redis-conf',
  'app.redis.conf': 'redis-conf',
  'valkey_7000.conf': 'redis-conf',
  'sentinel-26379.conf': 'sentinel-conf',
  // two patterns match: VS Code takes the longer, *-sentinel.conf over redis-*.conf
  'redis-sentinel.conf': 'sentinel-conf',
  'redis_sentinel.conf': 'sentinel-conf',
  // none of ours: Neovim's own detection, and no server
  'app.conf': /^(conf)?$/,
  'redis.conf.bak': /^(conf)?$/,
};

interface Result {
  error?: string;
  server: { name: string; pid: number; cmd: string[]; root_dir: string };
  clients: number;
  files: Record<string, { filetype: string; published: boolean; diagnostics: Array<{ line: number; code: string; severity: number }> }>;
  hover: string | null;
  completion: { count: number; labels: string[] };
  detected: Record<string, { filetype: string; attached: boolean }>;
  matched: Record<string, string>;
}

/** Runs Neovim with the setup as its init and drive.lua, in `dir`; what drive.lua wrote. `init` runs before the setup (--cmd). */
async function runNeovim(dir: string, init?: string, only?: string): Promise<Result> {
  const work = join(dir, 'work');
  const env = {
    ...process.env,
    PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    // Neovim's state, cache (lsp.log) and data stay in the temporary folder
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_DATA_HOME: join(dir, 'data'),
    REDIS_HA_NVIM_DIR: work,
    REDIS_HA_NVIM_NAMES: Object.keys(NAMES).join(','),
    REDIS_HA_NVIM_ONLY: only ?? '',
  };
  const args = ['--headless', '--clean', '-n', ...(init ? ['--cmd', init] : []), '-u', join(ROOT, 'editors/nvim/redis-ha.lua')];
  args.push('-c', `luafile ${join(ROOT, 'test/protocol/neovim/drive.lua')}`);
  const nvim = spawn('nvim', args, { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nvim.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 65536) stderr += d.toString();
  });
  // drive.lua quits by itself; the deadline is for a Neovim that hangs
  const exited = new Promise<number | null>((resolve) => nvim.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => nvim.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(timer);
  assert.equal(code, 0, `nvim exited with ${code}: ${stderr}`);
  const result = JSON.parse(readFileSync(join(work, 'result.json'), 'utf8')) as Result;
  assert.equal(result.error, undefined, `drive.lua failed: ${result.error}`);
  // Neovim stops its server on exit; one left behind is stopped here, by its PID
  const pid = result.server?.pid;
  if (pid && !(await exitedWithin(pid, 5000))) {
    process.kill(pid, 'SIGKILL');
    assert.fail(`the server (pid ${pid}) outlived Neovim`);
  }
  return result;
}

describe(`Neovim (${NVIM_VERSION ?? 'not installed'}) with editors/nvim/redis-ha.lua`, { skip: SKIP }, () => {
  let dir: string;
  let result: Result;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-ha-nvim-'));
    // the command users install, on PATH
    mkdirSync(join(dir, 'bin'));
    symlinkSync(join(ROOT, 'dist', 'language-server.js'), join(dir, 'bin', 'redis-ha-language-server'));
    const work = join(dir, 'work');
    mkdirSync(join(work, '.git'), { recursive: true }); // the workspace root the setup finds
    mkdirSync(join(work, 'names'));
    writeFileSync(join(work, 'redis.conf'), 'maxmemroy 1gb\nappendonly yes\nappendfsync no\n\n');
    writeFileSync(join(work, 'valkey-6380.conf'), 'port 6380\nappendonly yes\nappendfsync everysec\nrepl-backlog-size 64mb\n');
    result = await runNeovim(dir);
  });

  after(() => {
    if (process.env.REDIS_HA_KEEP) console.log(dir);
    else rmSync(dir, { recursive: true, force: true });
  });

  test('the setup starts redis-ha-language-server from PATH, one server for the workspace', () => {
    assert.deepEqual(result.server.cmd, ['redis-ha-language-server', '--stdio']);
    assert.equal(result.server.name, 'redis_ha');
    assert.equal(result.server.root_dir, join(dir, 'work'));
    assert.equal(result.clients, 1);
    assert.equal(alive(result.server.pid), false, 'the server exited with Neovim');
  });

  test('diagnostics of redis.conf: what redis-server refuses and the durability warning, on their lines', () => {
    const file = result.files['redis.conf'];
    assert.equal(file.filetype, 'redis-conf');
    assert.ok(file.published, 'diagnostics were published');
    const got = file.diagnostics.map((d) => [d.line, d.code, d.severity]).sort();
    // Neovim's severities: 1 error, 2 warning, 3 info
    assert.deepEqual(got, [
      [0, 'unknown-directive', 1],
      [2, 'aof-fsync-no', 2],
    ]);
  });

  test('vim.g.redis_ha_settings reaches the server: with targetRpo none, no durability finding', async () => {
    const relaxed = await runNeovim(dir, "lua vim.g.redis_ha_settings = { targetRpo = 'none' }", 'redis.conf');
    assert.deepEqual(
      relaxed.files['redis.conf'].diagnostics.map((d) => [d.line, d.code]),
      [[0, 'unknown-directive']],
    );
  });

  test('a clean file gets its diagnostics published, and none', () => {
    const file = result.files['valkey-6380.conf'];
    assert.equal(file.filetype, 'redis-conf');
    assert.ok(file.published);
    assert.deepEqual(file.diagnostics, []);
  });

  test('hover on a directive shows its card', () => {
    assert.equal(typeof result.hover, 'string');
    assert.match(result.hover!, /appendfsync/);
    assert.match(result.hover!, /everysec/);
  });

  test('completion on an empty line offers the directives of the version', () => {
    assert.ok(result.completion.count > 100, `${result.completion.count} items`);
    for (const d of ['appendonly', 'maxmemory', 'replicaof']) assert.ok(result.completion.labels.includes(d), d);
  });

  test("file types follow package.json's names and patterns; other files get no server", () => {
    for (const [name, want] of Object.entries(NAMES)) {
      const got = result.detected[name];
      if (typeof want === 'string') {
        assert.equal(got.filetype, want, name);
        assert.ok(got.attached, `${name}: the server is attached`);
      } else {
        assert.match(got.filetype, want, name);
        assert.equal(got.attached, false, `${name}: no server`);
      }
    }
  });

  test("the vim.filetype.add tables (Neovim 0.8+) give the same file types through Neovim's own matcher", () => {
    for (const [name, want] of Object.entries(NAMES)) {
      if (typeof want === 'string') assert.equal(result.matched[name], want, name);
      else assert.ok(!['redis-conf', 'sentinel-conf'].includes(result.matched[name]), `${name}: ${result.matched[name]}`);
    }
  });
});
