/**
 * The workspace index through the language server: a burst of changes on
 * disk (a branch switch) re-checks each open document once, when the burst
 * is over; an index that cannot hold every config file says so, and holds
 * those nearest the open documents.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { InlayHint, InlayHintLabelPart } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { IndexReport } from '../../server/crossFiles';
import { RICH_CLIENT, startServer, type TestServer } from '../support/lsp';
import { redisConf, sentinelConf, uriOf, writeFiles } from '../support/workspaces';

/** A server over `dir` that records its index reports, log messages and the publications for `uris`. */
async function serverOver(dir: string, uris: string[]) {
  const server = await startServer({ targetVersion: '7.0' }, { workspaceFolders: [dir], capabilities: RICH_CLIENT });
  const reports: IndexReport[] = [];
  const logs: Array<{ type: number; message: string }> = [];
  const published: PublishDiagnosticsParams[] = [];
  let waiting: Array<{ accept: (r: IndexReport) => boolean; resolve: (r: IndexReport) => void }> = [];
  server.connection.onNotification('redisHa/workspaceIndex', (r: IndexReport) => {
    reports.push(r);
    const ready = waiting.filter((w) => w.accept(r));
    waiting = waiting.filter((w) => !w.accept(r));
    for (const w of ready) w.resolve(r);
  });
  server.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => logs.push(m));
  // recorders that never accept, registered before any other wait for these URIs, see every publication
  for (const uri of uris) {
    void server.diagnostics(uri, (p) => {
      published.push(p);
      return false;
    });
  }
  /** The first report (past or to come) that `accept`s. */
  const report = (accept: (r: IndexReport) => boolean) => {
    const seen = reports.find(accept);
    return seen ? Promise.resolve(seen) : new Promise<IndexReport>((resolve) => waiting.push({ accept, resolve }));
  };
  return { server, reports, logs, published, report };
}

async function failoverHint(server: TestServer, uri: string): Promise<string> {
  const hints = await server.send<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
  });
  const parts = (hints[0]?.label ?? []) as InlayHintLabelPart[];
  const part = parts.find((p) => p.value.startsWith('failover'));
  return part ? (part.tooltip as { value: string }).value : '';
}

describe('changes on disk come in bursts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-burst-'));
  const sentinels = Array.from({ length: 300 }, (_, i) => `sentinels/sentinel-${i}.conf`);
  let s: Awaited<ReturnType<typeof serverOver>>;
  const primary = join(dir, 'redis.conf');
  const other = join(dir, 'sentinel.conf');

  before(async () => {
    writeFiles(dir, {
      'redis.conf': redisConf(6390),
      'sentinel.conf': sentinelConf(6391),
      ...Object.fromEntries(sentinels.map((f) => [f, sentinelConf(6390, 5000)])),
    });
    s = await serverOver(dir, [uriOf(primary), uriOf(other)]);
    const opened = Promise.all([s.server.diagnostics(uriOf(primary)), s.server.diagnostics(uriOf(other))]);
    s.server.open(uriOf(primary), 'redis-conf', redisConf(6390));
    s.server.open(uriOf(other), 'sentinel-conf', sentinelConf(6391));
    await opened;
    await s.report((r) => r.found === 302);
  });
  after(async () => {
    await s.server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rewrites the Sentinel files, sends the changes in three notifications and waits until they are handled. */
  async function burst(text: string) {
    const handled = s.reports.at(-1)!.changesHandled;
    const from = s.published.length;
    const paths = sentinels.map((f) => join(dir, f));
    for (const p of paths) writeFileSync(p, text);
    for (let i = 0; i < paths.length; i += 100) {
      void s.server.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: paths.slice(i, i + 100).map((p) => ({ uri: uriOf(p), type: 2 })),
      });
    }
    const r = await s.report((x) => x.changesHandled === handled + paths.length);
    return { report: r, published: s.published.slice(from) };
  }

  test('300 changed Sentinels: the redis.conf they watch is checked again once, the other Sentinel not at all', async () => {
    const { report, published } = await burst(sentinelConf(6390, 7000));
    assert.equal(report.rechecked, 1);
    assert.deepEqual(
      published.map((p) => p.uri),
      [uriOf(primary)],
    );
    assert.match(await failoverHint(s.server, uriOf(primary)), /by 300 Sentinel files/);
    assert.match(await failoverHint(s.server, uriOf(primary)), /down after 7 s/);
  });

  test('the same files written again: nothing other files see changed, nothing is checked again', async () => {
    const { report, published } = await burst(sentinelConf(6390, 7000));
    assert.equal(report.rechecked, 0);
    assert.deepEqual(published, []);
  });

  test('an index that holds every config file is not truncated and says nothing about it', () => {
    const last = s.reports.at(-1)!;
    assert.equal(last.truncated, false);
    assert.deepEqual(
      { found: last.found, indexed: last.indexed },
      { found: 302, indexed: 300 },
      'the open documents are known from the editor',
    );
    assert.ok(!s.logs.some((l) => /truncated/.test(l.message)));
  });
});

describe('a workspace with more config files than the index holds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-big-'));
  let s: Awaited<ReturnType<typeof serverOver>>;
  const primary = join(dir, 'zz/cache/redis.conf');

  before(async () => {
    // 480 configs of other services, then the primary and the 30 Sentinels beside it
    const files: Record<string, string> = {};
    for (let i = 0; i < 480; i++) files[`a-far/env-${i % 40}/redis-${i}.conf`] = redisConf(10_000 + i);
    files['zz/cache/redis.conf'] = redisConf(6390);
    for (let i = 0; i < 30; i++) files[`zz/cache/sentinels/sentinel-${i}.conf`] = sentinelConf(6390);
    writeFiles(dir, files);
    s = await serverOver(dir, [uriOf(primary)]);
    s.server.open(uriOf(primary), 'redis-conf', redisConf(6390));
  });
  after(async () => {
    await s.server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the client is told, and the log says so once', async () => {
    const r = await s.report((x) => x.truncated);
    assert.deepEqual({ found: r.found, indexed: r.indexed, limit: r.limit }, { found: 511, indexed: 500, limit: 500 });
    await s.report((x) => x.indexed === 500 && x.rechecked >= 0);
    const warnings = s.logs.filter((l) => l.type === 2 && /index is truncated/.test(l.message));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /511 config files were found; 500 are indexed .*nearest the open documents first/);
  });

  test('the Sentinels beside the open redis.conf are indexed before the other services', async () => {
    // the document may open before or after the walk is ranked: each report is a moment to look again
    let seen = 0;
    for (;;) {
      const tooltip = await failoverHint(s.server, uriOf(primary));
      if (/by 30 Sentinel files/.test(tooltip)) break;
      await s.report(() => s.reports.length > seen);
      seen = s.reports.length;
    }
    assert.equal(s.reports.at(-1)!.indexed, 500);
  });
});
