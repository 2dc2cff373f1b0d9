import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hover } from '../../server/service';
import { analyzeAt, type Lang } from '../support/cursor';

function md(marked: string, opts: { version?: string; language?: Lang } = {}): string | undefined {
  const { analysis, position } = analyzeAt(marked, opts);
  const h = hover(analysis, position);
  return h ? (h.contents as { value: string }).value : undefined;
}
function card(marked: string, opts: { version?: string; language?: Lang } = {}): string {
  const text = md(marked, opts);
  assert.ok(text, `no hover at ${JSON.stringify(marked)}`);
  return text;
}

describe('hover on directive names', () => {
  test('a full card: what, syntax, type, default, versions, runtime and the RPO/RTO consequence', () => {
    const c = card('append|fsync everysec');
    assert.match(c, /^\*\*appendfsync\*\* · Persistence \(RDB \/ AOF\)/);
    assert.match(c, /```redis-conf\nappendfsync everysec\|always\|no\n```/);
    assert.match(c, /\*\*Type:\*\* one of `everysec`, `always`, `no`/);
    assert.match(c, /\*\*Default:\*\* `everysec`/);
    assert.match(c, /\*\*Versions:\*\* Redis 6\.2–8\.8 · Valkey 7\.2–9\.1/);
    assert.match(c, /\*\*Runtime:\*\* yes — `CONFIG SET appendfsync`/);
    assert.match(c, /\*\*Durability \(RPO\):\*\*.*one second/);
    assert.match(c, /- `always` — Every write is fsynced before it is acknowledged/);
  });

  test('range, byte defaults, restart-only directives', () => {
    const port = card('po|rt 6379');
    assert.match(port, /\*\*Range:\*\* 0 – 65,535/);
    assert.match(card('repl-backlog|-size 1mb'), /\*\*Default:\*\* `1mb` \(1,048,576 bytes\)/);
    assert.match(card('daemon|ize no'), /\*\*Runtime:\*\* no — read at start/);
  });

  test('versions: the same name differs between 6.2, 7.0 and Valkey 8.0', () => {
    assert.match(card('maxmemory-cli|ents 10%', { version: '6.2' }), /Not available in Redis 6\.2, the target version/);
    assert.doesNotMatch(card('maxmemory-cli|ents 10%', { version: '7.0' }), /Not available/);
    assert.match(card('io-threads-do-|reads yes', { version: 'valkey-8.0' }), /\*\*Default:\*\* `yes`/);
    assert.match(card('io-threads-do-|reads yes', { version: '7.0' }), /\*\*Default:\*\* `no`/);
    assert.match(card('primary|auth secret', { version: 'valkey-8.0' }), /\*\*Versions:\*\* Valkey 8\.0/);
    assert.match(card('acl-pubsub-|default allchannels', { version: '6.2' }), /\*\*Default:\*\* `allchannels`/);
  });

  test('legacy names explain what they stand for', () => {
    assert.match(card('slave|of 127.0.0.1 6379'), /`slaveof` is the old name of `replicaof`/);
    assert.match(card('list-max-ziplist-|entries 512'), /the line is ignored/);
  });

  test('nothing on comments, blanks or unknown names', () => {
    assert.equal(md('# append|only yes'), undefined);
    assert.equal(md('appendonly  |  yes'), undefined);
    assert.equal(md('maxmem|roy 1gb'), undefined);
  });
});

