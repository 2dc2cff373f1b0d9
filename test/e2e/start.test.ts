/**
 * `npm start` as a newcomer runs it: it prints a URL, the URL shows the
 * workbench with the demo workspace and the problems the demo files contain,
 * the workspace's connection points at a live demo Sentinel, and Ctrl-C
 * (SIGINT to the foreground process group, as a terminal sends it) leaves no
 * process it started behind.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { missingBinaries, alive } from '../support/redis';
import { ask, parseInfo } from '../support/topology';
import { ensureCodeServer, ROOT } from './support/codeServer';
import { e2eSkipReason } from './support/session';
import { openHealthView, row, waitForTree } from './support/healthView';
import { launchBrowser, Workbench, type Browser } from './support/workbench';

const skip = e2eSkipReason() ?? missingBinaries();

interface Proc {
  pid: number;
  ppid: number;
  cmd: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(d), ppid, cmd });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** Every process below `root` (children, their children, …), whatever group they are in. */
function descendants(root: number): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

function exited(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode!);
    else child.once('exit', (code, signal) => resolve(code ?? signal!));
  });
}

describe('npm start', { skip }, () => {
  let child: ChildProcess | undefined;
  let started: Proc[] = [];
  let browser: Browser | undefined;
  after(async () => {
    await browser?.close();
    // only if the test failed half-way: leave nothing behind
    for (const p of started) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  test('prints a URL where the demo works; Ctrl-C stops every process it started', async () => {
    ensureCodeServer((l) => process.stderr.write(`[e2e] ${l}\n`));
    child = spawn('npm', ['start', '--', '--port', '0'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (b) => (output += b));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 5 minutes:\n${output}`)), 300_000);
      child!.stdout!.on('data', (b) => {
        output += b;
        const m = /^\s*open (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child!.once('exit', (code) => reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`)));
    });

    started = descendants(child.pid!);
    const count = (re: RegExp) => started.filter((p) => re.test(p.cmd)).length;
    assert.equal(count(/^redis-server /), 3, `3 redis-server: ${started.map((p) => p.cmd).join('\n')}`);
    assert.equal(count(/^redis-sentinel /), 3, 'three Sentinels');
    assert.ok(count(/code-server\/out\/node\/entry\.js/) >= 1, 'code-server');

    // the workspace's connection is a live Sentinel of the demo
    const folder = decodeURIComponent(new URL(url).searchParams.get('folder') ?? '');
    const settings = JSON.parse(readFileSync(join(folder, '.vscode', 'settings.json'), 'utf8')) as {
      'redisHa.connections': Array<{ host: string; port: number }>;
    };
    const seed = settings['redisHa.connections'][0];
    assert.equal(seed.host, '127.0.0.1');
    assert.equal(parseInfo(await ask(seed.port, (r) => r.info('server'))).redis_mode, 'sentinel');

    // the URL shows the workbench, the demo files and their problems
    browser = await launchBrowser();
    const wb = await Workbench.open(browser.page, url);
    try {
      for (const f of ['README.md', 'redis.conf', 'sentinel.conf']) await wb.explorerRow(f).waitFor();
      await wb.openFile('redis.conf');
      await wb.waitForErrorSquiggle();
      await wb.openFile('sentinel.conf');
      await wb.waitForErrorSquiggle();
      const problems = await wb.problems(3);
      assert.deepEqual(
        problems
          .filter((p) => p.severity === 'error')
          .map((p) => `${p.file} ${p.code} ${p.position}`)
          .sort(),
        [
          'redis.conf inline-comment [Ln 8, Col 22]',
          'redis.conf unknown-directive [Ln 13, Col 1]',
          'sentinel.conf sentinel-unknown-master [Ln 8, Col 20]',
        ],
      );
      await wb.screenshot('start-demo-problems');

      // the Redis HA view shows the demo group, live, from the Sentinel in .vscode/settings.json
      const address = (label: string) => {
        const m = new RegExp(`^  ${label} +(.+?)(?: \\(pid \\d+\\)| — master name .*)?$`, 'm').exec(output);
        assert.ok(m, `no '${label}' line in the output of npm start:\n${output}`);
        return m[1].split(', ');
      };
      const expected = [
        ...address('primary').map((a) => `primary ${a}`),
        ...address('replicas').map((a) => `replica ${a}`),
        ...address('Sentinels').map((a) => `sentinel ${a}`),
      ];
      assert.equal(expected.length, 6, expected.join(', '));
      await openHealthView(wb);
      const rows = await waitForTree(
        wb,
        (rs) => expected.every((label) => row(rs, label)?.health === 'ok'),
        `the rows ${expected.join(', ')}, all ok`,
        60_000,
      );
      assert.equal(row(rows, 'demo (Sentinel)')?.expanded, true, JSON.stringify(rows));
      assert.equal(row(rows, 'group mymaster')?.health, 'ok', JSON.stringify(rows));
    } finally {
      await wb.screenshot('start-demo-workspace');
    }
    await browser.close();
    browser = undefined;

    // Ctrl-C in the terminal: SIGINT to the foreground process group. npm itself dies of
    // the signal; start.ts stops what it started, says so, and exits 0.
    const closed = new Promise<void>((resolve) => child!.stdout!.once('close', () => resolve()));
    const startScript = started.find((p) => /scripts\/start\.ts/.test(p.cmd));
    assert.ok(startScript, 'the start.ts process');
    process.kill(-child.pid!, 'SIGINT');
    assert.ok([0, 'SIGINT'].includes(await exited(child)), output);
    await closed;
    const deadline = Date.now() + 5000;
    while (started.some((p) => alive(p.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      started.filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.cmd}`),
      [],
      'processes left after Ctrl-C',
    );
    assert.match(output, /stopped code-server and every Redis process/);
  });
});
