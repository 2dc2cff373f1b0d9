/**
 * The web worker bundle (dist/web/server.js), as vscode.dev runs it, but in a
 * Node.js `vm` context that has only what a browser's worker has — no
 * Buffer, process, require or module — so a Node.js global that slipped into
 * the service or the adapter fails here. Spoken to over postMessage with
 * structured clones, like a Worker. Without a file system the analysis says
 * nothing about files it cannot see (no include-not-found).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createContext, runInContext } from 'node:vm';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createProtocolConnection,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/browser';
import type { CompletionList, Hover, InlayHint } from 'vscode-languageserver-types';

const WORKER = join(__dirname, '..', '..', 'dist', 'web', 'server.js');

/** Globals a dedicated worker has that the bundle may use; nothing of Node.js. */
function workerGlobals(post: (data: unknown) => void): Record<string, unknown> {
  return {
    postMessage: post,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    console,
    TextEncoder,
    TextDecoder,
    URL,
    crypto: globalThis.crypto,
    btoa,
    atob,
    structuredClone,
  };
}

/** The page's side of a Worker: messages are posted to the worker's onmessage, and received on its own. */
interface Port {
  onmessage?: (e: { data: unknown }) => void;
  postMessage(data: unknown): void;
  addEventListener(type: string, listener: unknown): void;
}

describe('the web worker language server (dist/web/server.js)', () => {
  let connection: ProtocolConnection;
  const published: PublishDiagnosticsParams[] = [];
  const waiting: Array<{ uri: string; resolve: (p: PublishDiagnosticsParams) => void }> = [];

  before(async () => {
    const client: Port = {
      postMessage: (data) => (worker.onmessage as Port['onmessage'])?.({ data: structuredClone(data) }),
      addEventListener: () => undefined,
    };
    const worker = createContext(workerGlobals((data) => queueMicrotask(() => client.onmessage?.({ data: structuredClone(data) }))));
    for (const name of ['Buffer', 'process', 'require', 'module', 'global'])
      assert.equal(runInContext(`typeof ${name}`, worker), 'undefined', name);
    runInContext(readFileSync(WORKER, 'utf8'), worker, { filename: WORKER });
    connection = createProtocolConnection(new BrowserMessageReader(client as never), new BrowserMessageWriter(client as never));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
      for (const w of waiting.splice(0).filter((x) => x.uri === p.uri || !waiting.push(x))) w.resolve(p);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ targetVersion: '7.2' })));
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } } },
      },
    });
    await connection.sendNotification('initialized', {});
  });
  after(() => connection?.dispose());

  const diagnosticsOf = (uri: string) =>
    new Promise<PublishDiagnosticsParams>((resolve) => {
      const seen = published.find((p) => p.uri === uri);
      if (seen) resolve(seen);
      else waiting.push({ uri, resolve });
    });
  const open = (uri: string, text: string) =>
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'redis-conf', version: 1, text } });

  test('diagnostics of an open document, and none about files it cannot see', async (t) => {
    const uri = 'vscode-vfs://github/acme/ops/redis.conf';
    const started = Date.now();
    await open(
      uri,
      'port 6379\nmaxmemroy 1gb\ninclude /etc/redis/missing.conf\nappendonly yes # on\nrequirepass s3cret-Pass-Word-123456\n',
    );
    const p = await diagnosticsOf(uri);
    const codes = p.diagnostics.map((d) => String(d.code));
    assert.ok(codes.includes('unknown-directive'), codes.join(', '));
    assert.ok(codes.includes('inline-comment'), codes.join(', '));
    assert.ok(!codes.some((c) => c.startsWith('include-')), `nothing about the include the worker cannot read: ${codes.join(', ')}`);
    t.diagnostic(`diagnostics ${Date.now() - started} ms after didOpen (the first analysis of the worker)`);
  });

  test('a clean file gets no error', async () => {
    const uri = 'memfs:/clean/redis.conf';
    await open(uri, 'port 6379\nbind 127.0.0.1\nappendonly yes\nappendfsync everysec\n');
    const p = await diagnosticsOf(uri);
    assert.deepEqual(
      p.diagnostics.filter((d) => d.severity === 1),
      [],
    );
  });

  test('hover, completion, inlay hints and code actions answer from the worker', async () => {
    const uri = 'memfs:/features/redis.conf';
    await open(uri, 'appendonly yes\nmaxmemory-policy allkeys-lru\nappendf\n');
    await diagnosticsOf(uri);
    const at = (line: number, character: number) => ({ textDocument: { uri }, position: { line, character } });
    const h = await connection.sendRequest<Hover | null>('textDocument/hover', at(0, 3));
    assert.match(JSON.stringify(h?.contents), /appendonly/i);
    const c = await connection.sendRequest<CompletionList | null>('textDocument/completion', at(2, 7));
    const labels = (c?.items ?? []).map((i) => i.label);
    assert.ok(labels.includes('appendfsync'), labels.slice(0, 20).join(', '));
    const lines = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
    const hints = await connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: lines });
    assert.ok(hints.length > 0, 'the durability summary');
    const actions = await connection.sendRequest<Array<{ title: string }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    assert.ok(actions.length > 0, 'the durability profiles as source actions');
  });
});
