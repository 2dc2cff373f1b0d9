/**
 * Starts the language server and keeps it alive: a crashed server is
 * restarted, but after 5 crashes within 3 minutes we stop and tell the user,
 * with a button that opens the log.
 */
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { LANGUAGES, SETTINGS_SECTION } from '../server/service';
import { MAX_RESTARTS, RestartPolicy } from './restartPolicy';

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
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
        .showErrorMessage(`The Redis HA language server crashed ${MAX_RESTARTS} times in the last 3 minutes and was stopped. Diagnostics for redis.conf and sentinel.conf are off until the window is reloaded.`, 'Open log', 'Reload window')
        .then((choice) => {
          if (choice === 'Open log') log.show();
          if (choice === 'Reload window') void vscode.commands.executeCommand('workbench.action.reloadWindow');
        });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ language })),
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: log,
    errorHandler,
  };
  return new LanguageClient('redisHa', 'Redis HA language server', serverOptions, clientOptions);
}
