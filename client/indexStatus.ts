/**
 * A status bar item while the language server's workspace index is
 * truncated (more config files than it holds): cross-file checks then see
 * only the files nearest the open documents. Hidden otherwise.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What the server sends with `redisHa/workspaceIndex` (server/crossFiles.ts). */
interface IndexReport {
  indexed: number;
  found: number;
  limit: number;
  truncated: boolean;
  walkCut: boolean;
}

export function registerIndexStatus(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.LogOutputChannel): void {
  const item = vscode.window.createStatusBarItem('redisHa.workspaceIndex', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Redis HA workspace index';
  item.command = 'redisHa.showLog';
  context.subscriptions.push(item);
  let wasTruncated = false;
  context.subscriptions.push(
    client.onNotification('redisHa/workspaceIndex', (r: IndexReport) => {
      if (!r.truncated) {
        item.hide();
        wasTruncated = false;
        return;
      }
      const found = r.walkCut ? `more than ${r.found}` : `${r.found}`;
      item.text = `$(warning) Redis HA: ${r.indexed} of ${found} configs indexed`;
      item.tooltip = [
        `The workspace has ${found} redis.conf / sentinel.conf files; the language server indexes at most ${r.limit},`,
        'those nearest the open documents first. Checks across files (Sentinels watching a port, passwords a Sentinel needs)',
        'do not see the others. Click for the log.',
      ].join(' ');
      item.show();
      if (!wasTruncated) {
        log.warn(`Workspace index truncated: ${r.indexed} of ${found} config files indexed (at most ${r.limit}), the nearest first`);
      }
      wasTruncated = true;
    }),
  );
}
