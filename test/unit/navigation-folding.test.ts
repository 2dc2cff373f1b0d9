import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FoldingRange } from 'vscode-languageserver-types';
import { foldingRanges } from '../../server/service/navigation';
import { ROOT } from '../support/lsp';
import { analyzeText, randomConfig, rng, type Lang } from '../support/navigation';

function folds(text: string, language: Lang = 'redis-conf'): string[] {
  return foldingRanges(analyzeText(text, language)).map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);
}

/** Ranges VS Code keeps: each spans two lines or more, no two start on one line, and any two nest or are disjoint. */
function assertNested(ranges: FoldingRange[], label: string) {
  const starts = new Set<number>();
  for (const r of ranges) {
    assert.ok(r.endLine > r.startLine, `${label}: empty range ${JSON.stringify(r)}`);
    assert.ok(!starts.has(r.startLine), `${label}: two ranges start on line ${r.startLine}`);
    starts.add(r.startLine);
  }
  for (const a of ranges) {
    for (const b of ranges) {
      if (a === b) continue;
      const disjoint = a.endLine < b.startLine || b.endLine < a.startLine;
      const nested = (a.startLine <= b.startLine && b.endLine <= a.endLine) || (b.startLine <= a.startLine && a.endLine <= b.endLine);
      assert.ok(disjoint || nested, `${label}: ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`);
    }
  }
}

describe('folding', () => {
  test('comment blocks of two lines or more', () => {
    assert.deepEqual(folds('# a\n# b\n#\n# c\nport 1\n# single\nsave ""\n\n# x\n   # y (indented)\n'), ['0-3 comment', '8-9 comment']);
  });
  test('a blank line ends a comment block', () => {
    assert.deepEqual(folds('# a\n# b\n\n# c\n# d\n'), ['0-1 comment', '3-4 comment']);
  });
  test('sections run from their banner to the last non-blank line before the next one', () => {
    const text = '# intro\n# more\n\n### A ###\n# doc\n# doc\nport 1\n\n\n### B ###\nsave ""\n\n';
    assert.deepEqual(folds(text), ['0-1 comment', '3-6 region', '4-5 comment', '9-10 region']);
  });
  test('a banner directly followed by its comment paragraph: the paragraph folds inside the section', () => {
    assert.deepEqual(folds('### A ###\n# one\n# two\nport 1\n'), ['0-3 region', '1-2 comment']);
  });
  test('a three-line box banner is not a comment block of its own', () => {
    assert.deepEqual(folds('##########\n# Network\n##########\nport 1\nbind 127.0.0.1\n'), ['0-4 region']);
  });
  test('sentinel.conf: each contiguous run of one master’s lines, comments in between allowed', () => {
    const text = [
      'sentinel monitor a 127.0.0.1 6379 2',
      '# how long',
      '# before down',
      'sentinel down-after-milliseconds a 5000',
      'sentinel failover-timeout a 60000',
      'sentinel monitor b 127.0.0.1 6380 2',
      'sentinel parallel-syncs b 1',
      'port 26379',
      'sentinel auth-pass b x',
      'sentinel auth-user b y',
    ].join('\n');
    assert.deepEqual(folds(text, 'sentinel-conf'), ['0-4', '1-2 comment', '5-6', '8-9']);
  });
  test('a master’s run ends at a banner', () => {
    const text =
      'sentinel monitor a 127.0.0.1 6379 2\nsentinel parallel-syncs a 1\n### More ###\nsentinel failover-timeout a 1000\nsentinel auth-pass a x\n';
    assert.deepEqual(folds(text, 'sentinel-conf'), ['0-1', '2-4 region', '3-4']);
  });
  test('the client’s range limit keeps sections first', () => {
    const a = analyzeText('# a\n# b\n### A ###\nport 1\n# c\n# d\n### B ###\nsave ""\n');
    assert.deepEqual(
      foldingRanges(a, { rangeLimit: 2 }).map((r) => r.kind),
      ['region', 'region'],
    );
  });
  test('stock files: ranges nest; redis-7.0.conf has its 26 sections as regions', () => {
    const dir = join(ROOT, 'test/fixtures/stock');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.conf'))) {
      const lang: Lang = f.includes('sentinel') ? 'sentinel-conf' : 'redis-conf';
      const ranges = foldingRanges(analyzeText(readFileSync(join(dir, f), 'utf8'), lang));
      assertNested(ranges, f);
      if (f === 'redis-7.0.conf') assert.equal(ranges.filter((r) => r.kind === 'region').length, 26);
    }
  });
  test('2,000 generated configs: ranges nest', () => {
    const r = rng(99);
    for (let i = 0; i < 2000; i++) {
      const lang: Lang = i % 2 ? 'sentinel-conf' : 'redis-conf';
      const text = randomConfig(r, 20);
      assertNested(foldingRanges(analyzeText(text, lang)), `generated #${i} ${JSON.stringify(text)}`);
    }
  });
});
