/**
 * The README's live-view tables are generated (tools/docs/health.ts): every
 * setting the manifest declares and every finding code is documented, with its
 * default or level, and a stale README fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HEALTH_SETTINGS } from '../../client/settings';
import { FINDINGS } from '../../health/findings';
import { healthTable, withHealthTables } from '../../tools/docs/health';
import { ROOT } from '../support/lsp';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('the README tables of the live view', () => {
  test('README.md holds exactly the generated tables (npm run generate:docs)', () => {
    assert.equal(README, withHealthTables(README), 'README.md is stale: run npm run generate:docs');
  });
  test('one row per setting, with its default', () => {
    const rows = healthTable('health-settings').split('\n');
    for (const [name, s] of Object.entries(HEALTH_SETTINGS)) {
      const row = rows.find((l) => l.startsWith(`| \`redisHa.${name}\` |`));
      assert.ok(row, name);
      if (typeof s.default === 'number') assert.ok(row.includes(`\`${s.default}\``), `${name}: default`);
    }
    assert.match(rows.find((l) => l.includes('redisHa.connections'))!, /Fields: `name`, `host`, `port`/);
  });
  test('one row per finding, with its level and scope; a "|" in a summary cannot break the table', () => {
    const rows = healthTable('health-findings').split('\n');
    for (const [code, f] of Object.entries(FINDINGS)) {
      const row = rows.find((l) => l.startsWith(`| \`${code}\` |`));
      assert.ok(row, code);
      assert.ok(row.includes(` ${f.scope} `), `${code}: scope`);
      assert.equal(row.replace(/\\\|/g, '').split('|').length, 6, `${code}: four cells`);
    }
  });
  test('a README without the markers is a clear error, not a silent no-op', () => {
    assert.throws(() => withHealthTables('# no tables here\n'), /README\.md has no <!-- health-settings:begin/);
  });
});
