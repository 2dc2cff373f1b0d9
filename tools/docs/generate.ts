/**
 * Writes the generated parts of README.md from their one source: the table of
 * durability rules (from the rule records), the live view's settings and
 * findings (tools/docs/health.ts), and the editor setups of editors/ — their
 * file names from package.json, and their copy in the README
 * (tools/docs/editors.ts). `npm run generate:docs` rewrites them; `-- --check`
 * only reports a stale file (exit 1), which is what the unit tests assert too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorFiles, withEditorFiles } from './editors';
import { withHealthTables } from './health';
import { withRulesTable } from './rules';

const ROOT = join(__dirname, '..', '..');

function main() {
  const editors = editorFiles();
  const wanted = new Map(editors);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  wanted.set('README.md', withEditorFiles(withHealthTables(withRulesTable(readme)), editors));
  const stale = [...wanted].filter(([path, text]) => readFileSync(join(ROOT, path), 'utf8') !== text);
  if (!stale.length) return;
  if (process.argv.includes('--check')) {
    console.error(`out of date: ${stale.map(([p]) => p).join(', ')}: run npm run generate:docs`);
    process.exit(1);
  }
  for (const [path, text] of stale) {
    writeFileSync(join(ROOT, path), text);
    console.log(`wrote ${path}`);
  }
}

if (require.main === module) main();
