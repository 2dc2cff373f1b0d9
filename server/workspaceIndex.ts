/**
 * The config files of the workspace folders, for the rules that look across
 * files (a Sentinel's primary requiring a password, the failover time shown in
 * a redis.conf). Bounded: node_modules and VCS folders are skipped, and the
 * number of files, their size and the folder depth are capped. Open documents
 * win over the disk; the language server updates the index as they change.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, languageForFile, parseConfig, type ConfigFacts, type DocumentSettings, type FileHost, type WorkspaceIndex } from './service';

export interface IndexLimits {
  maxFiles: number;
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: IndexLimits = { maxFiles: 500, maxBytes: 1024 * 1024, maxDepth: 12 };
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', '.vscode-test']);

/** What matters to other files, without positions: a change of only this re-checks them. */
export function factsKey(f: ConfigFacts | undefined): string {
  if (!f) return '';
  if (f.language === 'redis-conf') return JSON.stringify([f.language, f.port, f.auth?.password ?? (f.auth ? '#' : '')]);
  return JSON.stringify([f.language, f.masters.map((m) => [m.master, m.host, m.port, m.quorum, m.downAfterMs, m.rto?.minMs])]);
}

export class WorkspaceFiles implements WorkspaceIndex {
  private facts = new Map<string, ConfigFacts>();
  /** URIs whose facts come from an open document, not the disk. */
  private open = new Set<string>();
  readonly folders: string[] = [];
  truncated = false;

  constructor(private host: FileHost, private settings: () => DocumentSettings, readonly limits: IndexLimits = DEFAULT_LIMITS) {}

  configs(): readonly ConfigFacts[] {
    return [...this.facts.values()];
  }

  get size(): number {
    return this.facts.size;
  }

  /** Walks the folders and indexes every file our languages claim. Resolves when done. */
  async scan(folders: string[]): Promise<void> {
    this.folders.push(...folders);
    let count = 0;
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > this.limits.maxDepth || this.truncated) return;
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (this.truncated) return;
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIPPED.has(e.name)) await walk(p, depth + 1);
        } else if (e.isFile() && languageForFile(p)) {
          if (count >= this.limits.maxFiles) {
            this.truncated = true;
            return;
          }
          count++;
          await this.refreshFromDisk(p);
        }
      }
    };
    for (const f of folders) await walk(f, 0);
  }

  /** Re-reads one file from disk (unless it is open); returns whether what others see of it changed. */
  async refreshFromDisk(path: string): Promise<boolean> {
    const uri = pathToFileURL(path).href;
    if (this.open.has(uri)) return false;
    const before = factsKey(this.facts.get(uri));
    const language = languageForFile(path);
    let text: string | undefined;
    try {
      const st = await fs.stat(path);
      if (st.isFile() && st.size <= this.limits.maxBytes) text = await fs.readFile(path, 'utf8');
    } catch {
      text = undefined;
    }
    if (text === undefined || !language) this.facts.delete(uri);
    else {
      const a = analyze({ doc: parseConfig(text), language, uri, filePath: path, settings: this.settings(), host: this.host });
      this.facts.set(uri, a.durability.facts);
    }
    return factsKey(this.facts.get(uri)) !== before;
  }

  /** An open document's facts replace the disk's; returns whether what others see changed. */
  updateOpen(uri: string, facts: ConfigFacts): boolean {
    this.open.add(uri);
    const before = factsKey(this.facts.get(uri));
    this.facts.set(uri, facts);
    return factsKey(facts) !== before;
  }

  /** The document was closed: its facts come from the disk again (if it is in a folder). */
  async closed(uri: string, path: string | undefined): Promise<boolean> {
    this.open.delete(uri);
    if (path && this.folders.some((f) => path.startsWith(f))) return this.refreshFromDisk(path);
    const had = this.facts.delete(uri);
    return had;
  }

  /** A file on disk was deleted. */
  deleted(uri: string): boolean {
    if (this.open.has(uri)) return false;
    return this.facts.delete(uri);
  }
}
