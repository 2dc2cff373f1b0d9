/**
 * Runs the built CLI (dist/cli.js) as a user would, with a guard that kills
 * it (and fails the test) if it does not end on its own.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CliIO } from '../../cli/io';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, REDISCLI_AUTH: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`redis-ha ${args.join(' ')} did not end within ${opts.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, opts.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(guard);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** `redis-ha status --format json …`, parsed. */
export async function statusJson(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliRun & { json: StatusJson }> {
  const r = await runCli(['status', '--format', 'json', ...args], opts);
  let json: StatusJson;
  try {
    json = JSON.parse(r.stdout) as StatusJson;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return { ...r, json };
}

export interface StatusJson {
  health: string;
  nodes: Array<{
    address: string;
    role: string;
    health: string;
    problems: Array<{ code: string; level: string; message: string }>;
    notes: Array<{ code: string; message: string }>;
    group?: string;
    shard?: string;
    [k: string]: unknown;
  }>;
  groups: Array<{
    id: string;
    name: string;
    kind: string;
    health: string;
    primary?: string;
    replicas: string[];
    sentinels: string[];
    problems: Array<{ code: string; level: string; message: string }>;
    shards?: Array<{
      id: string;
      slots: string;
      primary?: string;
      replicas: string[];
      others: string[];
      health: string;
      problems: Array<{ code: string }>;
    }>;
  }>;
  connections: Array<{
    id: string;
    kind: string;
    health: string;
    reachable: boolean;
    problems: Array<{ code: string; level: string; message: string }>;
  }>;
  events: unknown[];
}

/** A CliIO that keeps what the CLI writes (to call `main` in process), with no environment and no Ctrl-C. */
export function memoryIO(): CliIO & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    env: {},
    interrupted: new Promise<void>(() => undefined),
    stdout: (t: string) => void (o.out += t),
    stderr: (t: string) => void (o.err += t),
  };
  return o;
}
