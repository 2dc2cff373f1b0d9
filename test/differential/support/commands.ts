/**
 * The command table, ACL categories and settings of the real redis-server,
 * read from a running one (COMMAND, ACL CAT, CONFIG GET *) over a private unix
 * socket, so the cases about rename-command and ACL rules cover every real
 * command and every real setting is tried with its own default — whatever our
 * catalog knows today.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { REDIS_SERVER, track } from './judge';

export interface RealCommands {
  commands: Map<string, string[]>;
  aclCategories: string[];
  /** CONFIG GET * of a server started with defaults (plus a private socket, port 0, no save points). */
  config: Array<[string, string]>;
}

/** `server`: the binary to ask (default: Debian's redis-server on the PATH). */
export async function readRealCommands(server = REDIS_SERVER): Promise<RealCommands> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-commands-'));
  const sock = join(dir, 'redis.sock');
  const child = spawn(server, ['--port', '0', '--unixsocket', sock, '--save', '', '--daemonize', 'no', '--loglevel', 'notice'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const untrack = track(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let client: Redis | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server not ready:\n${out}`)), 15_000);
      const onData = (b: Buffer) => {
        out += b.toString();
        if (/ready to accept connections/i.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited:\n${out}`));
      });
    });
    client = new Redis({ path: sock, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    await client.connect();
    const table = (await client.call('COMMAND')) as unknown[][];
    const commands = new Map<string, string[]>();
    for (const entry of table) {
      const name = String(entry[0]).toLowerCase();
      const subs = Array.isArray(entry[9]) ? (entry[9] as unknown[][]).map((s) => String(s[0]).toLowerCase().split('|')[1]) : [];
      commands.set(name, subs);
    }
    const aclCategories = ((await client.call('ACL', 'CAT')) as string[]).map((c) => c.toLowerCase());
    const flat = (await client.call('CONFIG', 'GET', '*')) as string[];
    const config: Array<[string, string]> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) config.push([flat[i], flat[i + 1]]);
    config.sort(([a], [b]) => (a < b ? -1 : 1));
    return { commands, aclCategories, config };
  } finally {
    client?.disconnect();
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGKILL');
      await exited;
    }
    untrack();
    rmSync(dir, { recursive: true, force: true });
  }
}
