/**
 * Extension entry point in a browser (vscode.dev, github.dev; `browser` in
 * package.json): the language server runs in a web worker (dist/web/server.js)
 * and sees the open documents only — no included files, no workspace index.
 * The live health view is desktop-only and says so (webHealth.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { languageClientOptions, startClient } from './clientOptions';
import { registerLanguageMode } from './languageMode';
import { registerWalkthrough } from './walkthrough';
import { registerDesktopOnlyHealth } from './webHealth';

type WorkerLike = ConstructorParameters<typeof LanguageClient>[3];
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Redis HA', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(vscode.commands.registerCommand('redisHa.showLog', () => log.show()));
  registerDesktopOnlyHealth(context, log);
  registerWalkthrough(context);
  registerLanguageMode(context);
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js');
  const { Worker } = globalThis as unknown as { Worker: new (url: string, options?: { name?: string }) => WorkerLike };
  const worker = new Worker(serverMain.toString(true), { name: 'Redis HA language server' });
  client = new LanguageClient('redisHa', 'Redis HA language server', languageClientOptions(log), worker);
  context.subscriptions.push(client);
  await startClient(client, log, ' (web worker)');
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
}
