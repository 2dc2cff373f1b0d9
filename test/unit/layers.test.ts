/**
 * The layers of the tree, enforced: who may import vscode, Node.js, the LSP
 * connection, the service, the health model. The same checker runs over
 * test/fixtures/layers, a miniature tree that breaks every rule once, so each
 * rule is shown to fail on a violation.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { importsOf, LAYER_RULES, layerViolations } from '../support/layers';

const ROOT = join(__dirname, '..', '..');
const BAD = join(__dirname, '..', 'fixtures', 'layers');

describe('layers', () => {
  test('the project breaks no import rule', () => {
    assert.ok(importsOf(ROOT).length > 300, 'the product folders were read');
    assert.deepEqual(layerViolations(ROOT), []);
  });

  test('the bad tree breaks each rule, exactly where its comments say', () => {
    const found = layerViolations(BAD)
      .map((v) => `${v.file} ← ${v.from}: ${v.rule}`)
      .sort();
    const R = Object.fromEntries(LAYER_RULES.map((r, i) => [i, r.rule]));
    const expected = [
      `server/service/analysis.ts ← node:fs: ${R[1]}`,
      `server/service/durability/rules.ts ← ..: ${R[6]}`,
      `server/service/durability/rules.ts ← vscode-languageserver/node: ${R[2]}`,
      `server/parser/parse.ts ← ../service/analysis: ${R[4]}`,
      `server/parser/parse.ts ← ../service/analysis: ${R[5]}`,
      `server/parser/parse.ts ← path: ${R[1]}`,
      `server/catalog/catalog.ts ← ../service: ${R[3]}`,
      `server/server.ts ← ./service/durability/rules: ${R[5]}`,
      `server/server.ts ← ../health: ${R[10]}`,
      `health/probe.ts ← vscode: ${R[0]}`,
      `health/probe.ts ← ../server/service: ${R[7]}`,
      `health/drift.ts ← ../client/tree: ${R[7]}`,
      `client/tree.ts ← ../health/drift: ${R[8]}`,
      `cli/main.ts ← ../client/tree: ${R[9]}`,
      `cli/main.ts ← vscode: ${R[0]}`,
    ].sort();
    assert.deepEqual(found, expected);
    // every rule is exercised by the bad tree
    const broken = new Set(layerViolations(BAD).map((v) => v.rule));
    assert.deepEqual(
      LAYER_RULES.filter((r) => !broken.has(r.rule)).map((r) => r.rule),
      [],
    );
  });
});
