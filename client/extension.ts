/**
 * Extension entry point: the log, the language client and (as features land)
 * the live health view. Every disposable goes to context.subscriptions.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerIndexStatus } from './indexStatus';
import { createLanguageClient } from './languageClient';
import { registerLiveHealth } from './live';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Redis HA', { log: true });
  context.subscriptions.push(log);
  client = createLanguageClient(context, log);
  context.subscriptions.push(client);
  context.subscriptions.push(vscode.commands.registerCommand('redisHa.showLog', () => log.show()));
  registerLiveHealth(context, log);
  registerIndexStatus(context, client, log);
  try {
    await client.start();
    log.info('Redis HA language server started');
  } catch (e) {
    log.error(`Could not start the Redis HA language server: ${e instanceof Error ? e.message : String(e)}`);
    void vscode.window.showErrorMessage('Redis HA: the language server could not start.', 'Open log').then((c) => c && log.show());
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
}
