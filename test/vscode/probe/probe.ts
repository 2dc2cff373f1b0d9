/**
 * A test-only extension for code-server: once the workbench has started, runs
 * the API scenarios (test/vscode/scenarios.ts) in this extension host and
 * writes their results as JSON to the file named by the user setting
 * `redisHaApiProbe.resultsFile` (written under a temporary name, then renamed,
 * so the test never reads half a file). Without that setting it does nothing.
 */
import { renameSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { runScenarios, type ScenarioResult } from '../scenarios';

export async function activate(): Promise<void> {
  const file = vscode.workspace.getConfiguration('redisHaApiProbe').get<string>('resultsFile');
  if (!file) return;
  let results: ScenarioResult[];
  try {
    results = await runScenarios();
  } catch (e) {
    results = [{ name: 'running the scenarios', ok: false, ms: 0, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }];
  }
  writeFileSync(`${file}.partial`, JSON.stringify({ host: `code-server ${vscode.version}`, results }, null, 2));
  renameSync(`${file}.partial`, file);
}

export function deactivate(): void {}
