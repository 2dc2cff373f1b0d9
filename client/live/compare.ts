/**
 * "Compare with Config": a live node's CONFIG GET * against a redis.conf —
 * drift as diagnostics on the file (cleared when the file changes or closes),
 * and on request a diff editor: the file ↔ the file rewritten with the live
 * values. The comparison itself is health/drift.ts.
 */
import * as vscode from 'vscode';
import { fileDrift, versionIdFor, type HealthMonitor, type NodeStatus } from '../../health';
import { liveTargetOffer, parseConfig, VERSION_LABELS } from '../../server/service';
import { SETTINGS_SECTION, type SettingName } from '../settings';
import { LIVE_SCHEME, type LiveConfigDocuments } from './documents';

const TARGET_VERSION = 'targetVersion' satisfies SettingName;

export class ConfigComparison implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('redis-ha-drift');
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];

  constructor(private readonly live: LiveConfigDocuments) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.diagnostics.delete(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
    );
  }

  async run(monitor: HealthMonitor, node: NodeStatus): Promise<void> {
    const doc = await pickConfig();
    if (!doc) return;
    let config: Record<string, string>;
    try {
      config = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Reading CONFIG of ${node.address}` },
        () => monitor.config(node.connection, node.address),
      );
    } catch (e) {
      void vscode.window.showErrorMessage(`Redis HA: cannot compare with ${node.address}: ${(e as Error).message}`);
      return;
    }
    const version = versionIdFor(node.product, node.version);
    const result = fileDrift(doc.getText(), config, version);
    const source = `redis-ha live ${node.address}`;
    this.diagnostics.set(
      doc.uri,
      result.items.map((i) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(i.range.start.line, i.range.start.character, i.range.end.line, i.range.end.character),
          i.message,
          i.code === 'file-drift-unset' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning,
        );
        d.source = source;
        d.code = i.code;
        return d;
      }),
    );
    const name = doc.uri.path.split('/').pop() ?? 'redis.conf';
    void offerTarget(doc, node);
    const liveUri = vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${node.address}/${name}`, query: `t=${Date.now()}` });
    this.live.set(liveUri, result.liveText);
    const openDiff = () => vscode.commands.executeCommand('vscode.diff', doc.uri, liveUri, `${name} ↔ ${node.address} (live)`);
    if (!result.items.length) {
      void vscode.window.showInformationMessage(`Redis HA: ${name} matches the live settings of ${node.address}.`);
      return;
    }
    const choice = await vscode.window.showWarningMessage(
      `Redis HA: ${result.items.length} setting${result.items.length === 1 ? '' : 's'} of ${name} differ${result.items.length === 1 ? 's' : ''} from the live node ${node.address} (shown as problems on the file).`,
      'Open Diff',
    );
    if (choice === 'Open Diff') await openDiff();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The file is checked against one version, the node runs another: offer the
 * node's release line as the file's target — in the file itself (a
 * `# redis-ha: target=` comment, for this file only) or as the workspace setting.
 */
async function offerTarget(doc: vscode.TextDocument, node: NodeStatus): Promise<void> {
  const setting = vscode.workspace.getConfiguration(SETTINGS_SECTION, doc.uri).get<string>(TARGET_VERSION);
  const offer = liveTargetOffer(
    parseConfig(doc.getText()),
    doc.uri.fsPath,
    setting,
    node.product === 'valkey' ? 'valkey' : 'redis',
    node.version,
  );
  if (!offer) return;
  const runs = `${node.product === 'valkey' ? 'Valkey' : 'Redis'} ${node.version ?? '(version not reported)'}`;
  const inFile = `Set target=${offer.proposed} in the file`;
  const inWorkspace = 'Set for the workspace';
  const choice = await vscode.window.showInformationMessage(
    `Redis HA: ${node.address} runs ${runs}${offer.note ? ` (${offer.note})` : ''}; ${vscode.workspace.asRelativePath(doc.uri)} is checked against ${VERSION_LABELS[offer.current]}. Check it against ${VERSION_LABELS[offer.proposed]}?`,
    inFile,
    inWorkspace,
  );
  if (choice === inFile) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(offer.edit.start), doc.positionAt(offer.edit.end)), offer.edit.text);
    await vscode.workspace.applyEdit(edit);
  } else if (choice === inWorkspace) {
    await vscode.workspace
      .getConfiguration(SETTINGS_SECTION, doc.uri)
      .update(TARGET_VERSION, offer.proposed, vscode.ConfigurationTarget.Workspace);
  }
}

/** The active redis.conf, else a pick among the open ones, else a file dialog. */
async function pickConfig(): Promise<vscode.TextDocument | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'redis-conf') return active;
  const open = vscode.workspace.textDocuments.filter((d) => d.languageId === 'redis-conf' && !d.isClosed);
  const browse = { label: '$(folder-opened) Choose a file…', doc: undefined as vscode.TextDocument | undefined };
  const pick = open.length
    ? await vscode.window.showQuickPick(
        [...open.map((d) => ({ label: vscode.workspace.asRelativePath(d.uri), doc: d as vscode.TextDocument | undefined })), browse],
        { placeHolder: 'The redis.conf to compare with the live node' },
      )
    : browse;
  if (!pick) return undefined;
  if (pick.doc) return pick.doc;
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Compare',
    filters: { 'Redis config': ['conf'], 'All files': ['*'] },
  });
  if (!files?.length) return undefined;
  const doc = await vscode.workspace.openTextDocument(files[0]);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
