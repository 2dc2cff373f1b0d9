import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  Diagnostic,
  DocumentLink,
  InlayHint,
  InlayHintLabelPart,
  LocationLink,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { RICH_CLIENT, startServer, type TestServer } from '../support/lsp';

const has = (code: string) => (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === code);
const lacks = (code: string) => (p: PublishDiagnosticsParams) => !p.diagnostics.some((d) => d.code === code);

describe('durability features through the language server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-ws-'));
  const files = {
    redis: join(dir, 'redis.conf'),
    aof: join(dir, 'conf.d', 'aof.conf'),
    sentinel: join(dir, 'sentinel.conf'),
  };
  const uri = { redis: pathToFileURL(files.redis).href, aof: pathToFileURL(files.aof).href, sentinel: pathToFileURL(files.sentinel).href };
  const texts: Record<string, string> = {
    [uri.redis]: '# primary\nport 6390\nrequirepass s3cret\nmasterauth s3cret\ninclude conf.d/aof.conf\n',
    [uri.aof]: 'appendonly yes\nappendfsync no\n',
    [uri.sentinel]: 'port 26379\nsentinel monitor mymaster 127.0.0.1 6390 2\nsentinel down-after-milliseconds mymaster 5000\n',
  };
  const versions: Record<string, number> = {};
  let server: TestServer;

  function edit(u: string, text: string) {
    versions[u] = (versions[u] ?? 1) + 1;
    texts[u] = text;
    server.change(u, versions[u], text);
  }
  function apply(e: WorkspaceEdit) {
    for (const [u, edits] of Object.entries(e.changes ?? {}))
      edit(u, TextDocument.applyEdits(TextDocument.create(u, 'x', 1, texts[u]), edits));
  }
  const hintText = async (u: string) => {
    const hints = await server.send<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    });
    return { hints, text: (hints[0].label as InlayHintLabelPart[]).map((p) => p.value).join('') };
  };

  before(async () => {
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(files.redis, texts[uri.redis]);
    writeFileSync(files.aof, texts[uri.aof]);
    writeFileSync(files.sentinel, texts[uri.sentinel]);
    server = await startServer({ targetVersion: '7.0' }, { workspaceFolders: [dir], capabilities: RICH_CLIENT });
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a Sentinel learns from the workspace that its primary needs a password', async () => {
    const got = server.diagnostics(uri.sentinel, has('sentinel-auth-missing'));
    server.open(uri.sentinel, 'sentinel-conf', texts[uri.sentinel]);
    const d = (await got).diagnostics.find((x) => x.code === 'sentinel-auth-missing')!;
    assert.equal(d.severity, 2);
    assert.equal(d.relatedInformation![0].location.uri, uri.redis);
    assert.equal(d.relatedInformation![0].location.range.start.line, 2);
  });

  test('the summary line is an inlay hint with explanations', async () => {
    const { hints, text } = await hintText(uri.sentinel);
    assert.equal(text, 'mymaster: RTO ≈ 5–10 s (down after 5 s, quorum 2) · Redis 7.0 (setting)');
    assert.deepEqual(hints[0].position, { line: 0, character: 'port 26379'.length });
    assert.match(((hints[0].label as InlayHintLabelPart[])[0].tooltip as { value: string }).value, /majority vote/);
  });

  test('settings from the included file count, and the Sentinel watching the port shows in the summary', async () => {
    const got = server.diagnostics(uri.redis, has('aof-fsync-no'));
    server.open(uri.redis, 'redis-conf', texts[uri.redis]);
    const d = (await got).diagnostics.find((x) => x.code === 'aof-fsync-no')!;
    assert.equal(d.range.start.line, 4);
    const { text } = await hintText(uri.redis);
    assert.equal(
      text,
      'RPO ≈ 30 s (OS flush) on crash (AOF fsync by the OS + RDB) · replication async, unguarded · failover RTO ≈ 5–10 s · Balanced ✗ · Redis 7.0 (setting)',
    );
  });

  test('go to definition and a document link on the include path', async () => {
    const defs = await server.send<LocationLink[]>('textDocument/definition', {
      textDocument: { uri: uri.redis },
      position: { line: 4, character: 12 },
    });
    assert.deepEqual(
      defs.map((l) => l.targetUri),
      [uri.aof],
    );
    const links = await server.send<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: uri.redis } });
    assert.deepEqual(
      links.map((l) => [l.target, l.range.start.line]),
      [[uri.aof, 4]],
    );
  });

  test('editing an open included file re-checks the file that includes it', async () => {
    server.open(uri.aof, 'redis-conf', texts[uri.aof]);
    const fixed = server.diagnostics(uri.redis, lacks('aof-fsync-no'));
    edit(uri.aof, 'appendonly yes\nappendfsync everysec\n');
    await fixed;
    assert.match((await hintText(uri.redis)).text, /^RPO ≈ 1 s on crash/);
    assert.ok(server.serverRequests.includes('workspace/inlayHint/refresh'));
  });

  test('editing the primary re-checks the Sentinel', async () => {
    const gone = server.diagnostics(uri.sentinel, lacks('sentinel-auth-missing'));
    edit(uri.redis, texts[uri.redis].replace('requirepass s3cret\nmasterauth s3cret\n', ''));
    await gone;
    const back = server.diagnostics(uri.sentinel, has('sentinel-auth-missing'));
    edit(uri.redis, texts[uri.redis].replace('port 6390\n', 'port 6390\nrequirepass s3cret\nmasterauth s3cret\n'));
    await back;
  });

  test('a quick fix, applied, makes its diagnostic go away', async () => {
    const current = await currentDiagnostics(uri.sentinel);
    const d = current.find((x) => x.code === 'sentinel-auth-missing')!;
    const actions = await server.send<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri.sentinel },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    });
    assert.equal(actions[0].title, `Add sentinel auth-pass mymaster with the password of ${files.redis}`);
    assert.equal(actions[0].isPreferred, true);
    const gone = server.diagnostics(uri.sentinel, lacks('sentinel-auth-missing'));
    apply(actions[0].edit!);
    await gone;
    assert.match(texts[uri.sentinel], /\nsentinel down-after-milliseconds mymaster 5000\nsentinel auth-pass mymaster s3cret\n$/);
  });

  test('Apply profile: Balanced, as a source action', async () => {
    const actions = await server.send<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri.redis },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    assert.deepEqual(
      actions.map((a) => a.kind),
      ['source.redis-ha.profile.balanced', 'source.redis-ha.profile.max-durability', 'source.redis-ha.profile.low-latency'],
    );
    const want = versions[uri.redis] + 1;
    const clean = server.diagnostics(uri.redis, (p) => p.version === want);
    const e = actions[0].edit!;
    assert.deepEqual(Object.keys(e.changes!), [uri.redis], 'the included file already says what the profile says');
    apply(e);
    assert.doesNotMatch(texts[uri.redis], /^append(only|fsync) /m, 'not added again next to the include');
    const p = await clean;
    // only the validator's note that a relative include depends on redis-server's working directory remains
    assert.deepEqual(
      p.diagnostics.filter((x) => x.severity! < 3).map((x) => x.code),
      ['include-relative'],
    );
  });

  test('a change on disk to a file that is not open re-checks its dependents', async () => {
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri.aof } });
    const got = server.diagnostics(uri.redis, has('aof-fsync-no'));
    writeFileSync(files.aof, 'appendonly yes\nappendfsync no\n');
    void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri.aof, type: 2 }] });
    await got;
    assert.ok(server.serverRequests.includes('client/registerCapability'), 'the server watches *.conf files');
  });

  /** The latest diagnostics of an open document, by sending its text again as a new version. */
  async function currentDiagnostics(u: string): Promise<Diagnostic[]> {
    const want = (versions[u] ?? 1) + 1;
    const next = server.diagnostics(u, (p) => p.version === want);
    edit(u, texts[u]);
    return (await next).diagnostics;
  }
});
