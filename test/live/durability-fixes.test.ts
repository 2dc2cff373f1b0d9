/**
 * The oracle for the durability features: every rule fixture, and every file a
 * quick fix produces from it, still loads in the real redis-server 7.0.15 (or
 * redis-sentinel). Hosts are rewritten to 127.0.0.1 and ports to closed local
 * ones before any process starts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { quickFixes } from '../../server/service/codeActions';
import { analyzeFile, analyzeText, applyAll, factsOfFiles, localize, read, ruleFixtures, uriOf } from '../support/durability';
import { judgeConfig, missingBinaries } from '../support/redis';
import { ORACLES, isRunnable, locate } from '../differential/support/oracles';

const skip = missingBinaries();

/**
 * The redis-server that judges a fixture: Debian's 7.0.15, or for a fixture
 * written for a later version (`# redis-ha: target=8.8`), an oracle binary of
 * that version when one is here (../shared/oracles, .cache/oracles).
 */
function judgeFor(text: string): { server?: string; skip?: string } {
  const target = /^#\s*redis-ha:\s*target=(\S+)/m.exec(text)?.[1];
  if (!target || target === '7.0') return {};
  for (const o of ORACLES.filter((x) => x.version === target)) {
    const r = locate(o);
    if (isRunnable(r)) return { server: r.server };
  }
  return { skip: `no redis-server ${target} here (test/differential/support/oracles.ts says where one is looked for)` };
}

describe('rule fixtures and their quick fixes load in redis-server 7.0.15 (or the version a fixture targets)', { skip }, () => {
  for (const f of ruleFixtures()) {
    const sentinel = f.language === 'sentinel-conf';
    const workspace = f.others.length ? factsOfFiles(f.others) : undefined;
    const fire = read(f.fire);
    const judge = judgeFor(fire);
    test(`${f.code}: the firing fixture loads, and so does every fix of it`, { skip: judge.skip }, async () => {
      const opts = { sentinel, server: judge.server };
      const v = await judgeConfig(await localize(fire), opts);
      assert.equal(v.verdict, 'accepted', `${f.fire}: ${v.message}`);
      const ok = await judgeConfig(await localize(read(f.ok)), opts);
      assert.equal(ok.verdict, 'accepted', `${f.ok}: ${ok.message}`);
      const a = analyzeFile(f.fire, { workspace });
      const d = a.diagnostics.find((x) => x.code === f.code)!;
      for (const fix of quickFixes(a, d)) {
        const uri = uriOf(f.fire);
        const fixed = applyAll({ [uri]: fire }, fix.edit)[uri];
        assert.ok(!analyzeText(fixed, { path: f.fire, workspace }).diagnostics.some((x) => x.code === f.code), fix.title);
        const r = await judgeConfig(await localize(fixed), opts);
        assert.equal(r.verdict, 'accepted', `after "${fix.title}": ${r.message}\n${fixed}`);
      }
    });
  }
});

describe("quick fixes of the validator's diagnostics give files redis-server loads", { skip }, () => {
  const cases: Array<{ code: string; text: string; sentinel?: boolean }> = [
    { code: 'inline-comment', text: 'appendonly yes\nsave ""          # Optional: disable RDB if AOF-always is sufficient\n' },
    { code: 'unknown-directive', text: 'maxmemroy 100mb\n' },
    {
      code: 'overridden',
      text: 'client-output-buffer-limit normal 0 0 0 replica 256mb 64mb 60\nclient-output-buffer-limit replica 512mb 128mb 60\n',
    },
    { code: 'sentinel-hostname-unresolved', text: 'sentinel monitor mymaster localhost 6390 2\n', sentinel: true },
  ];
  for (const c of cases) {
    test(`${c.code}: refused or flagged before, fixed after`, async () => {
      const path = c.sentinel ? '/etc/redis/sentinel.conf' : '/etc/redis/redis.conf';
      const a = analyzeText(c.text, { path, version: '7.0' });
      const d = a.diagnostics.find((x) => x.code === c.code)!;
      const before = await judgeConfig(await localizeKeepingHost(c.text), { sentinel: c.sentinel });
      if (d.severity === 1) assert.equal(before.verdict, 'rejected', 'redis-server agrees it is fatal');
      const [fix] = quickFixes(a, d);
      const fixed = applyAll({ [uriOf(path)]: c.text }, fix.edit)[uriOf(path)];
      assert.ok(!analyzeText(fixed, { path, version: '7.0' }).diagnostics.some((x) => x.code === c.code));
      const r = await judgeConfig(await localizeKeepingHost(fixed), { sentinel: c.sentinel });
      assert.equal(r.verdict, 'accepted', `${fixed}: ${r.message}`);
    });
  }
});

describe('an include cycle', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-cycle-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  test('crashes redis-server, and is our error', async () => {
    const a = join(dir, 'a.conf'),
      b = join(dir, 'b.conf');
    writeFileSync(a, `include ${b}\n`);
    writeFileSync(b, `include ${a}\n`);
    const text = `include ${a}\n`;
    const { nodeFileHost } = await import('../../server/nodeHost');
    const ours = analyzeText(text, { path: join(dir, 'redis.conf'), version: '7.0', host: nodeFileHost });
    assert.deepEqual(
      ours.diagnostics.filter((d) => d.severity === 1).map((d) => d.code),
      ['include-cycle'],
    );
    const real = await judgeConfig(text, { timeoutMs: 20_000 });
    assert.equal(real.verdict, 'rejected');
  });
});

/** localize(), except a hostname the test needs (localhost) stays: only the port is made a closed one. */
async function localizeKeepingHost(text: string): Promise<string> {
  const m = /^(\s*sentinel\s+monitor\s+\S+\s+)(\S+)(\s+)\d+/m.exec(text);
  if (m?.[2] !== 'localhost') return localize(text);
  const l = await localize(text);
  return l.replace(/^(\s*sentinel\s+monitor\s+\S+\s+)127\.0\.0\.1(\s+\d+)/m, '$1localhost$2');
}
