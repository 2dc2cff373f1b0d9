/**
 * The resource findings (health/resources.ts) on real redis-server processes:
 * - a quiet, healthy node reports none of them, and its facts are read;
 * - memory: maxmemory set low with CONFIG SET and filled with data until the
 *   warning (70 %) and then the error (90 %) appear;
 * - fragmentation: an almost empty node has a ratio of about 10, ignored
 *   under the RSS floor and reported once the floor setting is lowered;
 * - backup age: a node that never saved reports its start time as
 *   rdb_last_save_time; with the age threshold lowered to 1 s it is an error
 *   until a BGSAVE, a node without any persistence never;
 * - rejected connections with maxclients lowered, clients near maxclients;
 * - stalls: a fork (BGSAVE) against a zero threshold, DEBUG SLEEP through
 *   LATENCY LATEST, and a user who may not run LATENCY: quiet, not an error;
 * - replication: the seconds a replica is behind, and a replica attaching
 *   (a full resync) seen as churn on the primary;
 * - the heartbeat key: off by default, refused without SET (a clear warning),
 *   read back in sync, and a replica cut off from its primary falling behind.
 */
import assert from 'node:assert/strict';
import { createConnection, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_THRESHOLDS, renderText, type NodeStatus, type Snapshot } from '../../health';
import { monitorFor, node, refreshUntil } from '../support/health';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';
import { ask, parseInfo, waitFor } from '../support/topology';

const skip = missingBinaries();
const DEFAULT_LAG_WARNING = DEFAULT_THRESHOLDS.replicaLagSecondsWarning;

const RESOURCE_CODES = new Set([
  'replica-behind-seconds',
  'resync-churn',
  'backup-stale',
  'aof-growth',
  'memory-high',
  'memory-fragmented',
  'memory-swapping',
  'clients-near-max',
  'clients-rejected',
  'fork-slow',
  'latency-spike',
]);

const resourceCodes = (n: NodeStatus) => n.problems.filter((p) => RESOURCE_CODES.has(p.code)).map((p) => `${p.code}:${p.level}`);
const has = (port: number, code: string, level?: string) => (s: Snapshot) =>
  node(s, port).problems.find((p) => p.code === code && (!level || p.level === level));

describe('memory and fragmentation on a real node', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test('a quiet healthy node: none of the findings, the facts read', async () => {
    const monitor = monitorFor(`127.0.0.1:${server.port}`);
    try {
      await monitor.refresh();
      const n = node(await monitor.refresh(), server.port);
      assert.deepEqual(resourceCodes(n), []);
      assert.equal(n.health, 'ok', JSON.stringify(n.problems));
      assert.equal(n.resources?.memoryLimitSource, 'system', 'maxmemory 0: against the host memory');
      assert.ok((n.resources?.fragmentationRatio ?? 0) > 1.5, 'an empty node has a large ratio, ignored under the RSS floor');
      assert.ok((n.resources?.usedMemoryRss ?? Infinity) < 64 * 1024 * 1024);
      assert.equal(n.resources?.maxclients, 10000);
      assert.deepEqual(n.resources?.latency, [], 'LATENCY LATEST asked, nothing recorded');
    } finally {
      monitor.dispose();
    }
  });

  test('fragmentation: the real ratio reported once the RSS floor is lowered', async () => {
    const monitor = monitorFor(`127.0.0.1:${server.port}`, { thresholds: { fragmentationMinRssBytes: 0 } });
    try {
      const n = node(await monitor.refresh(), server.port);
      assert.deepEqual(resourceCodes(n), ['memory-fragmented:warning']);
      assert.match(n.problems[0].message, /mem_fragmentation_ratio \d+(\.\d+)? \(threshold 1\.5\)/);
    } finally {
      monitor.dispose();
    }
  });

  test('maxmemory set low and filled: a warning from 70 %, an error from 90 %, shown in the text report', async () => {
    const used = Number(parseInfo(await ask(server.port, (r) => r.info('memory'))).used_memory);
    const limit = used + 8 * 1024 * 1024;
    await ask(server.port, (r) => r.call('CONFIG', 'SET', 'maxmemory', String(limit), 'maxmemory-policy', 'noeviction'));
    const monitor = monitorFor(`127.0.0.1:${server.port}`);
    const chunk = 'x'.repeat(64 * 1024);
    let keys = 0;
    // one 64 KiB value per step, then a refresh: bounded by the limit (8 MiB / 64 KiB = 128 steps)
    const fillUntil = (what: string, check: (s: Snapshot) => unknown) =>
      ask(server.port, (r) =>
        waitFor(
          what,
          async () => {
            await r.set(`fill:${keys++}`, chunk);
            const snap = await monitor.refresh();
            return check(snap) ? snap : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 0 },
        ),
      );
    try {
      assert.deepEqual(resourceCodes(node(await monitor.refresh(), server.port)), []);
      const warned = node(await fillUntil('the memory warning', has(server.port, 'memory-high')), server.port);
      assert.deepEqual(resourceCodes(warned), ['memory-high:warning']);
      assert.ok(warned.resources!.memoryPercent! >= 70 && warned.resources!.memoryPercent! < 90, String(warned.resources?.memoryPercent));
      assert.equal(warned.resources?.memoryLimit, limit);
      const errSnap = await fillUntil('the memory error', has(server.port, 'memory-high', 'error'));
      const err = node(errSnap, server.port);
      assert.ok(err.resources!.memoryPercent! >= 90, String(err.resources?.memoryPercent));
      assert.match(err.problems.find((p) => p.code === 'memory-high')!.message, /noeviction: at the limit writes fail with OOM/);
      assert.equal(err.health, 'error');
      assert.match(renderText(errSnap), /mem \d+(\.\d)?% of maxmemory \d/);
    } finally {
      monitor.dispose();
      await ask(server.port, (r) => r.call('CONFIG', 'SET', 'maxmemory', '0'));
      await ask(server.port, (r) => r.flushall());
    }
  });
});

