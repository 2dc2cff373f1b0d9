/**
 * Writes the generated editing files from their one source:
 *   syntaxes/redis-conf.tmLanguage.json, syntaxes/sentinel-conf.tmLanguage.json  (from the catalog)
 *   snippets/redis-conf.json, snippets/sentinel-conf.json                      (from profiles.ts and blocks.ts)
 * `npm run generate:editing` rewrites them; `-- --check` only reports files that are out of date
 * (exit 1), which is what the unit tests assert too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarFileText } from './grammar';
import { snippetFileText } from './snippets';

export const ROOT = join(__dirname, '..', '..');

export const GENERATED: ReadonlyArray<{ path: string; text: () => string }> = [
  { path: 'syntaxes/redis-conf.tmLanguage.json', text: () => grammarFileText('redis-conf') },
  { path: 'syntaxes/sentinel-conf.tmLanguage.json', text: () => grammarFileText('sentinel-conf') },
  { path: 'snippets/redis-conf.json', text: () => snippetFileText('redis-conf') },
  { path: 'snippets/sentinel-conf.json', text: () => snippetFileText('sentinel-conf') },
];

function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const f of GENERATED) {
    const want = f.text();
    const file = join(ROOT, f.path);
    let have = '';
    try {
      have = readFileSync(file, 'utf8');
    } catch {
      /* missing */
    }
    if (have === want) continue;
    if (check) {
      stale++;
      console.error(`${f.path} is out of date: run npm run generate:editing`);
    } else {
      writeFileSync(file, want);
      console.log(`wrote ${f.path}`);
    }
  }
  process.exit(stale ? 1 : 0);
}

if (require.main === module) main();
