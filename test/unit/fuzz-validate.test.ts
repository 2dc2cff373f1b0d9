/**
 * Property tests of the validator and the whole analysis (validation, the
 * durability rules, the summary): for every version, language and RPO target
 * it never throws, every diagnostic lies inside the document and carries a
 * code from server/service/codes.ts with that table's source, an error is
 * only ever a code the table calls an error ("redis-server refuses the file";
 * the durability rules never raise one), and the same text gives the same
 * diagnostics. Seeds and replay: see test/support/fuzz.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { check } from '../../server/service';
import { CODES, SOURCE } from '../../server/service/codes';
import type { ConfigDocument } from '../../server/parser/types';
import { anyText, language, targetRpo, version } from '../support/fuzz-configs';
import { fc, runProperty } from '../support/fuzz';

const FILE = 'test/unit/fuzz-validate.test.ts';
const URI = { 'redis-conf': 'file:///etc/redis/redis.conf', 'sentinel-conf': 'file:///etc/redis/sentinel.conf' } as const;

/** Line lengths as an editor counts lines ("\r\n", "\n", "\r"). */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\n|\r/).map((l) => l.length);
}

function assertInside(r: Range, lengths: number[], what: string) {
  for (const p of [r.start, r.end]) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: integer position`);
    assert.ok(p.line >= 0 && p.line < lengths.length, `${what}: line ${p.line} of ${lengths.length}`);
    assert.ok(p.character >= 0 && p.character <= lengths[p.line], `${what}: character ${p.character} of a line of ${lengths[p.line]}`);
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: start after end`);
}

export function assertDiagnostics(diagnostics: readonly Diagnostic[], doc: ConfigDocument | string, uri: string) {
  const text = typeof doc === 'string' ? doc : doc.text;
  const lengths = lineLengths(text);
  for (const d of diagnostics) {
    const what = `${String(d.code)} ${JSON.stringify(d.message?.slice(0, 80))}`;
    assert.ok(typeof d.code === 'string' && Object.hasOwn(CODES, d.code), `${what}: a code of the table`);
    assert.equal(d.source, SOURCE, `${what}: source`);
    assert.ok(d.severity !== undefined && d.severity >= 1 && d.severity <= 4, `${what}: severity`);
    if (d.severity === 1)
      assert.equal(CODES[d.code as keyof typeof CODES].severity, 1, `${what}: an error only for a code the table calls an error`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0, `${what}: a message`);
    assertInside(d.range, lengths, what);
    for (const ri of d.relatedInformation ?? []) {
      if (ri.location.uri === uri) assertInside(ri.location.range, lengths, `${what}: related`);
    }
  }
}

describe('fuzz: the validator and the analysis', () => {
  test('never throws; diagnostics inside the document, codes and severities from the table; deterministic', {
    timeout: 60_000,
  }, async (t) => {
    await runProperty(
      t,
      'validator',
      fc.property(anyText, language, version, targetRpo, (text, lang, targetVersion, rpo) => {
        const input = { language: lang, uri: URI[lang], settings: { targetVersion, targetRpo: rpo } };
        const a = check(text, input);
        assertDiagnostics(a.diagnostics, text, URI[lang]);
        assert.ok(typeof a.durability.summary.text === 'string');
        assert.deepEqual(check(text, input).diagnostics, a.diagnostics, 'the same text gives the same diagnostics');
      }),
      { numRuns: 1500, timeMs: 8000 },
      FILE,
    );
  });
});