describe('backup age on a real node', { skip }, () => {
  let saving: RunningServer;
  let cache: RunningServer;
  before(async () => {
    // startServer writes save ""; a later save line sets a schedule: this node persists but has never saved
    [saving, cache] = await Promise.all([startServer({ config: 'save 3600 1\n' }), startServer()]);
  });
  after(async () => {
    await saving?.stop();
    await cache?.stop();
  });

  test('never saved: rdb_last_save_time is the start time; past a lowered threshold an error, until a BGSAVE', async () => {
    const quiet = monitorFor(`127.0.0.1:${saving.port}`);
    const monitor = monitorFor(`127.0.0.1:${saving.port}`, { thresholds: { backupMaxAgeSeconds: 1 } });
    try {
      assert.deepEqual(resourceCodes(node(await quiet.refresh(), saving.port)), [], 'the default 48 h');
      const { snap } = await refreshUntil(monitor, 'backup-stale', has(saving.port, 'backup-stale'));
      const n = node(snap, saving.port);
      assert.equal(n.problems.find((p) => p.code === 'backup-stale')?.level, 'error');
      assert.deepEqual(
        n.problems.map((p) => p.code),
        ['backup-stale'],
        'not rdb-stale as well',
      );
      const before = Number(parseInfo(await ask(saving.port, (r) => r.info('persistence'))).rdb_last_save_time);
      await ask(saving.port, (r) => r.bgsave());
      await waitFor('the BGSAVE to finish', async () => {
        const p = parseInfo(await ask(saving.port, (r) => r.info('persistence')));
        return p.rdb_bgsave_in_progress === '0' && Number(p.rdb_last_save_time) > before;
      });
      // the age is whole seconds: fresh (≤ 1 s) right after the save
      const fresh = node(await monitor.refresh(), saving.port);
      assert.deepEqual(resourceCodes(fresh), []);
    } finally {
      quiet.dispose();
      monitor.dispose();
    }
  });

  test('a node without any persistence is a cache: no backup finding, whatever the threshold', async () => {
    const monitor = monitorFor(`127.0.0.1:${cache.port}`, { thresholds: { backupMaxAgeSeconds: 0 } });
    try {
      await waitFor(
        'a second of uptime',
        async () => Number(parseInfo(await ask(cache.port, (r) => r.info('server'))).uptime_in_seconds) >= 1,
      );
      const n = node(await monitor.refresh(), cache.port);
      assert.ok(n.persistence!.rdbLastSaveAgeSeconds! >= 1);
      assert.deepEqual(resourceCodes(n), []);
    } finally {
      monitor.dispose();
    }
  });
});

/** Opens a raw connection and resolves with the first thing the server says (or '' when it says nothing in time). */
function firstWords(port: number, sockets: Socket[]): Promise<string> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    sockets.push(s);
    const timer = setTimeout(() => resolve(''), 300);
    s.once('data', (b) => {
      clearTimeout(timer);
      resolve(b.toString());
    });
    s.on('connect', () => s.write('PING\r\n'));
    s.on('error', () => undefined);
  });
}

