/**
 * The opt-in heartbeat key (health/heartbeat.ts): the commands it sends
 * through a recording Send (SET on a primary, GET on a replica, nothing
 * elsewhere), the bounded memory of write times, refusals turned into
 * `heartbeat-failed` (MOVED quiet), the lag arithmetic, and the findings
 * through assessNode — quiet at the thresholds, firing past them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assessNode } from '../../health/assess';
import { HEARTBEAT_WRITES, heartbeat, heartbeatLag, normalizeHeartbeatKey, type HeartbeatFacts } from '../../health/heartbeat';
import type { Command, Send } from '../../health/link';
import type { NodeFacts } from '../../health/probe';
import { parseInfo } from '../../health/replies';
import { DEFAULT_THRESHOLDS } from '../../health/settings';

const T = { ...DEFAULT_THRESHOLDS };

function recording(answer: (c: Command) => unknown): { send: Send; sent: Command[] } {
  const sent: Command[] = [];
  return {
    sent,
    send: async (cmds) => {
      for (const c of cmds) sent.push(c);
      return cmds.map(answer);
    },
  };
}

const info = (role: string) => parseInfo(`role:${role}\r\n`);

describe('the commands', () => {
  test('a primary gets SET with the time and an expiry; its write times are kept, at most HEARTBEAT_WRITES', async () => {
    const { send, sent } = recording(() => 'OK');
    const mem: { heartbeatWrites?: number[] } = {};
    let clock = 1000;
    let last: HeartbeatFacts | undefined;
    for (let i = 0; i < 100; i++) last = await heartbeat(send, 'hb', info('master'), mem, () => (clock += 5000));
    assert.deepEqual(sent[0], ['SET', 'hb', '6000', 'EX', '3600']);
    assert.equal(mem.heartbeatWrites?.length, HEARTBEAT_WRITES);
    assert.equal(last?.writes?.at(-1), clock);
    assert.notEqual(last?.writes, mem.heartbeatWrites, 'the facts hold a copy');
  });

  test('a replica gets GET; a missing or odd value reads as null; a Sentinel or unknown role gets nothing', async () => {
    const values: unknown[] = ['123456', null, 'not a time', 'x'.repeat(10_000)];
    for (const [i, v] of values.entries()) {
      const { send, sent } = recording(() => v);
      const f = await heartbeat(send, 'hb', info('slave'), {}, () => 42);
      assert.deepEqual(sent, [['GET', 'hb']]);
      assert.deepEqual(f, { read: i === 0 ? 123456 : null, readAt: 42 });
    }
    const { send, sent } = recording(() => 'OK');
    assert.equal(await heartbeat(send, 'hb', parseInfo('redis_mode:sentinel\r\n'), {}, () => 1), undefined);
    assert.deepEqual(sent, []);
  });

  test('refusals: NOPERM explained, OOM passed on, MOVED (another shard owns the key) quiet', async () => {
    const refused = (message: string, role = 'master') =>
      heartbeat(recording(() => new Error(message)).send, 'hb', info(role), {}, () => 1);
    const noperm = await refused("NOPERM User mon has no permissions to run the 'set' command");
    assert.match(
      noperm!.error!,
      /SET of the heartbeat key refused \(the heartbeat needs SET on the key for the monitor's ACL user\): NOPERM/,
    );
    assert.match((await refused('NOPERM no', 'slave'))!.error!, /^GET of the heartbeat key refused \(the heartbeat needs GET/);
    assert.match((await refused("OOM command not allowed when used memory > 'maxmemory'."))!.error!, /: OOM command not allowed/);
    assert.equal(await refused('MOVED 1234 127.0.0.1:7001'), undefined);
  });

  test('key names: 1 to 256 characters, no control characters', () => {
    assert.equal(normalizeHeartbeatKey('redis-ha:heartbeat'), 'redis-ha:heartbeat');
    for (const bad of ['', 'a\nb', 'x'.repeat(257), 42, undefined, null]) assert.equal(normalizeHeartbeatKey(bad), undefined, String(bad));
  });
});

describe('the lag', () => {
  const writes = [1000, 6000, 11_000];
  test('caught up: 0; behind: since the first write it lacks; older than all writes or none: a lower bound', () => {
    assert.deepEqual(heartbeatLag(11_000, 11_020, writes), { seconds: 0, atLeast: false });
    assert.deepEqual(heartbeatLag(6000, 9000, writes), { seconds: 0, atLeast: false }, 'the 11 000 write came after the read');
    assert.deepEqual(heartbeatLag(1000, 13_000, writes), { seconds: 7, atLeast: false });
    assert.deepEqual(heartbeatLag(500, 13_000, writes), { seconds: 12, atLeast: true });
    assert.deepEqual(heartbeatLag(null, 13_000, writes), { seconds: 12, atLeast: true });
    assert.equal(heartbeatLag(null, 500, writes), undefined, 'no write before the read');
  });

  function pair(read: number | null, readAt: number, primaryHeartbeat: HeartbeatFacts) {
    const primary: NodeFacts = {
      address: '127.0.0.1:1',
      host: '127.0.0.1',
      port: 1,
      ok: true,
      at: 0,
      mode: 'standalone',
      info: parseInfo(
        'role:master\r\nmaster_repl_offset:100\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=2,state=online,offset=100,lag=0\r\n',
      ),
      heartbeat: primaryHeartbeat,
    };
    const replica: NodeFacts = {
      address: '127.0.0.1:2',
      host: '127.0.0.1',
      port: 2,
      ok: true,
      at: 0,
      mode: 'standalone',
      info: parseInfo(
        'role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:1\r\nmaster_link_status:up\r\nmaster_last_io_seconds_ago:1\r\nslave_repl_offset:100\r\n',
      ),
      heartbeat: { read, readAt },
    };
    return { primary, replica };
  }
  const codesOf = (read: number | null, readAt: number, h: HeartbeatFacts = { writes }) => {
    const { primary, replica } = pair(read, readAt, h);
    const st = assessNode(replica.address, replica, { connection: 'c', thresholds: T, upstream: primary });
    return { codes: st.problems.map((p) => `${p.code}:${p.level}`), st };
  };

  test('replica-heartbeat-lag: quiet at the warning threshold, a warning past it, an error past the error threshold', () => {
    assert.deepEqual(codesOf(1000, 6000 + T.replicaLagSecondsWarning * 1000).codes, []);
    assert.deepEqual(codesOf(1000, 6000 + T.replicaLagSecondsWarning * 1000 + 100).codes, ['replica-heartbeat-lag:warning']);
    const { codes, st } = codesOf(null, 1000 + T.replicaLagSecondsError * 1000 + 100);
    assert.deepEqual(codes, ['replica-heartbeat-lag:error']);
    assert.match(st.problems[0].message, /^at least 30\.1 s behind 127\.0\.0\.1:1 by the heartbeat key: it has no heartbeat at all/);
    assert.equal(st.replication?.heartbeatLagSeconds, 30.1);
    assert.equal(codesOf(11_000, 11_050).st.replication?.heartbeatLagSeconds, 0);
  });

  test('heartbeat-failed on the node whose command was refused; nothing without a heartbeat at all', () => {
    const { primary, replica } = pair(null, 0, { error: 'SET of the heartbeat key refused: NOPERM' });
    const p = assessNode(primary.address, primary, { connection: 'c', thresholds: T });
    assert.deepEqual(
      p.problems.map((x) => x.code),
      ['heartbeat-failed'],
    );
    assert.deepEqual(
      assessNode(replica.address, replica, { connection: 'c', thresholds: T, upstream: primary }).problems,
      [],
      'the replica is not blamed for its primary',
    );
    replica.heartbeat = { error: 'GET of the heartbeat key refused: NOPERM' };
    assert.deepEqual(
      assessNode(replica.address, replica, { connection: 'c', thresholds: T }).problems.map((x) => x.code),
      ['heartbeat-failed'],
    );
    delete replica.heartbeat;
    assert.deepEqual(assessNode(replica.address, replica, { connection: 'c', thresholds: T, upstream: primary }).problems, []);
  });
});
