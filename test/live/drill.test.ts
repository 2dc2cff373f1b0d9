/**
 * `redis-ha drill` on real Sentinel groups (a primary, 2 replicas, 3
 * Sentinels, down-after-milliseconds 2000) on 127.0.0.1: the dry run changes
 * nothing; a crash (SIGKILL of the primary) is counted exactly against the
 * writers' own log re-read independently; writes WAIT confirmed on a replica
 * survive with min-replicas-to-write 1; a manual failover completes and the
 * key space is gone afterwards. A fresh group per failover.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../cli/main';
import {
  type DrillOptions,
  type DrillPlan,
  type DrillResult,
  drillReportHtml,
  FAILOVER_OVERHEAD_MS,
  makePlan,
  runDrill,
} from '../../health';
import { PROFILES, type Profile, type ProfileId } from '../../server/catalog/profiles';
import { FAILOVER_OVERHEAD_MS as MODEL_OVERHEAD_MS } from '../../server/service/durability/model';
import { drillCli, drillKeys, lostByHand } from '../support/drill';
import { memoryIO } from '../support/cli';
import { alive, missingBinaries } from '../support/redis';
import { ask, REDIS_CLI, sentinelPrimary, startSentinelGroup, type SentinelGroup, waitFor } from '../support/topology';

const skip = missingBinaries();
const A = (port: number) => `127.0.0.1:${port}`;
const DOWN_AFTER = 2000;
const tmp = mkdtempSync(join(tmpdir(), 'redis-ha-drill-'));
const groups: SentinelGroup[] = [];

async function group(nodeConfig = '', replicas = 2): Promise<SentinelGroup> {
  const g = await startSentinelGroup({ downAfterMs: DOWN_AFTER, nodeConfig, replicas });
  groups.push(g);
  return g;
}

/** A profile's redis.conf lines (an empty argument written as ""). */
function profileLines(p: Profile): string {
  return p.sections
    .flatMap((s) => s.lines)
    .map((l) => [l.directive, ...l.args.map((a) => (a === '' ? '""' : a))].join(' '))
    .join('\n');
}

/**
 * The crash, given to the drill as --crash-cmd: the replicas stop reading
 * (SIGSTOP), a 32 MiB value fills the kernel buffers of their links so that
 * what the primary acknowledges next stays in its own memory, 300 ms of
 * writes go by, then the primary is killed and the replicas resumed. What
 * they had not received is lost, as behind a slow link.
 */
function laggingCrash(g: SentinelGroup): string {
  const replicas = g.replicas.map((r) => r.pid).join(' ');
  const fill = `head -c 33554432 /dev/zero | tr '\\0' x | ${REDIS_CLI} -p ${g.primary.port} -x SET redis-ha:test:filler > /dev/null`;
  return `kill -STOP ${replicas}; ${fill}; sleep 0.3; kill -KILL ${g.primary.pid}; kill -CONT ${replicas}`;
}

/** 'stopped' for a process in state T (SIGSTOP), 'running' otherwise, 'gone' when it has exited. */
function processState(pid: number): 'stopped' | 'running' | 'gone' {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T') ? 'stopped' : 'running';
  } catch {
    return 'gone';
  }
}

const seedOf = (g: SentinelGroup) => `redis-sentinel://${g.sentinels.map((s) => A(s.port)).join(',')}`;

