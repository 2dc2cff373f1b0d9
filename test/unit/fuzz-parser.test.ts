/**
 * Property tests of the tokenizer (server/parser): it never throws, every node
 * it returns lies inside the text in order, every character of a directive
 * line is either a blank sdssplitargs skips or part of a token, and the
 * rewrites the service relies on (tokens joined by one space, quoteArg)
 * split back into the same argv. Seeds and replay: see test/support/fuzz.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../server/parser/parse';
import type { ConfigDocument, Line } from '../../server/parser/types';
import { quickFixes } from '../../server/service/codeActions';
import { lineOf, quoteArg } from '../../server/service/durability/edits';
import { analyzeText, applyAll, uriOf } from '../support/durability';
import { anyText, configText } from '../support/fuzz-configs';
import { fc, runProperty } from '../support/fuzz';

const FILE = 'test/unit/fuzz-parser.test.ts';
const TRIM = new Set([' ', '\t', '\r', '\n']);
const C_SPACE = /^[ \t\n\v\f\r]*$/;

function assertRange(doc: ConfigDocument, node: { start: number; end: number }, what: string) {
  assert.ok(Number.isInteger(node.start) && Number.isInteger(node.end), `${what}: integer offsets`);
  assert.ok(
    node.start >= 0 && node.start <= node.end && node.end <= doc.text.length,
    `${what}: [${node.start}, ${node.end}) inside [0, ${doc.text.length}]`,
  );
  const r = doc.rangeOf(node);
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < doc.lineCount, `${what}: line ${p.line} of ${doc.lineCount}`);
    assert.ok(p.character >= 0, `${what}: character ${p.character}`);
  }
  assert.ok(
    r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character),
    `${what}: range start after end`,
  );
}

/** Offsets in order, inside the text, tokens inside their line. */
function assertWellFormed(doc: ConfigDocument) {
  let prevStart = -1,
    prevLine = 0;
  for (const l of doc.lines) {
    assertRange(doc, l, `${l.kind} at line ${l.lineNumber}`);
    assert.ok(l.start >= prevStart, 'lines in document order');
    assert.ok(l.lineNumber >= 1 && l.lineNumber >= prevLine, 'line numbers ascend');
    prevStart = l.start;
    prevLine = l.lineNumber;
    if (l.kind === 'directive') {
      let prev = l.start;
      for (const t of [l.name, ...l.args]) {
        assertRange(doc, t, `token ${JSON.stringify(t.value)}`);
        assert.ok(
          t.start >= prev && t.end <= l.end && t.start < t.end,
          `token ${JSON.stringify(t.value)} [${t.start}, ${t.end}) inside its line [${l.start}, ${l.end}) after ${prev}`,
        );
        prev = t.end;
      }
      assert.equal(
        l.key,
        l.name.value.replace(/[A-Z]/g, (c) => c.toLowerCase()),
      );
    } else if (l.kind === 'syntax-error') {
      assert.ok(l.spotStart <= l.spotEnd, 'spot in order');
      assertRange(doc, { start: l.spotStart, end: l.spotEnd }, 'spot');
    }
  }
  for (const p of doc.problems) assertRange(doc, p, `problem ${p.error}`);
  assert.deepEqual(
    doc.directives,
    doc.lines.filter((l) => l.kind === 'directive'),
  );
  assert.deepEqual(
    doc.comments,
    doc.lines.filter((l) => l.kind === 'comment'),
  );
}

/** The lines redis-server reads: split on "\n", trimmed of " \t\r\n"; empty ones and ones of only blanks (no argument) skipped. */
function serverLines(text: string): Array<{ n: number; content: string; start: number; end: number }> {
  const out = [];
  let pos = 0,
    n = 0;
  for (const raw of text.split('\n')) {
    n++;
    let s = 0,
      e = raw.length;
    while (s < e && TRIM.has(raw[s])) s++;
    while (e > s && TRIM.has(raw[e - 1])) e--;
    if (s < e && !C_SPACE.test(raw.slice(s, e))) out.push({ n, content: raw.slice(s, e), start: pos + s, end: pos + e });
    pos += raw.length + 1;
  }
  return out;
}

const argv = (l: Line | undefined) => (l?.kind === 'directive' ? [l.name.value, ...l.args.map((t) => t.value)] : undefined);

