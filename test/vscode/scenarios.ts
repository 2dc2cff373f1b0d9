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
/** A whole scenario; above TIMEOUT_MS so that a wait inside it reports its own timeout first. */
const SCENARIO_TIMEOUT_MS = 30_000;

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
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (d: readonly vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<vscode.Diagnostic[]> {
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
      reject(
        new Error(`timed out waiting for ${what}; diagnostics now: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map(show))}`),
      );
    }, TIMEOUT_MS);
    check();
  });
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

function show(d: vscode.Diagnostic) {
  return {
    code: codeOf(d),
    source: d.source,
    severity: vscode.DiagnosticSeverity[d.severity],
    line: d.range.start.line,
    message: d.message,
  };
}

const ours = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === 'redis-ha');
/** What redis-server itself refuses (the durability rules add warnings and information besides). */
const errors = (d: readonly vscode.Diagnostic[]) => ours(d).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);

/** Opens a file of ours and waits until the extension (and so its language client) is active. */
async function openActive(dir: vscode.Uri, name: string, text: string): Promise<vscode.TextDocument> {
  const doc = await open(dir, name, text);
  await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  return doc;
}

/** The position just after the first occurrence of `marker` in `doc`. */
function after(doc: vscode.TextDocument, marker: string): vscode.Position {
  const at = doc.getText().indexOf(marker);
  assert.ok(at >= 0, `'${marker}' not in ${doc.uri.path}`);
  return doc.positionAt(at + marker.length);
}

/** The position of the middle of the first occurrence of `marker` in `doc`. */
function on(doc: vscode.TextDocument, marker: string): vscode.Position {
  const at = doc.getText().indexOf(marker);
  assert.ok(at >= 0, `'${marker}' not in ${doc.uri.path}`);
  return doc.positionAt(at + Math.floor(marker.length / 2));
}

async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

