/**
 * The TextMate grammars: real token scopes checked with vscode-tmgrammar-test
 * (vscode-textmate + oniguruma, the engine VS Code uses) on the fixture files in
 * test/fixtures/grammar, and the committed grammars in sync with the catalog.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { catalog } from '../../server/catalog/catalog';
import { buildGrammar, grammarFileText, wordLists } from '../../tools/editing/grammar';
import { ROOT } from '../support/lsp';

const TOOL = join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

describe('TextMate grammars', () => {
  test('scopes of the fixture files, as VS Code tokenizes them', () => {
    const r = spawnSync(process.execPath, [TOOL, '--config', 'package.json', 'test/fixtures/grammar/*.test.conf'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /redis\.test\.conf run successfuly/);
    assert.match(r.stdout, /sentinel\.test\.conf run successfuly/);
  });

  test('the committed grammars are the ones generated from the catalog (npm run generate:editing)', () => {
    for (const lang of ['redis-conf', 'sentinel-conf'] as const) {
      assert.equal(
        readFileSync(join(ROOT, 'syntaxes', `${lang}.tmLanguage.json`), 'utf8'),
        grammarFileText(lang),
        `syntaxes/${lang}.tmLanguage.json is stale`,
      );
    }
  });

  test('every directive name and alias of the catalog is matched by a directive rule', () => {
    const g = buildGrammar('redis-conf') as { repository: { directive: { patterns: Array<{ begin: string }> } } };
    const [current, legacy] = g.repository.directive.patterns.map((p) => new RegExp(p.begin.replace('(?i:', '(?:'), 'i'));
    for (const name of catalog().allNames()) {
      if (name === 'sentinel') continue;
      assert.ok(current.test(name) || legacy.test(name), name);
    }
    const w = wordLists();
    assert.ok(w.legacy.has('slaveof') && !w.legacy.has('replicaof') && w.current.has('replicaof'));
    assert.ok(w.enums.has('everysec') && w.enums.has('allkeys-lru') && !w.enums.has('yes'));
  });
});
