/**
 * The failover drill before and after it touches a group: the usage errors
 * (bounds of rate, duration, writers, WAIT), the bounded reading of Sentinel
 * replies, and the figures computed from a writer log — exact loss counts,
 * the RPO span, the RTO and its verdict, the split-brain count. The drill
 * against real groups is test/live/drill.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { main } from '../../cli/main';
import { memoryIO } from '../support/cli';
import { addressReply, fieldMap, instanceAddresses, isLoopback, shortError } from '../../health/drill/conn';
import { buildResult, resultText } from '../../health/drill/result';
import { type DrillOptions, type DrillPlan, rpoPrediction } from '../../health/drill/plan';
import type { WriterLog } from '../../health/drill/writers';

async function usage(...args: string[]): Promise<string> {
  const io = memoryIO();
  assert.equal(await main(['drill', ...args], io), 3, args.join(' '));
  assert.equal(io.out, '');
  assert.match(io.err, /\n\nusage: redis-ha drill/);
  return io.err.slice(0, io.err.indexOf('\n'));
}

const seed = 'redis-sentinel://127.0.0.1:1';

describe('redis-ha drill: usage errors, before any connection', () => {
  test('each bad option says what is wrong', async () => {
    assert.match(await usage(seed), /--mode must be manual, crash or freeze/);
    assert.match(
      await usage('--mode', 'crash', 'redis://127.0.0.1:1,127.0.0.1:2'),
      /several addresses are only accepted in a redis-sentinel/,
    );
    assert.match(
      await usage('--mode', 'crash'),
      /give one SEED: redis-sentinel:\/\/… for a Sentinel group, redis:\/\/host:port for a cluster/,
    );
    assert.match(await usage('--mode', 'crash', '--rate', '2001', seed), /--rate needs a whole number from 1 to 2000, not '2001'/);
    assert.match(await usage('--mode', 'crash', '--duration', '301', seed), /--duration needs a whole number from 2 to 300/);
    assert.match(await usage('--mode', 'crash', '--writers', '0', seed), /--writers needs a whole number from 1 to 64/);
    assert.match(await usage('--mode', 'crash', '--wait', '1', seed), /--wait needs N,TIMEOUT/);
    assert.match(await usage('--mode', 'crash', '--wait', '1,0', seed), /--wait needs N,TIMEOUT/);
    assert.match(await usage('--mode', 'manual', '--crash-cmd', 'true', seed), /--crash-cmd needs --mode crash/);
    assert.match(await usage('--mode', 'crash', '--crash-cmd', 'true', '--resume-cmd', 'true', seed), /--resume-cmd needs --mode freeze/);
    assert.match(await usage('--mode', 'freeze', '--resume-cmd', 'true', seed), /--resume-cmd needs --mode freeze, --crash-cmd/);
    assert.match(await usage('--mode', 'failover', seed), /--mode must be manual, crash or freeze/);
    assert.match(await usage('--mode', 'crash', '--format', 'xml', seed), /--format must be text or json/);
  });

  test('a password in the seed never appears in an error', async () => {
    const err = await usage('--mode', 'crash', 'redis-sentinel://:s3cretpass@127.0.0.1:99999');
    assert.match(err, /99999/, 'the error is about this seed');
    assert.doesNotMatch(err, /s3cretpass/);
  });

  test('help names the safety rules', async () => {
    const io = memoryIO();
    assert.equal(await main(['drill', '--help'], io), 0);
    assert.match(io.out, /dry run/);
    assert.match(io.out, /--yes --group G/);
    assert.match(io.out, /sh -c/);
  });
});

describe('drill: Sentinel replies are read within bounds', () => {
  test('addresses', () => {
    assert.equal(addressReply(['127.0.0.1', '6379']), '127.0.0.1:6379');
    assert.equal(addressReply(['::1', '6379']), '[::1]:6379');
    assert.equal(addressReply(['127.0.0.1', '70000']), undefined);
    assert.equal(addressReply(['bad host', '1']), undefined);
    assert.equal(addressReply(null), undefined);
    assert.equal(addressReply(['a', '1', 'extra']), undefined);
  });

  test('field maps and instance lists stop at their limits', () => {
    const long = Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v']).flat();
    assert.equal(fieldMap(long).size, 64);
    assert.equal(fieldMap(['k', 'x'.repeat(2000)]).size, 0);
    const many = Array.from({ length: 100 }, (_, i) => ['ip', '10.0.0.1', 'port', String(1000 + i)]);
    assert.equal(instanceAddresses(many).length, 32);
    assert.deepEqual(instanceAddresses('nope'), []);
  });

  test('loopback and error text', () => {
    assert.ok(isLoopback('127.0.0.1:1'));
    assert.ok(isLoopback('[::1]:1'));
    assert.ok(!isLoopback('10.0.0.1:1'));
    assert.equal(shortError(new Error(`a\r\nb${'x'.repeat(500)}`)).length, 120);
  });
});

const plan: DrillPlan = {
  id: 'abcd0123',
  kind: 'sentinel',
  rtoBasis: 'down-after-milliseconds 2000, failover-timeout 10000',
  master: 'g',
  sentinels: ['127.0.0.1:1'],
  primary: '127.0.0.1:10',
  replicas: ['127.0.0.1:11'],
  keySpace: 'redis-ha:drill:abcd0123:*',
  downAfterMs: 2000,
  failoverTimeoutMs: 10_000,
  predictedRto: { minMs: 2000, maxMs: 7000 },
  predictedRpo: 'un-WAITed writes inside the replication lag',
  commands: [],
  acl: [],
  refusals: [],
};
const o = { mode: 'crash', wait: { replicas: 1, timeoutMs: 1000 } } as DrillOptions;

function log(): WriterLog {
  // writer 0 without WAIT, writer 1 with WAIT; the failover at t=1000
  return {
    addresses: ['127.0.0.1:10', '127.0.0.1:11'],
    attempts: 9,
    acks: [
      { writer: 0, seq: 1, at: 100, node: 0 },
      { writer: 1, seq: 1, at: 150, node: 0, waited: 1 },
      { writer: 0, seq: 2, at: 900, node: 0 },
      { writer: 1, seq: 2, at: 950, node: 0, waited: 0 },
      { writer: 0, seq: 3, at: 990, node: 0 },
      { writer: 0, seq: 4, at: 4500, node: 1 },
      { writer: 1, seq: 3, at: 4600, node: 1, waited: 1 },
    ],
    failures: [
      { at: 500, sent: 500, error: 'before the failover: not counted' },
      { at: 1100, sent: 1100, error: 'connection refused' },
      { at: 1200, sent: 1200, error: 'connection refused' },
    ],
    discoveries: [
      { at: 1150, address: '127.0.0.1:10' },
      { at: 3000, address: undefined },
      { at: 4200, address: '127.0.0.1:11' },
    ],
  };
}

describe('drill: the figures from a writer log', () => {
  test('losses are counted exactly, split by WAIT; RTO and discovery from the first failure after the failover', () => {
    const r = buildResult({
      o,
      plan,
      log: log(),
      lost: [false, false, true, true, true, false, false],
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      settled: { primary: '127.0.0.1:11', at: 4000 },
      notes: [],
      deleted: 4,
      interrupted: false,
    });
    assert.deepEqual(r.plain, { acked: 4, lost: 2 });
    assert.deepEqual(r.waited, { confirmed: { acked: 2, lost: 0 }, unconfirmed: { acked: 1, lost: 1 } });
    assert.equal(r.rpo.lostWrites, 3);
    assert.equal(r.rpo.lostSeconds, 0.09);
    assert.equal(r.rpo.lostOnOldPrimaryAfterFailover, 0);
    assert.equal(r.rpo.verdict, 'within');
    assert.deepEqual(r.lostKeys, ['redis-ha:drill:abcd0123:0:2', 'redis-ha:drill:abcd0123:1:2', 'redis-ha:drill:abcd0123:0:3']);
    assert.equal(r.rto.measuredMs, 3400);
    assert.equal(r.rto.verdict, 'within');
    assert.equal(r.discoveryStaleMs, 3100);
    const text = resultText(r);
    assert.match(text, /lost writes, no WAIT\s+2 of 4/);
    assert.match(text, /lost writes, WAIT confirmed\s+0 of 2\s+0\s+within/);
    assert.match(text, /RTO \(writes failing\)\s+3\.40 s\s+2\.00 s–7\.00 s\s+within/);
  });

  test('freeze: a write that hung on the frozen primary counts from when it was sent, not from its deadline', () => {
    const l = log();
    // sent 5 ms after the SIGSTOP, failed at its 2 s deadline, before the other failures were seen
    l.failures.splice(1, 0, { at: 1005 + 2000, sent: 1005, error: 'Command timed out' });
    l.failures.sort((a, b) => a.at - b.at);
    const r = buildResult({
      o: { ...o, mode: 'freeze' },
      plan,
      log: l,
      lost: new Array(7).fill(false),
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      settled: { primary: '127.0.0.1:11', at: 4000 },
      notes: [],
      interrupted: false,
    });
    assert.equal(r.rto.measuredMs, 4500 - 1005);
    assert.equal(r.discoveryStaleMs, 4200 - 1005);
  });

  test('the write guard bounds the un-WAITed loss: within it, or worse with the setting that explains it', () => {
    const guarded = { ...plan, live: { minReplicasToWrite: 1, minReplicasMaxLag: 5, appendonly: true, appendfsync: 'everysec' } };
    const base = {
      o,
      log: log(),
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      settled: { primary: '127.0.0.1:11', at: 4000 },
      notes: [],
      interrupted: false,
    };
    const within = buildResult({ ...base, plan: guarded, lost: [false, false, true, true, true, false, false] });
    assert.equal(within.rpo.boundSeconds, 6);
    assert.equal(within.rpo.plainVerdict, 'within');
    assert.match(resultText(within), /lost writes, no WAIT\s+2 of 4\s+≤ 6 s of writes\s+within/);
    // lost writes spanning 100 ms … 9 s: more than 5 s + 1
    const l = log();
    l.acks[4].at = 9000;
    const worse = buildResult({ ...base, log: l, plan: guarded, lost: [true, false, false, false, true, false, false] });
    assert.equal(worse.rpo.plainVerdict, 'worse');
    assert.equal(worse.rpo.verdict, 'worse');
    assert.ok(worse.notes.some((n) => n.includes('more than min-replicas-max-lag 5')));
    // without a guard nothing bounds it: within, and the prediction says so
    const unguarded = { ...plan, live: { ...guarded.live, minReplicasToWrite: 0 } };
    assert.equal(
      buildResult({ ...base, log: l, plan: unguarded, lost: [true, false, false, false, true, false, false] }).rpo.verdict,
      'within',
    );
    assert.match(rpoPrediction(unguarded.live, undefined), /with no bound \(min-replicas-to-write 0/);
    assert.match(rpoPrediction(guarded.live, { replicas: 1, timeoutMs: 100 }), /^0 for writes WAIT confirmed on 1; .*at most 5 s/);
    assert.match(rpoPrediction(undefined, undefined), /CONFIG GET not allowed/);
  });

  test('--follow-switch: no write failed and writes went on on the new primary: an outage of 0, said so', () => {
    const l = log();
    l.failures = l.failures.filter((f) => f.at < 1000);
    const manualPlan = { ...plan, predictedRto: { minMs: 0, maxMs: 5000 } };
    const r = buildResult({
      o: { ...o, mode: 'manual', followSwitch: true },
      plan: manualPlan,
      log: l,
      lost: new Array(7).fill(false),
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      notes: [],
      interrupted: false,
    });
    assert.equal(r.rto.measuredMs, 0);
    assert.equal(r.rto.verdict, 'within');
    assert.match(r.rto.why ?? '', /moved to the new primary when Sentinel announced it/);
    // nothing failed and nothing moved: the writers did not see the failover
    l.acks = l.acks.filter((a) => a.node === 0);
    const none = buildResult({
      o,
      plan: manualPlan,
      log: l,
      lost: new Array(5).fill(false),
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      notes: [],
      interrupted: false,
    });
    assert.equal(none.rto.measuredMs, undefined);
    assert.match(none.rto.why ?? '', /not seen by the writers/);
  });

  test('a WAIT-confirmed write the old primary took after the failover began is lost, and the note says why WAIT did not keep it', () => {
    const l = log();
    l.acks.push({ writer: 1, seq: 9, at: 1500, node: 0, waited: 1 });
    const r = buildResult({
      o: { ...o, mode: 'manual' },
      plan,
      log: l,
      lost: [false, false, false, false, false, false, false, true],
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      settled: { primary: '127.0.0.1:11', at: 4000 },
      notes: [],
      interrupted: false,
    });
    assert.deepEqual(r.waited?.confirmed, { acked: 3, lost: 1 });
    assert.equal(r.rpo.lostOnOldPrimaryAfterFailover, 1);
    assert.equal(r.rpo.verdict, 'worse');
    assert.ok(
      r.notes.some((n) => n.startsWith('1 writes WAIT confirmed on 1 replica(s) were taken by the old primary after the failover began')),
    );
    assert.ok(!r.notes.some((n) => n.includes('the promoted replica was not one that had them')));
  });

  test('no write on a new primary: the RTO is unknown and the last error says why', () => {
    const l = log();
    l.acks = l.acks.filter((a) => a.node === 0);
    l.failures.push({ at: 5000, sent: 5000, error: 'NOREPLICAS Not enough good replicas to write.' });
    const r = buildResult({
      o,
      plan,
      log: l,
      lost: new Array(5).fill(false),
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      notes: [],
      interrupted: false,
    });
    assert.equal(r.rto.measuredMs, undefined);
    assert.match(r.rto.why ?? '', /no write succeeded on a new primary \(the last write failed with: NOREPLICAS/);
  });

  test('a WAIT-confirmed write lost is worse than predicted; a long outage is worse, with its reason', () => {
    const l = log();
    l.acks[6].at = 9000;
    l.acks[5].at = 9000;
    const r = buildResult({
      o,
      plan,
      log: l,
      lost: [false, true, false, false, false, false, false],
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      notes: [],
      interrupted: false,
    });
    assert.equal(r.rpo.verdict, 'worse');
    assert.ok(r.notes.some((n) => n.includes('WAIT confirmed')));
    assert.equal(r.rto.measuredMs, 7900);
    assert.equal(r.rto.verdict, 'worse');
    assert.match(r.rto.why ?? '', /down-after-milliseconds 2000/);
  });

  test('writes the old primary took after the failover began are named apart; none lost is quiet', () => {
    const l = log();
    l.acks[4].at = 1050;
    const r = buildResult({
      o,
      plan,
      log: l,
      lost: [false, false, false, false, true, false, false],
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      notes: [],
      interrupted: false,
    });
    assert.equal(r.rpo.lostOnOldPrimaryAfterFailover, 1);
    assert.ok(r.notes.some((n) => n.includes('+convert-to-slave')));
    const none = buildResult({
      o,
      plan,
      log: log(),
      lost: new Array(7).fill(false),
      events: [],
      startedAt: 0,
      failoverAt: 1000,
      notes: [],
      interrupted: false,
    });
    assert.equal(none.rpo.lostWrites, 0);
    assert.equal(none.rpo.lostSeconds, 0);
    assert.deepEqual(none.notes, []);
    assert.deepEqual(none.lostKeys, []);
  });

  test('without a read-back the loss is unknown, and said so', () => {
    const r = buildResult({ o, plan, log: log(), events: [], startedAt: 0, notes: [], interrupted: true });
    assert.ok(r.notes.some((n) => n.includes('unknown')));
    assert.equal(r.rto.why, 'no failover was made');
  });
});
