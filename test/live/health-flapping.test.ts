/**
 * Flapping and hold-downs on real processes, the two parts side by side:
 *
 * - a Sentinel group (a primary, 2 replicas, 3 Sentinels) failed over 3 times
 *   with `SENTINEL FAILOVER`: after one failover and after two the group is not
 *   flapping; the third, within 90 s of the first, raises `flapping` (an error,
 *   `redis_ha_flapping` 1) once the changes span both minutes;
 * - a primary and a replica whose link is broken (a wrong `masterauth`, the
 *   master connection killed: the replica retries and fails, the link stays
 *   down): a monitor with a 3 s hold-down shows it pending, then an error; one
 *   with the default 2 min shows it pending and never an error before the link
 *   is back; `redis-ha status`, reading the replica for the first time, gives
 *   the full level at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { renderMetrics, type HealthMonitor, type Problem, type Snapshot } from '../../health';
import { FLAPPING } from '../../health/flapping';
import { statusJson } from '../support/cli';
import { monitorFor, node } from '../support/health';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';
import { ask, parseInfo, sentinelPrimary, startSentinelGroup, waitFor, type SentinelGroup } from '../support/topology';

const skip = missingBinaries();
const A = (port: number) => `127.0.0.1:${port}`;

/** Refreshes about once a second until `check` holds; every snapshot on the way goes to `seen`. */
function refreshEverySecond<T>(
  monitor: HealthMonitor,
  what: string,
  check: (s: Snapshot) => T | undefined | false,
  seen: Snapshot[] = [],
  timeoutMs = 30_000,
): Promise<T> {
  return waitFor(
    what,
    async () => {
      const s = await monitor.refresh();
      seen.push(s);
      return check(s);
    },
    { timeoutMs, intervalMs: 1000 },
  );
}

