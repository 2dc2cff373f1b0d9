/**
 * `redis-ha status --watch` ends when it should, as a user runs it (the built
 * dist/cli.js): when the reading end of its pipe closes (`| head -1`), and at
 * the first Ctrl-C even while a refresh waits on a frozen node whose deadline
 * is far away. Every wait is for an event; a guard fails the test if the CLI
 * would not end.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CLI } from '../support/cli';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';
import { waitFor } from '../support/topology';

const skip = missingBinaries();

function exitOf(child: ChildProcess, guardMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within ${guardMs} ms`));
    }, guardMs);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, ms: Date.now() - started });
    });
  });
}

/** An established TCP connection to 127.0.0.1:port exists (read from /proc/net/tcp). */
function connectedTo(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((line) => {
      const f = line.trim().split(/\s+/);
      return f[2] === `0100007F:${hex}` && f[3] === '01';
    });
}

describe('status --watch', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  for (const format of ['text', 'json']) {
    test(`${format}: the reader goes away (| head -1) → the CLI exits at its next write`, async () => {
      const child = spawn(
        process.execPath,
        [CLI, 'status', '--format', format, '--watch', '0.2', '--timeout', '1000', `127.0.0.1:${server.port}`],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (b) => (stderr += b));
      const exited = exitOf(child, 10_000);
      // read the first report, then close the reading end as head does
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      const r = await exited;
      assert.equal(r.signal, null, 'ended on its own, not killed');
      assert.equal(r.code, 0);
      assert.equal(stderr, '', 'no EPIPE stack trace');
    });
  }

  test('the first Ctrl-C stops at once, in the middle of a refresh waiting on a frozen node', async () => {
    process.kill(server.pid, 'SIGSTOP');
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [CLI, 'status', '--watch', '5', '--timeout', '60000', `127.0.0.1:${server.port}`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (b) => (out += b));
      const exited = exitOf(child, 10_000);
      // the kernel accepts the connection of a stopped server: the CLI then waits for INFO's reply
      await waitFor('the CLI to connect to the frozen node', async () => connectedTo(server.port), { timeoutMs: 10_000 });
      const sent = Date.now();
      child.kill('SIGINT');
      const r = await exited;
      const ms = Date.now() - sent;
      assert.equal(r.signal, null, 'ended by its own handler, not by the signal');
      assert.equal(r.code, 3, 'interrupted before any report: nothing could be read');
      assert.ok(ms < 2000, `exited ${ms} ms after SIGINT (the refresh deadline was 60 s)`);
      assert.equal(out, '');
    } finally {
      child?.kill('SIGKILL');
      process.kill(server.pid, 'SIGCONT');
    }
  });
});
