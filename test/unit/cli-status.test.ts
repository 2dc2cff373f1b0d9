/**
 * `redis-ha status` before it connects anywhere: which usage error each bad
 * option gives (and which comes first), and the connections the seeds become
 * with --user, the TLS options and REDISCLI_AUTH. Refreshing real nodes is the
 * live level's (test/live/health-*.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CliIO } from '../../cli/io';
import { main } from '../../cli/main';
import { specsFromSeeds, thresholdOptions } from '../../cli/status';

const dir = mkdtempSync(join(tmpdir(), 'redis-ha-status-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function usage(...args: string[]): Promise<string> {
  let err = '';
  let out = '';
  const cli: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, interrupted: new Promise(() => undefined) };
  assert.equal(await main(['status', ...args], cli), 3, args.join(' '));
  assert.equal(out, '');
  assert.match(err, /\n\nusage: redis-ha status/);
  return err.slice(0, err.indexOf('\n'));
}

describe('redis-ha status: each usage error says what is wrong', () => {
  const seed = '127.0.0.1:1';
  test('format, watch, timeout, seeds', async () => {
    assert.equal(await usage('--format', 'xml', seed), "redis-ha status: --format must be text, json, openmetrics, nagios, not 'xml'");
    assert.match(await usage('--watch', '0', seed), /--watch needs a number of seconds greater than 0, not '0'/);
    assert.match(await usage('--watch', 'often', seed), /not 'often'/);
    assert.match(await usage('--timeout', '49', seed), /--timeout needs milliseconds from 50 to 600000, not '49'/);
    assert.match(await usage('--timeout', '600001', seed), /not '600001'/);
    assert.equal(await usage(), 'redis-ha status: no SEED given');
  });
  test('--allow, --config and the TLS files', async () => {
    assert.match(await usage('--allow', '10.0.0.0/99', seed), /^redis-ha status: --allow: /);
    assert.match(await usage('--config', join(dir, 'missing.conf'), seed), /cannot read --config .*missing\.conf/);
    assert.match(await usage('--cert', join(dir, 'c.pem'), seed), /--cert needs --key/);
    assert.match(await usage('--key', join(dir, 'k.pem'), seed), /--key needs --cert/);
    assert.match(await usage('--ca', join(dir, 'missing-ca.pem'), seed), /cannot read --ca .*missing-ca\.pem/);
  });
  test('the first problem in the order the options are checked is the one reported', async () => {
    assert.match(await usage('--watch', '0', '--format', 'xml', seed), /--format must be/);
    assert.match(await usage('--timeout', '1', '--watch', '0', seed), /--watch needs/);
    assert.match(await usage('--timeout', '1'), /--timeout needs/, 'before the missing seed');
    assert.match(await usage('--config', join(dir, 'missing.conf'), 'ftp://h:1'), /cannot read --config/, 'files before seeds');
  });
  test('--threshold: a known name and a number within its bounds', async () => {
    assert.match(
      await usage('--threshold', 'holdDownLinkDown=30', seed),
      /^redis-ha status: --threshold: unknown threshold 'holdDownLinkDown' \(known: slowReplyMs, /,
    );
    assert.equal(
      await usage('--threshold', 'holdDownLinkDownSeconds=-5', seed),
      "redis-ha status: --threshold holdDownLinkDownSeconds needs a number from 0 to 86400, not '-5'",
    );
    assert.match(await usage('--threshold', 'holdDownPfailSeconds=90000', seed), /from 0 to 86400, not '90000'/);
    assert.match(await usage('--threshold', 'slowReplyMs', seed), /slowReplyMs needs a number ≥ 0, not ''/);
    assert.match(await usage('--threshold', 'slowReplyMs=soon', seed), /not 'soon'/);
    assert.match(await usage('--threshold', 'constructor=1', seed), /unknown threshold 'constructor'/);
    // the quiet case: valid ones become the monitor's thresholds, only those given
    assert.deepEqual(thresholdOptions(['holdDownLinkDownSeconds=30', 'replicaLagSecondsError = 60', 'holdDownPfailSeconds=0']), {
      holdDownLinkDownSeconds: 30,
      replicaLagSecondsError: 60,
      holdDownPfailSeconds: 0,
    });
  });
  test('a readable --config passes, and the first bad seed is then reported', async () => {
    const conf = join(dir, 'redis.conf');
    writeFileSync(conf, 'port 6379\n');
    assert.match(await usage('--config', conf, seed, 'ftp://h:1'), /unknown scheme 'ftp:\/\/'/);
  });
});

describe('redis-ha status: seeds to connections', () => {
  test('--user and REDISCLI_AUTH fill only what a seed leaves out', () => {
    const [named, bare] = specsFromSeeds(['redis://alice:pw@127.0.0.1:6379', '127.0.0.1:6380'], { user: 'ops', password: 'env' });
    assert.deepEqual([named.username, named.password], ['alice', 'pw']);
    assert.deepEqual([bare.username, bare.password], ['ops', 'env']);
    const [none] = specsFromSeeds(['127.0.0.1:6380'], {});
    assert.deepEqual([none.username, none.password, none.tls], [undefined, undefined, undefined]);
  });
  test("TLS options join a seed's own TLS; the same seed twice gets a numbered id", () => {
    const [a, b, c] = specsFromSeeds(['rediss://127.0.0.1:6379', '127.0.0.1:6379', '127.0.0.1:6379'], { tls: { ca: '/ca.pem' } });
    assert.deepEqual([a.tls, b.tls], [{ ca: '/ca.pem' }, { ca: '/ca.pem' }]);
    assert.deepEqual([a.id, b.id, c.id], ['rediss://127.0.0.1:6379', '127.0.0.1:6379', '127.0.0.1:6379 (2)']);
    assert.throws(() => specsFromSeeds(['127.0.0.1:1', 'ftp://h:1'], {}), /unknown scheme/);
  });
});
