/**
 * The command behind the "Change language mode to …" quick fix of a
 * language-by-content diagnostic: the server names the document and the
 * language its content belongs to, the client sets the language mode (a
 * server cannot). Not in the command palette: it needs those arguments.
 */
import * as vscode from 'vscode';
import { LANGUAGES } from '../server/service';

/** The service's SET_LANGUAGE_COMMAND, spelled here so the manifest tests see it (language-by-content.test.ts checks they agree). */
export const SET_LANGUAGE = 'redisHa.setLanguage';

export async function setLanguage(uri: unknown, language: unknown): Promise<void> {
  if (typeof uri !== 'string' || typeof language !== 'string' || !(LANGUAGES as readonly string[]).includes(language)) return;
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (!doc || doc.languageId === language) return;
  await vscode.languages.setTextDocumentLanguage(doc, language);
}

export function registerLanguageMode(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(SET_LANGUAGE, setLanguage));
}