describe('clients on a real node', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test('maxclients lowered: clients near the limit, then rejected connections between two refreshes', async () => {
    const monitor = monitorFor(`127.0.0.1:${server.port}`);
    const sockets: Socket[] = [];
    try {
      assert.deepEqual(resourceCodes(node(await monitor.refresh(), server.port)), []);
      // the monitor's own connection is one client; room for two more
      await ask(server.port, (r) => r.call('CONFIG', 'SET', 'maxclients', '4'));
      let refused = '';
      for (let i = 0; i < 8 && !refused.includes('max number of clients'); i++) refused = await firstWords(server.port, sockets);
      assert.match(refused, /max number of clients reached/);
      const { snap } = await refreshUntil(monitor, 'clients-rejected', has(server.port, 'clients-rejected'));
      const n = node(snap, server.port);
      assert.deepEqual(resourceCodes(n).sort(), ['clients-near-max:warning', 'clients-rejected:warning']);
      assert.ok((n.resources?.rejectedSinceLast ?? 0) >= 1);
      // nothing refused since: the rise is gone, the clients are still near the limit
      const next = node(await monitor.refresh(), server.port);
      assert.deepEqual(resourceCodes(next), ['clients-near-max:warning']);
      for (const s of sockets) s.destroy();
      await ask(server.port, (r) => r.call('CONFIG', 'SET', 'maxclients', '10000')).catch(() => undefined);
      await refreshUntil(monitor, 'clients back to quiet', (s) => resourceCodes(node(s, server.port)).length === 0);
    } finally {
      for (const s of sockets) s.destroy();
      monitor.dispose();
    }
  });
});

describe('stalls on a real node', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({
      config:
        'enable-debug-command local\nlatency-monitor-threshold 50\nuser default on nopass ~* &* +@all\nuser nolatency on >pw ~* &* +@all -latency\n',
    });
  });
  after(() => server?.stop());

  test('a fork against a zero threshold, and a DEBUG SLEEP through LATENCY LATEST', async () => {
    const monitor = monitorFor(`127.0.0.1:${server.port}`, { thresholds: { forkWarningMs: 0 } });
    try {
      assert.deepEqual(resourceCodes(node(await monitor.refresh(), server.port)), [], 'no fork yet');
      await ask(server.port, (r) => r.bgsave());
      const forked = await refreshUntil(monitor, 'fork-slow', has(server.port, 'fork-slow'));
      assert.ok(node(forked.snap, server.port).resources!.latestForkMs! > 0);
      await ask(server.port, (r) => r.call('DEBUG', 'SLEEP', '0.2'));
      const { snap } = await refreshUntil(monitor, 'latency-spike', has(server.port, 'latency-spike'));
      const n = node(snap, server.port);
      assert.match(n.problems.find((p) => p.code === 'latency-spike')!.message, /command \d+ ms/);
      assert.ok(n.resources!.latency!.some((e) => e.event === 'command' && e.latestMs >= 200));
    } finally {
      monitor.dispose();
    }
  });

  test('a user who may not run LATENCY: the node is read, no latency facts, no error', async () => {
    const monitor = monitorFor(`redis://nolatency:pw@127.0.0.1:${server.port}`);
    try {
      const n = node(await monitor.refresh(), server.port);
      assert.equal(n.state, 'up');
      assert.equal(n.resources?.latency, undefined);
      assert.ok(!n.problems.some((p) => p.code === 'no-permission' || p.code === 'latency-spike'), JSON.stringify(n.problems));
      const again = node(await monitor.refresh(), server.port);
      assert.equal(again.state, 'up');
    } finally {
      monitor.dispose();
    }
  });
});

describe('replication on real nodes', { skip }, () => {
  let primary: RunningServer;
  let replica: RunningServer;
  let late: RunningServer | undefined;
  before(async () => {
    primary = await startServer();
    replica = await startServer({ config: `replicaof 127.0.0.1 ${primary.port}\n` });
    await waitFor(
      'the replica in sync',
      async () => parseInfo(await ask(replica.port, (r) => r.info('replication'))).master_link_status === 'up',
    );
  });
  after(async () => {
    await late?.stop();
    await replica?.stop();
    await primary?.stop();
  });

  test('a replica in sync: its seconds behind are known and small, no finding', async () => {
    const monitor = monitorFor(`127.0.0.1:${primary.port}`);
    try {
      const { value } = await refreshUntil(monitor, 'a write rate for the seconds behind', (s) => {
        const r = node(s, replica.port).replication;
        return r?.behindSeconds !== undefined ? r : undefined;
      });
      assert.ok(value.behindSeconds! < 5, String(value.behindSeconds));
      assert.ok(value.readLagBytes !== undefined);
      const snap = await monitor.refresh();
      assert.deepEqual(resourceCodes(node(snap, replica.port)), []);
      assert.deepEqual(resourceCodes(node(snap, primary.port)), []);
    } finally {
      monitor.dispose();
    }
  });

  test('a replica attaching between two refreshes: a full resync, seen as churn on the primary', async () => {
    const monitor = monitorFor(`127.0.0.1:${primary.port}`);
    try {
      assert.deepEqual(resourceCodes(node(await monitor.refresh(), primary.port)), []);
      late = await startServer({ config: `replicaof 127.0.0.1 ${primary.port}\n` });
      await waitFor(
        'the new replica in sync',
        async () => parseInfo(await ask(late!.port, (r) => r.info('replication'))).master_link_status === 'up',
      );
      const n = node(await monitor.refresh(), primary.port);
      assert.deepEqual(resourceCodes(n), ['resync-churn:warning']);
      assert.equal(n.replication?.fullSyncsSinceLast, 1);
      assert.deepEqual(resourceCodes(node(await monitor.refresh(), primary.port)), [], 'one refresh later: no new resync');
    } finally {
      monitor.dispose();
    }
  });
});

