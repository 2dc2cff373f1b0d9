/**
 * Sentinel events and the timeline on a real Sentinel group (a primary, a
 * replica, 3 Sentinels): the monitor subscribes on every Sentinel, a
 * `SENTINEL FAILOVER` that completes between two refreshes is a
 * `+switch-master` event with its time (in the snapshot, in `status --watch
 * --format json`, in the `--history` file), a steady group has none, a
 * restarted Sentinel gets its subscription back, and closing the monitor
 * leaves no client of ours on any Sentinel.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HealthMonitor, Snapshot } from '../../health';
import { CLI, runCli } from '../support/cli';
import { monitorFor } from '../support/health';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';
import { ask, sentinelPrimary, startSentinelGroup, waitFor, type SentinelGroup } from '../support/topology';

const skip = missingBinaries();
const A = (port: number) => `127.0.0.1:${port}`;

/** The names of the clients connected to a node (CLIENT LIST), ours included. */
async function clientNames(port: number): Promise<string[]> {
  const list = String(await ask(port, (r) => r.call('CLIENT', 'LIST')));
  return list
    .split('\n')
    .map((l) => /(?:^| )name=(\S*)/.exec(l)?.[1] ?? '')
    .filter(Boolean);
}

const ours = (names: string[]) => names.filter((n) => n === 'redis-ha' || n === 'redis-ha-events');

