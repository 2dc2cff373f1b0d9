/**
 * No function of server/, client/, health/ or cli/ is longer than 80 lines
 * (tools/metrics/functionLengths.ts measures them with the TypeScript
 * compiler). The allowance lists the ones left, each at its present length:
 * it may only shrink, and an entry must go once its function is split.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { functionLengthsOf, productFunctionLengths, type FunctionLength } from '../../tools/metrics/functionLengths';

const LIMIT = 80;

/** `file name` → lines it may still have. */
const ALLOWANCE: Readonly<Record<string, number>> = {};

/** The functions over the limit that the allowance does not cover, as messages. */
function overLimit(list: readonly FunctionLength[], allowance: Readonly<Record<string, number>>): string[] {
  const allowed = (f: FunctionLength) => allowance[`${f.file} ${f.name}`];
  return list
    .filter((f) => f.lines > LIMIT && !(f.lines <= (allowed(f) ?? 0)))
    .map((f) => `${f.file}:${f.line} ${f.name}: ${f.lines} lines${allowed(f) ? ` (allowed ${allowed(f)})` : ''}`);
}

describe('function length', () => {
  const all = productFunctionLengths();

  test('every function is at most 80 lines, or in the allowance and no longer than it was', () => {
    assert.ok(all.length > 500, `${all.length} functions measured`);
    assert.deepEqual(overLimit(all, ALLOWANCE), [], 'split these into named functions of at most 80 lines');
  });

  test('every allowance still names a function over the limit (remove the entry once it is split)', () => {
    const long = new Set(all.filter((f) => f.lines > LIMIT).map((f) => `${f.file} ${f.name}`));
    assert.deepEqual(
      Object.keys(ALLOWANCE).filter((k) => !long.has(k)),
      [],
    );
  });

  test('the measure: declarations, methods, arrows by the name they are given, callbacks by their callee', () => {
    const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  x += ${i};`).join('\n');
    const text = [
      '/** a comment is not counted */',
      `export function short(): void {\n${body(3)}\n}`,
      `class Store {\n  save(): void {\n${body(81)}\n  }\n  constructor() {}\n}`,
      `const handler = (x: number) => {\n${body(4)}\n};`,
      `on('ready', () => {\n${body(5)}\n});`,
      'const table = { pick: function () { return 1; } };',
    ].join('\n');
    const got = functionLengthsOf('x.ts', text).map((f) => `${f.name}@${f.line}:${f.lines}`);
    assert.deepEqual(got, ['short@2:3', 'Store.save@6:81', 'Store.constructor@87:1', 'handler@89:4', '<callback of on>@93:5', 'pick@98:1']);
    // 81 lines fail, unless allowed at 81 or more; 80 pass
    const measured = functionLengthsOf('x.ts', text);
    assert.deepEqual(overLimit(measured, {}), ['x.ts:6 Store.save: 81 lines']);
    assert.deepEqual(overLimit(measured, { 'x.ts Store.save': 80 }), ['x.ts:6 Store.save: 81 lines (allowed 80)']);
    assert.deepEqual(overLimit(measured, { 'x.ts Store.save': 81 }), []);
    assert.deepEqual(overLimit(functionLengthsOf('y.ts', `function f() {\n${body(80)}\n}`), {}), []);
  });
});
