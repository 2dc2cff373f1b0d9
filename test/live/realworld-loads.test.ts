/**
 * Every file of the real-world-like corpus loads in the real redis-server / redis-sentinel 7.0.15,
 * as our analysis says (no error): addresses it would connect to become closed local ports first.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText, localize } from '../support/durability';
import { ROOT } from '../support/lsp';
import { judgeConfig, missingBinaries } from '../support/redis';

const DIR = join(ROOT, 'test/fixtures/realworld');
const skip = missingBinaries();

describe('the real-world-like corpus loads in the real 7.0.15, and we say so', { skip }, () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.conf'))) {
    test(file, async () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const sentinel = /^\s*sentinel\s+monitor\s/im.test(text);
      const ours = analyzeText(text, { path: join(DIR, file), version: '7.0', language: sentinel ? 'sentinel-conf' : 'redis-conf' });
      assert.deepEqual(
        ours.diagnostics.filter((d) => d.severity === 1).map((d) => d.message),
        [],
      );
      const real = await judgeConfig(await localize(text), { sentinel });
      assert.equal(real.verdict, 'accepted', `${real.message ?? ''}\n${real.output.slice(-400)}`);
    });
  }
});
