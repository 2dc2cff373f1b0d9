/**
 * The oracle: Debian's redis-server / redis-sentinel 7.0.15 run on a config
 * file, at most `size` processes at a time. Each run gets a fresh directory;
 * readiness and refusal are read from the process' own output (never a fixed
 * sleep), and every process is killed by its PID as soon as it has spoken —
 * also when a test fails (finally) or the test process exits (exit hook).
 *
 * What the harness appends after the file (redis-server appends command-line
 * options to the file's text, so the file's line numbers hold), and why none
 * of it changes the verdict of the file's own lines — each is a valid value,
 * and it only replaces a value the file may have set with one that does not
 * depend on the host:
 *   --port 0 --unixsocket DIR/redis.sock   listen on a private socket, no TCP port to race for
 *                                          (a file with a `bind` line gets a free loopback port instead, as
 *                                          its addresses are only used then — unless the file itself says
 *                                          port 0; such files bind loopback only)
 *   --daemonize no                         a daemonizing parent would exit 0 before it is ready
 *   --loglevel notice                      the readiness line is a notice
 *   --tls-port 0 --tls-replication no --tls-cluster no
 *                                          starting TLS needs certificate files on the host
 *   --cluster-port P (only with cluster-enabled in the file): with port 0 the bus port would be
 *                                          the fixed 10000 and parallel runs would collide
 * For redis-sentinel: --port P --bind 127.0.0.1 (a Sentinel always listens on TCP; never beyond loopback).
 *
 * A file with a bind line runs in a network namespace of its own (`unshare -n`)
 * when the machine allows it: a bind word that is not a numeric address (an
 * inline '# comment', say) is looked up with getaddrinfo, and there that
 * lookup cannot reach any name server; its ports cannot collide either.
 * Without namespaces, such files are left out (see `needsResolver`).
 * `@DIR@` in a case is replaced by the run's directory, which holds an empty
 * `users.acl` and an executable `notify.sh`, so cases can name files that exist.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/redis';
import type { RunnableOracle } from './oracles';

export { freePort };

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';
export const REDIS_SENTINEL = process.env.REDIS_SENTINEL_BIN ?? 'redis-sentinel';
/** Debian's 7.0.15, the default judge. */
const DEBIAN: NonNullable<JudgeRequest['oracle']> = {
  server: REDIS_SERVER,
  sentinelCommand: { command: REDIS_SENTINEL, args: [] },
  sentinel: { binary: REDIS_SENTINEL },
  build: { tls: true, jemalloc: false },
  version: '7.0',
};

export interface JudgeRequest {
  /** The file's text; `@DIR@` stands for the run's directory. */
  text: string;
  /** The server that judges (default: Debian's redis-server / redis-sentinel 7.0.15 on the PATH). */
  oracle?: Pick<RunnableOracle, 'server' | 'sentinelCommand' | 'sentinel' | 'build' | 'version'>;
  sentinel?: boolean;
  /** Listen on a free loopback TCP port (implied by a `bind` line); the file must bind loopback only. */
  tcp?: boolean;
}

export interface RealVerdict {
  verdict: 'accepted' | 'rejected';
  /** Line named in "Reading the configuration file, at line N". */
  line?: number;
  /** The last line of the complaint (the reason). */
  message?: string;
  /**
   * Settings the server kept for modules and found unclaimed after loading the
   * file, as it names them (Redis 8: ">>> 'name value'"; Valkey: "Unused Module
   * Configuration: name"); such a refusal names no line.
   */
  unresolved?: string[];
  output: string;
  /** True when the server was still silent after the timeout (reported as rejected, but a test should say so). */
  timedOut?: boolean;
}

/** A file with a bind line is judged listening on TCP: its addresses are only used then. */
const BIND_LINE = /^[ \t]*["']?bind["']?[ \t]/im;
const READY_SERVER = /ready to accept connections/i;
const READY_SENTINEL = /Sentinel ID is/;
const live = new Set<ChildProcess>();
let hooked = false;

function killAllSync() {
  for (const c of live) {
    if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  live.clear();
}

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.once('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAllSync();
      process.exit(130);
    });
  }
}

/** Registers a process started elsewhere (e.g. the helper server) for the exit hook; returns a function that forgets it. */
export function track(child: ChildProcess): () => void {
  hookExit();
  live.add(child);
  return () => live.delete(child);
}

