/**
 * Control characters from a server reply never reach the terminal raw: a
 * real Sentinel monitors a master whose name (from its sentinel.conf) holds
 * ESC sequences, BEL, a C1 CSI and a right-to-left override. `status` text
 * shows them escaped (\x1b…); JSON keeps them as JSON escapes and round-trips.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli';
import { freePort, missingBinaries, startServer, type RunningServer } from '../support/redis';

const skip = missingBinaries();
const NAME = '\x1b[31mred\x07\u009b2J\u202e';
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('control characters in a Sentinel master name', { skip }, () => {
  let sentinel: RunningServer;
  before(async () => {
    // sentinel.conf takes \xHH escapes in double quotes: the bytes of NAME in UTF-8
    const escaped = [...Buffer.from(NAME, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    sentinel = await startServer({ sentinel: true, config: `sentinel monitor "${escaped}" 127.0.0.1 ${await freePort()} 1\n` });
  });
  after(() => sentinel?.stop());

  test('text: escaped, nothing raw reaches the terminal', async () => {
    const r = await runCli(['status', '--timeout', '500', `redis-sentinel://127.0.0.1:${sentinel.port}`]);
    assert.doesNotMatch(r.stdout + r.stderr, RAW_CONTROL);
    assert.ok(r.stdout.includes('group \\x1b[31mred\\x07\\u009b2J\\u202e'), r.stdout);
  });

  test('JSON: escaped by JSON itself (C1 and bidi controls too), and the value round-trips', async () => {
    const r = await runCli(['status', '--format', 'json', '--timeout', '500', `redis-sentinel://127.0.0.1:${sentinel.port}`]);
    assert.doesNotMatch(r.stdout, RAW_CONTROL);
    const json = JSON.parse(r.stdout) as { groups: Array<{ name: string }> };
    assert.equal(json.groups[0].name, NAME);
  });
});
