/**
 * `npm start`: the extension working in a real VS Code, on a real Redis group.
 *  1. checks the Debian packages (redis-server, redis-sentinel; installs them as root, names them otherwise);
 *  2. builds and packages the extension (redis-ha.vsix);
 *  3. installs code-server into .cache/code-server once (scripts/install-code-server.sh);
 *  4. starts a demo group on 127.0.0.1 — a primary, 2 replicas, 3 Sentinels;
 *  5. writes the demo workspace into .cache/demo-workspace and starts code-server on it with the .vsix installed;
 *  6. prints the URL; Ctrl-C (SIGINT) or SIGTERM stops code-server's process group and every Redis process by PID.
 * Options: --port N (code-server's port; default 8080 when free, otherwise any free port).
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureCodeServer, ROOT, startCodeServer, type CodeServer } from '../test/e2e/support/codeServer';
import { startSentinelGroup, type SentinelGroup } from '../test/support/topology';
import { REDIS_SENTINEL, REDIS_SERVER } from '../test/support/redis';
import { writeDemoWorkspace } from './demo/workspace';

const DEMO_DIR = join(ROOT, '.cache', 'demo-workspace');
const say = (line: string) => process.stdout.write(`${line}\n`);

function fail(message: string): never {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(1);
}

/** Installs missing Debian packages when root; otherwise says exactly which to install and exits. */
function ensureDebianPackages(packages: string[], why: string): void {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (!missing.length) return;
  if (process.getuid?.() !== 0)
    fail(`${why} needs Debian packages: ${missing.join(' ')}\ninstall them with: sudo apt-get install -y ${missing.join(' ')}`);
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...missing],
  ]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) fail(`apt-get ${args.join(' ')} failed`);
  }
}

/** The redisHa.targetVersion matching the local redis-server (e.g. 7.0.15 → "7.0"), if we know that line. */
function localTargetVersion(): string | undefined {
  const out = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  const m = /v=(\d+)\.(\d+)\./.exec(out);
  const v = m ? `${m[1]}.${m[2]}` : '';
  return ['6.2', '7.0', '7.2', '7.4', '8.0'].includes(v) ? v : undefined;
}

function portArg(): number | undefined {
  const i = process.argv.indexOf('--port');
  if (i < 0) return undefined;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`--port needs a port number, not '${process.argv[i + 1] ?? ''}'`);
  return n;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  let group: SentinelGroup | undefined;
  let codeServer: CodeServer | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = (code: number) => {
    stopping ??= (async () => {
      say('\nstopping the demo…');
      await codeServer?.stop().catch((e) => process.stderr.write(`stopping code-server: ${e}\n`));
      await group?.stop().catch((e) => process.stderr.write(`stopping the Redis group: ${e}\n`));
      say('stopped code-server and every Redis process of the demo');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  ensureDebianPackages(['redis-server', 'redis-sentinel'], 'the demo Redis group');
  for (const bin of [REDIS_SERVER, REDIS_SENTINEL]) {
    if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).status !== 0) fail(`${bin} does not run`);
  }

  say('building and packaging the extension…');
  const pack = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (pack.status !== 0) fail(`npm run package failed:\n${pack.stdout}\n${pack.stderr}`);

  try {
    ensureCodeServer(say);
  } catch (e) {
    fail((e as Error).message);
  }

  try {
    say('starting the demo group: a primary, 2 replicas, 3 Sentinels on 127.0.0.1…');
    group = await startSentinelGroup({ masterName: 'mymaster', downAfterMs: 5000, failoverTimeoutMs: 60_000 });
    if (stopping) return;
    const workspace = writeDemoWorkspace(DEMO_DIR, group, localTargetVersion());
    const wanted = portArg();
    const port = wanted ?? ((await portFree(8080)) ? 8080 : 0);
    codeServer = await startCodeServer({ workspace, port, userSettings: { 'workbench.startupEditor': 'readme' } });
    if (stopping) return;
    codeServer.onExit((how) => {
      process.stderr.write(`code-server exited (${how}); stopping the demo\n${codeServer?.output().split('\n').slice(-20).join('\n')}\n`);
      void stopAll(1);
    });
  } catch (e) {
    process.stderr.write(`npm start: ${(e as Error).message}\n`);
    await stopAll(1);
    return;
  }

  const addr = (s: { port: number }) => `127.0.0.1:${s.port}`;
  say('');
  say(`redis-ha demo is ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  say(`  primary    ${addr(group.primary)} (pid ${group.primary.pid})`);
  say(`  replicas   ${group.replicas.map(addr).join(', ')}`);
  say(`  Sentinels  ${group.sentinels.map(addr).join(', ')} — master name ${group.masterName}`);
  say(`  workspace  ${DEMO_DIR}`);
  say('');
  say(`  open ${codeServer.workspaceUrl}`);
  say('');
  say('Ctrl-C stops everything it started.');
}

void main();
