/**
 * The live health view in a browser (vscode.dev, github.dev): it needs TCP
 * connections to Redis, which a web worker cannot open, so it stays empty
 * and its welcome text says why (package.json, `viewsWelcome` when isWeb);
 * its commands, still in the palette, answer with the same explanation
 * instead of "command not found". Config checking is unaffected.
 */
import * as vscode from 'vscode';
import { APPLY_PROFILE_COMMAND, OPEN_EXAMPLE_COMMAND, OPEN_WALKTHROUGH_COMMAND } from './walkthroughContent';
import { SET_LANGUAGE } from './languageMode';

/** Commands that work in a browser too: the log and the walkthrough's. */
const WEB_COMMANDS = new Set(['redisHa.showLog', OPEN_WALKTHROUGH_COMMAND, OPEN_EXAMPLE_COMMAND, APPLY_PROFILE_COMMAND, SET_LANGUAGE]);

export const DESKTOP_ONLY =
  'The Redis HA live health view needs VS Code on the desktop (or a remote such as a dev container or SSH): ' +
  'it connects to Redis and Sentinel over TCP, which a browser cannot. Config checking works here as usual.';

interface Contributes {
  views?: Record<string, Array<{ id: string }>>;
  commands?: Array<{ command: string }>;
}

/** The view ids and commands the manifest contributes for the live view (every command but those in WEB_COMMANDS). */
function liveContributions(context: vscode.ExtensionContext): { views: string[]; commands: string[] } {
  const contributes = (context.extension.packageJSON as { contributes?: Contributes }).contributes;
  return {
    views: Object.values(contributes?.views ?? {})
      .flat()
      .map((v) => v.id),
    commands: (contributes?.commands ?? []).map((c) => c.command).filter((c) => !WEB_COMMANDS.has(c)),
  };
}

export function registerDesktopOnlyHealth(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const { views, commands } = liveContributions(context);
  // an empty tree: the view shows its welcome text rather than "no data provider"
  const empty: vscode.TreeDataProvider<never> = { getTreeItem: (e) => e, getChildren: () => [] };
  for (const id of views) context.subscriptions.push(vscode.window.registerTreeDataProvider(id, empty));
  for (const id of commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, () => {
        log.info(`${id}: ${DESKTOP_ONLY}`);
        void vscode.window.showInformationMessage(DESKTOP_ONLY);
      }),
    );
  }
}