async function completionLabels(doc: vscode.TextDocument, pos: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

async function codeActions(doc: vscode.TextDocument, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    range,
    kind,
  );
  return actions.filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

const aboveInformation = (d: readonly vscode.Diagnostic[]) => ours(d).filter((x) => x.severity < vscode.DiagnosticSeverity.Information);

export const SCENARIOS: Scenario[] = [
  {
    name: 'file names select our languages, and only ours',
    async run({ dir }) {
      const expected: Array<[string, string]> = [
        ['redis.conf', 'redis-conf'],
        ['valkey.conf', 'redis-conf'],
        ['redis-6380.conf', 'redis-conf'],
        ['sentinel.conf', 'sentinel-conf'],
        ['sentinel-26379.conf', 'sentinel-conf'],
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
      const diags = await waitForDiagnostics(doc.uri, (d) => errors(d).length > 0, 'a redis-ha error on appendonly maybe');
      assert.deepEqual(errors(diags).map(show), [
        {
          code: 'invalid-bool',
          source: 'redis-ha',
          severity: 'Error',
          line: 1,
          message: "appendonly: expected yes or no, found 'maybe'",
        },
      ]);
      const range = errors(diags)[0].range;
      assert.equal(doc.getText(range), 'maybe');

      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, range, 'yes');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      await waitForDiagnostics(doc.uri, (d) => errors(d).length === 0, 'the error to clear after the fix');
    },
  },
  {
    name: 'redisHa.targetVersion decides which directives exist',
    async run({ dir }) {
      const config = vscode.workspace.getConfiguration('redisHa');
      const doc = await open(dir, 'version.redis.conf', 'shutdown-on-sigterm default\n');
      try {
        await config.update('targetVersion', '6.2', vscode.ConfigurationTarget.Workspace);
        const diags = await waitForDiagnostics(
          doc.uri,
          (d) => ours(d).some((x) => codeOf(x) === 'not-in-version'),
          'not-in-version under 6.2',
        );
        assert.equal(errors(diags).length, 1, JSON.stringify(diags.map(show)));
        await config.update('targetVersion', '7.0', vscode.ConfigurationTarget.Workspace);
        await waitForDiagnostics(doc.uri, (d) => errors(d).length === 0, 'no error under 7.0');
      } finally {
        await config.update('targetVersion', undefined, vscode.ConfigurationTarget.Workspace);
      }
    },
  },
  {
    name: 'hover: the documentation of a directive, the bytes of a memory value',
    async run({ dir }) {
      const doc = await openActive(dir, 'hover.redis.conf', 'appendonly yes\nappendfsync everysec\nmaxmemory 1gb\nrepl-backlog-size 1g\n');
      const card = await hoverText(doc, on(doc, 'appendfsync'));
      assert.match(card, /\*\*appendfsync\*\*/, card);
      assert.match(card, /Default:.*everysec/, card);
      assert.match(card, /Durability \(RPO\)/, card);
      assert.match(card, /Availability \(RTO\)/, card);
      assert.match(await hoverText(doc, on(doc, '1gb')), /1,073,741,824 bytes/);
      // a unit without the b is decimal
      assert.match(await hoverText(doc, on(doc, '1g\n')), /1,000,000,000 bytes/);
    },
  },
  {
    name: 'completion: the directives of the target version, the values of a directive',
    async run({ dir }) {
      const doc = await openActive(dir, 'completion.redis.conf', '# redis-ha: version=6.2\nappend\nappendfsync \n');
      const v62 = await completionLabels(doc, after(doc, '\nappend'));
      assert.ok(v62.includes('appendonly') && v62.includes('appendfsync'), v62.join(', '));
      assert.ok(!v62.includes('appenddirname'), `appenddirname (new in 7.0) offered for 6.2: ${v62.join(', ')}`);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(20), doc.positionAt(23)), '7.0');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      assert.equal(doc.lineAt(0).text, '# redis-ha: version=7.0');
      assert.ok((await completionLabels(doc, after(doc, '\nappend'))).includes('appenddirname'), 'appenddirname for 7.0');
      const values = await completionLabels(doc, after(doc, 'appendfsync '));
      for (const v of ['everysec', 'always', 'no'])
        assert.ok(values.includes(v), `${v} not offered after appendfsync: ${values.join(', ')}`);
    },
  },
  {
    name: 'code actions: a quick fix renames a misspelt directive; its diagnostic goes away',
    async run({ dir }) {
      const doc = await openActive(dir, 'quickfix.redis.conf', 'appendonly yes\nreplication-backlog-size 128mb\n');
      const [d] = (
        await waitForDiagnostics(doc.uri, (x) => ours(x).some((y) => codeOf(y) === 'unknown-directive'), 'unknown-directive')
      ).filter((y) => codeOf(y) === 'unknown-directive');
      const actions = await codeActions(doc, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === "Change to 'repl-backlog-size'");
      assert.ok(fix?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(fix.kind?.value, 'quickfix');
      assert.equal(fix.isPreferred, true);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.equal(doc.lineAt(1).text, 'repl-backlog-size 128mb');
      await waitForDiagnostics(doc.uri, (x) => !ours(x).some((y) => codeOf(y) === 'unknown-directive'), 'the unknown directive to go');
    },
  },
  {
    name: "language by content: a Sentinel's file named *.redis.conf is checked as one; the quick fix changes its language mode",
    async run({ dir }) {
      const text = 'port 26379\ndir /tmp\nsentinel monitor mymaster 127.0.0.1 6391 2\nsentinel down-after-milliseconds mymaster 5000\n';
      const doc = await openActive(dir, 'by-content.redis.conf', text);
      assert.equal(doc.languageId, 'redis-conf');
      const has = (x: readonly vscode.Diagnostic[]) => ours(x).some((y) => codeOf(y) === 'language-by-content');
      const found = await waitForDiagnostics(doc.uri, has, 'the language-by-content note');
      assert.deepEqual(errors(found).map(show), []);
      const note = found.find((y) => codeOf(y) === 'language-by-content')!;
      assert.equal(note.severity, vscode.DiagnosticSeverity.Information);
      const actions = await codeActions(doc, note.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Change language mode to sentinel.conf');
      assert.ok(fix?.command, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
      const reopened = new Promise<vscode.TextDocument>((resolve) => {
        const sub = vscode.workspace.onDidOpenTextDocument((d) => {
          if (d.uri.toString() === doc.uri.toString() && d.languageId === 'sentinel-conf') {
            sub.dispose();
            resolve(d);
          }
        });
      });
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      assert.equal((await reopened).languageId, 'sentinel-conf');
      await waitForDiagnostics(
        doc.uri,
        (x) => !has(x) && errors(x).length === 0,
        'the note to go once the language mode says sentinel.conf',
      );
    },
  },
  {
    name: 'code actions: Apply profile: Balanced leaves nothing above information',
    async run({ dir }) {
      const doc = await openActive(
        dir,
        'profile.redis.conf',
        '# A cache that grew into a primary\nappendonly no\nsave ""\nmin-replicas-to-write 1\n',
      );
      await waitForDiagnostics(doc.uri, (x) => ours(x).some((y) => codeOf(y) === 'persistence-disabled'), 'persistence-disabled');
      const actions = await codeActions(doc, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.Source.value);
      assert.deepEqual(
        actions.map((a) => [a.title, a.kind?.value]),
        [
          ['Apply profile: Balanced', 'source.redis-ha.profile.balanced'],
          ['Apply profile: Maximum durability', 'source.redis-ha.profile.max-durability'],
          ['Apply profile: Low latency', 'source.redis-ha.profile.low-latency'],
        ],
      );
      assert.equal(await vscode.workspace.applyEdit(actions[0].edit!), true);
      assert.match(doc.getText(), /^appendonly yes$/m);
      assert.match(doc.getText(), /^# A cache that grew into a primary$/m, 'the comment is kept');
      await waitForDiagnostics(doc.uri, (x) => aboveInformation(x).length === 0, 'nothing above information after the profile');
    },
  },
  {
    name: 'inlay hint: the durability summary on the first line follows the file',
    async run({ dir }) {
      const doc = await openActive(dir, 'summary.redis.conf', 'appendonly yes\nappendfsync everysec\n');
      const summary = async () => {
        const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
          'vscode.executeInlayHintProvider',
          doc.uri,
          new vscode.Range(0, 0, doc.lineCount, 0),
        );
        return hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''))).join(' | ');
      };
      // a standalone node (nothing shows replication), checked as the newest Redis (nothing names a version)
      assert.match(await summary(), /^RPO ≈ 1 s on crash \(AOF everysec \+ RDB\) · standalone · Balanced ✓ · Redis [\d.]+ \(default\)$/);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, doc.lineAt(1).range, 'appendfsync always');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      assert.match(await summary(), /^RPO ≈ 0 on crash \(AOF always \+ RDB\) · standalone · Balanced ✓ · Redis [\d.]+ \(default\)$/);
    },
  },
  {
    name: 'document symbols: the outline groups directives by area',
    async run({ dir }) {
      const doc = await openActive(
        dir,
        'outline.redis.conf',
        'port 6380\nappendonly yes\nreplicaof 127.0.0.1 6379\nsave 900 1\nmaxmemroy 1gb\n',
      );
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      // VS Code orders the groups by position (the outline's default sort); their content is the server's
      assert.deepEqual(
        symbols.map((s) => `${s.name}: ${s.children.map((c) => `${c.name}=${c.detail}`).join(', ')}`),
        [
          'Network: port=6380',
          'Persistence (RDB / AOF): appendonly=yes, save=900 1',
          'Replication: replicaof=127.0.0.1 6379',
          'Unknown directives: maxmemroy=1gb',
        ],
      );
      assert.deepEqual(
        symbols.map((s) => s.kind),
        [vscode.SymbolKind.Namespace, vscode.SymbolKind.Namespace, vscode.SymbolKind.Namespace, vscode.SymbolKind.Namespace],
      );
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
    let timer: NodeJS.Timeout | undefined;
    try {
      // one scenario that hangs (a command that never answers) must not hide the others' results
      await Promise.race([
        s.run({ dir }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the scenario did not finish within ${SCENARIO_TIMEOUT_MS} ms`)), SCENARIO_TIMEOUT_MS);
        }),
      ]);
      results.push({ name: s.name, ok: true, ms: Date.now() - started });
    } catch (e) {
      results.push({ name: s.name, ok: false, ms: Date.now() - started, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    } finally {
      clearTimeout(timer);
      // saved first: closing an edited file would otherwise wait on the "save changes?" dialog
      // (desktop VS Code does not save by itself, and neither do the e2e sessions)
      await vscode.workspace.saveAll(false);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  }
  return results;
}
