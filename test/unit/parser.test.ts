import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../server/parser/parse';
import type { Directive } from '../../server/parser/types';

function argv(text: string): string[][] {
  return parseConfig(text).directives.map((d) => [d.key, ...d.args.map((a) => a.value)]);
}
function errors(text: string): string[] {
  return parseConfig(text).problems.map((p) => `${p.error}@${p.lineNumber}`);
}

describe('tokenizer (sdssplitargs + loadServerConfigFromString)', () => {
  test('a # after a value is an ordinary argument, not a comment', () => {
    assert.deepEqual(argv('appendonly yes # note'), [['appendonly', 'yes', '#', 'note']]);
  });
  test('a line whose first non-blank character is # is a comment', () => {
    const doc = parseConfig('  # indented\n\t# tab\n#x');
    assert.equal(doc.directives.length, 0);
    assert.equal(doc.comments.length, 3);
    assert.equal(doc.commentText(doc.comments[0]), ' indented');
  });
  test('directive names are lower-cased (ASCII only), arguments are kept', () => {
    assert.deepEqual(argv('MaxMemory 10MB'), [['maxmemory', '10MB']]);
    assert.deepEqual(argv('\u212Aeep x'), [['\u212Aeep', 'x']]); // KELVIN SIGN is not 'k' for C tolower
  });
  test('double quotes decode \\n \\r \\t \\b \\a \\\\ \\" and \\xHH', () => {
    assert.deepEqual(argv('x "a\\nb\\r\\t\\b\\a\\\\\\"\\x41\\x4a"'), [['x', 'a\nb\r\t\b\x07\\"AJ']]);
    assert.deepEqual(argv('x "\\q\\x4"'), [['x', 'qx4']]); // unknown escapes keep the character; \x needs two hex digits
  });
  test("single quotes only decode \\'", () => {
    assert.deepEqual(argv("x 'it\\'s \\n'"), [['x', "it's \\n"]]);
  });
  test('a quote may open inside a token', () => {
    assert.deepEqual(argv('masterauth abc"def"'), [['masterauth', 'abcdef']]);
    assert.deepEqual(argv("masterauth ab'c d'"), [['masterauth', 'abc d']]);
  });
  test('empty quoted strings are arguments', () => {
    assert.deepEqual(argv('save ""'), [['save', '']]);
    assert.deepEqual(argv(`x '' ""`), [['x', '', '']]);
    assert.deepEqual(argv('""'), [['']]);
  });
  test('a closing quote must be followed by a blank or the end of the line', () => {
    assert.deepEqual(errors('port "6379"x'), ['quote-not-followed-by-blank@1']);
    assert.deepEqual(errors('port "6379"\tx'), []);
    assert.deepEqual(errors("port '6379'x"), ['quote-not-followed-by-blank@1']);
  });
  test('unbalanced quotes are an error on their line, and the next lines still parse', () => {
    const doc = parseConfig('port "6379\nmaxmemory 1mb\nx \'y');
    assert.deepEqual(
      doc.problems.map((p) => `${p.error}@${p.lineNumber}`),
      ['unbalanced-quotes@1', 'unbalanced-quotes@3'],
    );
    assert.deepEqual(
      doc.directives.map((d) => d.key),
      ['maxmemory'],
    );
  });
  test('a backslash before the closing quote escapes it', () => {
    assert.deepEqual(errors('x "abc\\"'), ['unbalanced-quotes@1']);
  });
  test('lines split on \\n; a trailing \\r and blanks are trimmed', () => {
    assert.deepEqual(argv('port 6379\r\nmaxmemory 1mb\r\n'), [
      ['port', '6379'],
      ['maxmemory', '1mb'],
    ]);
    assert.deepEqual(argv('   port\t6379   '), [['port', '6379']]);
  });
  test('\\v is a blank between tokens but not a token end (C isspace vs the token loop)', () => {
    assert.deepEqual(argv('\vport 1'), [['port', '1']]);
    assert.deepEqual(argv('port\v1'), [['port\v1']]);
    // not trimmed by sdstrim, so "\v#x" is not a comment: its token is "#x"
    assert.deepEqual(argv('\v#x'), [['#x']]);
  });
  test('a NUL byte drops the rest of its fgets chunk and glues the next line on', () => {
    const doc = parseConfig('port 6379\0junk\nmaxmemory 1mb\n');
    assert.deepEqual(
      doc.directives.map((d) => [d.key, ...d.args.map((a) => a.value)]),
      [['port', '6379maxmemory', '1mb']],
    );
    assert.deepEqual(
      doc.problems.map((p) => p.error),
      ['nul-character'],
    );
    // the argument's range still points into the document: "6379" on line 1, "maxmemory" on line 2
    const arg = doc.directives[0].args[0];
    assert.equal(doc.positionAt(arg.start).line, 0);
    assert.equal(doc.positionAt(arg.end).line, 1);
  });
  test('a NUL in a chunk after the first 1024 bytes only cuts that chunk', () => {
    const long = `x ${'a'.repeat(1100)}\0tail\ny 1\n`;
    const d = parseConfig(long).directives;
    // bytes 1024.. are a new chunk, so the NUL drops "tail\n" and "y" joins the long token
    assert.equal(d.length, 1);
    assert.deepEqual(
      d[0].args.map((a) => a.value.length),
      [1101, 1],
    );
    assert.ok(d[0].args[0].value.endsWith('ay'));
  });
  test('line numbers count "\\n" like redis-server; ranges use UTF-16 columns', () => {
    const doc = parseConfig('# é😀\nmasterauth "p😀ss" x\n');
    const d = doc.directives[0] as Directive;
    assert.equal(d.lineNumber, 2);
    const r = doc.rangeOf(d.args[1]);
    assert.deepEqual(r, { start: { line: 1, character: 19 }, end: { line: 1, character: 20 } });
    // the emoji counts as two UTF-16 code units
    assert.deepEqual(doc.rangeOf(d.args[0]), { start: { line: 1, character: 11 }, end: { line: 1, character: 18 } });
  });
  test('a lone \\r ends a token and an editor line, but not a redis line', () => {
    const doc = parseConfig('port\r6379\nhz 10');
    assert.deepEqual(
      doc.directives.map((d) => [d.key, d.lineNumber]),
      [
        ['port', 1],
        ['hz', 2],
      ],
    );
    assert.equal(doc.positionAt(doc.directives[0].args[0].start).line, 1);
    assert.equal(doc.lineCount, 3);
  });
  test('offsetAt and positionAt are inverse', () => {
    const doc = parseConfig('a 1\r\nbb 2\ncc 3');
    for (const off of [0, 3, 5, 9, 11, 14]) assert.equal(doc.offsetAt(doc.positionAt(off)), off);
  });
});

