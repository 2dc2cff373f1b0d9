/**
 * A formatted file keeps the real parser's verdict: Debian's redis-server
 * 7.0.15 loads the formatted file exactly when it loads the original, and
 * refuses both for the same reason. The files come from `safeConfig` (no
 * address, port, path, module, replication or cluster setting), and the judge
 * (test/differential/support/judge.ts) runs the server on a private unix
 * socket with port 0, so it listens on no TCP port and connects nowhere. A
 * modest number of cases: each one starts two servers.
 * Seeds and replay: see test/support/fuzz.ts.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { formatDocument } from '../../server/service/navigation';
import { JudgePool } from '../differential/support/judge';
import { safeConfig } from '../support/fuzz-configs';
import { fc, runProperty } from '../support/fuzz';
import { analyzeText, applyEdits } from '../support/navigation';
import { missingBinaries } from '../support/redis';

const FILE = 'test/live/fuzz-format-verdict.test.ts';
const missing = missingBinaries();

describe("fuzz: a formatted file keeps redis-server 7.0.15's verdict", { skip: missing }, () => {
  const pool = new JudgePool(2, 15_000);
  after(() => pool.close());
  const seen = { accepted: 0, rejected: 0 };

  test('the original and the formatted file: both load, or both are refused for the same reason', { timeout: 120_000 }, async (t) => {
    const property = fc.asyncProperty(safeConfig, async (text) => {
      const formatted = applyEdits(text, formatDocument(analyzeText(text, 'redis-conf', '7.0')));
      const [a, b] = await Promise.all([pool.judge({ text }), pool.judge({ text: formatted })]);
      assert.ok(!a.timedOut && !b.timedOut, 'the server spoke in time');
      seen[a.verdict]++;
      assert.equal(
        b.verdict,
        a.verdict,
        `verdict of the formatted file\n${JSON.stringify(text)}\n→ ${JSON.stringify(formatted)}\n${a.message} / ${b.message}`,
      );
      if (a.verdict === 'rejected') assert.equal(b.message, a.message, 'the same reason');
    });
    await runProperty(t, 'format keeps the real verdict', property, { numRuns: 150, timeMs: 12_000 }, FILE);
    t.diagnostic(`verdicts of the originals: ${seen.accepted} accepted, ${seen.rejected} refused`);
  });
});
