/**
 * A password with '/', '@', ':' and '%' — written raw or percent-encoded in the
 * seed URL, or given in REDISCLI_AUTH — authenticates against a real
 * redis-server (requirepass) and appears in no output: text, JSON, --watch,
 * usage errors, auth errors. Every 3-character piece of it is looked for.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { CLI, runCli, statusJson } from '../support/cli';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';
import { waitFor } from '../support/topology';

const skip = missingBinaries();
const SECRET = 'Zq9/Xk7@Wm5:Vb3%Tn1';
const ENCODED = encodeURIComponent(SECRET); // Zq9%2FXk7%40Wm5%3AVb3%25Tn1
const PIECES = ['Zq9', 'Xk7', 'Wm5', 'Vb3', 'Tn1'];

function assertNoSecret(output: string, what: string): void {
  for (const p of PIECES) assert.ok(!output.includes(p), `${what}: '${p}' (part of the password) was printed:\n${output}`);
}

function watchTwice(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [CLI, 'status', ...args, '--watch', '0.2'], {
    env: { ...process.env, REDISCLI_AUTH: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return (async () => {
    try {
      await waitFor('two snapshots', async () => (out.match(/redis-ha status {2}|"health"/g) ?? []).length >= 2, { timeoutMs: 15_000 });
      child.kill('SIGINT');
      return { code: await exited, out };
    } finally {
      child.kill('SIGKILL');
    }
  })();
}

describe(`a password with / @ : % (${PIECES.length} pieces looked for)`, { skip }, () => {
  let server: RunningServer;
  let at: string;
  before(async () => {
    server = await startServer({ config: `requirepass "${SECRET}"\n` });
    at = `127.0.0.1:${server.port}`;
  });
  after(() => server?.stop());

  const seeds = (): Array<[string, string[], NodeJS.ProcessEnv]> => [
    ['raw, no user', [`redis://:${SECRET}@${at}`], {}],
    ['raw, with user', [`redis://default:${SECRET}@${at}`], {}],
    ['encoded, no user', [`redis://:${ENCODED}@${at}`], {}],
    ['encoded, with user', [`redis://default:${ENCODED}@${at}/0`], {}],
    ['encoded, no colon (a password, as redis-cli reads it)', [`redis://${ENCODED}@${at}`], {}],
    ['REDISCLI_AUTH', [at], { REDISCLI_AUTH: SECRET }],
  ];

  test('every form authenticates, and no format prints the password', async () => {
    for (const [label, args, env] of seeds()) {
      const json = await statusJson(['--timeout', '1000', ...args], { env });
      assert.equal(json.code, 0, `${label}: ${json.stdout}${json.stderr}`);
      assert.equal(json.json.nodes[0].health, 'ok', label);
      assertNoSecret(json.stdout + json.stderr, `${label}, json`);
      const text = await runCli(['status', '--timeout', '1000', ...args], { env });
      assert.equal(text.code, 0, label);
      assertNoSecret(text.stdout + text.stderr, `${label}, text`);
      for (const format of ['text', 'json']) {
        const w = await watchTwice(['--format', format, '--timeout', '1000', ...args], env);
        assert.equal(w.code, 0, `${label}, --watch ${format}: ${w.out}`);
        assertNoSecret(w.out, `${label}, --watch ${format}`);
      }
    }
  });

  test('errors: a wrong password, bad seeds and bad options carrying the password', async () => {
    const wrong = await statusJson(['--timeout', '1000', `redis://:${ENCODED}x@${at}`]);
    assert.equal(wrong.code, 3);
    assert.match(wrong.json.nodes[0].problems[0].message, /WRONGPASS/);
    assertNoSecret(wrong.stdout + wrong.stderr, 'wrong password');
    for (const args of [
      [`redis://:${SECRET}@127.0.0.1:notaport`],
      [`redis://default:${SECRET}@127.0.0.1:1#mymaster`],
      [`redis://:${SECRET}@a:1,b:2`],
      [`ftp://:${SECRET}@127.0.0.1:1`],
      ['--format', `redis://:${SECRET}@${at}`, at],
    ]) {
      const r = await runCli(['status', ...args]);
      assert.equal(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^redis-ha status: /);
      assertNoSecret(r.stdout + r.stderr, `usage error for ${args.join(' ')}`);
    }
    const env = await runCli(['status', '--timeout', 'x', at], { env: { REDISCLI_AUTH: SECRET } });
    assertNoSecret(env.stdout + env.stderr, 'usage error with REDISCLI_AUTH');
  });
});
