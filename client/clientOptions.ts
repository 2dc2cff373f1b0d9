/**
 * What both language clients share — the desktop one (a Node.js process,
 * languageClient.ts) and the web one (a web worker, web.ts): the documents
 * served, the settings synchronized, the log, and the restart policy: a
 * crashed server is restarted, but after 5 crashes within 3 minutes we stop
 * and tell the user, with a button that opens the log.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  type BaseLanguageClient,
  type CloseHandlerResult,
  type DocumentFilter,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
} from 'vscode-languageclient';
import { LANGUAGES, OUTER_LANGUAGES, SET_LANGUAGE_COMMAND, SETTINGS_SECTION } from '../server/service';
import { MAX_RESTARTS, RestartPolicy } from './restartPolicy';

export function languageClientOptions(log: vscode.LogOutputChannel): LanguageClientOptions {
  const policy = new RestartPolicy();
  const errorHandler: ErrorHandler = {
    error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue }),
    closed: (): CloseHandlerResult => {
      if (policy.shouldRestart()) {
        log.warn('The Redis HA language server stopped unexpectedly; restarting it.');
        return { action: CloseAction.Restart, handled: true };
      }
      log.error(`The Redis HA language server crashed ${MAX_RESTARTS} times in 3 minutes; it will not be restarted.`);
      void vscode.window
        .showErrorMessage(
          `The Redis HA language server crashed ${MAX_RESTARTS} times in the last 3 minutes and was stopped. Diagnostics for redis.conf and sentinel.conf are off until the window is reloaded.`,
          'Open log',
          'Reload window',
        )
        .then((choice) => {
          if (choice === 'Open log') log.show();
          if (choice === 'Reload window') void vscode.commands.executeCommand('workbench.action.reloadWindow');
        });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
  return {
    documentSelector: [...LANGUAGES.map((language) => ({ language })), ...embeddedSelector()],
    synchronize: { configurationSection: SETTINGS_SECTION },
    // the commands this client runs for the server's code actions (languageMode.ts registers it)
    initializationOptions: { commands: [SET_LANGUAGE_COMMAND] },
    outputChannel: log,
    errorHandler,
  };
}

/** The documents that may hold configs, served only while redisHa.embedded is on (read when the client starts). */
export const EMBEDDED_SELECTOR: DocumentFilter[] = OUTER_LANGUAGES.map((language) => ({ language }));

function embeddedOn(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('embedded', false);
}

function embeddedSelector(): DocumentFilter[] {
  return embeddedOn() ? EMBEDDED_SELECTOR : [];
}

/**
 * Starts the client now when it has something to serve — a config document is open, or redisHa.embedded
 * is on — else once a config document opens. The extension also activates on YAML and Dockerfile
 * documents (for redisHa.embedded): with the setting off, those start no language server.
 */
export async function startWhenNeeded(
  context: vscode.ExtensionContext,
  client: BaseLanguageClient,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const ours = (d: vscode.TextDocument) => (LANGUAGES as readonly string[]).includes(d.languageId);
  if (embeddedOn() || vscode.workspace.textDocuments.some(ours)) return startClient(client, log, '');
  log.info('Redis HA language server: waiting for a redis.conf or sentinel.conf (redisHa.embedded is off)');
  const wait = vscode.workspace.onDidOpenTextDocument((d) => {
    if (!ours(d)) return;
    wait.dispose();
    void startClient(client, log, '');
  });
  context.subscriptions.push(wait);
}

/** Offers to reload the window when redisHa.embedded changes: the documents a client serves are fixed when it starts. */
export function watchEmbeddedSetting(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`${SETTINGS_SECTION}.embedded`)) return;
      void vscode.window
        .showInformationMessage(
          'Redis HA: reload the window to check (or stop checking) configs inside YAML files and Dockerfiles.',
          'Reload window',
        )
        .then((choice) => choice && vscode.commands.executeCommand('workbench.action.reloadWindow'));
    }),
  );
}

/** Starts a language client, logging where it runs; a failure is logged and shown, never thrown. */
export async function startClient(client: BaseLanguageClient, log: vscode.LogOutputChannel, where: string): Promise<void> {
  try {
    await client.start();
    log.info(`Redis HA language server started${where}`);
  } catch (e) {
    log.error(`Could not start the Redis HA language server: ${e instanceof Error ? e.message : String(e)}`);
    void vscode.window.showErrorMessage('Redis HA: the language server could not start.', 'Open log').then((c) => c && log.show());
  }
}
