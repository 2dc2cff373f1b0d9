/**
 * Live health of a real Sentinel group (a primary, 2 replicas, 3 Sentinels),
 * through the model and through `redis-ha status --format json`: discovery
 * from one Sentinel, drift (inside the group and against a file), a paused /
 * sleeping / frozen node, and a Sentinel failover. One topology for the whole
 * file; the failover comes last.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileDrift, versionIdFor, type HealthMonitor } from '../../health';
import { runCli, statusJson } from '../support/cli';
import { answersWithin, codesOf, monitorFor, node, refreshUntil } from '../support/health';
import { missingBinaries } from '../support/redis';
import { ask, startSentinelGroup, waitFor, type SentinelGroup } from '../support/topology';

const skip = missingBinaries();
const A = (port: number) => `127.0.0.1:${port}`;

describe('health of a Sentinel group', { skip }, () => {
  let group: SentinelGroup;
  let monitor: HealthMonitor;
  let seed: string;
  const tmp = mkdtempSync(join(tmpdir(), 'redis-ha-health-'));
  before(async () => {
    group = await startSentinelGroup({ nodeConfig: 'enable-debug-command local' });
    seed = `redis-sentinel://127.0.0.1:${group.sentinels[0].port}`;
    monitor = monitorFor(seed);
  });
  after(async () => {
    monitor?.dispose();
    await group?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('the whole group is discovered from one Sentinel address', async () => {
    const snap = await monitor.refresh();
    assert.equal(snap.connections[0].kind, 'sentinel');
    const [g] = snap.groups;
    assert.equal(g.name, group.masterName);
    assert.equal(g.primary, A(group.primary.port));
    assert.deepEqual([...g.replicas].sort(), group.replicas.map((r) => A(r.port)).sort());
    assert.deepEqual([...g.sentinels].sort(), group.sentinels.map((s) => A(s.port)).sort());
    assert.equal(snap.nodes.length, 6);
    assert.deepEqual(
      snap.nodes.filter((n) => n.health !== 'ok').map((n) => [n.address, n.problems]),
      [],
    );
    assert.equal(g.health, 'ok');
    assert.equal(g.sentinel?.quorum, 2);
    assert.match(g.sentinel?.ckquorum ?? '', /^OK 3 usable/);
    assert.equal(node(snap, group.replicas[0].port).replication?.linkStatus, 'up');
  });

  test('a seed written as localhost is the node Redis reports as 127.0.0.1, shown once', async () => {
    const port = group.sentinels[0].port;
    const local = monitorFor(`redis-sentinel://localhost:${port}`);
    try {
      for (let i = 0; i < 3; i++) {
        const snap = await local.refresh();
        assert.equal(snap.nodes.length, 6);
        assert.equal(snap.health, 'ok', JSON.stringify(snap.groups[0].problems));
        assert.ok(snap.groups[0].sentinels.includes(A(port)));
        assert.deepEqual(snap.connections[0].seeds, [`localhost:${port}`]);
      }
      // probed once per refresh, through the seed's connection
      const opened = local.connectionsOpened(`redis-sentinel://localhost:${port}`);
      assert.equal(opened[`localhost:${port}`], 1);
      assert.equal(opened[A(port)], undefined);
    } finally {
      local.dispose();
    }
  });

  test('the same through redis-ha status --format json, and as a text tree', async () => {
    const r = await statusJson(['--timeout', '1000', seed]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.health, 'ok');
    assert.deepEqual(
      r.json.nodes.map((n) => `${n.role} ${n.address} ${n.health}`).sort(),
      [
        `primary ${A(group.primary.port)} ok`,
        ...group.replicas.map((x) => `replica ${A(x.port)} ok`),
        ...group.sentinels.map((x) => `sentinel ${A(x.port)} ok`),
      ].sort(),
    );
    assert.equal(r.json.groups[0].primary, A(group.primary.port));
    const text = await runCli(['status', '--timeout', '1000', `127.0.0.1:${group.sentinels[1].port}`]);
    assert.equal(text.code, 0);
    const lines = text.stdout.split('\n');
    assert.ok(
      lines.includes(`  group ${group.masterName}  ok  primary ${A(group.primary.port)} · 2 replicas · 3 Sentinels, quorum 2`),
      text.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`    primary ${A(group.primary.port)}  ok`)),
      text.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`    sentinel ${A(group.sentinels[2].port)}  ok`)),
      text.stdout,
    );
  });

  test('#nosuch, a master the Sentinel does not monitor: an error naming it and the ones it does', async () => {
    const r = await statusJson(['--timeout', '1000', `${seed}#nosuch`]);
    assert.equal(r.code, 2, r.stdout);
    assert.equal(r.json.health, 'error');
    const [c] = r.json.connections;
    assert.equal(c.health, 'error');
    assert.deepEqual(codesOf(c.problems), ['sentinel-master-unknown']);
    assert.match(c.problems[0].message, new RegExp(`'nosuch'.*127\\.0\\.0\\.1:${group.sentinels[0].port} monitors ${group.masterName}`));
    const text = await runCli(['status', '--timeout', '1000', `${seed}#nosuch`]);
    assert.equal(text.code, 2);
    assert.match(text.stdout, /! error \[sentinel-master-unknown\] .*'nosuch'/);
    // the right name is fine
    assert.equal((await statusJson(['--timeout', '1000', `${seed}#${group.masterName}`])).code, 0);
  });

  test('redis-ha status leaves nothing running: the process ends on its own', async () => {
    // main() without process.exit: any connection or timer left open would keep node alive
    const script = `const m = require('./cli/main.ts'); const io = require('./cli/io.ts').processIO(); m.main(['status', '--format', 'json', '--timeout', '1000', '${seed}'], io).then((c) => { process.exitCode = c; });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    const code = await new Promise<number | null>((resolve, reject) => {
      const guard = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the process did not end on its own; output: ${out}`));
      }, 20_000);
      child.on('exit', (c) => {
        clearTimeout(guard);
        resolve(c);
      });
    });
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).nodes.length, 6);
  });

  test('drift inside the group: one replica with another maxmemory-policy', async () => {
    const odd = group.replicas[1].port;
    await ask(odd, (r) => r.config('SET', 'maxmemory-policy', 'allkeys-lru'));
    try {
      const snap = await monitor.refresh();
      const drift = snap.groups[0].problems.filter((p) => p.code === 'group-drift');
      assert.equal(drift.length, 1);
      assert.match(drift[0].message, new RegExp(`^maxmemory-policy differs: allkeys-lru on ${A(odd)}; noeviction on `));
      assert.equal(snap.groups[0].health, 'warning');
      const cli = await statusJson(['--timeout', '1000', seed]);
      assert.equal(cli.code, 1);
      assert.deepEqual(codesOf(cli.json.groups[0].problems), ['group-drift']);
    } finally {
      await ask(odd, (r) => r.config('SET', 'maxmemory-policy', 'noeviction'));
    }
    assert.deepEqual((await monitor.refresh()).groups[0].problems, []);
  });

  test('drift between a live node and a redis.conf', async () => {
    const primary = A(group.primary.port);
    const file = join(tmp, 'redis.conf');
    const text = `port ${group.primary.port}\nmaxmemory-policy allkeys-lru\nappendonly no\nrepl-backlog-size 1mb\n`;
    writeFileSync(file, text);
    const snap = await monitor.refresh();
    const n = node(snap, group.primary.port);
    const live = await monitor.config(snap.connections[0].id, primary);
    const drift = fileDrift(text, live, versionIdFor(n.product, n.version));
    assert.deepEqual(
      drift.items.map((i) => `${i.code} ${i.directive} ${i.range.start.line + 1}`),
      ['file-drift maxmemory-policy 2', 'file-drift-unset save 1'],
    );
    const cli = await statusJson(['--timeout', '1000', '--config', file, seed]);
    assert.equal(cli.code, 1);
    for (const d of cli.json.nodes.filter((x) => x.role !== 'sentinel')) {
      assert.deepEqual(codesOf(d.problems), ['file-drift', 'file-drift-unset'], d.address);
      assert.match(
        d.problems.find((p) => p.code === 'file-drift')!.message,
        /redis\.conf:2: maxmemory-policy: the file sets 'allkeys-lru', the live node runs 'noeviction'/,
      );
    }
  });

  test('CLIENT PAUSE: slow, not hung', async () => {
    const paused = group.replicas[0].port;
    const slowMonitor = monitorFor(seed, { timeoutMs: 4000, thresholds: { slowReplyMs: 300 } });
    try {
      await slowMonitor.refresh();
      await ask(paused, (r) => r.call('CLIENT', 'PAUSE', '1200', 'ALL'));
      const snap = await slowMonitor.refresh();
      const n = node(snap, paused);
      assert.deepEqual(codesOf(n.problems), ['slow-reply']);
      assert.equal(n.health, 'warning');
      assert.ok(snap.nodes.filter((x) => x !== n).every((x) => x.health === 'ok'));
      // the CLI needs a moment to start: a longer pause, so it still meets it under load
      await ask(paused, (r) => r.call('CLIENT', 'PAUSE', '2500', 'ALL'));
      const cli = await statusJson(['--timeout', '4000', '--threshold', 'slowReplyMs=300', seed]);
      assert.equal(cli.code, 1);
      assert.deepEqual(codesOf(cli.json.nodes.find((x) => x.address === A(paused))!.problems), ['slow-reply']);
    } finally {
      slowMonitor.dispose();
      await ask(paused, (r) => r.call('CLIENT', 'UNPAUSE'));
    }
  });

  test('DEBUG SLEEP: slow within the deadline; longer, unreachable for that refresh, then ok', async () => {
    const sleeper = group.replicas[1].port;
    const sleep = async (seconds: number) => {
      const done = ask(sleeper, (r) => r.call('DEBUG', 'SLEEP', String(seconds)), { timeoutMs: seconds * 1000 + 5000 });
      await waitFor('the node to be asleep', async () => !(await answersWithin(sleeper, 100)));
      return { done };
    };
    const slowMonitor = monitorFor(seed, { timeoutMs: 4000, thresholds: { slowReplyMs: 300 } });
    try {
      await slowMonitor.refresh();
      const nap = await sleep(1);
      const slow = await slowMonitor.refresh();
      await nap.done;
      assert.deepEqual(codesOf(node(slow, sleeper).problems), ['slow-reply']);
    } finally {
      slowMonitor.dispose();
    }
    await monitor.refresh();
    const nap = await sleep(2.5);
    const during = await monitor.refresh();
    const n = node(during, sleeper);
    assert.equal(n.health, 'unreachable');
    assert.deepEqual(codesOf(n.problems), ['node-timeout']);
    assert.ok(during.durationMs < 3000, `the refresh took ${during.durationMs} ms with a 1000 ms deadline`);
    assert.ok(during.nodes.filter((x) => x !== n).every((x) => x.health === 'ok'));
    await nap.done;
    const afterNap = await refreshUntil(monitor, 'the sleeper to be back', (s) => node(s, sleeper).health === 'ok');
    assert.equal(afterNap.snap.groups[0].health, 'ok');
  });

  test('a replica frozen with SIGSTOP: unreachable within the deadline, the others ok and on time', async () => {
    const frozen = group.replicas[0];
    await monitor.refresh();
    process.kill(frozen.pid, 'SIGSTOP');
    try {
      const snap = await monitor.refresh();
      const n = node(snap, frozen.port);
      assert.equal(n.health, 'unreachable');
      assert.deepEqual(codesOf(n.problems), ['node-timeout']);
      assert.equal(n.role, 'replica');
      assert.ok(snap.durationMs < 3000, `the refresh took ${snap.durationMs} ms with a 1000 ms deadline`);
      for (const other of snap.nodes.filter((x) => x !== n)) {
        assert.equal(other.health, 'ok', `${other.address}: ${JSON.stringify(other.problems)}`);
        assert.ok(other.rttMs !== undefined && other.rttMs < 1000);
      }
      assert.equal(snap.groups[0].health, 'error');
      const cli = await statusJson(['--timeout', '1000', seed]);
      assert.equal(cli.code, 2);
      assert.equal(cli.stderr, '', 'no unhandled error event');
      assert.ok(cli.ms < 10_000);
      const frozenJson = cli.json.nodes.find((x) => x.address === A(frozen.port))!;
      assert.equal(frozenJson.health, 'unreachable');
      assert.deepEqual(codesOf(frozenJson.problems), ['node-timeout']);
      assert.ok(cli.json.nodes.filter((x) => x !== frozenJson).every((x) => x.health === 'ok'));
    } finally {
      process.kill(frozen.pid, 'SIGCONT');
    }
    await refreshUntil(monitor, 'the thawed replica to be ok', (s) => node(s, frozen.port).health === 'ok');
  });

  test('--watch prints a snapshot per interval until interrupted', async () => {
    const child = spawn(
      process.execPath,
      [join(__dirname, '..', '..', 'dist', 'cli.js'), 'status', '--format', 'json', '--watch', '0.3', '--timeout', '1000', seed],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    try {
      await waitFor('two snapshots', async () => out.split('\n').filter(Boolean).length >= 2, { timeoutMs: 15_000 });
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      for (const line of out.split('\n').filter(Boolean)) assert.equal(JSON.parse(line).nodes.length, 6);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test("the primary killed: the new primary is reported after Sentinel's failover", async () => {
    const old = A(group.primary.port);
    await monitor.refresh();
    await group.primary.stop();
    const { snap, events } = await refreshUntil(
      monitor,
      'Sentinel to fail over',
      (s) => s.groups[0].primary !== old && s.groups[0].primary,
      40_000,
    );
    const promoted = snap.groups[0].primary!;
    assert.ok(group.replicas.some((r) => A(r.port) === promoted));
    assert.deepEqual(
      events.map((e) => [e.from, e.to]),
      [[old, promoted]],
    );
    const settled = await refreshUntil(
      monitor,
      'the new primary to be a primary with its replica',
      (s) =>
        node(s, Number(promoted.split(':')[1])).role === 'primary' &&
        s.nodes.find((x) => x.address === promoted)?.replication?.connectedReplicas === 1,
      30_000,
    );
    const gone = settled.snap.nodes.find((x) => x.address === old)!;
    assert.equal(gone.health, 'unreachable');
    assert.equal(gone.role, 'replica', 'Sentinel lists the old primary as a replica');
    const cli = await statusJson(['--timeout', '1000', seed]);
    assert.equal(cli.code, 2);
    assert.equal(cli.json.groups[0].primary, promoted);
    assert.equal(cli.json.nodes.find((x) => x.address === promoted)!.role, 'primary');
    assert.equal(cli.json.nodes.find((x) => x.address === old)!.health, 'unreachable');
  });
});
