import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DocumentHighlightKind, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { documentHighlights, isRefusal, prepareRename, renameMaster } from '../../server/service/navigation';
import { analyzeText, applyEdits, codes, cursor } from '../support/navigation';

const URI = 'file:///etc/redis/sentinel.conf';

const CONF = [
  'sentinel monitor mymaster 127.0.0.1 6379 2',
  'sentinel down-after-milliseconds mymaster 5000',
  'sentinel monitor other 127.0.0.1 6380 2',
  'sentinel known-slave mymaster 127.0.0.1 6381',
  'SENTINEL auth-pass other secret',
  'sentinel failover-timeout MyMaster 1000',
  'sentinel resolve-hostnames no',
].join('\n');

/** Puts the `|` marker at the `n`-th (0-based) occurrence of `needle`, offset by `shift` characters. */
function mark(text: string, needle: string, n = 0, shift = 1): string {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `no ${needle}`);
  return `${text.slice(0, at + shift)}|${text.slice(at + shift)}`;
}

function rename(marked: string, newName: string): { text: string; edits: TextEdit[] } | string {
  const { text, position } = cursor(marked);
  const r = renameMaster(analyzeText(text, 'sentinel-conf'), URI, position, newName);
  if (isRefusal(r)) return r.error;
  const edits = (r as WorkspaceEdit).changes![URI];
  return { text: applyEdits(text, edits), edits };
}

describe('prepareRename', () => {
  test('on the master name of `sentinel monitor`: its range and the name', () => {
    const { text, position } = cursor(mark(CONF, 'mymaster'));
    assert.deepEqual(prepareRename(analyzeText(text, 'sentinel-conf'), position), {
      range: { start: { line: 0, character: 17 }, end: { line: 0, character: 25 } },
      placeholder: 'mymaster',
    });
  });
  test('on a per-master line, cursor at either end of the name', () => {
    for (const shift of [0, 8]) {
      const { text, position } = cursor(mark(CONF, 'mymaster', 1, shift));
      const r = prepareRename(analyzeText(text, 'sentinel-conf'), position);
      assert.ok(!isRefusal(r) && r.placeholder === 'mymaster');
    }
  });
  test('a quoted name: the range covers the quotes, the placeholder is the name', () => {
    const { text, position } = cursor('sentinel monitor "m|y" 127.0.0.1 6379 2\n');
    const r = prepareRename(analyzeText(text, 'sentinel-conf'), position);
    assert.deepEqual(r, { range: { start: { line: 0, character: 17 }, end: { line: 0, character: 21 } }, placeholder: 'my' });
  });
  test('refused with a clear message anywhere else', () => {
    for (const marked of [
      mark(CONF, 'monitor'),
      mark(CONF, '127.0.0.1'),
      mark(CONF, 'resolve-hostnames'),
      mark(CONF, 'no'),
      'p|ort 26379',
    ]) {
      const { text, position } = cursor(marked);
      const r = prepareRename(analyzeText(text, 'sentinel-conf'), position);
      assert.ok(isRefusal(r), marked);
      assert.match(r.error, /master name/);
    }
  });
});

describe('rename a master', () => {
  test('every line that names it changes, other masters and other cases do not', () => {
    const r = rename(mark(CONF, 'mymaster', 1), 'primary-eu');
    assert.ok(typeof r !== 'string');
    assert.equal(r.edits.length, 3);
    assert.equal(r.text, CONF.replace(/\bmymaster\b/g, 'primary-eu'));
    assert.ok(r.text.includes('MyMaster'), 'names are case-sensitive in redis-sentinel');
  });
  test('the renamed file means the same to redis-sentinel (same diagnostics)', () => {
    const r = rename(mark(CONF, 'other', 1), 'second');
    assert.ok(typeof r !== 'string');
    assert.deepEqual(codes(analyzeText(r.text, 'sentinel-conf')), codes(analyzeText(CONF, 'sentinel-conf')));
  });
  test('a quoted name is replaced with the plain new name', () => {
    const r = rename('sentinel monitor "m|1" 127.0.0.1 6379 2\nsentinel parallel-syncs m1 1\n', 'm2');
    assert.ok(typeof r !== 'string');
    assert.equal(r.text, 'sentinel monitor m2 127.0.0.1 6379 2\nsentinel parallel-syncs m2 1\n');
  });
  test('a name used only by per-master lines (no monitor line) can be renamed too', () => {
    const r = rename('sentinel parallel-syncs gh|ost 1\nsentinel auth-pass ghost x\n', 'real');
    assert.ok(typeof r !== 'string');
    assert.equal(r.text, 'sentinel parallel-syncs real 1\nsentinel auth-pass real x\n');
  });
  test('refused: empty, blanks, quotes, control characters', () => {
    assert.match(rename(mark(CONF, 'mymaster'), '') as string, /empty/);
    assert.match(rename(mark(CONF, 'mymaster'), 'my master') as string, /blank/);
    assert.match(rename(mark(CONF, 'mymaster'), 'tab\there') as string, /blank/);
    assert.match(rename(mark(CONF, 'mymaster'), 'it"s') as string, /quote/);
    assert.match(rename(mark(CONF, 'mymaster'), 'a\x01') as string, /control/);
  });
  test('refused: a name another master already uses', () => {
    assert.match(rename(mark(CONF, 'mymaster'), 'other') as string, /'other' already exists \(declared by `sentinel monitor` on line 3\)/);
    assert.match(rename(mark(CONF, 'mymaster'), 'MyMaster') as string, /already exists \(named by `sentinel failover-timeout` on line 6\)/);
  });
  test('renaming to the same name is allowed (no-op edits)', () => {
    const r = rename(mark(CONF, 'mymaster'), 'mymaster');
    assert.ok(typeof r !== 'string' && r.text === CONF);
  });
});

describe('document highlight', () => {
  test('a master name: the monitor line is the write, the others reads', () => {
    const { text, position } = cursor(mark(CONF, 'mymaster', 2));
    const hs = documentHighlights(analyzeText(text, 'sentinel-conf'), position);
    assert.deepEqual(
      hs.map((h) => [h.range.start.line, h.kind]),
      [
        [0, DocumentHighlightKind.Write],
        [1, DocumentHighlightKind.Read],
        [3, DocumentHighlightKind.Read],
      ],
    );
  });
  test('a directive name: every line that sets it, aliases included', () => {
    const { text, position } = cursor('repl|icaof 127.0.0.1 6379\nport 1\nSLAVEOF 127.0.0.1 6380\n');
    const hs = documentHighlights(analyzeText(text), position);
    assert.deepEqual(
      hs.map((h) => h.range.start.line),
      [0, 2],
    );
  });
  test('nothing on a value or a blank', () => {
    const { text, position } = cursor('port 63|79\n');
    assert.deepEqual(documentHighlights(analyzeText(text), position), []);
  });
});