/** Asks Sentinel `port` for a failover, retrying while it has no suitable replica yet; resolves once every Sentinel reports the new primary. */
async function failover(group: SentinelGroup, port: number): Promise<string> {
  const before = await sentinelPrimary(port, group.masterName);
  await waitFor(
    'SENTINEL FAILOVER to be accepted',
    () => ask(port, (r) => r.call('SENTINEL', 'FAILOVER', group.masterName)).then((x) => x === 'OK'),
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  return waitFor(
    'every Sentinel to report the new primary',
    async () => {
      const seen = await Promise.all(group.sentinels.map((s) => sentinelPrimary(s.port, group.masterName)));
      return seen.every((x) => x.port === seen[0].port && x.port !== before.port) && A(seen[0].port);
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

const flapping = (s: Snapshot) => s.groups[0]?.problems.find((p) => p.code === 'flapping');

describe('flapping and hold-downs', { skip, concurrency: 2 }, () => {
  describe('a Sentinel group failed over 3 times', () => {
    let group: SentinelGroup;
    let monitor: HealthMonitor;
    let seed: string;
    before(async () => {
      group = await startSentinelGroup({ replicas: 2 });
      seed = `redis-sentinel://127.0.0.1:${group.sentinels[0].port}`;
      monitor = monitorFor(seed);
    });
    after(async () => {
      monitor?.dispose();
      await group?.stop();
    });

    test('1 and 2 failovers are not flapping; 3 within 90 s raise flapping (error, redis_ha_flapping 1)', async (t) => {
      const seen: Snapshot[] = [];
      const steady = await monitor.refresh();
      assert.equal(flapping(steady), undefined);
      assert.match(renderMetrics(steady, 'openmetrics'), /^redis_ha_flapping\{connection="[^"]*",group="mymaster"\} 0$/m);
      await waitFor('a subscription on every Sentinel', async () =>
        group.sentinels.every((s) => monitor.subscriptions(seed)[A(s.port)]?.subscribed),
      );
      const started = Date.now();
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const to = await failover(group, group.sentinels[i].port);
        // the monitor has counted it (a Sentinel's +switch-master) before the next one starts
        const counted = await refreshEverySecond(
          monitor,
          `failover ${i + 1} to be counted`,
          (s) => s.failovers?.[0]?.lastHour === i + 1 && s.failovers[0].last,
          seen,
        );
        times.push(counted);
        const now = await monitor.refresh();
        seen.push(now);
        if (i < 2) assert.equal(flapping(now), undefined, `not flapping after ${i + 1} failover(s) (${to})`);
      }
      const span = times[2] - times[0];
      assert.ok(span < 90_000, `3 failovers in ${span} ms`);
      // flapping once the changes span both minutes: at most a minute after the first failover
      const snap = await refreshEverySecond(monitor, 'flapping', (s) => flapping(s) && s, seen, 75_000);
      const p = flapping(snap) as Problem;
      assert.equal(p.level, 'error');
      assert.match(p.message, /\(3 failovers\)/);
      assert.equal(snap.groups[0].health, 'error');
      // raised only once both minutes hold a change, a minute after the spell's first change — not at the third
      // failover (seconds after the first). The spell may start with a role change a loaded machine records a few
      // seconds before the first failover is counted, hence the margin.
      assert.ok(snap.at >= times[0] + FLAPPING.minuteMs - 10_000, `raised ${snap.at - times[0]} ms after the first failover`);
      assert.match(renderMetrics(snap, 'openmetrics'), /^redis_ha_flapping\{connection="[^"]*",group="mymaster"\} 1$/m);
      // before that, no snapshot of the group called it flapping
      assert.equal(seen.filter((s) => s.at < times[2] && flapping(s)).length, 0);
      // measured: seconds from the first failover to the finding, and the whole scenario
      t.diagnostic(
        `3 failovers in ${(span / 1000).toFixed(1)} s; flapping ${((snap.at - times[0]) / 1000).toFixed(1)} s after the first; ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
      );
    });
  });

  describe('a replica whose link is down', () => {
    let primary: RunningServer;
    let replica: RunningServer;
    let fast: HealthMonitor;
    let slow: HealthMonitor;
    let seed: string;
    const linkDown = (s: Snapshot) => node(s, replica.port)?.problems.find((p) => p.code === 'replica-link-down');
    before(async () => {
      primary = await startServer();
      replica = await startServer({ config: `replicaof 127.0.0.1 ${primary.port}` });
      await waitFor('the replica in sync, as both see it', async () => {
        const atReplica = await ask(replica.port, async (r) => parseInfo(await r.info('replication')).master_link_status === 'up');
        const atPrimary = await ask(primary.port, async (r) => parseInfo(await r.info('replication')).slave0?.includes('state=online'));
        return atReplica && atPrimary;
      });
      // seeded from the primary, which stops listing the replica once its link is down: the replica stays in
      // the view because it still names the primary as its own
      seed = A(primary.port);
      fast = monitorFor(seed, { thresholds: { holdDownLinkDownSeconds: 3 } });
      slow = monitorFor(seed);
    });
    after(async () => {
      fast?.dispose();
      slow?.dispose();
      await replica?.stop();
      await primary?.stop();
    });

    test('pending, then an error after the hold-down; with the default hold-down, pending until the link is back', async () => {
      for (const m of [fast, slow]) {
        const s = await m.refresh();
        assert.equal(node(s, replica.port)?.health, 'ok', JSON.stringify(node(s, replica.port)?.problems));
      }
      // the replica's AUTH fails at every reconnect: the link stays down
      await ask(replica.port, async (r) => {
        await r.call('CONFIG', 'SET', 'masterauth', 'not-the-password');
        await r.call('CLIENT', 'KILL', 'TYPE', 'master');
      });
      const downAt = Date.now();
      const slowSeen: Snapshot[] = [];
      const pending = await refreshEverySecond(fast, 'the link down, pending', (s) => linkDown(s)?.pending && linkDown(s));
      assert.equal(pending.level, 'warning');
      assert.equal(pending.pending?.level, 'error');
      assert.match(pending.message, /^pending for \d+ s, error after 3 s: no link to its primary/);
      const slowPending = await refreshEverySecond(slow, 'the slow monitor: pending', (s) => linkDown(s), slowSeen);
      assert.match(slowPending.message, /^pending for \d+ s, error after 2 min: /);
      assert.equal(node(slowSeen.at(-1)!, replica.port)?.health, 'warning');
      // a first reading (the CLI's one refresh) cannot know how long: the full level at once (seeded from the
      // replica: the primary, read for the first time, no longer names it)
      const cli = await statusJson([A(replica.port), '--timeout', '1000']);
      const fromCli = cli.json.nodes.find((n) => n.address === A(replica.port))?.problems.find((p) => p.code === 'replica-link-down');
      assert.equal(fromCli?.level, 'error', cli.stdout);
      assert.equal((fromCli as Problem | undefined)?.pending, undefined);
      // the fast monitor: an error once the 3 s have passed, and a health change in its timeline
      const timeline: NonNullable<Snapshot['timeline']> = [];
      const error = await refreshEverySecond(fast, 'the link down, an error', (s) => {
        timeline.push(...(s.timeline ?? []));
        const p = linkDown(s);
        return p && !p.pending && p.level === 'error' && s;
      });
      assert.ok(error.at - downAt >= 3000, `${error.at - downAt} ms after the link went down`);
      slowSeen.push(await slow.refresh());
      assert.ok(linkDown(slowSeen.at(-1)!)?.pending, 'the default hold-down: still pending');
      assert.equal(node(error, replica.port)?.health, 'error');
      assert.ok(
        timeline.some((e) => e.kind === 'health' && e.node === A(replica.port) && e.from === 'warning' && e.to === 'error'),
        JSON.stringify(timeline),
      );
      // the link back: both clear, and the default hold-down never turned it into an error
      await ask(replica.port, (r) => r.call('CONFIG', 'SET', 'masterauth', ''));
      const ok = (s: Snapshot) => node(s, replica.port)?.health === 'ok';
      await refreshEverySecond(fast, 'the link up again (fast)', ok);
      await refreshEverySecond(slow, 'the link up again (slow)', ok, slowSeen);
      assert.ok(Date.now() - downAt < 120_000, 'within the default hold-down');
      const slowLevels = slowSeen.map((s) => linkDown(s)?.level).filter(Boolean);
      assert.ok(slowLevels.length >= 1 && slowLevels.every((l) => l === 'warning'), slowLevels.join(','));
    });
  });
});