describe('the heartbeat key on real nodes', { skip }, () => {
  const users = 'user default on nopass ~* &* +@all\nuser mon on >mon-pw ~* &* +@all\nuser noset on >noset-pw ~* &* +@all -set\n';
  let primary: RunningServer;
  let replica: RunningServer;
  before(async () => {
    primary = await startServer({ config: users });
    replica = await startServer({ config: `${users}replicaof 127.0.0.1 ${primary.port}\n` });
    await waitFor(
      'the replica in sync',
      async () => parseInfo(await ask(replica.port, (r) => r.info('replication'))).master_link_status === 'up',
    );
  });
  after(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  const KEY = 'redis-ha:heartbeat';
  const hbCodes = (n: NodeStatus) => n.problems.filter((p) => p.code.includes('heartbeat')).map((p) => `${p.code}:${p.level}`);

  test('off by default: nothing written', async () => {
    const monitor = monitorFor(`redis://mon:mon-pw@127.0.0.1:${primary.port}`);
    try {
      await monitor.refresh();
      assert.equal(await ask(primary.port, (r) => r.exists(KEY)), 0);
    } finally {
      monitor.dispose();
    }
  });

  test('a user without SET: heartbeat-failed on the primary, named clearly; the nodes are read otherwise', async () => {
    const monitor = monitorFor(`redis://noset:noset-pw@127.0.0.1:${primary.port}`, { heartbeatKey: KEY });
    try {
      const snap = await monitor.refresh();
      const p = node(snap, primary.port);
      assert.equal(p.state, 'up');
      assert.deepEqual(hbCodes(p), ['heartbeat-failed:warning']);
      assert.match(
        p.problems.find((x) => x.code === 'heartbeat-failed')!.message,
        /needs SET on the key for the monitor's ACL user\): NOPERM/,
      );
      assert.equal(node(snap, replica.port).state, 'up');
    } finally {
      monitor.dispose();
    }
  });

  test('in sync: written with an expiry, read back, 0 s behind; then a replica cut off from its primary falls behind', async () => {
    // seeded at the replica: it stays in view when its primary no longer lists it
    const monitor = monitorFor(`redis://mon:mon-pw@127.0.0.1:${replica.port}`, { heartbeatKey: KEY });
    try {
      const { value } = await refreshUntil(monitor, 'a heartbeat read back on the replica', (s) => {
        const r = node(s, replica.port).replication;
        return r?.heartbeatLagSeconds !== undefined ? r : undefined;
      });
      assert.ok(value.heartbeatLagSeconds! < 1, String(value.heartbeatLagSeconds));
      const ttl = await ask(replica.port, (r) => r.ttl(KEY));
      assert.ok(ttl > 0 && ttl <= 3600, String(ttl));
      assert.deepEqual(hbCodes(node(await monitor.refresh(), replica.port)), []);
      // the replica can no longer authenticate to its primary: its link stays down, its copy ages
      await ask(primary.port, (r) => r.call('ACL', 'SETUSER', 'default', 'resetpass', '>primary-only'));
      await ask(primary.port, (r) => r.call('CLIENT', 'KILL', 'TYPE', 'replica'), { password: 'primary-only' });
      const { snap } = await refreshUntil(
        monitor,
        'the heartbeat lag warning',
        (s) => node(s, replica.port).problems.find((p) => p.code === 'replica-heartbeat-lag'),
        30_000,
      );
      const n = node(snap, replica.port);
      assert.ok(n.replication!.heartbeatLagSeconds! > DEFAULT_LAG_WARNING, String(n.replication?.heartbeatLagSeconds));
      assert.match(n.problems.find((p) => p.code === 'replica-heartbeat-lag')!.message, /s behind 127\.0\.0\.1:\d+ by the heartbeat key/);
    } finally {
      monitor.dispose();
    }
  });
});
