/**
 * The language server's per-document state (issue 11): what is published is
 * bounded, a document over the size limit is not analysed, and nothing is
 * kept for a document once it is closed — even when its analysis was still
 * waiting for settings at the time.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { AnalysisCache, MAX_PUBLISHED_DIAGNOSTICS, publishable } from '../../server/documents';
import type { DocumentSettings } from '../../server/service';

function diag(line: number, severity: 1 | 2 | 3): Diagnostic {
  return { range: { start: { line, character: 0 }, end: { line, character: 1 } }, severity, message: `d${line}`, code: 'x' };
}

describe('what the server publishes', () => {
  test('up to the cap: everything, unchanged', () => {
    const list = [diag(3, 2), diag(1, 1)];
    assert.deepEqual(publishable(list), list);
  });

  test('over the cap: errors first, then by position, and one diagnostic counting the rest', () => {
    const list: Diagnostic[] = [];
    for (let i = 0; i < 5000; i++) list.push(diag(i, i % 2 ? 1 : 2));
    const out = publishable(list);
    assert.equal(out.length, MAX_PUBLISHED_DIAGNOSTICS + 1);
    assert.ok(out.slice(0, MAX_PUBLISHED_DIAGNOSTICS).every((d) => d.severity === 1));
    assert.deepEqual(
      out.slice(0, 3).map((d) => d.range.start.line),
      [1, 3, 5],
    );
    assert.equal(out.at(-1)!.code, 'too-many-diagnostics');
    assert.match(out.at(-1)!.message, /^4000 more diagnostics \(1500 of them errors\) not shown/);
  });
});

describe('AnalysisCache', () => {
  test('a document closed while its settings were fetched leaves nothing behind', async () => {
    let release: (s: DocumentSettings) => void = () => undefined;
    const open = new Set(['file:///c/redis.conf']);
    const cache = new AnalysisCache(
      () => new Promise((r) => (release = r)),
      undefined,
      undefined,
      (uri) => open.has(uri),
    );
    const doc = TextDocument.create('file:///c/redis.conf', 'redis-conf', 1, 'maxmemroy 1gb\n');
    const pending = cache.get(doc);
    open.delete(doc.uri);
    cache.forget(doc.uri); // didClose
    release({});
    assert.equal(await pending, undefined);
    assert.equal(cache.peek(doc), undefined, 'no analysis kept for a closed document');
    assert.equal(await cache.get(doc), undefined);
  });

  test('a document over redisHa.maxFileSize is not analysed', async () => {
    const cache = new AnalysisCache(async () => ({ maxFileSize: 64 }));
    const small = TextDocument.create('file:///c/a.conf', 'redis-conf', 1, 'port 6379\n');
    const big = TextDocument.create('file:///c/b.conf', 'redis-conf', 1, 'port 6379\n'.repeat(20));
    assert.ok(await cache.get(small));
    assert.equal(await cache.get(big), undefined);
    assert.deepEqual(cache.oversize(big, { maxFileSize: 64 }), { bytes: 200, limit: 64 });
    assert.equal(cache.oversize(small, { maxFileSize: 64 }), undefined);
  });

  test('a new version replaces the analysis of the old one', async () => {
    const cache = new AnalysisCache(async () => ({}));
    const v1 = TextDocument.create('file:///c/v.conf', 'redis-conf', 1, 'port 1\n');
    const a1 = await cache.get(v1);
    const v2 = TextDocument.create('file:///c/v.conf', 'redis-conf', 2, 'port 2\n');
    const a2 = await cache.get(v2);
    assert.notEqual(a1, a2);
    assert.equal(cache.peek(v1), undefined);
    assert.equal(cache.peek(v2), a2);
  });
});
