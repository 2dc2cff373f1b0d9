/**
 * The extensionTestsPath module for @vscode/test-electron: runs the API
 * scenarios in the desktop VS Code's extension host and fails the run (by
 * throwing) when any scenario fails. Bundled by test/vscode/build.ts.
 */
import { runScenarios } from '../scenarios';

export async function run(): Promise<void> {
  const filter = process.env.REDIS_HA_SCENARIOS ? new RegExp(process.env.REDIS_HA_SCENARIOS) : undefined;
  const results = await runScenarios(filter);
  for (const r of results) console.log(`${r.ok ? '✔' : '✖'} ${r.name} (${r.ms} ms)${r.ok ? '' : `\n${r.error}`}`);
  const failed = results.filter((r) => !r.ok);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`${failed.length} API scenario(s) failed: ${failed.map((f) => f.name).join('; ')}`);
}
