/**
 * A real LSP client for protocol tests: spawns dist/server.js over stdio and
 * speaks JSON-RPC to it, answering workspace/configuration from a settings map.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { InitializeResult } from 'vscode-languageserver-protocol';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

export interface TestServer {
  connection: ProtocolConnection;
  child: ChildProcess;
  settings: Record<string, unknown>;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  open(uri: string, languageId: string, text: string, version?: number): void;
  stop(): Promise<void>;
  /** What the server answered to `initialize` (its capabilities). */
  initializeResult?: InitializeResult;
  /** Sends a request about `uri` (`textDocument` is filled in) and resolves with the server's answer. */
  request<R>(method: string, uri: string, params?: Record<string, unknown>): Promise<R>;
  /** Sends workspace/didChangeConfiguration with the current `settings`. */
  settingsChanged(): void;
}

/** `textDocument` client capabilities to announce besides publishDiagnostics (e.g. completion snippet support). */
export interface ClientOptions {
  textDocument?: Record<string, unknown>;
}

export async function startServer(settings: Record<string, unknown> = {}, client: ClientOptions = {}): Promise<TestServer> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  const server: TestServer = {
    connection,
    child,
    settings,
    diagnostics(uri, accept = () => true) {
      return new Promise((resolve) => waiting.push({ uri, accept, resolve }));
    },
    open(uri, languageId, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    request<R>(method: string, uri: string, params: Record<string, unknown> = {}) {
      return connection.sendRequest(method, { textDocument: { uri }, ...params }) as Promise<R>;
    },
    settingsChanged() {
      void connection.sendNotification('workspace/didChangeConfiguration', { settings: { redisHa: server.settings } });
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        void connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      connection.dispose();
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => child.kill('SIGKILL'), 2000);
          child.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const i = waiting.findIndex((w) => w.uri === p.uri && w.accept(p));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(p);
  });
  connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
    p.items.map((item) => (item.section === 'redisHa' ? server.settings : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  server.initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { relatedInformation: true }, ...client.textDocument } },
  });
  void connection.sendNotification('initialized', {});
  return server;
}