describe('hover on values', () => {
  test('enum words and yes/no carry their consequence', () => {
    assert.match(card('appendfsync alw|ays'), /^`always` · value of \*\*appendfsync\*\*\n\n.*RPO ≈ 0/);
    assert.match(card('appendfsync every|sec'), /\(the default\)[\s\S]*about one second/);
    assert.match(card('appendonly y|es'), /Log every write to the AOF/);
    assert.match(card('maxmemory-policy no|eviction'), /writes that need memory fail/);
    assert.match(card('appendonly mayb|e'), /Not a valid value/);
  });

  test('memory values show their bytes: 1gb and 1g differ', () => {
    assert.match(card('maxmemory 1g|b'), /= 1,073,741,824 bytes \(1 GiB\)/);
    const g = card('maxmemory 1|g');
    assert.match(g, /= 1,000,000,000 bytes/);
    assert.match(g, /`g` counts powers of 1000/);
    assert.match(card('client-output-buffer-limit replica 512mb 12|8mb 60'), /`<soft-limit>`[\s\S]*134,217,728 bytes \(128 MiB\)/);
  });

  test('durations and special numbers', () => {
    assert.match(card('repl-timeout 6|0'), /= 60 seconds \(1 min\)/);
    assert.match(card('save 9|00 1'), /snapshot when at least 1 write happened within 900 seconds \(15 min\)/);
    assert.match(card('save 900 |1'), /`<changes>`/);
    assert.match(card('save "|"'), /Removes every snapshot rule/);
    assert.match(card('maxmemory |0'), /No limit/);
    assert.match(card('slowlog-log-slower-than -|1'), /slow log off/);
  });

  test('multi-argument forms and flag strings', () => {
    assert.match(card('replicaof n|o one'), /this server is a primary/);
    assert.match(card('replicaof 10.0.0.10 63|79'), /`<port>` — TCP port of the primary/);
    const events = card('notify-keyspace-events E|x');
    assert.match(events, /- `E` — keyevent channels/);
    assert.match(events, /- `x` — expirations/);
    assert.match(card('maxmemory-clients 1|0%'), /10% of maxmemory/);
  });

  test('secrets are not echoed back', () => {
    assert.match(card('requirepass s3c|ret'), /^`••••••` · value of \*\*requirepass\*\*/);
    assert.doesNotMatch(card('masterauth s3c|ret'), /s3cret/);
    assert.doesNotMatch(card('sentinel monitor m 127.0.0.1 6379 2\nsentinel auth-pass m s3c|ret', { language: 'sentinel-conf' }), /s3cret/);
  });

  test('the redis-ha option comment explains the target version', () => {
    assert.match(card('# redis-ha: ver|sion=6.2\nport 6379'), /\*\*Target version:\*\* Redis 6\.2/);
  });
});

describe('hover in sentinel.conf', () => {
  const S = { language: 'sentinel-conf' as const };
  const conf = (line: string) => `sentinel monitor mymaster 127.0.0.1 6379 2\n${line}`;

  test('the sentinel keyword and its sub-commands', () => {
    assert.match(card('senti|nel monitor mymaster 127.0.0.1 6379 2', S), /^\*\*sentinel\*\* · Sentinel[\s\S]*\*\*Sub-commands:\*\*/);
    const monitor = card('sentinel moni|tor mymaster 127.0.0.1 6379 2', S);
    assert.match(monitor, /```sentinel-conf\nsentinel monitor <master-name> <ip> <port> <quorum>\n```/);
    assert.match(monitor, /\*\*Runtime:\*\* `SENTINEL MONITOR`/);
    assert.match(monitor, /split brain/);
    assert.match(
      card(conf('sentinel down-after-mill|iseconds mymaster 5000'), S),
      /`SENTINEL SET <master-name> down-after-milliseconds …`/,
    );
    assert.match(card(conf('sentinel known-sl|ave mymaster 127.0.0.1 6380'), S), /`known-slave` is another name of `known-replica`/);
  });

  test('arguments: master names, quorum, durations', () => {
    assert.match(
      card(conf('sentinel failover-timeout my|master 60000'), S),
      /declared by `sentinel monitor` on line 1: 127\.0\.0\.1:6379, quorum 2/,
    );
    assert.match(card(conf('sentinel failover-timeout oth|er 60000'), S), /No `sentinel monitor` line in this file declares this name/);
    assert.match(card(conf('sentinel failover-timeout mymaster 600|00'), S), /= 60,000 ms \(1 min\)/);
    assert.match(card('sentinel monitor mymaster 127.0.0.1 6379 |2', S), /2 Sentinels must agree/);
  });

  test('the same sub-command exists only from 7.0 on', () => {
    assert.equal(md(conf('sentinel master-reboot-|down-after-period mymaster 0'), { ...S, version: '6.2' }), undefined);
    assert.match(card(conf('sentinel master-reboot-|down-after-period mymaster 0'), { ...S, version: '7.0' }), /Redis 7\.0–8\.8/);
  });
});
