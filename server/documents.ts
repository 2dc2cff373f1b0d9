/**
 * One analysis per document version: the parse tree, the diagnostics and the
 * models every feature reads. Settings are fetched once per document and
 * forgotten when the user changes them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DEFAULT_MAX_FILE_BYTES, fileInfo, fileSizeText, readRegularFile } from './files';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, CODES, parseConfig, reparseConfig, SOURCE, type Analysis, type DocumentSettings, type FileHost, type Language, type WorkspaceIndex } from './service';

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

/** Diagnostics published per document at most; one more says how many were left out. */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

/** The limit of a document's size from its settings (redisHa.maxFileSize), in bytes. */
export function maxFileBytes(settings: DocumentSettings): number {
  const n = settings.maxFileSize;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX_FILE_BYTES;
}

/** The one diagnostic of a document over the size limit, which is not analysed. */
export function tooLargeDiagnostic(bytes: number, limit: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: CODES['file-too-large'].severity,
    code: 'file-too-large',
    source: SOURCE,
    message: `This file is ${fileSizeText(bytes)}, larger than the ${fileSizeText(limit)} redis-ha analyses (setting redisHa.maxFileSize): no diagnostics, completion or hover for it. A redis.conf is normally well under 1 MiB.`,
  };
}

/**
 * What is published for a document: at most MAX_PUBLISHED_DIAGNOSTICS, errors
 * first then by position, plus one diagnostic counting the rest. A file of
 * bad lines otherwise sends hundreds of thousands in one message (1 MB of
 * them: 131,000 diagnostics, a 29.7 MB message; 20 MB: past what
 * JSON.stringify can build).
 */
export function publishable(diagnostics: readonly Diagnostic[], max = MAX_PUBLISHED_DIAGNOSTICS): Diagnostic[] {
  if (diagnostics.length <= max) return [...diagnostics];
  const rank = (d: Diagnostic) => d.severity ?? 1;
  const kept = [...diagnostics].sort((a, b) => rank(a) - rank(b) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character).slice(0, max);
  const more = diagnostics.length - kept.length;
  const errors = diagnostics.reduce((n, d) => n + (d.severity === 1 ? 1 : 0), 0) - kept.reduce((n, d) => n + (d.severity === 1 ? 1 : 0), 0);
  kept.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: CODES['too-many-diagnostics'].severity,
    code: 'too-many-diagnostics',
    source: SOURCE,
    message: `${more} more diagnostic${more === 1 ? '' : 's'} (${errors} of them error${errors === 1 ? '' : 's'}) not shown: the editor shows at most ${max} per file, errors first. \`redis-ha check\` lists them all.`,
  });
  return kept;
}

export class AnalysisCache {
  /** The last analysis per document; `stale` when a file it depends on changed since. */
  private analyses = new Map<string, { version: number; analysis: Analysis; stale?: boolean }>();
  private settings = new Map<string, Promise<DocumentSettings>>();

  /**
   * @param isOpen whether a document is still open: an analysis that finishes
   *   after its document was closed is dropped, not kept for a closed URI.
   */
  constructor(
    private fetchSettings: (uri: string) => Promise<DocumentSettings>,
    private host: FileHost = nodeFileHost,
    private workspace?: WorkspaceIndex,
    private isOpen: (uri: string) => boolean = () => true,
  ) {}

  settingsFor(uri: string): Promise<DocumentSettings> {
    let s = this.settings.get(uri);
    if (!s) {
      s = this.fetchSettings(uri).catch(() => ({}));
      this.settings.set(uri, s);
    }
    return s;
  }

  /** The analysis of this exact version, computed at most once; undefined for a document over the size limit. */
  async get(doc: TextDocument): Promise<Analysis | undefined> {
    if (!this.isOpen(doc.uri)) return undefined;
    const settings = await this.settingsFor(doc.uri);
    // closed while the settings were fetched: compute nothing that would outlive it
    if (!this.isOpen(doc.uri)) {
      this.forget(doc.uri);
      return undefined;
    }
    if (this.oversize(doc, settings)) {
      this.analyses.delete(doc.uri);
      return undefined;
    }
    return this.getSync(doc, settings);
  }

  /**
   * The size of a document over its limit, or undefined when it is analysed.
   * Requests return nothing for such a document and its only diagnostic is
   * file-too-large: a 20 MB file of bad lines would otherwise be parsed into
   * millions of lines and diagnostics.
   */
  oversize(doc: TextDocument, settings: DocumentSettings): { bytes: number; limit: number } | undefined {
    const limit = maxFileBytes(settings);
    const text = doc.getText();
    // a UTF-16 code unit is at most 3 bytes of UTF-8: most documents are under the limit without counting
    if (text.length * 3 <= limit) return undefined;
    const bytes = Buffer.byteLength(text);
    return bytes > limit ? { bytes, limit } : undefined;
  }

  getSync(doc: TextDocument, settings: DocumentSettings): Analysis {
    const hit = this.analyses.get(doc.uri);
    if (hit && hit.version === doc.version && !hit.stale) return hit.analysis;
    // a new version replaces the old analysis at once, so two never live together; what the
    // edits since did not touch is taken from it (re-parse and per-line results), the rest computed
    this.analyses.delete(doc.uri);
    const previous = hit?.analysis;
    const text = doc.getText();
    const analysis = analyze({
      doc: previous ? reparseConfig(previous.doc, text) : parseConfig(text),
      previous,
      language: languageOf(doc),
      uri: doc.uri,
      filePath: filePathOf(doc.uri),
      settings,
      host: { ...this.host, maxFileBytes: maxFileBytes(settings) },
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

  /**
   * A file this analysis depends on changed: compute it again on the next
   * request (settings kept). Its lines' own results stay valid: what depends
   * on other files (includes, the durability model) is computed on every analysis.
   */
  invalidate(uri: string): void {
    const hit = this.analyses.get(uri);
    if (hit) hit.stale = true;
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
