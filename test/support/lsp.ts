/**
 * A real LSP client for protocol tests: spawns dist/server.js over stdio and
 * speaks JSON-RPC to it, answering workspace/configuration from a settings map.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { InitializeResult } from 'vscode-languageserver-protocol';

export const ROOT = join(__dirname, '..', '..');
/** The server under test: dist/server.js, or REDIS_HA_SERVER (another build, to compare a bench before and after a change). */
export const SERVER = process.env.REDIS_HA_SERVER ?? join(ROOT, 'dist', 'server.js');
/** REDIS_HA_SERVER_PROFILE=<dir>: each server started writes a CPU profile there when it exits (node --cpu-prof). */
const PROFILE = process.env.REDIS_HA_SERVER_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.REDIS_HA_SERVER_PROFILE] : [];

export interface TestServer {
  connection: ProtocolConnection;
  child: ChildProcess;
  settings: Record<string, unknown>;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  open(uri: string, languageId: string, text: string, version?: number): void;
  stop(): Promise<void>;
  /** Sends a request with its whole params and resolves with its result. */
  send<R = unknown>(method: string, params: unknown): Promise<R>;
  /** Sends a request about `uri` (`textDocument` is filled in) and resolves with the server's answer. */
  request<R>(method: string, uri: string, params?: Record<string, unknown>): Promise<R>;
  /** Sends workspace/didChangeConfiguration with the current `settings`. */
  settingsChanged(): void;
  /** What the server answered to `initialize` (its capabilities). */
  initializeResult?: InitializeResult;
  /** Replaces the whole text of an open document. */
  change(uri: string, version: number, text: string): void;
  /** Requests the server made of the client (method names), in order. */
  serverRequests: string[];
}

export interface StartOptions {
  /** Absolute paths of workspace folders the server should index. */
  workspaceFolders?: string[];
  /** Client capabilities merged into the defaults (code action literals, inlay hints, links, file watching). */
  capabilities?: Record<string, unknown>;
  /** `textDocument` client capabilities besides publishDiagnostics (e.g. completion snippet support). */
  textDocument?: Record<string, unknown>;
  /** initializationOptions of `initialize` (e.g. the commands the client runs). */
  initializationOptions?: Record<string, unknown>;
  /** The server's command line (default: node dist/server.js --stdio), e.g. an installed redis-ha-language-server. */
  command?: string[];
}

export async function startServer(settings: Record<string, unknown> = {}, opts: StartOptions = {}): Promise<TestServer> {
  const [command, ...args] = opts.command ?? [process.execPath, ...PROFILE, SERVER, '--stdio'];
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> =
    [];
  const server: TestServer = {
    connection,
    child,
    settings,
    serverRequests: [],
    send: (method, params) => connection.sendRequest(method, params),
    request<R>(method: string, uri: string, params: Record<string, unknown> = {}) {
      return connection.sendRequest(method, { textDocument: { uri }, ...params }) as Promise<R>;
    },
    settingsChanged() {
      void connection.sendNotification('workspace/didChangeConfiguration', { settings: { redisHa: server.settings } });
    },
    change(uri, version, text) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    diagnostics(uri, accept = () => true) {
      return new Promise((resolve) => waiting.push({ uri, accept, resolve }));
    },
    open(uri, languageId, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
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
  connection.onRequest('client/registerCapability', () => {
    server.serverRequests.push('client/registerCapability');
    return null;
  });
  connection.onRequest('workspace/inlayHint/refresh', () => {
    server.serverRequests.push('workspace/inlayHint/refresh');
    return null;
  });
  connection.listen();
  const folders = (opts.workspaceFolders ?? []).map((p) => ({ uri: pathToFileURL(p).href, name: basename(p) }));
  const base = {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: { publishDiagnostics: { relatedInformation: true } },
  };
  server.initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folders[0]?.uri ?? null,
    workspaceFolders: folders.length ? folders : null,
    capabilities: merge(merge(base, opts.capabilities ?? {}), { textDocument: opts.textDocument ?? {} }),
    ...(opts.initializationOptions ? { initializationOptions: opts.initializationOptions } : {}),
  });
  void connection.sendNotification('initialized', {});
  return server;
}

/** Capabilities of a client like VS Code for the durability features. */
export const RICH_CLIENT = {
  workspace: { inlayHint: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } },
      isPreferredSupport: true,
      dataSupport: true,
    },
    inlayHint: {},
    definition: { linkSupport: true },
    documentLink: {},
  },
};

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      cur && typeof cur === 'object' && v && typeof v === 'object' && !Array.isArray(v)
        ? merge(cur as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}
