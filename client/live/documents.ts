/**
 * Read-only documents of the live view: a node's INFO (scheme redis-ha-info,
 * fetched when opened and on refresh), and a redis.conf rewritten with a live
 * node's values (scheme redis-ha-live, the right side of "compare with config").
 */
import * as vscode from 'vscode';
import type { HealthMonitor } from '../../health';

export const INFO_SCHEME = 'redis-ha-info';
export const LIVE_SCHEME = 'redis-ha-live';

/** redis-ha-info:/INFO 127.0.0.1:6379?connection=<id> — one URI per node, stable across refreshes; the tab shows "INFO 127.0.0.1:6379". */
export function infoUri(connection: string, address: string): vscode.Uri {
  return vscode.Uri.from({ scheme: INFO_SCHEME, path: `/INFO ${address}`, query: `connection=${encodeURIComponent(connection)}` });
}

export class InfoDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly monitor: () => HealthMonitor | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const address = uri.path.replace(/^\/INFO /, '');
    const connection = decodeURIComponent(/(?:^|&)connection=([^&]*)/.exec(uri.query)?.[1] ?? '');
    const m = this.monitor();
    if (!m) return `# ${address}: the live view is not connected (is the workspace trusted?)\n`;
    try {
      const text = await m.info(connection, address);
      return `# INFO everything of ${address} (connection '${connection}'), read ${new Date().toISOString()}\n# Refreshed with the view; read-only.\n\n${text.replace(/\r\n/g, '\n')}`;
    } catch (e) {
      return `# Could not read INFO from ${address}: ${(e as Error).message}\n`;
    }
  }

  /** Re-reads the INFO documents that are open. */
  refreshOpen(): void {
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === INFO_SCHEME) this.changed.fire(d.uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** In-memory texts for the diff editor: set before opening, kept while the document is open. */
export class LiveConfigDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly closeListener = vscode.workspace.onDidCloseTextDocument((d) => {
    if (d.uri.scheme === LIVE_SCHEME) this.texts.delete(d.uri.toString());
  });

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# this comparison is no longer available; run "Compare with Config" again\n';
  }

  dispose(): void {
    this.closeListener.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
