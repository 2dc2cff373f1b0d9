import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatDocument, type FormatOptions } from '../../server/service/navigation';
import { ROOT } from '../support/lsp';
import { analyzeText, applyEdits, argvs, codes, randomConfig, rng, type Lang } from '../support/navigation';

function fmt(text: string, opts: FormatOptions = {}, language: Lang = 'redis-conf'): string {
  return applyEdits(text, formatDocument(analyzeText(text, language), undefined, opts));
}

/** The property every formatting must keep: what redis-server reads is unchanged, and formatting twice changes nothing more. */
function assertSafe(text: string, language: Lang, label: string, version = '7.0') {
  const before = analyzeText(text, language, version);
  const out = applyEdits(text, formatDocument(before));
  const after = analyzeText(out, language, version);
  assert.deepEqual(argvs(after), argvs(before), `${label}: argv changed\n${JSON.stringify(text)}\n→ ${JSON.stringify(out)}`);
  assert.deepEqual(codes(after), codes(before), `${label}: diagnostic codes changed\n${JSON.stringify(text)}\n→ ${JSON.stringify(out)}`);
  assert.equal(applyEdits(out, formatDocument(after)), out, `${label}: not idempotent\n${JSON.stringify(text)}`);
  return out;
}

describe('formatting: layout', () => {
  test('one space between tokens, no indentation, no trailing blanks', () => {
    assert.equal(fmt('   save\t\t900   1  \n\tmaxmemory  1gb\t\n'), 'save 900 1\nmaxmemory 1gb\n');
  });
  test('\\v and \\f between tokens become a space; inside an unquoted token they stay', () => {
    assert.equal(fmt('port \v 6379\n'), 'port 6379\n');
    // an unquoted token only ends at space, tab, CR or LF: `port\v6379` is one token and stays
    assert.equal(fmt('port\v6379\n'), 'port\v6379\n');
    assert.equal(fmt('"a"\f"b"\n'), '"a" "b"\n');
    // `6379\v` is one token for redis-server (an unquoted token ends only at space, tab, CR, LF)
    assert.equal(fmt('port   6379\v\n'), 'port 6379\v\n');
  });
  test('tokens keep their exact source text: never re-quoted, escapes untouched', () => {
    const src = `requirepass   "p w\\x41\\"x"\nrename-command  CONFIG   ''\nsave ""\nbind  'a'  "b"\n`;
    assert.equal(fmt(src), `requirepass "p w\\x41\\"x"\nrename-command CONFIG ''\nsave ""\nbind 'a' "b"\n`);
  });
  test('comments lose indentation and trailing blanks; their text is kept', () => {
    assert.equal(fmt('   #   spaced    text   \n\t# tab\there\t\n'), '#   spaced    text\n# tab\there\n');
  });
  test('blank-only lines become empty; more than two blank lines shrink to two', () => {
    assert.equal(fmt('port 1\n  \n\t\nport 2\n\n\n\n\n\nport 3\n'), 'port 1\n\n\nport 2\n\n\nport 3\n');
  });
  test('CRLF line endings are kept, and so are mixed endings', () => {
    assert.equal(fmt('  port 1  \r\n\r\n\r\n\r\n\r\nsave  ""\r\n'), 'port 1\r\n\r\n\r\nsave ""\r\n');
    assert.equal(fmt(' a  1\r\n b  2\n'), 'a 1\r\nb 2\n');
  });
  test('the final newline is kept as the file has it, or changed when the editor asks', () => {
    assert.equal(fmt('port 1  '), 'port 1');
    assert.equal(fmt('port 1\n\n\n'), 'port 1\n\n\n');
    assert.equal(fmt('port 1  ', { insertFinalNewline: true }), 'port 1\n');
    assert.equal(fmt('port 1\r\nport 2', { insertFinalNewline: true }), 'port 1\r\nport 2\r\n');
    assert.equal(fmt('port 1\n\n\n', { trimFinalNewlines: true }), 'port 1\n');
    assert.equal(fmt('port 1\n  \n', { insertFinalNewline: true }), 'port 1\n\n');
  });
  test('edits are minimal: only the changed characters', () => {
    const a = analyzeText('port 6379   \n');
    assert.deepEqual(formatDocument(a), [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 12 } }, newText: '' }]);
    assert.deepEqual(formatDocument(analyzeText('port 6379\n# ok\n')), []);
  });
});

