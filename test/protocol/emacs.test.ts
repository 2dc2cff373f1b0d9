/**
 * The language server under eglot: Debian's Emacs 28.2 with eglot 1.9
 * (elpa-eglot), in batch mode, with editors/emacs/redis-ha.el — the setup the
 * README embeds — loaded unchanged, and `redis-ha-language-server` on PATH (a
 * link to dist/language-server.js). test/protocol/emacs/drive.el opens files,
 * waits for what the server sends and writes what Emacs got; this file asserts
 * on it. Skipped, saying so, without an `emacs` that can load eglot (Debian:
 * apt-get install emacs-nox elpa-eglot).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../support/lsp';
import { alive, exitedWithin } from '../support/redis';

const EMACS = spawnSync(
  'emacs',
  ['--batch', '--no-init-file', '--eval', "(progn (package-initialize) (require 'eglot) (princ emacs-version))"],
  {
    encoding: 'utf8',
    env: { ...process.env, HOME: tmpdir() },
  },
);
const SKIP = EMACS.status === 0 ? false : 'emacs with eglot is not installed (Debian: apt-get install emacs-nox elpa-eglot)';

/** File name → the major mode (VS Code's language, or Emacs' own mode for the others). */
const NAMES: Record<string, string> = {
  'redis.conf': 'redis-conf-mode',
  'sentinel.conf': 'sentinel-conf-mode',
  'valkey-7000.conf': 'redis-conf-mode',
  'app.redis.conf': 'redis-conf-mode',
  // two patterns match: VS Code takes the longer, *-sentinel.conf over redis-*.conf
  'redis-sentinel.conf': 'sentinel-conf-mode',
  'sentinel_26379.conf': 'sentinel-conf-mode',
  'app.conf': 'conf-unix-mode',
};

interface FileResult {
  mode: string;
  diagnostics: Array<{ line: number; code: string; severity: number }>;
}
interface Result {
  error?: string;
  server: { pids: number[]; command: string[]; servers: number };
  files: Record<string, FileResult>;
  hover: string | null;
  completion: { count: number; labels: string[] };
  modes: Record<string, string>;
}

const codes = (f: FileResult) => f.diagnostics.map((d) => [d.line, d.code, d.severity]).sort();

/** Runs Emacs with drive.el in `dir`, after `init` (an --eval); what drive.el wrote, and Emacs' stderr. */
async function runEmacs(dir: string, init?: string, only?: string): Promise<{ result: Result; stderr: string }> {
  const work = join(dir, 'work');
  const env = {
    ...process.env,
    HOME: dir,
    PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    REDIS_HA_ROOT: ROOT,
    REDIS_HA_EMACS_DIR: work,
    REDIS_HA_EMACS_NAMES: Object.keys(NAMES).join(','),
    REDIS_HA_EMACS_ONLY: only ?? '',
  };
  const args = ['--batch', '--no-init-file', ...(init ? ['--eval', init] : []), '-l', join(ROOT, 'test/protocol/emacs/drive.el')];
  const emacs = spawn('emacs', args, { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  emacs.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 65536) stderr += d.toString();
  });
  // drive.el quits by itself; the deadline is for an Emacs that hangs
  const exited = new Promise<number | null>((resolve) => emacs.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => emacs.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(timer);
  assert.equal(code, 0, `emacs exited with ${code}: ${stderr}`);
  const result = JSON.parse(readFileSync(join(work, 'result.json'), 'utf8')) as Result;
  assert.equal(result.error, undefined, `drive.el failed: ${result.error}\n${stderr}`);
  // Emacs ends its servers when it exits; one left behind is stopped here, by its PID
  for (const pid of result.server.pids)
    if (!(await exitedWithin(pid, 5000))) {
      process.kill(pid, 'SIGKILL');
      assert.fail(`a server (pid ${pid}) outlived Emacs`);
    }
  return { result, stderr };
}

describe(`Emacs ${EMACS.stdout || '(not installed)'} with eglot and editors/emacs/redis-ha.el`, { skip: SKIP }, () => {
  let dir: string;
  let result: Result;
  let stderr = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-ha-emacs-'));
    mkdirSync(join(dir, 'bin'));
    symlinkSync(join(ROOT, 'dist', 'language-server.js'), join(dir, 'bin', 'redis-ha-language-server'));
    const work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'redis.conf'), 'maxmemroy 1gb\nappendonly yes\nappendfsync no\n\n');
    writeFileSync(join(work, 'valkey-6380.conf'), 'port 6380\nappendonly yes\nappendfsync everysec\nrepl-backlog-size 64mb\n');
    writeFileSync(join(work, 'sentinel.conf'), 'sentinel monitor mymaster 127.0.0.1 6379 2\nsentinel down-after-milliseconds other 5000\n');
    ({ result, stderr } = await runEmacs(dir));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('eglot starts redis-ha-language-server from PATH, one per language, without a warning', () => {
    assert.deepEqual(result.server.command, ['redis-ha-language-server', '--stdio']);
    assert.equal(result.server.servers, 2);
    assert.match(stderr, /Server `redis-ha' now managing `\(redis-conf-mode/);
    // the server registers nothing eglot cannot take (it used to register didChangeConfiguration)
    assert.doesNotMatch(stderr, /unsupported capability/);
    for (const pid of result.server.pids) assert.equal(alive(pid), false, 'the server exited with Emacs');
  });

  test('diagnostics of redis.conf, of a clean file (none) and of sentinel.conf, sent with its own language id', () => {
    assert.equal(result.files['redis.conf'].mode, 'redis-conf-mode');
    // the workspace's sentinel.conf monitors port 6379: this file is the primary of a group, so its 1mb backlog matters
    assert.deepEqual(codes(result.files['redis.conf']), [
      [0, 'backlog-small', 2],
      [0, 'unknown-directive', 1],
      [2, 'aof-fsync-no', 2],
    ]);
    assert.deepEqual(result.files['valkey-6380.conf'].diagnostics, []);
    assert.equal(result.files['sentinel.conf'].mode, 'sentinel-conf-mode');
    assert.deepEqual(codes(result.files['sentinel.conf']), [
      [0, 'exposed-without-auth', 3],
      [1, 'sentinel-unknown-master', 1],
    ]);
  });

  test('eglot-workspace-configuration reaches the server: with targetRpo none, no durability finding', async () => {
    const relaxed = await runEmacs(dir, `(setq-default eglot-workspace-configuration '(:redisHa (:targetRpo "none")))`, 'redis.conf');
    assert.deepEqual(codes(relaxed.result.files['redis.conf']), [[0, 'unknown-directive', 1]]);
  });

  test('hover and completion', () => {
    assert.match(result.hover ?? '', /^\*\*appendfsync\*\*/);
    assert.ok(result.completion.count > 100, `${result.completion.count} items`);
    for (const d of ['appendonly', 'maxmemory', 'replicaof']) assert.ok(result.completion.labels.includes(d), d);
  });

  test("auto-mode-alist gives package.json's languages, the longest pattern first, and leaves other files alone", () => {
    assert.deepEqual(result.modes, NAMES);
  });
});