describe('robustness', () => {
  test('never throws on random bytes, and every range lies inside the text', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = ['"', "'", '\\', 'x', '4', 'f', ' ', '\t', '\n', '\r', '\v', '#', '\0', 'é', '😀', 'a', 'port', '\uFFFD'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const n = Math.floor(rnd() * 60);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const doc = parseConfig(s);
      for (const d of doc.directives) {
        for (const t of [d.name, ...d.args]) {
          assert.ok(t.start >= 0 && t.end <= s.length && t.start <= t.end, `bad range in ${JSON.stringify(s)}`);
        }
      }
    }
  });
  test('a 1 MB line and a 50 MB file parse completely', () => {
    const line = `masterauth ${'x'.repeat(1 << 20)}`;
    assert.equal(parseConfig(line).directives[0].args[0].value.length, 1 << 20);
    const chunk = 'port 6379\n# comment line here\nsave 900 1\n';
    const big = chunk.repeat(Math.ceil((50 * 1024 * 1024) / chunk.length));
    const doc = parseConfig(big);
    assert.equal(doc.directives.length, (big.length / chunk.length) * 2);
  });
  test('quote-heavy input stays linear (no backtracking)', () => {
    const s = `x ${'"a" '.repeat(200_000)}`;
    assert.equal(parseConfig(s).directives[0].args.length, 200_000);
    const u = `x "${'\\"'.repeat(200_000)}`;
    assert.deepEqual(errors(u), ['unbalanced-quotes@1']);
  });
});
