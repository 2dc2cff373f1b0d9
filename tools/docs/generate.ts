/**
 * Writes the generated parts of README.md from their one source: the table of
 * durability rules (from the rule records), and the live view's settings and
 * findings (tools/docs/health.ts). `npm run generate:docs` rewrites
 * it; `-- --check` only reports a stale README (exit 1), which is what the
 * unit tests assert too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withHealthTables } from './health';
import { withRulesTable } from './rules';

const README = join(__dirname, '..', '..', 'README.md');

function main() {
  const have = readFileSync(README, 'utf8');
  const want = withHealthTables(withRulesTable(have));
  if (have === want) return;
  if (process.argv.includes('--check')) {
    console.error('README.md is out of date: run npm run generate:docs');
    process.exit(1);
  }
  writeFileSync(README, want);
  console.log('wrote README.md');
}

if (require.main === module) main();
