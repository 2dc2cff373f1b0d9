/**
 * The `vscode`-API scenarios (test/vscode/scenarios.ts) in a real extension
 * host: code-server's, through the test-only probe extension installed next to
 * redis-ha.vsix — and, where a desktop VS Code is at hand, also under
 * @vscode/test-electron (skipped here with the reason printed, never silently).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildProbeVsix } from '../vscode/build';
import { electronSkipReason, runElectronScenarios } from '../vscode/runElectron';
import type { ScenarioResult } from '../vscode/scenarios';
import { e2eSkipReason, startSession, type E2ESession } from './support/session';

const skip = e2eSkipReason();

describe("API scenarios in code-server's extension host", { skip }, () => {
  let session: E2ESession | undefined;
  const resultsDir = mkdtempSync(join(tmpdir(), 'redis-ha-api-results-'));
  const resultsFile = join(resultsDir, 'results.json');
  let host = '';
  let results: ScenarioResult[] = [];

  before(async () => {
    const probe = buildProbeVsix();
    session = await startSession({
      files: { 'README.md': 'The API scenarios create their files under api-scenarios/.\n' },
      extraExtensions: [probe],
      userSettings: { 'redisHaApiProbe.resultsFile': resultsFile },
    });
    // the probe runs once the workbench has started; wait for the file it writes
    // each scenario has its own 30 s limit in the probe; this bounds the whole run
    const deadline = Date.now() + 300_000;
    while (!existsSync(resultsFile)) {
      if (Date.now() > deadline)
        throw new Error(`the probe wrote no results within 300 s;\ncode-server said:\n${session.codeServer.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    ({ host, results } = JSON.parse(readFileSync(resultsFile, 'utf8')) as { host: string; results: ScenarioResult[] });
    await session.wb.screenshot('api-code-server-after-scenarios');
  });
  after(async () => {
    await session?.close();
    rmSync(resultsDir, { recursive: true, force: true });
  });

  test('every scenario ran and passed', async (t) => {
    assert.match(host, /^code-server 1\.\d+/);
    assert.ok(results.length >= 4, `only ${results.length} results`);
    for (const r of results) {
      await t.test(`${r.name} (${r.ms} ms)`, () => {
        assert.ok(r.ok, r.error);
      });
    }
  });
});

describe('API scenarios under @vscode/test-electron', () => {
  const reason = electronSkipReason();
  if (reason) process.stderr.write(`[e2e] @vscode/test-electron skipped: ${reason}\n`);
  test('run in a desktop VS Code', { skip: reason }, async () => {
    assert.equal(await runElectronScenarios(), 0);
  });
});
