/**
 * Differential tests against every real binary we have: for each oracle of
 * support/oracles.ts found on this machine, thousands of generated
 * redis.conf / sentinel.conf files of its version (every directive with the
 * edge cases of its type, the tokenizer, the own-setter forms, rename-command
 * and ACL rules over its real command table, Sentinel, the ground-truth
 * probes, its stock files) are judged by the binary and by our language
 * service (`check`, as the editor and the CLI run it, targeting the oracle's
 * version). Our verdict (any error) must equal the binary's, and our first
 * error must be on the line it names — or, for settings a server keeps for
 * modules and refuses after loading (Redis 8, Valkey), name the same settings.
 *
 * Differences that come from how a binary was built rather than from the
 * version (no TLS, no bundled jemalloc, a patch release older than the table)
 * are reported with the reason (support/compare.ts buildDifference).
 *
 * What is left out, and why, is said where it is decided (generators/*,
 * support/judge.ts, support/compare.ts cannotRunHere).
 *
 * Environment:
 *   REDIS_HA_DIFF_JOBS      servers at once (default 4)
 *   REDIS_HA_ORACLE_SAMPLE  judge every Nth case only (1 = the whole sweep; default 1)
 *   REDIS_HA_ORACLE_ONLY    comma-separated oracle ids to run
 *   REDIS_HA_RECORD=1       write what each binary said to test/fixtures/oracles/<id>.json.gz
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Case, GenContext } from './support/cases';
import { readRealCommands } from './support/commands';
import { cannotRunHere, compare, summarize, type Result } from './support/compare';
import { freePort, JudgePool } from './support/judge';
import { ORACLES, isRunnable, locate, type RunnableOracle } from './support/oracles';
import { CATEGORIES, toRecorded, writeRecording } from './support/sweep';

const jobs = Math.max(1, Number(process.env.REDIS_HA_DIFF_JOBS ?? 4));
const sample = Math.max(1, Number(process.env.REDIS_HA_ORACLE_SAMPLE ?? 1));
const only = (process.env.REDIS_HA_ORACLE_ONLY ?? '').split(',').filter(Boolean);
const record = process.env.REDIS_HA_RECORD === '1';

const pool = new JudgePool(jobs);
after(() => pool.close());

const located = ORACLES.filter((o) => !only.length || only.includes(o.id)).map((o) => ({ o, where: locate(o) }));

for (const { o, where } of located) {
  const skip = isRunnable(where) ? false : where.missing;
  describe(`differential: ${o.id} (${o.version})`, { skip }, () => {
    const oracle = where as RunnableOracle;
    let results: Promise<Result[]> | undefined;
    const skipped: Array<{ c: Case; why: string }> = [];
    let started = 0;

    const run = () =>
      (results ??= (async () => {
        started = Date.now();
        const real = await readRealCommands(oracle.server);
        const closedPorts = [await freePort(), await freePort(), await freePort(), await freePort()];
        const ctx: GenContext = {
          version: o.version,
          reports: o.provenance.reports,
          closedPorts,
          commands: real.commands,
          aclCategories: real.aclCategories,
          config: real.config,
        };
        const cases: Case[] = [];
        for (const cat of CATEGORIES) {
          const all = cat.generate(ctx);
          // a sample keeps the first and every Nth case of each category, and every stock file
          for (let i = 0; i < all.length; i++) {
            const c = all[i];
            if (sample > 1 && cat.name !== 'stock' && i % sample !== 0) continue;
            const why = cannotRunHere(c);
            if (why) skipped.push({ c, why });
            else cases.push(c);
          }
        }
        const out = await Promise.all(cases.map(async (c) => compare(c, await pool.judge({ ...c, oracle }), oracle)));
        if (record && sample === 1) {
          writeRecording({
            oracle: { id: o.id, version: o.version, provenance: o.provenance, build: o.build, older: o.older },
            recordedAt: new Date().toISOString().slice(0, 10),
            cases: out.map((r) => ({ ...r.case, real: toRecorded(r.real) })),
          });
        }
        return out;
      })());

    for (const cat of CATEGORIES) {
      test(`${cat.name}: ${cat.title}`, async (t) => {
        const rs = (await run()).filter((r) => r.case.category === cat.name);
        if (cat.name === 'stock' && rs.length === 0) {
          t.skip(`no stock file of ${o.id} in test/fixtures/stock`);
          return;
        }
        assert.ok(rs.length > 0, 'the generator produced no case');
        const pending = rs.filter((r) => r.outcome === 'pending-catalog');
        if (pending.length)
          t.diagnostic(
            `${pending.length} case(s) pending the catalog's command table, e.g. ${pending
              .slice(0, 3)
              .map((r) => r.case.id)
              .join('; ')}`,
          );
        const expected = rs.filter((r) => r.outcome === 'expected-difference');
        const reasons = new Map<string, number>();
        for (const r of expected) reasons.set(r.detail ?? '', (reasons.get(r.detail ?? '') ?? 0) + 1);
        for (const [why, n] of reasons) t.diagnostic(`${n} expected difference(s): ${why}`);
        const bad = rs.filter((r) => r.outcome === 'disagreed');
        assert.equal(
          bad.length,
          0,
          `${bad.length} of ${rs.length} cases disagree with ${o.id}:\n${bad
            .slice(0, 30)
            .map((r) => `  ${r.case.id}: ${r.detail}`)
            .join('\n')}${bad.length > 30 ? `\n  … and ${bad.length - 30} more` : ''}`,
        );
      });
    }

    test('summary', async (t) => {
      const all = await run();
      for (const l of summarize(all, Date.now() - started, `${o.id} (${o.provenance.repo} @ ${o.provenance.commit.slice(0, 12)})`).split(
        '\n',
      ))
        t.diagnostic(l);
      const byWhy = new Map<string, number>();
      for (const s of skipped) byWhy.set(s.why, (byWhy.get(s.why) ?? 0) + 1);
      for (const [why, n] of byWhy) t.diagnostic(`left out on this machine: ${n} case(s): ${why}`);
      if (sample > 1) t.diagnostic(`a sample: every ${sample}th case (REDIS_HA_ORACLE_SAMPLE); npm run test:oracles judges them all`);
      assert.ok(all.length > (sample > 1 ? 100 : 1000), `expected thousands of cases, ran ${all.length}`);
    });
  });
}
