/**
 * The commands of the "Get started with Redis HA" walkthrough
 * (`contributes.walkthroughs` in package.json): open the walkthrough itself,
 * open an example config, and open the "Apply profile" source actions of a
 * config editor. Connecting a group is the live view's own
 * `redisHa.addConnection`. Uses nothing but the `vscode` API, so a browser
 * entry can register it as well.
 */
import * as vscode from 'vscode';
import {
  APPLY_PROFILE_COMMAND,
  CONFIG_LANGUAGES,
  EXAMPLE_CONFIG,
  OPEN_EXAMPLE_COMMAND,
  OPEN_WALKTHROUGH_COMMAND,
  PROFILE_SOURCE_KIND,
  WALKTHROUGH_ID,
} from './walkthroughContent';

/** Registers the walkthrough's commands; their disposables go to context.subscriptions. */
export function registerWalkthrough(context: vscode.ExtensionContext): void {
  const walkthrough = `${context.extension.id}#${WALKTHROUGH_ID}`;
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_WALKTHROUGH_COMMAND, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthrough, false),
    ),
    vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, () => openExample()),
    vscode.commands.registerCommand(APPLY_PROFILE_COMMAND, () => applyProfile()),
  );
}

/** A new untitled redis-conf document with the example, next to the walkthrough when that is in front. */
async function openExample(): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'redis-conf', content: EXAMPLE_CONFIG });
  return vscode.window.showTextDocument(doc, { preview: false, viewColumn: exampleColumn() });
}

/**
 * The group for the example, as a number rather than "active": the walkthrough's
 * `command:toSide:` link opens a group beside it and activates it, but the click
 * on the link can give the focus back to the walkthrough's group before the
 * command runs. So when the active group shows a page that is not a text editor
 * (the walkthrough), another group is taken, else a new one beside it.
 */
function exampleColumn(): vscode.ViewColumn {
  const groups = vscode.window.tabGroups;
  const active = groups.activeTabGroup;
  const tab = active.activeTab;
  if (tab && !(tab.input instanceof vscode.TabInputText))
    return groups.all.find((g) => g !== active)?.viewColumn ?? vscode.ViewColumn.Beside;
  return active.viewColumn;
}

function isConfig(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return !!editor && (CONFIG_LANGUAGES as readonly string[]).includes(editor.document.languageId);
}

/**
 * Focuses a config editor — the active one, else a visible one, else the
 * example, opened now — and opens its Source Action menu with only the
 * profiles (the language server offers those that change something).
 */
async function applyProfile(): Promise<void> {
  const found = isConfig(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor : vscode.window.visibleTextEditors.find(isConfig);
  const editor = found
    ? await vscode.window.showTextDocument(found.document, { viewColumn: found.viewColumn, preserveFocus: false })
    : await openExample();
  // the menu opens at the cursor: put it on line 1, next to the summary it changes
  if (!found) editor.selection = new vscode.Selection(0, 0, 0, 0);
  await vscode.commands.executeCommand('editor.action.sourceAction', { kind: PROFILE_SOURCE_KIND, apply: 'never' });
}
