/**
 * The language server on Node.js (desktop VS Code, other editors, the tests):
 * over stdio (`--stdio`), a socket or the client's IPC, as the command line
 * says, with the disk behind the open documents — includes followed, the
 * workspace indexed, and dependents re-checked when a file changes. The adapter
 * is server/adapter.ts; the two entries are server.ts (VS Code's, dist/server.js)
 * and bin.ts (`redis-ha-language-server`, dist/language-server.js).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './adapter';
import { CrossFiles, overlayHost } from './crossFiles';
import { WorkspaceFiles } from './workspaceIndex';

/** Serves the language service over the transport named by process.argv until the client exits. */
export function startNodeServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, {
    files: (documents, settings) => {
      const host = overlayHost(documents);
      const workspace = new WorkspaceFiles(host, settings);
      return { host, workspace, crossFiles: (cache, publish) => new CrossFiles(connection, documents, cache, workspace, publish) };
    },
  });
}
