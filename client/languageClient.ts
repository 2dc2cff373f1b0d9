/**
 * Starts the language server as a Node.js process (desktop VS Code, a remote
 * extension host) over IPC; the options and the restart policy are shared
 * with the web client (clientOptions.ts).
 */
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { languageClientOptions } from './clientOptions';

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return new LanguageClient('redisHa', 'Redis HA language server', serverOptions, languageClientOptions(log));
}