/** Asks Sentinel `port` for a failover of the group, retrying while it has no suitable replica yet or one is in progress. */
async function failover(group: SentinelGroup, port: number): Promise<{ from: string; to: string; startedAt: number }> {
  const before = await sentinelPrimary(port, group.masterName);
  const startedAt = Date.now();
  await waitFor(
    'SENTINEL FAILOVER to be accepted',
    () => ask(port, (r) => r.call('SENTINEL', 'FAILOVER', group.masterName)).then((x) => x === 'OK'),
    {
      timeoutMs: 30_000,
      intervalMs: 200,
    },
  );
  // completed: every Sentinel reports the new primary
  const to = await waitFor(
    'every Sentinel to report the new primary',
    async () => {
      const seen = await Promise.all(group.sentinels.map((s) => sentinelPrimary(s.port, group.masterName)));
      return seen.every((x) => x.port === seen[0].port && x.port !== before.port) && A(seen[0].port);
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  return { from: A(before.port), to, startedAt };
}

describe('Sentinel events and the timeline', { skip }, () => {
  let group: SentinelGroup;
  let monitor: HealthMonitor;
  let seed: string;
  let restarted: RunningServer | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'redis-ha-events-'));
  before(async () => {
    group = await startSentinelGroup({ replicas: 1 });
    seed = `redis-sentinel://127.0.0.1:${group.sentinels[0].port}`;
    monitor = monitorFor(seed);
  });
  after(async () => {
    monitor?.dispose();
    await restarted?.stop();
    await group?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const allSubscribed = () =>
    waitFor('a subscription on every Sentinel', async () => {
      const state = monitor.subscriptions(seed);
      return group.sentinels.every((s) => state[A(s.port)]?.subscribed) && state;
    });

  test('after a refresh, every Sentinel has our subscriber (CLIENT LIST); a steady group gives no failover event', async () => {
    const first = await monitor.refresh();
    assert.equal(first.groups[0].sentinels.length, 3);
    await allSubscribed();
    for (const s of group.sentinels) {
      const names = await clientNames(s.port);
      assert.equal(names.filter((n) => n === 'redis-ha-events').length, 1, `${s.port}: ${names.join(',')}`);
    }
    // the quiet case: refreshes of a steady group hold no failover, no Sentinel warning and no summary
    for (let i = 0; i < 3; i++) {
      const snap = await monitor.refresh();
      assert.deepEqual(snap.events, []);
      assert.deepEqual(
        (snap.timeline ?? []).filter((e) => e.level !== 'info'),
        [],
      );
      assert.deepEqual(snap.failovers, []);
      assert.equal(snap.health, 'ok', JSON.stringify(snap.groups[0].problems));
    }
  });

  test('a failover that completes between two refreshes is a +switch-master event with its time', async () => {
    await allSubscribed();
    const before = await monitor.refresh();
    const { from, to, startedAt } = await failover(group, group.sentinels[1].port);
    const doneAt = Date.now();
    // every Sentinel's +switch-master arrives (one each), before any refresh
    await waitFor('the switch-master message of every Sentinel', async () => {
      const switched = monitor.timeline(seed).filter((e) => e.kind === '+switch-master' && e.to === to);
      return new Set(switched.map((e) => e.sentinel)).size === 3;
    });
    let snap: Snapshot = await monitor.refresh();
    const switches = (snap.timeline ?? []).filter((e) => e.kind === '+switch-master');
    assert.ok(switches.length >= 1, JSON.stringify(snap.timeline));
    for (const e of switches) {
      assert.equal(e.source, 'sentinel');
      assert.equal(e.level, 'warning');
      assert.equal(e.from, from);
      assert.equal(e.to, to);
      assert.equal(e.group, `${seed}/${group.masterName}`);
      assert.ok(e.at >= startedAt && e.at <= doneAt + 1000, `${e.at} within ${startedAt}..${doneAt}`);
      assert.ok(e.at > before.at && e.at < snap.at, 'the event happened between the two refreshes');
    }
    // one failover, counted once whatever the number of Sentinels announcing it
    assert.equal(snap.events.length, 1, JSON.stringify(snap.events));
    assert.equal(snap.events[0].source, 'sentinel');
    assert.equal(snap.events[0].to, to);
    assert.equal(snap.events[0].from, from);
    assert.equal(snap.events[0].at, switches[0].at);
    assert.deepEqual((snap.timeline ?? []).filter((e) => e.failover).length, 1);
    // the refresh also saw the new primary and the new config-epoch: recorded, not counted again
    assert.ok((snap.timeline ?? []).some((e) => e.kind === 'primary' && !e.failover && e.to === to));
    assert.ok((snap.timeline ?? []).some((e) => e.kind === 'config-epoch' && !e.failover));
    assert.deepEqual(
      snap.failovers?.map((f) => [f.group, f.lastHour]),
      [[`${seed}/${group.masterName}`, 1]],
    );
    // the rest of the failover as the Sentinels told it
    const kinds = new Set((snap.timeline ?? []).map((e) => e.kind));
    for (const k of ['+failover-state-select-slave', '+failover-end']) assert.ok(kinds.has(k), [...kinds].join(' '));
    // late messages of that failover do not count it again
    snap = await monitor.refresh();
    assert.deepEqual(snap.events, []);
    assert.equal(snap.failovers?.[0].lastHour, 1);
  });

  test('status --watch --format json shows the failover event with its time, and --history keeps it', async () => {
    const history = join(tmp, 'history.jsonl');
    const child = spawn(
      process.execPath,
      [CLI, 'status', '--watch', '1', '--format', 'json', '--timeout', '1000', '--history', history, seed],
      {
        env: { ...process.env, REDISCLI_AUTH: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    try {
      // the CLI subscribed on every Sentinel (a second subscriber beside the monitor's)
      await waitFor('the CLI subscribed on every Sentinel', async () => {
        const counts = await Promise.all(
          group.sentinels.map(async (s) => (await clientNames(s.port)).filter((n) => n === 'redis-ha-events').length),
        );
        return counts.every((c) => c === 2);
      });
      const { from, to, startedAt } = await failover(group, group.sentinels[2].port);
      const event = await waitFor('a failover event in the JSON lines', async () => {
        for (const line of out.split('\n').filter(Boolean)) {
          const doc = JSON.parse(line) as {
            events: Array<{ source?: string; to: string; from?: string; at: number }>;
            timeline: Array<{ kind: string; time: string }>;
          };
          const e = doc.events.find((x) => x.source === 'sentinel' && x.to === to);
          if (e) return { e, doc };
        }
        return undefined;
      });
      assert.equal(event.e.from, from);
      assert.ok(event.e.at >= startedAt);
      const sw = event.doc.timeline.find((x) => x.kind === '+switch-master');
      assert.ok(sw && !Number.isNaN(Date.parse(sw.time)), JSON.stringify(event.doc.timeline));
      await waitFor('the switch in the history file', async () => readFileSync(history, 'utf8').includes('"+switch-master"'));
    } finally {
      child.kill('SIGINT');
      // the exit status is the last snapshot's (a group in the middle of a failover may be 1 or 2); nothing on stderr
      const code = await exited;
      assert.ok(code === 0 || code === 1 || code === 2, `exit ${code}: ${err}`);
      assert.equal(err, '');
    }
    const lines = readFileSync(history, 'utf8').split('\n').filter(Boolean);
    const entries = lines.map((l) => JSON.parse(l) as { kind: string; failover?: boolean; at: number });
    assert.equal(entries.filter((e) => e.kind === '+switch-master' && e.failover).length, 1, lines.join('\n'));
    // a later run reads it back: the text shows the group's last failover
    const text = await runCli(['status', '--timeout', '1000', '--history', history, seed]);
    // the old primary may still be converting to a replica: the group's health is not the point here
    assert.ok(text.code !== null && text.code <= 2, text.stdout + text.stderr);
    assert.match(text.stdout, new RegExp(`group ${group.masterName}  \\S+  .*last failover \\d+ s ago, 1 in the last hour`), text.stdout);
  });

  test('a Sentinel killed and restarted gets its subscription back', async () => {
    await allSubscribed();
    const victim = group.sentinels[2];
    const before = monitor.subscriptions(seed)[A(victim.port)].subscriptions;
    const primary = await sentinelPrimary(group.sentinels[0].port, group.masterName);
    await victim.stop();
    await waitFor('the subscription to be lost', async () => !monitor.subscriptions(seed)[A(victim.port)].subscribed);
    restarted = await startServer({
      sentinel: true,
      port: victim.port,
      config: [
        `sentinel monitor ${group.masterName} ${primary.host} ${primary.port} 2`,
        `sentinel down-after-milliseconds ${group.masterName} 1000`,
        `sentinel failover-timeout ${group.masterName} 10000`,
      ].join('\n'),
    });
    const state = await waitFor('the subscription to come back', async () => {
      const s = monitor.subscriptions(seed)[A(victim.port)];
      return s.subscribed && s;
    });
    assert.equal(state.subscriptions, before + 1);
    assert.deepEqual(ours(await clientNames(victim.port)), ['redis-ha-events']);
  });

  test('closing the monitor leaves no client of ours on any Sentinel', async () => {
    await monitor.refresh();
    for (const s of group.sentinels) assert.ok(ours(await clientNames(s.port)).length > 0);
    monitor.dispose();
    for (const s of group.sentinels) {
      await waitFor(`no redis-ha client on Sentinel ${s.port}`, async () => ours(await clientNames(s.port)).length === 0);
    }
  });
});
