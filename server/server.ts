/**
 * The language server on Node.js (desktop VS Code, the CLI's tests): over
 * stdio (`node dist/server.js --stdio`) or the client's IPC, with the disk
 * behind the open documents — includes followed, the workspace indexed, and
 * dependents re-checked when a file changes. The adapter is server/adapter.ts.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './adapter';
import { CrossFiles, overlayHost } from './crossFiles';
import { WorkspaceFiles } from './workspaceIndex';

const connection = createConnection(ProposedFeatures.all);
startServer(connection, {
  files: (documents, settings) => {
    const host = overlayHost(documents);
    const workspace = new WorkspaceFiles(host, settings);
    return { host, workspace, crossFiles: (cache, publish) => new CrossFiles(connection, documents, cache, workspace, publish) };
  },
});
