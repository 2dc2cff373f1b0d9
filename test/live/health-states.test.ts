/**
 * Honest states, each distinct from "unreachable", on real servers:
 * - no-permission: an ACL user that may not run INFO (NOPERM), named in the problem;
 * - loading: a node loading an RDB slowly (key-load-delay) answers loading:1;
 * - syncing: a replica whose first full sync waits on the primary's slow
 *   BGSAVE (rdb-key-save-delay) — a warning, not a link-down error.
 * Through the model and `redis-ha status` (state in JSON, its mark in text, exit codes).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, statusJson } from '../support/cli';
import { codesOf, monitorFor, node } from '../support/health';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';
import { ask, parseInfo, waitFor } from '../support/topology';

const skip = missingBinaries();

describe('no-permission: an ACL user without INFO', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ config: 'user default on nopass ~* &* +@all\nuser blind on >blind-pw ~* &* +@all -info\n' });
  });
  after(() => server?.stop());

  test('state no-permission naming INFO, not unreachable; exit 3 (nothing could be read)', async () => {
    const seed = `redis://blind:blind-pw@127.0.0.1:${server.port}`;
    const monitor = monitorFor(seed);
    try {
      const n = node(await monitor.refresh(), server.port);
      assert.equal(n.state, 'no-permission');
      assert.equal(n.health, 'error');
      assert.deepEqual(codesOf(n.problems), ['no-permission']);
      assert.match(n.problems[0].message, /may not run INFO \(grant it with ACL SETUSER <user> \+info\): NOPERM/);
    } finally {
      monitor.dispose();
    }
    const r = await statusJson(['--timeout', '1000', seed]);
    assert.equal(r.code, 3, r.stdout);
    assert.equal(r.json.nodes[0].state, 'no-permission');
    const text = await runCli(['status', '--timeout', '1000', seed]);
    assert.match(text.stdout, new RegExp(`unknown 127\\.0\\.0\\.1:${server.port} {2}NO-PERMISSION`));
  });
});

describe('loading: a node loading its dataset', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    // a dataset of 20,000 keys, loaded at 1 ms per key: about 20 s of loading:1
    const maker = await startServer({ config: 'enable-debug-command local\n' });
    let rdb: Buffer;
    try {
      await ask(maker.port, async (r) => {
        await r.call('DEBUG', 'POPULATE', '20000');
        await r.call('SAVE');
      });
      rdb = readFileSync(join(maker.dir, 'dump.rdb'));
    } finally {
      await maker.stop();
    }
    server = await startServer({
      files: { 'dump.rdb': rdb },
      config: 'dbfilename dump.rdb\nkey-load-delay 1000\nloading-process-events-interval-bytes 1024\n',
      readyPattern: /Loading RDB produced by version/,
    });
    await waitFor(
      'the node to report loading:1',
      async () => parseInfo(await ask(server.port, (r) => r.info('persistence'))).loading === '1',
    );
  });
  after(() => server?.stop());

  test('state loading, a warning (exit 1), not unreachable', async () => {
    const monitor = monitorFor(`127.0.0.1:${server.port}`);
    try {
      const n = node(await monitor.refresh(), server.port);
      assert.equal(n.state, 'loading');
      assert.equal(n.health, 'warning');
      assert.ok(codesOf(n.problems).includes('loading'), JSON.stringify(n.problems));
    } finally {
      monitor.dispose();
    }
    const r = await statusJson(['--timeout', '1000', `127.0.0.1:${server.port}`]);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.json.nodes[0].state, 'loading');
    const text = await runCli(['status', '--timeout', '1000', `127.0.0.1:${server.port}`]);
    assert.match(text.stdout, new RegExp(`primary 127\\.0\\.0\\.1:${server.port} {2}LOADING`));
  });
});

describe('syncing: a replica in its first full sync', { skip }, () => {
  let primary: RunningServer;
  let replica: RunningServer;
  before(async () => {
    // 20,000 keys saved at 1 ms per key: the primary's BGSAVE for the sync takes ~20 s, the replica syncs meanwhile
    primary = await startServer({ config: 'enable-debug-command local\nrepl-diskless-sync no\nrdb-key-save-delay 1000\n' });
    await ask(primary.port, (r) => r.call('DEBUG', 'POPULATE', '20000'));
    replica = await startServer({ config: `replicaof 127.0.0.1 ${primary.port}\n` });
    await waitFor(
      'the replica to be in its full sync',
      async () => parseInfo(await ask(replica.port, (r) => r.info('replication'))).master_sync_in_progress === '1',
    );
  });
  after(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  test('state syncing, a warning (exit 1), no link-down error', async () => {
    const monitor = monitorFor(`127.0.0.1:${replica.port}`);
    try {
      const snap = await monitor.refresh();
      const n = node(snap, replica.port);
      assert.equal(n.state, 'syncing');
      assert.equal(n.health, 'warning');
      assert.deepEqual(codesOf(n.problems), ['replica-syncing']);
      assert.equal(node(snap, primary.port).state, 'up');
    } finally {
      monitor.dispose();
    }
    const r = await statusJson(['--timeout', '1000', `127.0.0.1:${replica.port}`]);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.json.nodes.find((x) => x.address === `127.0.0.1:${replica.port}`)!.state, 'syncing');
    const text = await runCli(['status', '--timeout', '1000', `127.0.0.1:${replica.port}`]);
    assert.match(text.stdout, new RegExp(`replica 127\\.0\\.0\\.1:${replica.port} {2}SYNCING`));
  });
});