/** The measured RTO is inside the model's range, or the report says why not. */
function rtoJudged(r: DrillResult): void {
  assert.ok(r.rto.measuredMs !== undefined, JSON.stringify(r.rto));
  if (r.rto.verdict === 'within') {
    assert.ok(r.rto.measuredMs >= r.rto.predictedMs.min && r.rto.measuredMs <= r.rto.predictedMs.max);
  } else {
    assert.ok(r.rto.why && r.rto.why.length > 10, 'a verdict other than within comes with its reason');
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The timeline holds every write of the counts, in order: failover, settle; the HTML page marks the lost ones. */
function timelineAgrees(r: DrillResult): void {
  const t = r.timeline;
  assert.ok(t, 'a timeline');
  assert.equal(t.bucketMs, 100);
  assert.equal(sum(t.acks), r.writes.acked);
  assert.equal(sum(t.failures), r.writes.failed);
  assert.equal(sum(t.lost), r.rpo.lostWrites);
  assert.ok(sum(t.elsewhere) > 0, 'the new primary took writes');
  assert.ok(
    t.failoverAt !== undefined && t.settledAt !== undefined && t.settledAt > t.failoverAt,
    JSON.stringify([t.failoverAt, t.settledAt]),
  );
  assert.equal(t.newPrimary, r.newPrimary);
  assert.ok(t.events.some((e) => e.kind === '+switch-master' && e.at >= t.failoverAt!));
  const html = drillReportHtml(r, { nonce: 'n' });
  assert.equal((html.match(/<circle class="lost-dot"/g) ?? []).length, t.lost.filter((v) => v > 0).length);
  assert.ok(html.includes('<g class="event" data-kind="+switch-master">'));
}

const measured: string[] = [];
/** The group of the dry run, which no failover touched. */
let quiet: SentinelGroup | undefined;
/** The manual drill's writes lost to the old primary, writers asking Sentinel again only after an error. */
let manualSplit: { lost: number; acked: number } | undefined;

describe('redis-ha drill on a Sentinel group', { skip }, () => {
  after(async () => {
    await Promise.all(groups.map((g) => g.stop()));
    rmSync(tmp, { recursive: true, force: true });
    if (measured.length)
      console.log(
        `measured:\n| profile | lost, no WAIT | lost, WAIT confirmed | lost, WAIT short | RTO | predicted RTO |\n| --- | --- | --- | --- | --- | --- |\n${measured.join('\n')}`,
      );
  });

  test("the model's failover overhead is the one the drill predicts with", () => {
    assert.equal(FAILOVER_OVERHEAD_MS, MODEL_OVERHEAD_MS);
  });

  test('the dry run prints the plan and sends nothing; a wrong group name runs nothing', async () => {
    const g = await group();
    quiet = g;
    const seed = seedOf(g);
    const r = await drillCli(['--mode', 'crash', seed]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /dry run/);
    assert.ok(r.out.includes(`primary     ${A(g.primary.port)}`), r.out);
    for (const x of g.replicas) assert.ok(r.out.includes(A(x.port)));
    assert.match(r.out, /key space {3}redis-ha:drill:[0-9a-f]{8}:\*/);
    assert.match(r.out, /predicted {3}RPO un-WAITed writes inside the replication lag, with no bound \(min-replicas-to-write 0/);
    assert.match(r.out, /\n {14}RTO 2\.0–7\.0 s \(down-after-milliseconds 2000/);
    assert.match(r.out, new RegExp(`SIGKILL to PID ${g.primary.pid}`));
    assert.match(r.out, /ACL permissions needed/);
    assert.doesNotMatch(r.out, /REFUSED/);
    const json = await drillCli(['--mode', 'manual', '--format', 'json', seed]);
    assert.equal(JSON.parse(json.out).plan.master, g.masterName);
    const wrong = await drillCli(['--mode', 'crash', '--yes', '--group', 'other', seed]);
    assert.equal(wrong.code, 3);
    assert.match(wrong.err, /--group must repeat the group's name 'mymaster'/);
    // nothing written, no failover, the primary alive
    assert.deepEqual(await drillKeys(g.primary.port), []);
    assert.deepEqual(await sentinelPrimary(g.sentinels[0].port, g.masterName), { host: '127.0.0.1', port: g.primary.port });
    assert.ok(alive(g.primary.pid));
    const role = await ask(g.primary.port, (c) => c.call('ROLE'));
    assert.equal((role as unknown[])[0], 'master');
  });

  test('Ctrl-C before the failover: writers stop, nothing is failed over, the key space is deleted', async () => {
    assert.ok(quiet, 'the dry-run group runs this one');
    const g = quiet;
    const io = memoryIO();
    let interrupt: () => void = () => undefined;
    (io as { interrupted: Promise<void> }).interrupted = new Promise<void>((r) => (interrupt = r));
    const page = join(tmp, 'interrupted.html');
    const run = main(
      ['drill', '--mode', 'manual', '--rate', '200', '--duration', '40', '--report', page, '--yes', '--group', g.masterName, seedOf(g)],
      io,
    );
    await waitFor('the drill to write', async () => (await drillKeys(g.primary.port)).length >= 50);
    interrupt();
    const code = await run;
    assert.equal(code, 2, io.err);
    assert.match(io.out, /note: interrupted \(Ctrl-C\): partial result/);
    // --report FILE.html: the page, with the writes drawn and no failover to shade
    const html = readFileSync(page, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<tr data-figure="lost writes, no WAIT">/);
    assert.match(html, / · interrupted ·\s/);
    assert.match(html, /<path class="acks" stroke-width="[\d.]+" d="M/);
    assert.doesNotMatch(html, /failover-window"/);
    assert.match(io.out, /lost writes, no WAIT\s+0 of \d+/);
    assert.deepEqual(await drillKeys(g.primary.port), []);
    assert.deepEqual(await sentinelPrimary(g.sentinels[0].port, g.masterName), { host: '127.0.0.1', port: g.primary.port });
  });

  test('a primary serving other traffic is refused unless --force; nothing is written', async () => {
    assert.ok(quiet, 'the dry-run group runs this one');
    const g = quiet;
    // other traffic: pipelined PINGs until the primary's own ops/s figure passes the threshold
    const busy = await ask(
      g.primary.port,
      async (c) => {
        return waitFor(
          'the primary to report over 100 ops/s',
          async () => {
            const p = c.pipeline();
            for (let i = 0; i < 2000; i++) p.ping();
            await p.exec();
            const ops = Number(/instantaneous_ops_per_sec:(\d+)/.exec(await c.info('stats'))?.[1]);
            return ops > 100 ? ops : undefined;
          },
          { intervalMs: 10 },
        );
      },
      { timeoutMs: 10_000 },
    );
    assert.ok(busy > 100);
    const r = await drillCli(['--mode', 'crash', '--yes', '--group', g.masterName, seedOf(g)]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /refused:\n {2}the primary serves \d+ ops\/s, above --max-other-ops 100/);
    assert.deepEqual(await drillKeys(g.primary.port), []);
    assert.ok(alive(g.primary.pid));
    // quiet case: the same group with a threshold above that traffic is not refused (the dry run says so)
    const plan = await drillCli(['--mode', 'crash', '--max-other-ops', '10000000', seedOf(g)]);
    assert.doesNotMatch(plan.out, /REFUSED/);
    const forced = await drillCli(['--mode', 'crash', '--force', seedOf(g)]);
    assert.equal(forced.code, 0);
    assert.doesNotMatch(forced.out, /REFUSED/);
  });

  test('an ACL user with only the permissions the plan names runs the drill; the password is never printed', async () => {
    assert.ok(quiet, 'the dry-run group runs this one');
    const g = quiet;
    const plan = JSON.parse((await drillCli(['--mode', 'manual', '--wait', '1,500', '--format', 'json', seedOf(g)])).out).plan as DrillPlan;
    const perms = (prefix: string) => (plan.acl.find((l) => l.startsWith(prefix)) ?? '').slice(prefix.length).split(' ');
    const data = perms('data nodes: ');
    const sentinel = perms('Sentinels: ');
    assert.ok(data.includes('+wait') && sentinel.includes('+sentinel|failover'), JSON.stringify(plan.acl));
    const secret = 'drill-Pa55-word';
    for (const n of [g.primary, ...g.replicas])
      await ask(n.port, (c) => c.call('ACL', 'SETUSER', 'drill', 'reset', 'on', `>${secret}`, ...data));
    for (const n of g.sentinels) await ask(n.port, (c) => c.call('ACL', 'SETUSER', 'drill', 'reset', 'on', `>${secret}`, ...sentinel));
    // the user can do no more than that: no FLUSHALL, no key outside the drill's space
    await ask(g.primary.port, async (c) => {
      await c.call('AUTH', 'drill', secret);
      await assert.rejects(c.call('FLUSHALL'), /NOPERM/);
      await assert.rejects(c.call('SET', 'other-key', '1'), /NOPERM/);
    });
    const seed = `redis-sentinel://drill:${secret}@${g.sentinels.map((s) => A(s.port)).join(',')}`;
    const r = await drillCli([
      '--mode',
      'manual',
      '--wait',
      '1,500',
      '--rate',
      '200',
      '--duration',
      '4',
      '--force',
      '--format',
      'json',
      '--yes',
      '--group',
      g.masterName,
      seed,
    ]);
    assert.ok(!`${r.out}${r.err}`.includes(secret), 'the password is never printed');
    const result = JSON.parse(r.out) as DrillResult;
    assert.ok(result.settled, r.err);
    assert.doesNotMatch(JSON.stringify(result), /NOPERM/);
    assert.ok(
      result.events.some((e) => e.kind === '+switch-master'),
      'the events came through the channels granted',
    );
    assert.ok(result.waited && result.waited.confirmed.acked > 0, 'WAIT was allowed');
    assert.ok(!result.notes.some((n) => n.includes('could not be read back')), result.notes.join('\n'));
    assert.match(result.rpo.predicted, /CONFIG GET not allowed/);
    rtoJudged(result);
    const now = await sentinelPrimary(g.sentinels[0].port, g.masterName);
    assert.notEqual(now.port, g.primary.port);
    assert.deepEqual(await drillKeys(now.port), []);
    // the other nodes follow by replication, the old primary once Sentinel has made it a replica
    for (const n of [g.primary, ...g.replicas])
      await waitFor(`no drill key left on ${n.port}`, async () => (await drillKeys(n.port)).length === 0);
  });

  // the measured table for three profiles: each group runs one profile's redis.conf lines, its
  // replication made to lag (see laggingCrash), half of the writers WAIT for as many replicas as the
  // profile requires for writes (at least 1)
  const table: Array<{ id: ProfileId; replicas: number; wait: number }> = [
    { id: 'balanced', replicas: 2, wait: 1 },
    // two replicas required: with only two, the new primary (one replica left) would refuse every write
    { id: 'max-durability', replicas: 3, wait: 2 },
    { id: 'low-latency', replicas: 2, wait: 1 },
  ];
  for (const row of table) {
    test(`crash of a lagging primary, profile ${row.id}: un-WAITed losses counted exactly, every WAIT-confirmed write kept`, async () => {
      const profile = PROFILES.find((p) => p.id === row.id);
      assert.ok(profile);
      const g = await group(profileLines(profile), row.replicas);
      const o: DrillOptions = {
        sentinels: g.sentinels.map((s) => A(s.port)),
        master: g.masterName,
        auth: {},
        mode: 'crash',
        crashCmd: laggingCrash(g),
        writers: 4,
        rate: 1000,
        wait: { replicas: row.wait, timeoutMs: 1000 },
        durationS: 8,
        maxOtherOps: 100,
        force: false,
        timeoutMs: 1000,
      };
      const plan = await makePlan(o);
      assert.deepEqual(plan.refusals, []);
      assert.ok(plan.live, 'the primary let the drill read its write guard');
      let independent: Set<string> | undefined;
      let guarded = false;
      const result = await runDrill(o, plan, {
        beforeCleanup: async ({ log, prefix, primary }) => {
          assert.ok(primary);
          independent = await lostByHand(Number(primary.split(':')[1]), log, prefix);
          guarded = log.failures.some((f) => f.error.startsWith('NOREPLICAS'));
        },
      });
      assert.ok(independent);
      assert.ok(result.settled, JSON.stringify(result.notes));
      assert.notEqual(result.newPrimary, A(g.primary.port));
      assert.ok(!alive(g.primary.pid), 'the primary was killed');
      assert.ok(result.waited);
      assert.ok(result.plain.acked > 500, `writes were acknowledged (${result.plain.acked})`);
      // exact: the drill's count and keys are the ones re-read one by one
      assert.equal(result.rpo.lostWrites, independent.size);
      assert.deepEqual(new Set(result.lostKeys), independent);
      // the lag made the un-WAITed writes of its window disappear — unless the lag outlasted
      // min-replicas-max-lag (a slow machine fills the links slowly): then the primary refused them
      // (NOREPLICAS), the guard doing its job; WAIT-confirmed ones all survive either way
      assert.ok(
        result.plain.lost > 0 || (guarded && (plan.live?.minReplicasToWrite ?? 0) > 0),
        `un-WAITed writes were lost (${result.plain.lost} of ${result.plain.acked}), or refused by the write guard`,
      );
      if (result.plain.lost > 0 && result.rpo.boundSeconds !== undefined)
        assert.ok(
          result.rpo.lostSeconds <= result.rpo.boundSeconds,
          `${result.rpo.lostSeconds} s lost, bound ${result.rpo.boundSeconds} s`,
        );
      assert.ok(result.waited.confirmed.acked > 50, `writes were WAIT confirmed (${result.waited.confirmed.acked})`);
      assert.equal(result.waited.confirmed.lost, 0);
      assert.equal(result.rpo.lostOnOldPrimaryAfterFailover, 0, 'a killed primary takes nothing after the switch');
      rtoJudged(result);
      assert.ok(
        result.events.some((e) => e.kind === '+switch-master'),
        'the switch was seen on the event stream',
      );
      assert.ok(result.keysDeleted !== undefined && result.keysDeleted > 0);
      assert.deepEqual(await drillKeys(Number(result.newPrimary?.split(':')[1])), []);
      timelineAgrees(result);
      const w = result.waited;
      measured.push(
        `| ${profile.label} (${row.replicas} replicas, WAIT ${row.wait}) | ${result.plain.lost} of ${result.plain.acked} (${result.rpo.lostSeconds.toFixed(2)} s; bound ${result.rpo.boundSeconds ?? 'none'}) | ${w.confirmed.lost} of ${w.confirmed.acked} | ${w.unconfirmed.lost} of ${w.unconfirmed.acked} | ${result.rto.measuredMs} ms (${result.rto.verdict}) | ${result.rto.predictedMs.min}–${result.rto.predictedMs.max} ms |`,
      );
    });
  }

  test('freeze: SIGSTOP of the primary, a failover, SIGCONT: the old primary comes back as a replica, nothing is left frozen', async () => {
    const g = await group();
    const report = join(tmp, 'freeze.json');
    const r = await drillCli([
      '--mode',
      'freeze',
      '--rate',
      '400',
      '--duration',
      '6',
      '--timeout',
      '500',
      '--report',
      report,
      '--yes',
      '--group',
      g.masterName,
      seedOf(g),
    ]);
    assert.ok(r.code === 0 || r.code === 1, `${r.code}: ${r.err}\n${r.out}`);
    assert.match(r.err, /failover: SIGSTOP to PID \d+/);
    assert.match(r.err, /resumed: the frozen primary runs again/);
    const result = JSON.parse(readFileSync(report, 'utf8')) as DrillResult;
    assert.ok(result.settled, r.err);
    assert.equal(processState(g.primary.pid), 'running', 'the drill thawed the primary');
    rtoJudged(result);
    const now = await sentinelPrimary(g.sentinels[0].port, g.masterName);
    assert.notEqual(now.port, g.primary.port);
    await waitFor('the thawed primary to replicate the new one', () =>
      ask(g.primary.port, async (c) => {
        const role = (await c.call('ROLE')) as unknown[];
        return role[0] === 'slave' && role[2] === now.port && role[3] === 'connected';
      }),
    );
    for (const n of [g.primary, ...g.replicas]) assert.deepEqual(await drillKeys(n.port), [], `no drill key left on ${n.port}`);
    measured.push(
      `freeze (default config): lost ${result.plain.lost} of ${result.plain.acked}; RTO ${result.rto.measuredMs} ms vs ${result.rto.predictedMs.min}–${result.rto.predictedMs.max} (${result.rto.verdict})`,
    );
  });

  test('manual: SENTINEL FAILOVER completes, every lost write is one the old primary took after the switch, the key space is deleted', async () => {
    const g = await group();
    const report = join(tmp, 'manual.json');
    const r = await drillCli([
      '--mode',
      'manual',
      '--rate',
      '400',
      '--duration',
      '6',
      '--report',
      report,
      '--yes',
      '--group',
      g.masterName,
      seedOf(g),
    ]);
    assert.ok(r.code === 0 || r.code === 1, `${r.code}: ${r.err}\n${r.out}`);
    assert.match(r.out, /Failover drill 'mymaster' \(manual\)/);
    assert.match(r.out, /RTO \(writes failing\)/);
    const result = JSON.parse(readFileSync(report, 'utf8')) as DrillResult;
    assert.ok(result.settled, r.err);
    assert.equal(
      result.rpo.lostOnOldPrimaryAfterFailover,
      result.rpo.lostWrites,
      'a manual failover loses only the writes of the split window',
    );
    if (result.rpo.lostWrites > 0) assert.ok(result.notes.some((n) => n.includes('+convert-to-slave')));
    rtoJudged(result);
    timelineAgrees(result);
    manualSplit = { lost: result.rpo.lostOnOldPrimaryAfterFailover, acked: result.plain.acked };
    measured.push(
      `manual: lost ${result.plain.lost} of ${result.plain.acked}, all on the old primary after the switch: ${result.rpo.lostOnOldPrimaryAfterFailover}; RTO ${result.rto.measuredMs} ms vs ${result.rto.predictedMs.min}–${result.rto.predictedMs.max} (${result.rto.verdict})`,
    );
    const now = await sentinelPrimary(g.sentinels[0].port, g.masterName);
    assert.notEqual(now.port, g.primary.port, 'the primary changed');
    assert.ok(alive(g.primary.pid), 'a manual failover kills nothing');
    // the old primary keeps what it took after the switch until Sentinel makes it a replica of the new one
    await waitFor('the old primary to replicate the new one', () =>
      ask(g.primary.port, async (c) => {
        const role = (await c.call('ROLE')) as unknown[];
        return role[0] === 'slave' && role[2] === now.port && role[3] === 'connected';
      }),
    );
    for (const n of [g.primary, ...g.replicas]) assert.deepEqual(await drillKeys(n.port), [], `no drill key left on ${n.port}`);
    assert.match(r.out, new RegExp(`lost writes, no WAIT\\s+${result.plain.lost} of ${result.plain.acked}`));
  });

  test('manual with --follow-switch: writers leave the old primary at +switch-master, and lose far fewer writes to it', async () => {
    assert.ok(manualSplit, 'the manual drill ran first');
    const g = await group();
    const r = await drillCli([
      '--mode',
      'manual',
      '--follow-switch',
      '--rate',
      '400',
      '--duration',
      '6',
      '--format',
      'json',
      '--yes',
      '--group',
      g.masterName,
      seedOf(g),
    ]);
    const result = JSON.parse(r.out) as DrillResult;
    assert.ok(result.settled, r.err);
    assert.ok(result.events.some((e) => e.kind === '+switch-master'));
    // the old primary takes writes from the promotion until the switch is announced, not until it is
    // made a replica: a quarter of what the writers that wait for an error leave there, at most
    const share = (x: { lost: number; acked: number }) => x.lost / x.acked;
    const followed = { lost: result.rpo.lostOnOldPrimaryAfterFailover, acked: result.plain.acked };
    assert.ok(share(followed) < share(manualSplit) / 4, `${JSON.stringify(followed)} vs ${JSON.stringify(manualSplit)}`);
    rtoJudged(result);
    assert.deepEqual(await drillKeys(Number(result.newPrimary?.split(':')[1])), []);
    measured.push(
      `manual, --follow-switch: lost ${result.plain.lost} of ${result.plain.acked} (on the old primary after the failover: ${followed.lost}), against ${manualSplit.lost} of ${manualSplit.acked} without; RTO ${result.rto.measuredMs} ms (${result.rto.verdict})`,
    );
  });
});
