/**
 * Keeps the config files of the workspace known to each other in the
 * language server: indexes the workspace folders, reads included files from
 * open editors before the disk, and re-checks the open documents that depend
 * on a file when it changes — in an editor or on disk. Changes on disk come
 * in bursts (a branch switch changes thousands of files): they are queued and
 * handled together, and each open document that depends on any of them is
 * re-checked once, when the burst is over. What the index holds is sent to
 * the client (`redisHa/workspaceIndex`) and logged when it is truncated.
 */
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { FileChangeType, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { filePathOf, languageOf, type AnalysisCache } from './documents';
import { nodeFileHost } from './nodeHost';
import { languageForFile, type Analysis, type FileHost, type Language } from './service';
import type { IndexStatus, WorkspaceFiles } from './workspaceIndex';

/** The notification that tells the client what the workspace index holds. */
export const INDEX_STATUS = 'redisHa/workspaceIndex';

/** What the server sends with INDEX_STATUS. */
export interface IndexReport extends IndexStatus {
  /** Changes on disk handled since the server started. */
  changesHandled: number;
  /** Open documents re-checked after the last burst of changes. */
  rechecked: number;
}

/** Quiet time after a change on disk before the open documents are re-checked: bursts arrive in several notifications. */
const SETTLE_MS = 50;
/** The longest a burst is handled before the documents that depend on it are re-checked anyway. */
const MAX_DRAIN_MS = 3000;

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
  /** Changes on disk not handled yet, by URI (the last one counts). */
  private pending = new Map<string, FileChangeType>();
  private focusWanted = false;
  private draining: Promise<void> | undefined;
  private changesHandled = 0;
  private toldTruncated = false;
  /** The first walk of the folders: changes on disk wait for it. */
  private scanned: Promise<void> | undefined;

  constructor(
    private connection: Connection,
    private documents: TextDocuments<TextDocument>,
    private cache: AnalysisCache,
    readonly index: WorkspaceFiles,
    private publish: (doc: TextDocument) => Promise<void>,
  ) {
    index.nearFolders = () =>
      this.documents
        .all()
        .map((d) => filePathOf(d.uri))
        .filter((p): p is string => !!p)
        .map((p) => dirname(p));
  }

  listen(): void {
    this.documents.onDidChangeContent((e) => void this.afterEdit(e.document));
    this.documents.onDidOpen(() => {
      // a document opened in another part of a truncated workspace: index the files nearest it
      if (this.scanned && this.index.truncated) {
        this.focusWanted = true;
        this.schedule();
      }
    });
    this.documents.onDidClose((e) => void this.afterClose(e.document.uri));
    this.connection.onDidChangeWatchedFiles((p) => this.onDiskChange(p));
  }

  /** Indexes the workspace folders, then re-checks what is open with the full picture. */
  async start(folderUris: string[]): Promise<void> {
    const folders = folderUris.map((u) => filePathOf(u)).filter((p): p is string => !!p);
    this.scanned = this.index.scan(folders).catch((e) => {
      this.connection.console.error(`redis-ha: indexing the workspace failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    await this.scanned;
    for (const doc of this.documents.all()) await this.recheck(doc);
    this.refreshHints();
    this.report(this.documents.all().length);
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

  private onDiskChange(p: DidChangeWatchedFilesParams): void {
    for (const c of p.changes) this.pending.set(c.uri, c.type);
    this.schedule();
  }

  private schedule(): void {
    this.draining ??= this.drain()
      .catch((e) => {
        const why = e instanceof Error ? (e.stack ?? e.message) : String(e);
        this.connection.console.error(`redis-ha: handling changes on disk failed: ${why}`);
      })
      .finally(() => {
        this.draining = undefined;
        if (this.pending.size || this.focusWanted) this.schedule();
      });
  }

  /**
   * Handles the changes queued (and those that arrive meanwhile) until the
   * disk has been quiet for SETTLE_MS, then re-checks each open document that
   * depends on any of them, once.
   */
  private async drain(): Promise<void> {
    await this.scanned;
    const affected = new Set<string>();
    const started = Date.now();
    for (;;) {
      if (this.pending.size) {
        const batch = [...this.pending];
        this.pending.clear();
        for (let i = 0; i < batch.length; i += 16) {
          await Promise.all(batch.slice(i, i + 16).map(([uri, type]) => this.diskChange(uri, type, affected)));
        }
        this.changesHandled += batch.length;
        if (this.index.truncated && batch.some(([, type]) => type === FileChangeType.Created)) this.focusWanted = true;
      }
      if (this.focusWanted) {
        this.focusWanted = false;
        for (const uri of await this.index.focus()) this.collectDependents(uri, filePathOf(uri), languageOfPath(filePathOf(uri)), affected);
      }
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      // a disk that never goes quiet (a build writing files) still gets its documents re-checked now and then
      if ((!this.pending.size && !this.focusWanted) || Date.now() - started > MAX_DRAIN_MS) break;
    }
    let rechecked = 0;
    for (const uri of affected) {
      const doc = this.documents.get(uri);
      if (!doc) continue;
      await this.recheck(doc);
      rechecked++;
    }
    if (rechecked) this.refreshHints();
    this.report(rechecked);
  }

  private async diskChange(uri: string, type: FileChangeType, affected: Set<string>): Promise<void> {
    if (this.documents.get(uri)) return; // the editor's text wins
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return;
    }
    const changed = type === FileChangeType.Deleted ? this.index.deleted(uri, path) : await this.index.refreshFromDisk(path);
    this.collectDependents(uri, path, changed ? languageOfPath(path) : undefined, affected);
  }

  /** Tells the client what the index holds; logs it when the index is truncated (once per state). */
  private report(rechecked: number): void {
    const status = this.index.status();
    if (status.truncated && !this.toldTruncated) {
      const why = status.walkCut
        ? `the walk stopped after ${this.index.limits.maxEntries} entries`
        : `${status.found} config files were found`;
      const held = `${status.indexed} are indexed (at most ${status.limit}), those nearest the open documents first`;
      this.connection.console.warn(`redis-ha: the workspace index is truncated: ${why}; ${held}. Cross-file checks do not see the others.`);
    }
    this.toldTruncated = status.truncated;
    const report: IndexReport = { ...status, changesHandled: this.changesHandled, rechecked };
    void this.connection.sendNotification(INDEX_STATUS, report);
  }

  /**
   * Re-checks the open documents that include `path`, and — when what other
   * files see of it changed — those of the other language (a sentinel.conf
   * reads the redis.conf files' ports and passwords, a redis.conf shows the
   * failover time of the Sentinels watching it).
   */
  async recheckDependents(uri: string, path: string | undefined, changedFactsOf: Language | undefined): Promise<void> {
    const affected = new Set<string>();
    this.collectDependents(uri, path, changedFactsOf, affected);
    for (const u of affected) {
      const doc = this.documents.get(u);
      if (doc) await this.recheck(doc);
    }
    if (affected.size) this.refreshHints();
  }

  /** The open documents a change of `uri` concerns (see recheckDependents), added to `affected`. */
  private collectDependents(uri: string, path: string | undefined, changedFactsOf: Language | undefined, affected: Set<string>): void {
    for (const doc of this.documents.all()) {
      if (doc.uri === uri || affected.has(doc.uri)) continue;
      const deps = this.cache.peek(doc)?.durability.dependencies ?? [];
      const includes = !!path && (deps.includes(path) || deps.includes(dirname(path)));
      if (includes || (changedFactsOf && languageOf(doc) !== changedFactsOf)) affected.add(doc.uri);
    }
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
