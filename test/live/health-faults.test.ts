/**
 * Faults on single nodes and a password-protected group, through the model
 * and `redis-ha status --format json`: a wrong password (one clear auth
 * problem, no reconnect storm, the password never printed), a node failing
 * its AOF writes (a persistence error, not "down"), TLS, nothing reachable (exit 3).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { HealthMonitor, parseSeed } from '../../health';
import { runCli, statusJson } from '../support/cli';
import { codesOf, monitorFor, node } from '../support/health';
import { freePort, missingBinaries, startServer, type RunningServer } from '../support/redis';
import { ask, parseInfo, startSentinelGroup, waitFor, type SentinelGroup } from '../support/topology';

const skip = missingBinaries();
const RIGHT = 'right-horse-battery';
const WRONG = 'wrong-staple-1234';

async function connectionsReceived(port: number): Promise<number> {
  return Number(parseInfo(await ask(port, (r) => r.info('stats'), { password: RIGHT })).total_connections_received);
}

describe('a wrong password', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ config: `requirepass ${RIGHT}\n` });
  });
  after(() => server?.stop());

  test('the model: one auth problem, one connection for many refreshes', async () => {
    const monitor = monitorFor(`redis://:${WRONG}@127.0.0.1:${server.port}`);
    try {
      const before = await connectionsReceived(server.port);
      let last: Awaited<ReturnType<typeof monitor.refresh>> | undefined;
      for (let i = 0; i < 6; i++) last = await monitor.refresh();
      const n = node(last!, server.port);
      assert.deepEqual(codesOf(n.problems), ['auth-failed']);
      assert.equal(n.health, 'error');
      assert.match(n.problems[0].message, /^authentication failed: WRONGPASS invalid username-password pair/);
      assert.doesNotMatch(JSON.stringify(last), new RegExp(WRONG));
      // the server saw our one attempt, and the connection that asks it now
      assert.equal((await connectionsReceived(server.port)) - before, 2);
      assert.deepEqual(monitor.connectionsOpened(last!.connections[0].id), { [`127.0.0.1:${server.port}`]: 1 });
    } finally {
      monitor.dispose();
    }
  });

  test('no password at all: auth required', async () => {
    const monitor = monitorFor(`redis://127.0.0.1:${server.port}`);
    try {
      const snap = await monitor.refresh();
      assert.deepEqual(codesOf(node(snap, server.port).problems), ['auth-required']);
    } finally {
      monitor.dispose();
    }
  });

  test('the CLI: the auth problem, exit 3, and the password in no output', async () => {
    for (const [args, env] of [
      [[`redis://:${WRONG}@127.0.0.1:${server.port}`], {}],
      [[`redis://default:${WRONG}@127.0.0.1:${server.port}`], {}],
      [[`127.0.0.1:${server.port}`], { REDISCLI_AUTH: WRONG }],
    ] as const) {
      const r = await statusJson(['--timeout', '1000', ...args], { env });
      assert.equal(r.code, 3, r.stdout);
      assert.equal(r.stderr, '', 'no ioredis warning, no unhandled error event');
      assert.deepEqual(
        r.json.nodes.map((n) => codesOf(n.problems)),
        [['auth-failed']],
      );
      assert.doesNotMatch(r.stdout + r.stderr, new RegExp(WRONG));
      const text = await runCli(['status', '--timeout', '1000', ...args], { env });
      assert.match(text.stdout, /! error \[auth-failed\] authentication failed: WRONGPASS/);
      assert.doesNotMatch(text.stdout + text.stderr, new RegExp(WRONG));
    }
    const ok = await statusJson(['--timeout', '1000', `127.0.0.1:${server.port}`], { env: { REDISCLI_AUTH: RIGHT } });
    assert.equal(ok.code, 0, ok.stdout);
    assert.doesNotMatch(ok.stdout + ok.stderr, new RegExp(RIGHT));
  });
});

describe('a Sentinel group whose data nodes need a password and whose Sentinels do not', { skip }, () => {
  let group: SentinelGroup;
  before(async () => {
    group = await startSentinelGroup({ password: RIGHT });
  });
  after(() => group?.stop());

  test('one password serves both: every node ok; without it, the data nodes ask for one', async () => {
    const seed = `redis-sentinel://127.0.0.1:${group.sentinels[0].port}#${group.masterName}`;
    const ok = await statusJson(['--timeout', '1000', seed], { env: { REDISCLI_AUTH: RIGHT } });
    assert.equal(ok.code, 0, ok.stdout);
    assert.equal(ok.stderr, '', 'AUTH sent to Sentinels that need none: no warning printed');
    assert.equal(ok.json.nodes.length, 6);
    assert.ok(ok.json.nodes.every((n) => n.health === 'ok'));
    assert.doesNotMatch(ok.stdout + ok.stderr, new RegExp(RIGHT));
    const none = await statusJson(['--timeout', '1000', seed]);
    assert.equal(none.code, 2);
    for (const n of none.json.nodes) assert.deepEqual(codesOf(n.problems), n.role === 'sentinel' ? [] : ['auth-required'], n.address);
  });
});

describe('a node failing its AOF writes', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ config: 'appendonly yes\nappendfsync everysec\n', fileSizeLimitBytes: 16 * 1024 });
    await ask(server.port, (r) => r.set('big', 'x'.repeat(64 * 1024))).catch(() => undefined);
    await waitFor(
      'aof_last_write_status:err',
      async () => parseInfo(await ask(server.port, (r) => r.info('persistence'))).aof_last_write_status === 'err',
    );
  });
  after(() => server?.stop());

  test('a persistence error, not "down"', async () => {
    const monitor = monitorFor(`redis://127.0.0.1:${server.port}`);
    try {
      const n = node(await monitor.refresh(), server.port);
      assert.equal(n.health, 'error');
      assert.equal(n.role, 'primary');
      assert.deepEqual(codesOf(n.problems), ['aof-write-error']);
      assert.match(n.problems[0].message, /refuses writes \(MISCONF\)/);
    } finally {
      monitor.dispose();
    }
    const r = await statusJson(['--timeout', '1000', `redis://127.0.0.1:${server.port}`]);
    assert.equal(r.code, 2);
    assert.equal(r.json.nodes[0].health, 'error');
    assert.deepEqual(codesOf(r.json.nodes[0].problems), ['aof-write-error']);
  });
});

describe('TLS', { skip }, () => {
  const TLS = join(__dirname, '..', 'fixtures', 'tls');
  let server: RunningServer;
  before(async () => {
    const port = await freePort();
    server = await startServer({
      port,
      config: `port 0\ntls-port ${port}\ntls-cert-file ${TLS}/server.crt\ntls-key-file ${TLS}/server.key\ntls-ca-cert-file ${TLS}/ca.crt\ntls-auth-clients no\n`,
    });
  });
  after(() => server?.stop());

  test('rediss:// with the CA: ok; without it: a clear TLS problem', async () => {
    const monitor = new HealthMonitor([{ ...parseSeed(`rediss://127.0.0.1:${server.port}`), tls: { ca: join(TLS, 'ca.crt') } }], {
      timeoutMs: 2000,
    });
    try {
      const n = node(await monitor.refresh(), server.port);
      assert.equal(n.health, 'ok', JSON.stringify(n.problems));
      assert.equal(n.role, 'primary');
    } finally {
      monitor.dispose();
    }
    const ok = await statusJson(['--timeout', '2000', `rediss://127.0.0.1:${server.port}`], {
      env: { NODE_EXTRA_CA_CERTS: join(TLS, 'ca.crt') },
    });
    assert.equal(ok.code, 0, ok.stdout);
    const tls = await statusJson(['--timeout', '2000', '--tls', `127.0.0.1:${server.port}`], {
      env: { NODE_EXTRA_CA_CERTS: join(TLS, 'ca.crt') },
    });
    assert.equal(tls.code, 0, tls.stdout);
    const untrusted = await statusJson(['--timeout', '2000', `rediss://127.0.0.1:${server.port}`]);
    assert.equal(untrusted.code, 3);
    assert.equal(untrusted.stderr, '');
    assert.match(untrusted.json.nodes[0].problems[0].message, /^TLS: .*certificate/);
    const plain = await statusJson(['--timeout', '1000', `redis://127.0.0.1:${server.port}`]);
    assert.equal(plain.code, 3);
    assert.equal(plain.json.nodes[0].health, 'unreachable');
  });
});

describe('nothing reachable', { skip }, () => {
  test('exit 3 with the reason for each seed', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const r = await statusJson(['--timeout', '500', `127.0.0.1:${a}`, `redis-sentinel://127.0.0.1:${b}`]);
    assert.equal(r.code, 3);
    assert.equal(r.stderr, '', 'no unhandled error event');
    assert.equal(r.json.connections.length, 2);
    assert.ok(r.json.connections.every((c) => !c.reachable && c.health === 'unreachable'));
    assert.ok(r.json.nodes.every((n) => n.health === 'unreachable' && /connection refused/.test(n.problems[0].message)));
  });
});
