/**
 * The layering of the live health code: `health/` (Redis access and the
 * model) is shared by the editor and the CLI, so it must never import
 * `vscode` nor anything from `client/`; the CLI must not reach into `client/`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');

function imports(dir: string): Array<{ file: string; from: string }> {
  const out: Array<{ file: string; from: string }> = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    if (!name.endsWith('.ts')) continue;
    const text = readFileSync(join(ROOT, dir, name), 'utf8');
    for (const m of text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)) out.push({ file: `${dir}/${name}`, from: m[1] });
  }
  return out;
}

test('health/ imports neither vscode nor client/', () => {
  const all = imports('health');
  assert.ok(all.length > 10, 'the folder was read');
  assert.deepEqual(all.filter((i) => i.from === 'vscode' || i.from.startsWith('vscode/') || /(^|\/)client\//.test(i.from)), []);
});

test('cli/ does not import client/', () => {
  assert.deepEqual(imports('cli').filter((i) => /(^|\/)client\//.test(i.from) || i.from === 'vscode'), []);
});
