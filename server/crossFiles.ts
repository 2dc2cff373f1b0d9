/**
 * Keeps the config files of the workspace known to each other in the
 * language server: indexes the workspace folders, reads included files from
 * open editors before the disk, and re-checks the open documents that depend
 * on a file when it changes — in an editor or on disk.
 */
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { FileChangeType, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { filePathOf, languageOf, type AnalysisCache } from './documents';
import { nodeFileHost } from './nodeHost';
import { languageForFile, type Analysis, type FileHost, type Language } from './service';
import { WorkspaceFiles } from './workspaceIndex';

/** A host that answers from open documents first (their unsaved text), then from the disk. */
export function overlayHost(documents: TextDocuments<TextDocument>, base: FileHost = nodeFileHost): FileHost {
  const open = (path: string) => documents.get(pathToFileURL(path).href);
  return {
    exists: (p) => !!open(p) || base.exists(p),
    readFile: (p, maxBytes) => {
      const doc = open(p);
      if (!doc) return base.readFile?.(p, maxBytes);
      const text = doc.getText();
      return maxBytes === undefined || Buffer.byteLength(text) <= maxBytes ? text : undefined;
    },
    fileInfo: (p) => {
      const doc = open(p);
      return doc ? { kind: 'file', size: Buffer.byteLength(doc.getText()) } : base.fileInfo?.(p);
    },
    listDir: (p) => base.listDir?.(p),
    maxFileBytes: base.maxFileBytes,
  };
}

export class CrossFiles {
  canRefreshHints = false;

  constructor(
    private connection: Connection,
    private documents: TextDocuments<TextDocument>,
    private cache: AnalysisCache,
    readonly index: WorkspaceFiles,
    private publish: (doc: TextDocument) => Promise<void>,
  ) {}

  listen(): void {
    this.documents.onDidChangeContent((e) => void this.afterEdit(e.document));
    this.documents.onDidClose((e) => void this.afterClose(e.document.uri));
    this.connection.onDidChangeWatchedFiles((p) => void this.onDiskChange(p));
  }

  /** Indexes the workspace folders, then re-checks what is open with the full picture. */
  async start(folderUris: string[]): Promise<void> {
    const folders = folderUris.map((u) => filePathOf(u)).filter((p): p is string => !!p);
    try {
      await this.index.scan(folders);
    } catch (e) {
      this.connection.console.error(`redis-ha: indexing the workspace failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (this.index.truncated) this.connection.console.warn(`redis-ha: indexed the first ${this.index.limits.maxFiles} config files of the workspace only`);
    for (const doc of this.documents.all()) await this.recheck(doc);
    this.refreshHints();
  }

  private async afterEdit(doc: TextDocument): Promise<void> {
    let a: Analysis | undefined;
    try {
      a = await this.cache.get(doc);
    } catch {
      return;
    }
    if (!a) return; // over the size limit: not analysed
    if (this.documents.get(doc.uri)?.version !== doc.version) return;
    const changed = this.index.updateOpen(doc.uri, a.durability.facts);
    await this.recheckDependents(doc.uri, filePathOf(doc.uri), changed ? a.language : undefined);
  }

  private async afterClose(uri: string): Promise<void> {
    const path = filePathOf(uri);
    const changed = await this.index.closed(uri, path);
    await this.recheckDependents(uri, path, changed ? languageOfPath(path) : undefined);
  }

  private async onDiskChange(p: DidChangeWatchedFilesParams): Promise<void> {
    for (const c of p.changes) {
      if (this.documents.get(c.uri)) continue; // the editor's text wins
      let path: string;
      try {
        path = fileURLToPath(c.uri);
      } catch {
        continue;
      }
      const changed = c.type === FileChangeType.Deleted ? this.index.deleted(c.uri) : await this.index.refreshFromDisk(path);
      await this.recheckDependents(c.uri, path, changed ? languageOfPath(path) : undefined);
    }
  }

  /**
   * Re-checks the open documents that include `path`, and — when what other
   * files see of it changed — those of the other language (a sentinel.conf
   * reads the redis.conf files' ports and passwords, a redis.conf shows the
   * failover time of the Sentinels watching it).
   */
  async recheckDependents(uri: string, path: string | undefined, changedFactsOf: Language | undefined): Promise<void> {
    let any = false;
    for (const doc of this.documents.all()) {
      if (doc.uri === uri) continue;
      const deps = this.cache.peek(doc)?.durability.dependencies ?? [];
      const includes = !!path && (deps.includes(path) || deps.includes(dirname(path)));
      if (includes || (changedFactsOf && languageOf(doc) !== changedFactsOf)) {
        await this.recheck(doc);
        any = true;
      }
    }
    if (any) this.refreshHints();
  }

  private async recheck(doc: TextDocument): Promise<void> {
    this.cache.invalidate(doc.uri);
    await this.publish(doc);
  }

  refreshHints(): void {
    if (this.canRefreshHints) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
  }
}

function languageOfPath(path: string | undefined): Language | undefined {
  return path ? languageForFile(path) : undefined;
}
