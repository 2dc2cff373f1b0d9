/**
 * IPv6: a real redis-server primary and its replica listening on ::1 only.
 * A seed `redis://[::1]:port` (or `[::1]:port`) reaches the node — brackets are
 * notation and never reach the socket layer — and the replica that Redis
 * reports without brackets (`slave0:ip=::1`) is found and shown as `[::1]:port`.
 * Skipped, with the reason, only on a machine without an IPv6 loopback.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { HealthMonitor, connectionFromSetting, type ConnectionSpec } from '../../health';
import { statusJson, runCli } from '../support/cli';
import { monitorFor } from '../support/health';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';
import { waitFor } from '../support/topology';

function freePort6(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '::1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function noIpv6Loopback(): Promise<string | undefined> {
  try {
    await freePort6();
    return undefined;
  } catch (e) {
    return `this machine has no IPv6 loopback (::1): ${(e as Error).message}`;
  }
}

const skip = missingBinaries();

describe('a primary and a replica on ::1', { skip }, async () => {
  const no6 = await noIpv6Loopback();
  if (no6) console.log(`# skipped: ${no6}`);
  let primary: RunningServer;
  let replica: RunningServer;
  before(async () => {
    if (no6) return;
    primary = await startServer({ port: await freePort6(), config: 'bind ::1\n' });
    replica = await startServer({ port: await freePort6(), config: `bind ::1\nreplicaof ::1 ${primary.port}\n` });
    // the support helpers speak IPv4 only: ask the primary over ::1 here
    await waitFor('the replica to be online at its primary', async () => {
      const { Redis } = await import('ioredis');
      const r = new Redis({ host: '::1', port: primary.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      r.on('error', () => undefined);
      try {
        await r.connect();
        return /slave0:ip=::1,port=\d+,state=online/.test(await r.info('replication'));
      } finally {
        r.disconnect();
      }
    });
  });
  after(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  test('redis://[::1]:port: the primary and its replica, both ok', { skip: no6 }, async () => {
    const monitor = monitorFor(`redis://[::1]:${primary.port}`);
    try {
      const snap = await monitor.refresh();
      assert.equal(snap.connections[0].reachable, true, JSON.stringify(snap.nodes.map((n) => [n.address, n.problems])));
      assert.deepEqual(snap.nodes.map((n) => `${n.role} ${n.address} ${n.health}`).sort(), [
        `primary [::1]:${primary.port} ok`,
        `replica [::1]:${replica.port} ok`,
      ]);
      assert.equal(snap.groups[0].primary, `[::1]:${primary.port}`);
    } finally {
      monitor.dispose();
    }
  });

  test('a replica seed written [::1]:port leads up to its primary', { skip: no6 }, async () => {
    const r = await statusJson(['--timeout', '1000', `[::1]:${replica.port}`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.json.nodes.map((n) => `${n.role} ${n.address} ${n.health}`).sort(), [
      `primary [::1]:${primary.port} ok`,
      `replica [::1]:${replica.port} ok`,
    ]);
    const text = await runCli(['status', '--timeout', '1000', `redis://[::1]:${primary.port}`]);
    assert.equal(text.code, 0, text.stdout);
    assert.match(text.stdout, new RegExp(`primary \\[::1\\]:${primary.port}  ok`));
  });

  test('a connection setting with host "::1" or "[::1]"', { skip: no6 }, async () => {
    for (const host of ['::1', '[::1]']) {
      const spec = connectionFromSetting({ host, port: primary.port }, 0) as ConnectionSpec;
      assert.equal(spec.name, `[::1]:${primary.port}`);
      const monitor = new HealthMonitor([spec], { timeoutMs: 1000 });
      try {
        const snap = await monitor.refresh();
        assert.equal(snap.health, 'ok', JSON.stringify(snap.nodes.map((n) => [n.address, n.problems])));
      } finally {
        monitor.dispose();
      }
    }
  });
});
