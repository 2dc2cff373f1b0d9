/**
 * One analysis per document version: the parse tree, the diagnostics and the
 * models every feature reads. Settings are fetched once per document and
 * forgotten when the user changes them. No Node.js here: the web worker uses
 * it too; the disk is behind the FileHost the Node entry passes (nodeHost.ts).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyze,
  CODES,
  OUTER_LANGUAGES,
  DEFAULT_MAX_FILE_BYTES,
  fileSizeText,
  parseConfig,
  paths,
  reparseConfig,
  SOURCE,
  type Analysis,
  type DocumentSettings,
  type FileHost,
  type Language,
  type WorkspaceIndex,
} from './service';

export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  return paths.fromFileUri(uri);
}

/** The length of `text` in UTF-8 bytes, counted (a browser has no Buffer). */
export function countUtf8(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    // a surrogate pair is 2 units and 4 bytes; a lone surrogate becomes U+FFFD, 3 bytes
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

// on Node.js, Buffer's native count: 30 times faster on a 3 MB file, and this runs on every request
const nodeBuffer = (globalThis as { Buffer?: { byteLength(text: string): number } }).Buffer;

/** The length of `text` in UTF-8 bytes. */
export const utf8Length: (text: string) => number = nodeBuffer ? (text) => nodeBuffer.byteLength(text) : countUtf8;

/** The language ids of documents that may hold configs (VS Code's, and the Docker and Helm extensions'): see embeddedDocs.ts. */
export const OUTER_LANGUAGE_IDS: ReadonlySet<string> = new Set(OUTER_LANGUAGES);

export function isOuterDocument(doc: TextDocument): boolean {
  return OUTER_LANGUAGE_IDS.has(doc.languageId);
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
  const kept = [...diagnostics]
    .sort((a, b) => rank(a) - rank(b) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .slice(0, max);
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
   * @param host the files beyond the open document (includes); none in a browser,
   *   where nothing is said about files that cannot be seen.
   * @param isOpen whether a document is still open: an analysis that finishes
   *   after its document was closed is dropped, not kept for a closed URI.
   */
  constructor(
    private fetchSettings: (uri: string) => Promise<DocumentSettings>,
    private host?: FileHost,
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
    // a YAML or Dockerfile document is no config: only its embedded configs are checked (embeddedDocs.ts)
    if (!this.isOpen(doc.uri) || isOuterDocument(doc)) return undefined;
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
    // a UTF-16 unit is 1 to 3 UTF-8 bytes: count them only when the limit lies in between
    if (text.length * 3 <= limit) return undefined;
    const bytes = utf8Length(text);
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
      host: this.host && { ...this.host, maxFileBytes: maxFileBytes(settings) },
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
