/**
 * The incremental parser (server/parser/reparse.ts): after any sequence of
 * edits, the re-parsed document equals a whole parse of its text — its lines,
 * tokens, problems, positions and the other tokenizer's view — and it
 * re-splits only the lines around the edit.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../server/parser/parse';
import { reparseConfig } from '../../server/parser/reparse';
import type { ConfigDocument } from '../../server/parser/types';
import { applyEdit, editSequence } from '../support/edits';
import { fc, runProperty } from '../support/fuzz';

const FILE = 'test/unit/reparse.test.ts';

/** Everything a feature can read of a document, as plain data. */
function snapshot(doc: ConfigDocument) {
  const view = doc.forTokenizer('quote-continues');
  const positions = (d: ConfigDocument) =>
    d.lines.map((l) => [d.rangeOf(l), l.kind === 'directive' ? [l.name, ...l.args].map((t) => d.rangeOf(t)) : []]);
  return {
    text: doc.text,
    lines: doc.lines,
    directives: doc.directives,
    comments: doc.comments,
    problems: doc.problems,
    lineCount: doc.lineCount,
    positions: positions(doc),
    ends: doc.positionAt(doc.text.length),
    view: { lines: view.lines, directives: view.directives, problems: view.problems, positions: positions(view) },
  };
}

function assertSameObjects(doc: ConfigDocument) {
  const lines = new Set(doc.lines);
  assert.ok(
    doc.directives.every((d) => lines.has(d)),
    'directives are the objects of lines',
  );
  assert.ok(
    doc.comments.every((c) => lines.has(c)),
    'comments are the objects of lines',
  );
}

describe('reparseConfig', () => {
  test('random edit sequences: each re-parse equals a whole parse', { timeout: 120_000 }, async (t) => {
    const property = fc.property(
      editSequence,
      fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
      ({ initial, edits }, askPositions) => {
        let text = initial;
        let doc = parseConfig(text);
        edits.forEach((e, i) => {
          // a document whose positions were asked keeps its line starts up to date; the others compute them later
          if (askPositions[i]) doc.positionAt(0);
          text = applyEdit(text, e).text;
          doc = reparseConfig(doc, text);
          assert.deepEqual(snapshot(doc), snapshot(parseConfig(text)), `after edit ${i + 1}`);
          assertSameObjects(doc);
        });
      },
    );
    await runProperty(t, 'reparse equals parse', property, { numRuns: 400, timeMs: 10_000 }, FILE);
  });

  test('an edit in the middle of a long file splits only its own line again', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `# note ${i}\nmaxclients ${i + 1}\n`).join('');
    const doc = parseConfig(text);
    const at = text.indexOf('maxclients 1001');
    const next = reparseConfig(doc, `${text.slice(0, at)}maxclients 99${text.slice(at + 'maxclients 1001'.length)}`);
    assert.ok(next.change);
    assert.equal(next.change.start, at);
    assert.equal(next.change.newEnd - next.change.start, 'maxclients 99\n'.length);
    assert.equal(next.lines[0], doc.lines[0], 'lines before the edit are kept');
    assert.equal(next.change.delta, -2);
    assert.equal(next.change.redisLineDelta, 0);
  });

  test('a NUL glues the next line on: the re-parse widens over both', () => {
    const doc = parseConfig('port 1\nport 2\nport 3\n');
    const next = reparseConfig(doc, 'port 1\nport\0 2\nport 3\n');
    assert.deepEqual(
      next.directives.map((d) => [d.key, ...d.args.map((a) => a.value), d.lineNumber]),
      [
        ['port', '1', 1],
        ['portport', '3', 2],
      ],
    );
    assert.ok(next.change && next.change.newEnd === next.text.length, 'the glued line is parsed again');
    const healed = reparseConfig(next, 'port 1\nport 2\nport 3\n');
    assert.deepEqual(snapshot(healed), snapshot(doc));
  });

  test('an edit that moves a NUL into or out of the 1,024-byte chunk of its newline', () => {
    // a NUL as the 1,024th byte drops only the rest of the first chunk; two bytes later it drops the newline too
    const long = `x ${'a'.repeat(1021)}\0bc\nport 3\nport 4\n`;
    let doc = parseConfig(long);
    for (const text of [`yy${long}`, `yyyyyyyyyy${long}`, long, `${long.slice(0, 5)}${long.slice(9)}`, long]) {
      doc = reparseConfig(doc, text);
      assert.deepEqual(snapshot(doc), snapshot(parseConfig(text)), JSON.stringify(text.slice(0, 12)));
    }
  });

  test('the same text again changes nothing but the last line is split again', () => {
    const doc = parseConfig('port 1\nport 2');
    const again = reparseConfig(doc, doc.text);
    assert.deepEqual(snapshot(again), snapshot(doc));
    assert.equal(again.lines[0], doc.lines[0]);
  });
});
