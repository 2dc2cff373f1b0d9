/**
 * Real redis-server / redis-sentinel processes for tests: free loopback ports,
 * readiness taken from the server's own log line (never a fixed sleep), and
 * every process stopped by PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';
export const REDIS_SENTINEL = process.env.REDIS_SENTINEL_BIN ?? 'redis-sentinel';

/** Why live tests cannot run here, or undefined when the binaries are installed. */
export function missingBinaries(): string | undefined {
  for (const bin of [REDIS_SERVER, REDIS_SENTINEL]) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) return `${bin} is not installed (run .ci/run as root, or apt-get install redis-server redis-sentinel)`;
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = 'redis-ha-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface LoadVerdict {
  /** 'accepted': the server reached readiness; 'rejected': it exited with a config error. */
  verdict: 'accepted' | 'rejected';
  /** 1-based line Redis names in "Reading the configuration file, at line N", if any. */
  line?: number;
  /** The last line of Redis' complaint. */
  message?: string;
  output: string;
}

const READY = /Ready to accept connections|Sentinel ID is/;

/**
 * Starts the real binary on `configText` and reports whether it loads. The file
 * is written as is; host-dependent settings are overridden on the command line
 * (appended after the file by redis-server, so the file's line numbers hold).
 */
export async function judgeConfig(
  configText: string,
  opts: {
    sentinel?: boolean;
    timeoutMs?: number /** Another version's redis-server (its Sentinel is the same binary with --sentinel). */;
    server?: string;
    /** The file's name in the temporary directory (default: sentinel.conf or redis.conf). */
    fileName?: string;
  } = {},
): Promise<LoadVerdict> {
  const dir = tempDir('redis-ha-judge-');
  const file = join(dir, opts.fileName ?? (opts.sentinel ? 'sentinel.conf' : 'redis.conf'));
  writeFileSync(file, configText);
  const port = await freePort();
  const args = [file, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--logfile', '', '--daemonize', 'no', '--pidfile', ''];
  if (opts.sentinel) args.push('--sentinel');
  else args.push('--save', '', '--appendonly', 'no', '--unixsocket', '');
  const bin = opts.server ?? (opts.sentinel ? REDIS_SENTINEL : REDIS_SERVER);
  try {
    return await new Promise<LoadVerdict>((resolve) => {
      const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      let done = false;
      const finish = (v: LoadVerdict) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        stopProcess(child).then(() => resolve(v));
      };
      const onData = (b: Buffer) => {
        output += b.toString('utf8');
        if (READY.test(output)) finish({ verdict: 'accepted', output });
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', () => finish(parseRejection(output)));
      child.on('error', (e) => finish({ verdict: 'rejected', message: String(e), output }));
      const timer = setTimeout(
        () => finish({ verdict: 'rejected', message: 'timed out waiting for readiness', output }),
        opts.timeoutMs ?? 10_000,
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseRejection(output: string): LoadVerdict {
  const m = /Reading the configuration file, at line (\d+)/.exec(output);
  const lines = output
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { verdict: 'rejected', line: m ? Number(m[1]) : undefined, message: lines[lines.length - 1], output };
}

/** Sends SIGKILL to a child (and SIGCONT first, in case a test stopped it) and waits for its exit. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(child.pid, 'SIGCONT');
      process.kill(child.pid, signal);
    } catch {
      resolve();
    }
  });
}

export interface RunningServer {
  port: number;
  pid: number;
  dir: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts a long-running redis-server (or redis-sentinel) on 127.0.0.1 and a
 * free port, resolving once its log says it is ready. `config` is written to a
 * file in a fresh directory; `port`, `bind`, `dir`, `daemonize` are set for you.
 */
export async function startServer(
  opts: {
    config?: string;
    sentinel?: boolean;
    port?: number;
    extraArgs?: string[];
    timeoutMs?: number;
    /**
     * Start under `ulimit -f` (RLIMIT_FSIZE) with SIGXFSZ ignored, so writes past
     * this size fail with EFBIG instead of killing the server (AOF failure tests).
     */
    fileSizeLimitBytes?: number;
    /** Files written into the server's directory before it starts (e.g. a dump.rdb to load). */
    files?: Record<string, Buffer | string>;
    /** The log line that means "started" (default: ready to accept connections). */
    readyPattern?: RegExp;
  } = {},
): Promise<RunningServer> {
  const dir = tempDir(opts.sentinel ? 'redis-ha-sentinel-' : 'redis-ha-node-');
  const port = opts.port ?? (await freePort());
  const file = join(dir, opts.sentinel ? 'sentinel.conf' : 'redis.conf');
  for (const [name, content] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), content);
  writeFileSync(
    file,
    `port ${port}\nbind 127.0.0.1\ndir ${dir}\ndaemonize no\nlogfile ""\n${opts.sentinel ? '' : 'save ""\n'}${opts.config ?? ''}\n`,
  );
  const args = [file, ...(opts.sentinel ? ['--sentinel'] : []), ...(opts.extraArgs ?? [])];
  const bin = opts.sentinel ? REDIS_SENTINEL : REDIS_SERVER;
  // the shell execs the server, so the PID we hold is the server's
  const child =
    opts.fileSizeLimitBytes === undefined
      ? spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `ulimit -f ${Math.ceil(opts.fileSizeLimitBytes / 512)} && trap '' XFSZ && exec "$0" "$@"`, bin, ...args], {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let output = '';
  const stop = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`not ready within ${opts.timeoutMs ?? 10_000} ms:\n${output}`)),
      opts.timeoutMs ?? 10_000,
    );
    const fail = (e: Error) => {
      clearTimeout(timer);
      stop().then(() => reject(e));
    };
    const onData = (b: Buffer) => {
      output += b.toString('utf8');
      if ((opts.readyPattern ?? READY).test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
  child.removeAllListeners('exit');
  return { port, pid: child.pid!, dir, child, output: () => output, stop };
}

/** Whether a process of ours still exists (signal 0 only asks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until process `pid` is gone or `ms` pass; true when it went. */
export async function exitedWithin(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
