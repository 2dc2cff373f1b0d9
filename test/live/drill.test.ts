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
import { type DrillOptions, type DrillResult, drillReportHtml, FAILOVER_OVERHEAD_MS, keyOf, makePlan, runDrill } from '../../health';
import { FAILOVER_OVERHEAD_MS as MODEL_OVERHEAD_MS } from '../../server/service/durability/model';
import { memoryIO } from '../support/cli';
import { alive, missingBinaries } from '../support/redis';
import { ask, sentinelPrimary, startSentinelGroup, type SentinelGroup, waitFor } from '../support/topology';

const skip = missingBinaries();
const A = (port: number) => `127.0.0.1:${port}`;
const DOWN_AFTER = 2000;
const tmp = mkdtempSync(join(tmpdir(), 'redis-ha-drill-'));
const groups: SentinelGroup[] = [];

async function group(nodeConfig = ''): Promise<SentinelGroup> {
  const g = await startSentinelGroup({ downAfterMs: DOWN_AFTER, nodeConfig });
  groups.push(g);
  return g;
}

const seedOf = (g: SentinelGroup) => `redis-sentinel://${g.sentinels.map((s) => A(s.port)).join(',')}`;

/** Keys of the drill key space on the node at `port` (every drill's). */
async function drillKeys(port: number): Promise<string[]> {
  return ask(port, async (r) => {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', 'redis-ha:drill:*', 'COUNT', 1000);
      out.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return out;
  });
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(['drill', ...args], io);
  return { code, out: io.out, err: io.err };
}

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