describe('fuzz: the parser', () => {
  test('never throws; every node inside the text, in order (both tokenizers)', { timeout: 60_000 }, async (t) => {
    await runProperty(
      t,
      'parser well-formed',
      fc.property(anyText, (text) => {
        const doc = parseConfig(text);
        assertWellFormed(doc);
        assertWellFormed(doc.forTokenizer('quote-continues'));
        // positions and offsets agree
        for (let o = 0; o <= text.length; o += 1 + (text.length >> 6)) {
          const p = doc.positionAt(o);
          assert.equal(doc.offsetAt(p), o, `offsetAt(positionAt(${o}))`);
        }
      }),
      { numRuns: 2500, timeMs: 4000 },
      FILE,
    );
  });

  test('every line redis-server reads is one line of the tree, and every token covered', { timeout: 60_000 }, async (t) => {
    await runProperty(
      t,
      'parser covers every token',
      fc.property(
        configText.filter((s) => !s.includes('\0')),
        (text) => {
          const doc = parseConfig(text);
          const expected = serverLines(text);
          assert.equal(doc.lines.length, expected.length, 'one node per non-blank line');
          doc.lines.forEach((l, i) => {
            const e = expected[i];
            assert.equal(l.lineNumber, e.n, 'line number as redis-server counts it');
            assert.equal(l.start, e.start);
            assert.equal(l.end, e.end);
            assert.equal(l.kind === 'comment', e.content.startsWith('#'), 'comments are the lines starting with #');
            if (l.kind !== 'directive') return;
            // everything between the tokens is a blank sdssplitargs skips
            let prev = l.start;
            for (const tok of [l.name, ...l.args]) {
              assert.match(text.slice(prev, tok.start), C_SPACE, `only blanks before ${JSON.stringify(tok.value)}`);
              const src = text.slice(tok.start, tok.end);
              if (!tok.quoted) assert.equal(tok.value, src, 'an unquoted token is its source text');
              else assert.match(src, /["']/, 'a quoted token holds a quote');
              prev = tok.end;
            }
            assert.match(text.slice(prev, l.end), C_SPACE, 'only blanks after the last token');
          });
        },
      ),
      { numRuns: 2500, timeMs: 3000 },
      FILE,
    );
  });

  test('round trip: tokens joined by one space split into the same argv', { timeout: 60_000 }, async (t) => {
    await runProperty(
      t,
      'parser join round-trip',
      fc.property(configText, (text) => {
        const doc = parseConfig(text);
        for (const l of doc.directives) {
          if (l.name.value.startsWith('#') && !l.name.quoted) continue; // it would become a comment
          if (text.slice(l.start, l.end).includes('\0')) continue; // NUL glues lines: not a line of its own
          const joined = [l.name, ...l.args].map((tok) => text.slice(tok.start, tok.end)).join(' ');
          const again = parseConfig(joined).lines;
          assert.equal(again.length, 1, `one line from ${JSON.stringify(joined)}`);
          assert.deepEqual(argv(again[0]), argv(l), `argv of ${JSON.stringify(joined)}`);
        }
      }),
      { numRuns: 2500, timeMs: 3000 },
      FILE,
    );
  });

  test('round trip: a line written by quoteArg/lineOf splits into the argv it was written from', { timeout: 60_000 }, async (t) => {
    const arg = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.fullUnicodeString({ maxLength: 10 }),
      fc.array(fc.constantFrom(...'\0\x01\x07\b\t\n\v\f\r\x1b "\'#\\a\x7f'), { maxLength: 12 }).map((cs) => cs.join('')),
      fc.constantFrom('', '#', '"', "'", '\\', 'a b', '\\x41', 'é'),
    );
    await runProperty(
      t,
      'quoteArg round-trip',
      fc.property(fc.array(arg, { minLength: 1, maxLength: 5 }), (args) => {
        const line = lineOf('requirepass', args);
        const doc = parseConfig(line);
        assert.equal(doc.lines.length, 1, `one line from ${JSON.stringify(line)}`);
        assert.deepEqual(argv(doc.lines[0]), ['requirepass', ...args], `argv of ${JSON.stringify(line)}`);
        for (const a of args) assert.ok(!/[\0\r\n]/.test(quoteArg(a)), `quoteArg(${JSON.stringify(a)}) writes no NUL or line break`);
      }),
      { numRuns: 3000, timeMs: 2000 },
      FILE,
    );
  });

  // found by 'quoteArg round-trip' (seed 1385861475, path "3:3:3:2:2": counterexample [["\u0000",""]]):
  // a NUL was written raw, so redis-server cut the line there and glued the next line on
  test('regression: the auth-pass quick fix writes a password holding a NUL as \\x00', () => {
    const primary = analyzeText('port 6390\nrequirepass "s\\x003cret"\nmasterauth "s\\x003cret"\n', { path: '/srv/redis/redis.conf' })
      .durability.facts;
    const text = 'sentinel monitor mymaster 127.0.0.1 6390 2\n';
    const a = analyzeText(text, { path: '/srv/sentinel/sentinel.conf', workspace: [primary] });
    const d = a.diagnostics.find((x) => x.code === 'sentinel-auth-missing')!;
    const uri = uriOf('/srv/sentinel/sentinel.conf');
    const fixed = applyAll({ [uri]: text }, quickFixes(a, d)[0].edit)[uri];
    assert.equal(fixed, `${text}sentinel auth-pass mymaster "s\\x003cret"\n`);
    assert.deepEqual(argv(parseConfig(fixed).lines[1]), ['sentinel', 'auth-pass', 'mymaster', 's\x003cret']);
    assert.equal(quoteArg('\x01\x7f\v'), '"\\x01\\x7f\\x0b"');
  });
});