describe('formatting: lines left untouched', () => {
  test('lines with a quote error', () => {
    for (const bad of ['  save  "900 1  ', "  x  'a'b  ", '   bind "a"b c   ']) assert.equal(fmt(`${bad}\n port  1\n`), `${bad}\nport 1\n`);
  });
  test('a directive whose name starts with # after a \\v (removing the \\v would make it a comment)', () => {
    const src = '\v#  not a comment  \n';
    assert.equal(fmt(src), src);
    assert.equal(analyzeText(src).doc.directives.length, 1);
  });
  test('a lone CR inside a line (an editor line break inside one redis-server line)', () => {
    const src = 'port  1\r  save  ""\n';
    assert.equal(fmt(src), src);
  });
  test('NUL: its line and the line redis-server glues onto it', () => {
    const src = '  port  1\0junk\n  save   ""\n  maxmemory   1gb  \n';
    assert.equal(fmt(src), '  port  1\0junk\n  save   ""\nmaxmemory 1gb\n');
  });
});

describe('formatting: range', () => {
  test('only the lines the range touches are formatted', () => {
    const src = '  a  1\n  b  2\n  c  3\n  d  4\n';
    const a = analyzeText(src);
    const out = applyEdits(src, formatDocument(a, { start: { line: 1, character: 3 }, end: { line: 2, character: 1 } }));
    assert.equal(out, '  a  1\nb 2\nc 3\n  d  4\n');
    // a selection ending at column 0 does not include that line
    const out2 = applyEdits(src, formatDocument(a, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }));
    assert.equal(out2, 'a 1\n  b  2\n  c  3\n  d  4\n');
  });
  test('a blank run is collapsed only when the range holds all of it', () => {
    const src = 'a 1\n\n\n\n\nb 2\n';
    const a = analyzeText(src);
    assert.equal(applyEdits(src, formatDocument(a, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } })), src);
    assert.equal(
      applyEdits(src, formatDocument(a, { start: { line: 0, character: 0 }, end: { line: 5, character: 3 } })),
      'a 1\n\n\nb 2\n',
    );
  });
});

describe('formatting changes nothing redis-server reads', () => {
  const stockDir = join(ROOT, 'test/fixtures/stock');
  for (const f of readdirSync(stockDir).filter((x) => x.endsWith('.conf'))) {
    test(`stock ${f}`, () => {
      const text = readFileSync(join(stockDir, f), 'utf8');
      const language: Lang = f.includes('sentinel') ? 'sentinel-conf' : 'redis-conf';
      const version =
        f.startsWith('valkey-8') || f.startsWith('valkey-sentinel-8')
          ? 'valkey-8.0'
          : f.startsWith('valkey')
            ? 'valkey-7.2'
            : f.match(/(\d\.\d)/)![1];
      const out = assertSafe(text, language, f, version);
      // the stock files only have trailing blanks in comments to lose
      assert.equal(out.split('\n').length, text.split('\n').length);
      // and an indented or spaced-out copy formats back to the stock file minus those blanks
      const spaced = (l: string, i: number) => (/["']/.test(l) ? l : l.replace(/ /g, i % 3 ? '  ' : ' \t '));
      const messy = text
        .split('\n')
        .map((l, i) => (l.startsWith('#') || l === '' ? l : `${i % 2 ? '\t' : '   '}${spaced(l, i)}   `))
        .join('\n');
      assert.equal(assertSafe(messy, language, `${f} (messy)`, version), out);
    });
  }

  test('edge cases: quotes, escapes, \\xHH, tabs, \\v, \\f, CR, NUL, syntax errors', () => {
    const cases = [
      'save "" \n',
      `  requirepass "a\\x00b"  \n`,
      'x "\\xZZ"\t\n',
      "rename-command  CONFIG  'x\\'y'  \n",
      'a "b"c\n',
      'a "unterminated\n',
      "a 'unterminated\n",
      'port\t6379\t\r\n',
      'port 6379\r\r\n',
      '\v# x\n',
      '\f  save 1 2\n',
      'x\vy z\n',
      '"a"\v"b"\n',
      'abc"def"  ghi\n',
      'port 1\0 junk\nport 2\n',
      'a "\\""  b\n',
      "a '\\\\'\n",
      'bind  127.0.0.1  -::1  \n',
      '\t#\tcomment\t\n',
      '#\v\n',
      ' \v \n',
      'é  😀  \n',
      'user default on >pw ~* +@all  \n',
      'sentinel  monitor  m  127.0.0.1  6379  2\n',
      'include   /etc/redis/other.conf\n',
      'save 900 1 # inline comment  \n',
      '"" 1\n',
      '  ""  \n',
      'a\rb c\n',
      `${'x'.repeat(1100)}\0 y\n  port   1\n`,
      '\r\n\r\n\r\n\r\n',
    ];
    for (const c of cases) {
      assertSafe(c, 'redis-conf', 'edge');
      assertSafe(c, 'sentinel-conf', 'edge (sentinel)');
    }
  });

  test('3,000 generated configs', () => {
    const r = rng(20240926);
    for (let i = 0; i < 3000; i++) {
      const text = randomConfig(r);
      assertSafe(text, i % 4 === 0 ? 'sentinel-conf' : 'redis-conf', `generated #${i}`);
    }
  });
});
