/**
 * Extension entry point: the log, the language client and (as features land)
 * the live health view. Every disposable goes to context.subscriptions.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerIndexStatus } from './indexStatus';
import { createLanguageClient } from './languageClient';
import { registerLiveHealth } from './live';
import { registerLanguageMode } from './languageMode';
import { registerWalkthrough } from './walkthrough';
import { startWhenNeeded, watchEmbeddedSetting } from './clientOptions';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Redis HA', { log: true });
  context.subscriptions.push(log);
  client = createLanguageClient(context, log);
  context.subscriptions.push(client);
  context.subscriptions.push(vscode.commands.registerCommand('redisHa.showLog', () => log.show()));
  registerLiveHealth(context, log);
  registerWalkthrough(context);
  registerLanguageMode(context);
  registerIndexStatus(context, client, log);
  watchEmbeddedSetting(context);
  await startWhenNeeded(context, client, log);
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
}
