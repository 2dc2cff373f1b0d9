/**
 * The recorded verdicts of every oracle (test/fixtures/oracles/*.json.gz,
 * written by `REDIS_HA_RECORD=1 npm run test:oracles`), checked against our
 * language service today: no binary is needed, so a clone without
 * ../shared/oracles (and CI, for the builds only a developer has) still proves
 * every version. Each recording carries the oracle's provenance: repository,
 * commit, the version the binary reports, and how it was built.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { VERSION_IDS } from '../../server/catalog/catalog';
import { compare, summarize } from './support/compare';
import type { RealVerdict } from './support/judge';
import { ORACLES } from './support/oracles';
import { RECORDS, readRecording } from './support/sweep';

const files = existsSync(RECORDS)
  ? readdirSync(RECORDS)
      .filter((f) => f.endsWith('.json.gz'))
      .sort()
  : [];

describe('recorded verdicts of the real binaries', () => {
  test('every catalog version has a recording, from an oracle we know', () => {
    const ids = files.map((f) => f.replace(/\.json\.gz$/, ''));
    for (const id of ids)
      assert.ok(
        ORACLES.some((o) => o.id === id),
        `${id} is an oracle of support/oracles.ts`,
      );
    const versions = new Set(ids.map((id) => ORACLES.find((o) => o.id === id)?.version));
    assert.deepEqual(
      VERSION_IDS.filter((v) => !versions.has(v)),
      [],
      'versions without a recording',
    );
  });

  for (const f of files) {
    const id = f.replace(/\.json\.gz$/, '');
    test(`${id}`, (t) => {
      const rec = readRecording(id)!;
      const oracle = ORACLES.find((o) => o.id === id);
      assert.ok(oracle, `${id} is an oracle of support/oracles.ts`);
      assert.equal(rec.oracle.version, oracle.version);
      assert.match(rec.oracle.provenance.commit, /\S/);
      const results = rec.cases.map((c) => {
        const real: RealVerdict = { ...c.real, output: [...(c.real.log ?? []), c.real.message ?? ''].join('\n') };
        return compare(c, real, oracle);
      });
      for (const l of summarize(
        results,
        0,
        `${id} as recorded on ${rec.recordedAt} (${rec.oracle.provenance.repo} @ ${rec.oracle.provenance.commit.slice(0, 12)}, reports ${rec.oracle.provenance.reports})`,
      )
        .split('\n')
        .slice(0, 2))
        t.diagnostic(l);
      const bad = results.filter((r) => r.outcome === 'disagreed');
      assert.equal(
        bad.length,
        0,
        `${bad.length} of ${results.length} recorded verdicts of ${id} disagree with ours:\n${bad
          .slice(0, 30)
          .map((r) => `  ${r.case.id}: ${r.detail}`)
          .join('\n')}`,
      );
      assert.ok(results.length > 1000, `a whole sweep was recorded (${results.length} cases)`);
    });
  }
});
