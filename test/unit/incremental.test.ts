/**
 * Incremental analysis (AnalysisInput.previous with reparseConfig): after
 * any sequence of edits, the analysis built from the previous one equals a
 * whole analysis of the text — the diagnostics in their order with their
 * codes and data, the directives known, the Sentinel model, the durability
 * summary and findings, the outline — and the lines an edit did not touch
 * are not checked again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, navigation, parseConfig, reparseConfig, type Analysis } from '../../server/service';
import { applyEdit, edit, editSequence } from '../support/edits';
import { language, version } from '../support/fuzz-configs';
import { fc, runProperty } from '../support/fuzz';

const FILE = 'test/unit/incremental.test.ts';
const URI = { 'redis-conf': 'file:///etc/redis/redis.conf', 'sentinel-conf': 'file:///etc/redis/sentinel.conf' } as const;

/** What the features read of an analysis, as plain data. */
function view(a: Analysis) {
  return {
    diagnostics: a.diagnostics,
    known: a.known.map((k) => [k.line, k.info.name]),
    sentinel: a.sentinel,
    version: a.version,
    versionSource: a.versionSource,
    options: a.options,
    summary: a.durability.summary,
    findings: a.durability.findings.map((f) => [f.code, f.diagnostic]),
    facts: a.durability.facts,
    symbols: navigation.documentSymbols(a, { groupBy: 'section' }),
  };
}

type Lang = 'redis-conf' | 'sentinel-conf';

function whole(text: string, lang: Lang, targetVersion: string): Analysis {
  return analyze({ doc: parseConfig(text), language: lang, uri: URI[lang], filePath: '/etc/redis/x.conf', settings: { targetVersion } });
}

function next(previous: Analysis, text: string, lang: Lang, targetVersion: string): Analysis {
  return analyze({
    doc: reparseConfig(previous.doc, text),
    language: lang,
    uri: URI[lang],
    filePath: '/etc/redis/x.conf',
    settings: { targetVersion },
    previous,
  });
}

describe('incremental analysis', () => {
  test('random edit sequences: each analysis after an edit equals a whole analysis', { timeout: 120_000 }, async (t) => {
    const property = fc.property(
      editSequence,
      language,
      version,
      fc.array(fc.array(edit, { maxLength: 2 }), { maxLength: 12 }),
      ({ initial, edits }, lang, target, more) => {
        let text = initial;
        let a = whole(text, lang, target);
        edits.forEach((e, i) => {
          // now and then several edits before the next analysis, as when a request comes after a burst
          text = applyEdit(text, e).text;
          for (const m of more[i] ?? []) text = applyEdit(text, m).text;
          a = next(a, text, lang, target);
          assert.deepEqual(view(a), view(whole(text, lang, target)), `after edit ${i + 1}`);
        });
      },
    );
    await runProperty(t, 'incremental equals whole', property, { numRuns: 300, timeMs: 15_000 }, FILE);
  });

  test('the stock file ten times: an edit checks only its own line again', async () => {
    const { readFileSync } = await import('node:fs');
    const stock = readFileSync('test/fixtures/stock/redis-7.0.conf', 'utf8');
    const text = `maxmemory 1zb\n${stock.repeat(10)}maxmemory 2zb\n`;
    const a = whole(text, 'redis-conf', '7.0');
    const at = text.indexOf('\nport 6379\n', text.length / 2) + 1;
    const edited = `${text.slice(0, at)}port 63790\n# one more line\n${text.slice(at + 'port 6379\n'.length)}`;
    const b = next(a, edited, 'redis-conf', '7.0');
    assert.deepEqual(view(b), view(whole(edited, 'redis-conf', '7.0')));
    const first = (x: Analysis) => x.diagnostics.find((d) => d.message.includes("'1zb'"));
    const last = (x: Analysis) => x.diagnostics.find((d) => d.message.includes("'2zb'"));
    assert.ok(first(a) && last(a));
    assert.equal(first(b), first(a), 'the line before the edit was not checked again');
    assert.notEqual(last(b), last(a), 'the line after the edit moved');
    assert.equal(last(b)!.range.start.line, last(a)!.range.start.line + 1);
    assert.equal(last(b)!.message, last(a)!.message);
  });

  test('a line that moves keeps its diagnostic, at its new place', () => {
    const text = 'maxmemory 1zb\nport 6379\n';
    const a = whole(text, 'redis-conf', '7.0');
    const b = next(a, `# a comment\n\n${text}`, 'redis-conf', '7.0');
    const bad = b.diagnostics.find((d) => d.code === 'invalid-memory');
    assert.ok(bad);
    assert.equal(bad.range.start.line, 2);
    assert.equal((bad.data as { order: number }).order, 3);
    assert.deepEqual(view(b), view(whole(b.doc.text, 'redis-conf', '7.0')));
  });

  test('a new target version checks every line again', () => {
    const a = whole('maxmemory-clients 0\n', 'redis-conf', 'auto');
    assert.equal(a.diagnostics.filter((d) => d.code === 'not-in-version').length, 0);
    const b = next(a, '# redis-ha: target=6.2\nmaxmemory-clients 0\n', 'redis-conf', 'auto');
    assert.equal(b.diagnostics.filter((d) => d.code === 'not-in-version').length, 1);
    assert.deepEqual(view(b), view(whole(b.doc.text, 'redis-conf', 'auto')));
  });
});
