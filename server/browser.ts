/**
 * The language server in a web worker (vscode.dev, github.dev): the same
 * adapter over the worker's messages, without a file system — the service
 * sees the open documents only. Bundled to dist/web/server.js.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from './adapter';

// the worker's global scope: messages from the client arrive on it, and are posted back through it
const scope = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
startServer(createConnection(ProposedFeatures.all, new BrowserMessageReader(scope), new BrowserMessageWriter(scope)), {});