/** The value of the file's last `port` line, as written (only to tell 0 from the rest). */
function lastPortValue(text: string): string | undefined {
  let v: string | undefined;
  for (const m of text.matchAll(/^[ \t]*port[ \t]+["']?([^\s"']*)/gim)) v = m[1];
  return v;
}

let isolation: string[] | null | undefined;
/** The `unshare` flags that give a process a network namespace here, or null when none work. */
export function networkIsolation(): string[] | null {
  if (isolation !== undefined) return isolation;
  isolation = null;
  for (const flags of [['-n'], ['-rn']]) {
    const r = spawnSync('unshare', [...flags, '--', 'true'], { stdio: 'ignore', timeout: 5000 });
    if (!r.error && r.status === 0) {
      isolation = flags;
      break;
    }
  }
  return isolation;
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NOTIFY_SOCKET; // `supervised systemd` must not talk to a real systemd
  delete env.UPSTART_JOB;
  return env;
}

/** A free port whose cluster bus port (+10000) is a valid port too, and free. */
async function busablePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = await freePort();
    if (p + 10000 <= 65535 && (await portIsFree(p + 10000))) return p;
  }
  throw new Error('no free port below 55536 with a free bus port');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Substitutes the run directory for `@DIR@`. */
export function withDir(text: string, dir: string): string {
  return text.split('@DIR@').join(dir);
}

export function parseOutcome(output: string, ready: boolean): RealVerdict {
  if (ready) return { verdict: 'accepted', output };
  const m = /Reading the configuration file, at line (\d+)/.exec(output);
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const v: RealVerdict = { verdict: 'rejected', line: m ? Number(m[1]) : undefined, message: lines[lines.length - 1], output };
  if (!m) {
    const at = output.indexOf('Unresolved Configuration(s) Detected');
    const names =
      at >= 0
        ? [...output.slice(at).matchAll(/>>> '([^ ']*)/g)].map((x) => x[1])
        : [...output.matchAll(/Unused Module Configuration: (\S+)/g)].map((x) => x[1]);
    if (names.length) v.unresolved = names;
  }
  return v;
}

async function runOnce(req: JudgeRequest, timeoutMs: number): Promise<RealVerdict> {
  hookExit();
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-diff-'));
  try {
    return await runIn(dir, req, timeoutMs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runIn(dir: string, req: JudgeRequest, timeoutMs: number): Promise<RealVerdict> {
  const file = join(dir, req.sentinel ? 'sentinel.conf' : 'redis.conf');
  writeFileSync(file, withDir(req.text, dir), 'utf8');
  if (req.text.includes('@DIR@')) {
    writeFileSync(join(dir, 'users.acl'), '');
    writeFileSync(join(dir, 'notify.sh'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, 'notify.sh'), 0o755);
  }
  const oracle = req.oracle ?? DEBIAN;
  const args = [file];
  if (req.sentinel) {
    if (oracle.sentinel.flag) args.push(oracle.sentinel.flag);
    args.push('--port', String(await freePort()), '--bind', '127.0.0.1', '--daemonize', 'no');
  } else {
    // Redis 6.2 has no cluster-port: its bus listens on port + 10000, so a cluster file gets a real port
    const clusterNeedsPort = /cluster-enabled/i.test(req.text) && oracle.version === '6.2';
    if (!(req.tcp || clusterNeedsPort || BIND_LINE.test(req.text))) args.push('--port', '0');
    else if (lastPortValue(req.text) !== '0') args.push('--port', String(clusterNeedsPort ? await busablePort() : await freePort())); // a file that says port 0 keeps it
    args.push('--unixsocket', join(dir, 'redis.sock'));
    args.push('--daemonize', 'no', '--loglevel', 'notice');
    // a build without TLS has no tls-* settings at all
    if (oracle.build.tls) args.push('--tls-port', '0', '--tls-replication', 'no', '--tls-cluster', 'no');
    if (/cluster-enabled/i.test(req.text) && oracle.version !== '6.2') args.push('--cluster-port', String(await freePort()));
  }
  const bin = req.sentinel ? oracle.sentinelCommand.command : oracle.server;
  const netns = !req.sentinel && BIND_LINE.test(req.text) ? networkIsolation() : null;
  // unshare execs the server in place: the PID we track is the server's
  const child = netns
    ? spawn('unshare', [...netns, '--', bin, ...args], { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(bin, args, { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const ready = req.sentinel ? READY_SENTINEL : READY_SERVER;
  try {
    return await new Promise<RealVerdict>((resolve) => {
      let output = '';
      let settled = false;
      const settle = (v: RealVerdict) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(v);
      };
      const onData = (b: Buffer) => {
        output += b.toString('latin1');
        if (ready.test(output)) settle(parseOutcome(output, true));
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      // 'close' fires after both pipes are drained, so the complaint is complete
      child.on('close', () => settle(parseOutcome(output, ready.test(output))));
      child.on('error', (e) => settle({ verdict: 'rejected', message: String(e), output }));
      const timer = setTimeout(() => settle({ ...parseOutcome(output, false), timedOut: true }), timeoutMs);
    });
  } finally {
    await stop(child);
    live.delete(child);
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      resolve();
    }
  });
}

/** A bounded pool: at most `size` servers run at once. */
export class JudgePool {
  private running = 0;
  private waiting: Array<() => void> = [];
  constructor(
    readonly size = 4,
    readonly timeoutMs = 15_000,
  ) {}

  async judge(req: JudgeRequest): Promise<RealVerdict> {
    if (this.running >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      let v = await runOnce(req, this.timeoutMs);
      // a free port taken by someone else between our probe and the server's bind: try again
      for (let i = 0; i < 3 && v.verdict === 'rejected' && /Address already in use/.test(v.output); i++)
        v = await runOnce(req, this.timeoutMs);
      return v;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Kills whatever still runs (normally nothing: every run stops its own process). */
  close(): void {
    killAllSync();
  }
}
