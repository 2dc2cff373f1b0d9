/**
 * One analysis per document version: the parse tree, the diagnostics and the
 * models every feature reads. Settings are fetched once per document and
 * forgotten when the user changes them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { DEFAULT_MAX_FILE_BYTES, fileInfo, readRegularFile } from './files';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, parseConfig, type Analysis, type DocumentSettings, type FileHost, type Language, type WorkspaceIndex } from './service';

export const nodeFileHost: FileHost = {
  exists: (p) => {
    try {
      return existsSync(p);
    } catch {
      return false;
    }
  },
  // only regular files, opened without blocking and read up to the limit (server/files.ts)
  readFile: (p, maxBytes = DEFAULT_MAX_FILE_BYTES) => {
    const r = readRegularFile(p, maxBytes);
    return r.ok ? r.text : undefined;
  },
  fileInfo,
  listDir: (p) => {
    try {
      return readdirSync(p, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() || (e.isSymbolicLink() && isDir(`${p}/${e.name}`)) }));
    } catch {
      return undefined;
    }
  },
};

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function languageOf(doc: TextDocument): Language {
  return doc.languageId === 'sentinel-conf' ? 'sentinel-conf' : 'redis-conf';
}

export class AnalysisCache {
  private analyses = new Map<string, { version: number; analysis: Analysis }>();
  private settings = new Map<string, Promise<DocumentSettings>>();

  constructor(private fetchSettings: (uri: string) => Promise<DocumentSettings>, private host: FileHost = nodeFileHost, private workspace?: WorkspaceIndex) {}

  settingsFor(uri: string): Promise<DocumentSettings> {
    let s = this.settings.get(uri);
    if (!s) {
      s = this.fetchSettings(uri).catch(() => ({}));
      this.settings.set(uri, s);
    }
    return s;
  }

  /** The analysis of this exact version, computed at most once. */
  async get(doc: TextDocument): Promise<Analysis> {
    const settings = await this.settingsFor(doc.uri);
    return this.getSync(doc, settings);
  }

  getSync(doc: TextDocument, settings: DocumentSettings): Analysis {
    const hit = this.analyses.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = analyze({
      doc: parseConfig(doc.getText()),
      language: languageOf(doc),
      uri: doc.uri,
      filePath: filePathOf(doc.uri),
      settings,
      host: this.host,
      workspace: this.workspace,
    });
    this.analyses.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  /** The analysis if it is current, without computing anything. */
  peek(doc: TextDocument): Analysis | undefined {
    const hit = this.analyses.get(doc.uri);
    return hit && hit.version === doc.version ? hit.analysis : undefined;
  }

  /** A file this analysis depends on changed: compute it again on the next request (settings kept). */
  invalidate(uri: string): void {
    this.analyses.delete(uri);
  }

  forget(uri: string): void {
    this.analyses.delete(uri);
    this.settings.delete(uri);
  }

  /** Settings changed: every document is analyzed again with fresh settings. */
  clear(): void {
    this.analyses.clear();
    this.settings.clear();
  }
}
