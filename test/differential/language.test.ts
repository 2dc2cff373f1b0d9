/**
 * Language by content against the real binaries (7.0.15): the Sentinel files
 * of test/fixtures/language/ saved as redis.conf start redis-sentinel (which
 * we say, checking them as sentinel.conf) and are refused by redis-server
 * (which --language redis-conf says); the mixed file is refused by
 * redis-server at the line our first error names, and loads in a Sentinel.
 * Each file is copied to a temporary directory (a Sentinel rewrites its
 * config) with every monitored address made 127.0.0.1 on a closed port.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { check, firstFatal, type Language } from '../../server/service';
import { localize } from '../support/durability';
import { judgeConfig, missingBinaries } from '../support/redis';

const FIXTURES = join(__dirname, '..', 'fixtures', 'language');

/** Our verdict as the editor gives it for a file named redis.conf, or with the language forced. */
function ours(text: string, language: Language, forced = false): { verdict: 'accepted' | 'rejected'; line?: number } {
  const a = check(text, { language, byContent: !forced, uri: 'file:///tmp/redis.conf', settings: { targetVersion: '7.0' } });
  const fatal = firstFatal(a.diagnostics);
  return fatal ? { verdict: 'rejected', line: fatal.range.start.line + 1 } : { verdict: 'accepted' };
}

describe('language by content agrees with redis-server and redis-sentinel 7.0.15', { skip: missingBinaries() }, () => {
  for (const rel of ['sentinel-named-redis/redis.conf', 'docker/redis.conf']) {
    test(`${rel}: redis-sentinel starts with it under that name, redis-server refuses it at its first sentinel line`, async () => {
      const text = await localize(readFileSync(join(FIXTURES, rel), 'utf8'));
      const sentinel = await judgeConfig(text, { sentinel: true, fileName: 'redis.conf' });
      assert.equal(sentinel.verdict, 'accepted', sentinel.output);
      assert.deepEqual(ours(text, 'redis-conf'), { verdict: 'accepted' });
      const server = await judgeConfig(text, { fileName: 'redis.conf' });
      assert.equal(server.verdict, 'rejected', server.output);
      assert.match(server.output, /sentinel directive while not in sentinel mode/);
      assert.deepEqual(ours(text, 'redis-conf', true), { verdict: 'rejected', line: server.line });
    });
  }

  test('the mixed file: redis-server refuses it at the line we say, a Sentinel starts with it', async () => {
    const text = await localize(readFileSync(join(FIXTURES, 'mixed/redis.conf'), 'utf8'));
    const server = await judgeConfig(text, { fileName: 'redis.conf' });
    assert.equal(server.verdict, 'rejected', server.output);
    assert.equal(server.line, 7);
    assert.deepEqual(ours(text, 'redis-conf'), { verdict: 'rejected', line: 7 });
    const sentinel = await judgeConfig(text, { sentinel: true, fileName: 'redis.conf' });
    assert.equal(sentinel.verdict, 'accepted', sentinel.output);
    assert.deepEqual(ours(text, 'sentinel-conf'), { verdict: 'accepted' });
  });

  test("the data node's file named sentinel.conf loads in both (a Sentinel ignores its lines), as we say", async () => {
    const text = readFileSync(join(FIXTURES, 'data-named-sentinel/sentinel.conf'), 'utf8');
    assert.equal((await judgeConfig(text, { sentinel: true })).verdict, 'accepted');
    assert.equal((await judgeConfig(text)).verdict, 'accepted');
    assert.deepEqual(ours(text, 'sentinel-conf'), { verdict: 'accepted' });
    assert.deepEqual(ours(text, 'redis-conf'), { verdict: 'accepted' });
  });
});
