/**
 * Differential tests: thousands of generated redis.conf / sentinel.conf files,
 * each judged by Debian's redis-server / redis-sentinel 7.0.15 and by our
 * language service (`check`, as the editor and the CLI run it). For every
 * case our verdict (any error-severity diagnostic) must equal the real one,
 * and when redis-server names a line ("Reading the configuration file, at
 * line N"), our first error in its order must be on that line.
 *
 * What is left out, and why, is said where it is decided:
 * - generators/directives.ts HOST_DEPENDENT / HOST_LIMITS: files, directories,
 *   modules, sockets, certificates of the host, and values whose effect is
 *   bounded by the host's memory or file limits (databases, maxclients);
 * - generators/probes.ts HOST_PROBES: probes about missing files;
 * - generators/tokenizer.ts: bytes that are not UTF-8;
 * - generators/sentinel.ts: scripts that are missing or not executable;
 * - support/judge.ts: what the harness appends after each file, and why it
 *   cannot change the verdict of the file's own lines;
 * - support/compare.ts cannotRunHere: bind words that need name resolution,
 *   on machines without network namespaces.
 * Cases about real commands and ACL categories that our catalog's command
 * table lacks are run and reported as "pending the catalog", not asserted;
 * they are asserted as soon as the generated catalog knows those names.
 *
 * REDIS_HA_DIFF_JOBS sets how many servers run at once (default 4).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { missingBinaries } from '../support/redis';
import { aclCases } from './generators/acl';
import { configGetCases, directiveCases, otherVersionCases } from './generators/directives';
import { probeCases } from './generators/probes';
import { relationCases } from './generators/relations';
import { sentinelCases } from './generators/sentinel';
import { specialCases } from './generators/special';
import { tokenizerCases } from './generators/tokenizer';
import type { Case, Category, GenContext } from './support/cases';
import { readRealCommands } from './support/commands';
import { cannotRunHere, compare, summarize, type Result } from './support/compare';
import { freePort, JudgePool } from './support/judge';

const CATEGORIES: Array<{ name: Category; title: string; generate: (ctx: GenContext) => Case[] }> = [
  { name: 'directives', title: 'every directive of the 7.0 catalog: values, bounds, units, argument counts, quoting, name case', generate: directiveCases },
  { name: 'config-get', title: 'every setting of the real server with the default CONFIG GET * prints', generate: configGetCases },
  { name: 'other-versions', title: 'names other versions know and 7.0 refuses', generate: otherVersionCases },
  { name: 'tokenizer', title: 'tokenizer edge cases', generate: tokenizerCases },
  { name: 'special-forms', title: 'save, bind, client-output-buffer-limit, replicaof and the other own-setter forms', generate: specialCases },
  { name: 'commands', title: 'rename-command and ACL rules over the real command table', generate: aclCases },
  { name: 'relations', title: 'lines judged together', generate: relationCases },
  { name: 'sentinel', title: 'sentinel.conf judged by redis-sentinel', generate: sentinelCases },
  { name: 'probes', title: 'the 141 ground-truth probes, judged again', generate: probeCases },
];

const missing = missingBinaries();
const jobs = Math.max(1, Number(process.env.REDIS_HA_DIFF_JOBS ?? 4));

describe('differential: our verdicts against redis-server 7.0.15', { skip: missing }, () => {
  const pool = new JudgePool(jobs);
  const byCategory = new Map<Category, Promise<Result[]>>();
  const skipped: Array<{ c: Case; why: string }> = [];
  let started = 0;

  before(async () => {
    started = Date.now();
    const real = await readRealCommands();
    // ports nothing listens on: replicaof and sentinel monitor point there
    const closedPorts = [await freePort(), await freePort(), await freePort(), await freePort()];
    const ctx: GenContext = { closedPorts, commands: real.commands, aclCategories: real.aclCategories, config: real.config };
    // every case is queued at once; the pool runs `jobs` servers at a time, in order
    for (const cat of CATEGORIES) {
      const cases = cat.generate(ctx).filter((c) => {
        const why = cannotRunHere(c);
        if (why) skipped.push({ c, why });
        return !why;
      });
      byCategory.set(cat.name, Promise.all(cases.map(async (c) => compare(c, await pool.judge(c)))));
    }
    // a rejected category must not leave the others unobserved
    for (const p of byCategory.values()) p.catch(() => undefined);
  });

  after(() => pool.close());

  for (const cat of CATEGORIES) {
    test(`${cat.name}: ${cat.title}`, async (t) => {
      const results = await byCategory.get(cat.name)!;
      assert.ok(results.length > 0, 'the generator produced no case');
      const pending = results.filter((r) => r.outcome === 'pending-catalog');
      const expected = results.filter((r) => r.outcome === 'expected-difference');
      if (pending.length) {
        const groups = new Map<string, number>();
        for (const r of pending) groups.set(r.case.group, (groups.get(r.case.group) ?? 0) + 1);
        t.diagnostic(`${pending.length} case(s) pending the catalog's command table (${[...groups].map(([g, n]) => `${g}: ${n}`).join(', ')}), e.g. ${pending.slice(0, 3).map((r) => r.case.id).join('; ')}`);
      }
      for (const r of expected) t.diagnostic(`expected difference ${r.case.id}: ${r.detail}`);
      const bad = results.filter((r) => r.outcome === 'disagreed');
      assert.equal(bad.length, 0, `${bad.length} of ${results.length} cases disagree with redis-server:\n${bad.slice(0, 40).map((r) => `  ${r.case.id}: ${r.detail}`).join('\n')}${bad.length > 40 ? `\n  … and ${bad.length - 40} more` : ''}`);
    });
  }

  test('summary', async (t) => {
    const all = (await Promise.allSettled([...byCategory.values()])).flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    for (const l of summarize(all, Date.now() - started).split('\n')) t.diagnostic(l);
    const byWhy = new Map<string, number>();
    for (const s of skipped) byWhy.set(s.why, (byWhy.get(s.why) ?? 0) + 1);
    for (const [why, n] of byWhy) t.diagnostic(`left out on this machine: ${n} case(s): ${why}`);
    assert.ok(all.length > 1000, `expected thousands of cases, ran ${all.length}`);
  });
});
