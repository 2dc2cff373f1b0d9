/**
 * Property tests of the formatter (server/service/navigation/format.ts):
 * its edits are well-formed, what redis-server reads is unchanged (the argv of
 * every line and the diagnostics' codes), formatting twice changes nothing,
 * and formatting a range first leads to the same result as formatting the
 * whole file. The real parser's verdict on formatted files is the live
 * property test/live/fuzz-format-verdict.test.ts. Seeds: test/support/fuzz.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-types';
import { formatDocument, type FormatOptions } from '../../server/service/navigation';
import { anyText, configText, language } from '../support/fuzz-configs';
import { fc, runProperty } from '../support/fuzz';
import { analyzeText, applyEdits, argvs, codes, type Lang } from '../support/navigation';

const FILE = 'test/unit/fuzz-format.test.ts';
const options = fc.record({ insertFinalNewline: fc.boolean(), trimFinalNewlines: fc.boolean() }, { requiredKeys: [] });

function assertEditsWellFormed(text: string, edits: readonly TextEdit[]) {
  const lines = text.split(/\r\n|\n|\r/);
  const key = (p: { line: number; character: number }) => p.line * 1e9 + p.character;
  const sorted = [...edits].sort((a, b) => key(a.range.start) - key(b.range.start));
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i].range;
    assert.ok(key(r.start) <= key(r.end), 'edit range in order');
    for (const p of [r.start, r.end])
      assert.ok(p.line < lines.length && p.character <= lines[p.line].length, `edit inside the document (${p.line}:${p.character})`);
    if (i > 0) assert.ok(key(sorted[i - 1].range.end) <= key(r.start), 'edits do not overlap');
  }
}

function format(text: string, lang: Lang, opts: FormatOptions = {}) {
  const before = analyzeText(text, lang);
  const edits = formatDocument(before, undefined, opts);
  assertEditsWellFormed(text, edits);
  return { before, out: applyEdits(text, edits) };
}

describe('fuzz: the formatter', () => {
  test('keeps what redis-server reads; formatting twice changes nothing', { timeout: 60_000 }, async (t) => {
    await runProperty(
      t,
      'format idempotent and faithful',
      fc.property(anyText, language, options, (text, lang, opts) => {
        const { before, out } = format(text, lang, opts);
        const after = analyzeText(out, lang);
        assert.deepEqual(argvs(after), argvs(before), 'the argv of every line is kept');
        assert.deepEqual(codes(after), codes(before), 'the same diagnostics (by code)');
        const again = format(out, lang, opts).out;
        assert.equal(again, out, 'formatting a formatted file changes nothing');
      }),
      { numRuns: 1000, timeMs: 6000 },
      FILE,
    );
  });

  test('a range formatted first: the whole file then formats to the same text', { timeout: 60_000 }, async (t) => {
    const withRange = configText.chain((text) => {
      const n = text.split(/\r\n|\n|\r/).length;
      return fc.tuple(fc.constant(text), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.nat(3));
    });
    await runProperty(
      t,
      'range format converges',
      fc.property(withRange, language, ([text, a, b, ch], lang) => {
        const range = { start: { line: Math.min(a, b), character: 0 }, end: { line: Math.max(a, b), character: ch } };
        const edits = formatDocument(analyzeText(text, lang), range);
        assertEditsWellFormed(text, edits);
        const partly = applyEdits(text, edits);
        assert.deepEqual(argvs(analyzeText(partly, lang)), argvs(analyzeText(text, lang)), 'a range format keeps the argv');
        assert.equal(format(partly, lang).out, format(text, lang).out, 'the same fixed point');
      }),
      { numRuns: 800, timeMs: 5000 },
      FILE,
    );
  });
});
