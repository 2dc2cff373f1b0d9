/**
 * End-to-end scenarios that use only the `vscode` API: they run inside a real
 * extension host, next to the installed extension. Two hosts run them:
 * - @vscode/test-electron (desktop VS Code, downloaded where that is possible):
 *   test/vscode/electron/index.ts, started by `npm run test:electron`;
 * - code-server's extension host, through the test-only probe extension
 *   (test/vscode/probe/), driven by test/e2e/api.test.ts — where no desktop
 *   VS Code can be downloaded, as on CI.
 * To add a scenario, add an entry to SCENARIOS; both hosts pick it up.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'redis-ha.redis-ha';
const TIMEOUT_MS = 20_000;

export interface ScenarioContext {
  /** A folder of the open workspace where the scenario may create files. */
  dir: vscode.Uri;
}

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

async function writeFile(dir: vscode.Uri, name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(dir, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function open(dir: vscode.Uri, name: string, text: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(await writeFile(dir, name, text));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Resolves with the diagnostics of `uri` once `accept` holds for them (checked now and on every change). */
export function waitForDiagnostics(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!accept(d)) return false;
      sub.dispose();
      clearTimeout(timer);
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}; diagnostics now: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map(show))}`));
    }, TIMEOUT_MS);
    check();
  });
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

function show(d: vscode.Diagnostic) {
  return { code: codeOf(d), source: d.source, severity: vscode.DiagnosticSeverity[d.severity], line: d.range.start.line, message: d.message };
}

const ours = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === 'redis-ha');

export const SCENARIOS: Scenario[] = [
  {
    name: 'file names select our languages, and only ours',
    async run({ dir }) {
      const expected: Array<[string, string]> = [
        ['redis.conf', 'redis-conf'], ['valkey.conf', 'redis-conf'], ['redis-6380.conf', 'redis-conf'],
        ['sentinel.conf', 'sentinel-conf'], ['sentinel-26379.conf', 'sentinel-conf'],
      ];
      for (const [name, id] of expected) {
        const doc = await vscode.workspace.openTextDocument(await writeFile(dir, name, 'port 6379\n'));
        assert.equal(doc.languageId, id, `${name} opened as ${doc.languageId}`);
      }
      const nginx = await vscode.workspace.openTextDocument(await writeFile(dir, 'nginx.conf', 'worker_processes 1;\n'));
      assert.ok(!['redis-conf', 'sentinel-conf'].includes(nginx.languageId), `nginx.conf claimed as ${nginx.languageId}`);
    },
  },
  {
    name: 'the extension is active and its commands run',
    async run({ dir }) {
      await open(dir, 'active.redis.conf', 'port 6379\n');
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is not installed`);
      await ext.activate();
      assert.equal(ext.isActive, true);
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('redisHa.showLog'), 'redisHa.showLog is not registered');
      await vscode.commands.executeCommand('redisHa.showLog');
    },
  },
  {
    name: 'a bad value is an error diagnostic with our code; fixing it clears it',
    async run({ dir }) {
      const doc = await open(dir, 'bad-value.redis.conf', '# AOF on, fsync every second\nappendonly maybe\nappendfsync everysec\n');
      const diags = await waitForDiagnostics(doc.uri, (d) => ours(d).length > 0, 'a redis-ha diagnostic on appendonly maybe');
      assert.deepEqual(ours(diags).map(show), [{
        code: 'invalid-bool', source: 'redis-ha', severity: 'Error', line: 1, message: "appendonly: expected yes or no, found 'maybe'",
      }]);
      const range = ours(diags)[0].range;
      assert.equal(doc.getText(range), 'maybe');

      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, range, 'yes');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0, 'the diagnostic to clear after the fix');
    },
  },
  {
    name: 'redisHa.targetVersion decides which directives exist',
    async run({ dir }) {
      const config = vscode.workspace.getConfiguration('redisHa');
      const doc = await open(dir, 'version.redis.conf', 'shutdown-on-sigterm default\n');
      try {
        await config.update('targetVersion', '6.2', vscode.ConfigurationTarget.Workspace);
        const diags = await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => codeOf(x) === 'not-in-version'), 'not-in-version under 6.2');
        assert.equal(ours(diags).length, 1, JSON.stringify(diags.map(show)));
        await config.update('targetVersion', '7.0', vscode.ConfigurationTarget.Workspace);
        await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0, 'no diagnostic under 7.0');
      } finally {
        await config.update('targetVersion', undefined, vscode.ConfigurationTarget.Workspace);
      }
    },
  },
];

/** Runs every scenario (or those whose name matches `filter`) in a fresh folder of the workspace. */
export async function runScenarios(filter?: RegExp): Promise<ScenarioResult[]> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the API scenarios need a workspace folder');
  const results: ScenarioResult[] = [];
  for (const s of SCENARIOS) {
    if (filter && !filter.test(s.name)) continue;
    const dir = vscode.Uri.joinPath(folder.uri, 'api-scenarios', s.name.replace(/[^\w]+/g, '-'));
    await vscode.workspace.fs.createDirectory(dir);
    const started = Date.now();
    try {
      await s.run({ dir });
      results.push({ name: s.name, ok: true, ms: Date.now() - started });
    } catch (e) {
      results.push({ name: s.name, ok: false, ms: Date.now() - started, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  }
  return results;
}
