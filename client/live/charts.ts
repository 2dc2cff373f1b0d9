/**
 * *Redis HA: Show Charts*: one webview panel per group (shown again, not
 * opened twice) with its figures over the session and the stored history —
 * replica lag in bytes and seconds, write rate, memory and fragmentation, AOF
 * size — and its timeline on the same time axis. The page is
 * dist/webview/charts.js and .css (uPlot, bundled: nothing from the network),
 * under a Content-Security-Policy that allows nothing but the extension's own
 * resources and one nonce'd script. After each refresh every open panel gets
 * the whole picture again (downsampled, bounded), so a panel that VS Code
 * reloaded only needs to say `ready`.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { columnsOf, downsample, groupLabel, type GroupStatus, type HealthMonitor, type TimelineEvent } from '../../health';
import { MAX_CHART_EVENTS, type ChartData, type ChartEvent } from '../webview/protocol';

export const CHARTS_VIEW_TYPE = 'redisHa.charts';

interface OpenPanel {
  panel: vscode.WebviewPanel;
  group: GroupStatus;
  ready: boolean;
}

/** The message for one group: its samples downsampled, its newest timeline entries. */
export function chartData(group: GroupStatus, monitor: HealthMonitor | undefined): ChartData {
  const samples = monitor?.samples(group.connection, { group: group.id }) ?? [];
  const timeline = monitor?.timeline(group.connection) ?? [];
  const events: ChartEvent[] = [];
  for (let i = timeline.length - 1; i >= 0 && events.length < MAX_CHART_EVENTS; i--) {
    const e = timeline[i];
    if (e.group === group.id) events.push(chartEvent(e));
  }
  events.reverse();
  return {
    type: 'data',
    group: group.id,
    title: groupLabel(group),
    columns: downsample(columnsOf(samples)),
    samples: samples.length,
    events,
  };
}

function chartEvent(e: TimelineEvent): ChartEvent {
  const out: ChartEvent = { at: e.at, kind: e.kind, level: e.level, cause: e.cause };
  if (e.node) out.node = e.node;
  if (e.failover) out.failover = true;
  return out;
}

export class ChartPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly visibility = new vscode.EventEmitter<void>();
  /** A panel was shown, hidden or closed (refreshes run while one is visible). */
  readonly onDidChangeVisibility = this.visibility.event;

  get visible(): boolean {
    for (const e of this.panels.values()) if (e.panel.visible) return true;
    return false;
  }

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly monitor: () => HealthMonitor | undefined,
  ) {}

  /** Opens the group's panel, or shows it if it is open. */
  show(group: GroupStatus): void {
    const open = this.panels.get(group.id);
    if (open) {
      open.group = group;
      open.panel.reveal();
      return;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(
      CHARTS_VIEW_TYPE,
      `Charts: ${group.name}`,
      { viewColumn: vscode.ViewColumn.Active },
      {
        enableScripts: true,
        localResourceRoots: [root],
      },
    );
    const entry: OpenPanel = { panel, group, ready: false };
    this.panels.set(group.id, entry);
    panel.webview.html = chartsHtml(panel.webview, root);
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if ((m as { type?: unknown } | undefined)?.type !== 'ready') return;
      entry.ready = true;
      this.post(entry);
    });
    panel.onDidChangeViewState(() => this.visibility.fire());
    panel.onDidDispose(() => {
      if (this.panels.get(group.id) === entry) this.panels.delete(group.id);
      this.visibility.fire();
    });
    this.visibility.fire();
  }

  /** After a refresh: every open panel gets its group's picture (with the group as the refresh saw it). */
  update(groups: readonly GroupStatus[]): void {
    for (const entry of this.panels.values()) {
      const g = groups.find((x) => x.id === entry.group.id);
      if (g) entry.group = g;
      if (entry.ready) this.post(entry);
    }
  }

  private post(entry: OpenPanel): void {
    void entry.panel.webview.postMessage(chartData(entry.group, this.monitor()));
  }

  dispose(): void {
    const open = [...this.panels.values()];
    this.panels.clear();
    for (const e of open) e.panel.dispose();
    this.visibility.dispose();
  }
}

/** The page: a strict CSP (nothing but our own resources, and scripts only with this page's nonce). */
function chartsHtml(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'charts.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'charts.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Redis HA charts</title>
</head>
<body>
<main id="charts" aria-live="polite"><p class="empty">Waiting for the first refresh…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