describe('redis-ha drill on a Sentinel group', { skip }, () => {
  after(async () => {
    await Promise.all(groups.map((g) => g.stop()));
    rmSync(tmp, { recursive: true, force: true });
    if (measured.length) console.log(`measured:\n${measured.join('\n')}`);
  });

  test("the model's failover overhead is the one the drill predicts with", () => {
    assert.equal(FAILOVER_OVERHEAD_MS, MODEL_OVERHEAD_MS);
  });

  test('the dry run prints the plan and sends nothing; a wrong group name runs nothing', async () => {
    const g = await group();
    quiet = g;
    const seed = seedOf(g);
    const r = await cli(['--mode', 'crash', seed]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /dry run/);
    assert.ok(r.out.includes(`primary     ${A(g.primary.port)}`), r.out);
    for (const x of g.replicas) assert.ok(r.out.includes(A(x.port)));
    assert.match(r.out, /key space {3}redis-ha:drill:[0-9a-f]{8}:\*/);
    assert.match(r.out, /predicted {3}RTO 2\.0–7\.0 s \(down-after-milliseconds 2000/);
    assert.match(r.out, new RegExp(`SIGKILL to PID ${g.primary.pid}`));
    assert.match(r.out, /ACL permissions needed/);
    assert.doesNotMatch(r.out, /REFUSED/);
    const json = await cli(['--mode', 'manual', '--format', 'json', seed]);
    assert.equal(JSON.parse(json.out).plan.master, g.masterName);
    const wrong = await cli(['--mode', 'crash', '--yes', '--group', 'other', seed]);
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
    const r = await cli(['--mode', 'crash', '--yes', '--group', g.masterName, seedOf(g)]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /refused:\n {2}the primary serves \d+ ops\/s, above --max-other-ops 100/);
    assert.deepEqual(await drillKeys(g.primary.port), []);
    assert.ok(alive(g.primary.pid));
    // quiet case: the same group with a threshold above that traffic is not refused (the dry run says so)
    const plan = await cli(['--mode', 'crash', '--max-other-ops', '10000000', seedOf(g)]);
    assert.doesNotMatch(plan.out, /REFUSED/);
    const forced = await cli(['--mode', 'crash', '--force', seedOf(g)]);
    assert.equal(forced.code, 0);
    assert.doesNotMatch(forced.out, /REFUSED/);
  });

  test('crash without WAIT: the lost acknowledged writes are counted exactly', async () => {
    const g = await group();
    const o: DrillOptions = {
      sentinels: g.sentinels.map((s) => A(s.port)),
      master: g.masterName,
      auth: {},
      mode: 'crash',
      writers: 4,
      rate: 1000,
      durationS: 8,
      maxOtherOps: 100,
      force: false,
      timeoutMs: 1000,
    };
    const plan = await makePlan(o);
    assert.deepEqual(plan.refusals, []);
    let independent: { lost: Set<string>; acked: number } | undefined;
    const result = await runDrill(o, plan, {
      beforeCleanup: async ({ log, prefix, primary }) => {
        assert.ok(primary);
        const port = Number(primary.split(':')[1]);
        const lost = new Set<string>();
        // one key at a time, not the drill's batched MGET
        await ask(port, async (r) => {
          for (const a of log.acks) {
            const key = keyOf(prefix, a.writer, a.seq);
            if ((await r.get(key)) !== String(a.seq)) lost.add(key);
          }
        });
        independent = { lost, acked: log.acks.length };
      },
    });
    assert.ok(independent);
    assert.ok(result.settled, JSON.stringify(result.notes));
    assert.notEqual(result.newPrimary, A(g.primary.port));
    assert.ok(!alive(g.primary.pid), 'the primary was killed');
    assert.equal(result.writes.acked, independent.acked);
    assert.ok(result.plain.acked > 500, `writes were acknowledged (${result.plain.acked})`);
    assert.equal(result.plain.lost, independent.lost.size);
    assert.equal(result.rpo.lostWrites, independent.lost.size);
    assert.deepEqual(new Set(result.lostKeys), independent.lost);
    rtoJudged(result);
    assert.ok(
      result.events.some((e) => e.kind === '+switch-master'),
      'the switch was seen on the event stream',
    );
    assert.ok(result.keysDeleted !== undefined && result.keysDeleted > 0);
    assert.deepEqual(await drillKeys(Number(result.newPrimary?.split(':')[1])), []);
    timelineAgrees(result);
    measured.push(
      `crash, no WAIT: lost ${result.plain.lost} of ${result.plain.acked} (${result.rpo.lostSeconds} s); RTO ${result.rto.measuredMs} ms vs ${result.rto.predictedMs.min}–${result.rto.predictedMs.max} (${result.rto.verdict}); discovery stale ${result.discoveryStaleMs} ms`,
    );
  });

  test('crash with min-replicas-to-write 1 and --wait 1,1000: every write WAIT confirmed is kept', async () => {
    const g = await group('min-replicas-to-write 1');
    const report = join(tmp, 'wait.json');
    const r = await cli([
      '--mode',
      'crash',
      '--writers',
      '4',
      '--rate',
      '400',
      '--wait',
      '1,1000',
      '--duration',
      '8',
      '--format',
      'json',
      '--report',
      report,
      '--yes',
      '--group',
      g.masterName,
      seedOf(g),
    ]);
    const result = JSON.parse(r.out) as DrillResult;
    assert.deepEqual(JSON.parse(readFileSync(report, 'utf8')), result);
    assert.ok(result.settled, r.err);
    assert.ok(result.waited, 'the loss is split by WAIT');
    assert.ok(result.waited.confirmed.acked > 100, `writes were WAIT confirmed (${result.waited.confirmed.acked})`);
    assert.equal(result.waited.confirmed.lost, 0);
    assert.equal(result.rpo.verdict, 'within');
    assert.ok(result.plain.acked > 100, 'the writers without WAIT wrote too');
    rtoJudged(result);
    assert.deepEqual(await drillKeys(Number(result.newPrimary?.split(':')[1])), []);
    measured.push(
      `crash, min-replicas-to-write 1: lost ${result.plain.lost} of ${result.plain.acked} without WAIT, ${result.waited.confirmed.lost} of ${result.waited.confirmed.acked} WAIT-confirmed, ${result.waited.unconfirmed.lost} of ${result.waited.unconfirmed.acked} WAIT-short; RTO ${result.rto.measuredMs} ms vs ${result.rto.predictedMs.min}–${result.rto.predictedMs.max} (${result.rto.verdict})`,
    );
  });

  test('manual: SENTINEL FAILOVER completes, every lost write is one the old primary took after the switch, the key space is deleted', async () => {
    const g = await group();
    const report = join(tmp, 'manual.json');
    const r = await cli([
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
});
