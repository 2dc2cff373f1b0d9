/**
 * The config files of the workspace folders, for the rules that look across
 * files (a Sentinel's primary requiring a password, the failover time shown in
 * a redis.conf). Bounded: node_modules and VCS folders are skipped, and the
 * number of files, their size, the folder depth and the entries looked at are
 * capped. Only the files our languages claim are indexed (the names and
 * patterns of package.json), and when there are more than the cap, those in
 * the folders nearest the open documents first: a redis.conf learns about the
 * Sentinels beside it before those of other services. Open documents win over
 * the disk; the language server updates the index as they change.
 */
import { type Dirent, promises as fs } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze, languageForFile, parseConfig } from './service';
import type { ConfigFacts, DocumentSettings, FileHost, WorkspaceIndex } from './service';

export interface IndexLimits {
  maxFiles: number;
  maxBytes: number;
  maxDepth: number;
  /** Directory entries a walk looks at, in all (a monorepo of millions of files is not walked to its end). */
  maxEntries: number;
}

export const DEFAULT_LIMITS: IndexLimits = { maxFiles: 500, maxBytes: 1024 * 1024, maxDepth: 12, maxEntries: 200_000 };
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', '.vscode-test']);
/** Files read at once while indexing. */
const READ_AHEAD = 16;

/** What the index holds, for the log and the client's status item. */
export interface IndexStatus {
  /** Files indexed from the disk, not counting open documents (known from the editor). */
  indexed: number;
  /** Config files found in the folders. */
  found: number;
  limit: number;
  /** Some config files are not indexed: more were found than the limit, or the walk was cut short. */
  truncated: boolean;
  /** The walk stopped at the entry limit before it saw every folder. */
  walkCut: boolean;
}

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** What matters to other files, without positions: a change of only this re-checks them. */
export function factsKey(f: ConfigFacts | undefined): string {
  if (!f) return '';
  if (f.language === 'redis-conf') return JSON.stringify([f.language, f.port, f.auth?.password ?? (f.auth ? '#' : '')]);
  return JSON.stringify([f.language, f.masters.map((m) => [m.master, m.host, m.port, m.quorum, m.downAfterMs, m.rto?.minMs])]);
}

/** Folder hops from `a` to `b`: up to their common ancestor, then down. */
export function folderDistance(a: string, b: string): number {
  const x = a.split(sep).filter(Boolean),
    y = b.split(sep).filter(Boolean);
  let common = 0;
  while (common < x.length && common < y.length && x[common] === y[common]) common++;
  return x.length - common + (y.length - common);
}

/**
 * Config files in the order they are indexed: nearest one of the `near`
 * folders first (without any, the shallowest below the workspace folders),
 * then by path.
 */
export function rankConfigs(paths: Iterable<string>, near: readonly string[], roots: readonly string[]): string[] {
  const distance = (dir: string) => {
    if (near.length) return Math.min(...near.map((n) => folderDistance(dir, n)));
    const root = roots.find((r) => dir === r || dir.startsWith(r + sep));
    return root ? folderDistance(dir, root) : Infinity;
  };
  const byDir = new Map<string, number>();
  const ranked = [...paths].map((p) => {
    const dir = dirname(p);
    let d = byDir.get(dir);
    if (d === undefined) byDir.set(dir, (d = distance(dir)));
    return { p, d };
  });
  ranked.sort((a, b) => a.d - b.d || (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  return ranked.map((r) => r.p);
}

export class WorkspaceFiles implements WorkspaceIndex {
  private facts = new Map<string, ConfigFacts>();
  /** URIs whose facts come from an open document, not the disk, and their paths. */
  private open = new Set<string>();
  private openPaths = new Set<string>();
  /** Paths indexed from the disk. */
  private onDisk = new Set<string>();
  /** Config files found in the folders (indexed or not). */
  private found = new Set<string>();
  readonly folders: string[] = [];
  walkCut = false;
  /** The folders of the open documents: their neighbours are indexed first. */
  nearFolders: () => string[] = () => [];

  constructor(
    private host: FileHost,
    private settings: () => DocumentSettings,
    readonly limits: IndexLimits = DEFAULT_LIMITS,
  ) {}

  configs(): readonly ConfigFacts[] {
    return [...this.facts.values()];
  }

  get size(): number {
    return this.facts.size;
  }

  /** More config files were found than the index holds (or the walk was cut short). */
  get truncated(): boolean {
    return this.walkCut || this.found.size > this.limits.maxFiles;
  }

  status(): IndexStatus {
    let indexed = 0;
    for (const p of this.onDisk) if (!this.openPaths.has(p)) indexed++;
    return { indexed, found: this.found.size, limit: this.limits.maxFiles, truncated: this.truncated, walkCut: this.walkCut };
  }

  /** Walks the folders and indexes the config files, nearest the open documents first. Resolves when done. */
  async scan(folders: string[]): Promise<void> {
    this.folders.push(...folders);
    for (const p of await this.walk(folders)) this.found.add(p);
    await this.focus();
  }

  /**
   * Indexes the config files found that rank first for the documents open
   * now, dropping those that no longer do. Returns the URIs whose facts
   * changed (what other files see of them).
   */
  async focus(): Promise<string[]> {
    const closed = [...this.found].filter((p) => !this.openPaths.has(p)); // an open document is known from the editor
    const wanted = rankConfigs(closed, this.nearFolders(), this.folders).slice(0, this.limits.maxFiles);
    const keep = new Set(wanted);
    const changed: string[] = [];
    for (const p of [...this.onDisk]) {
      if (keep.has(p)) continue;
      const uri = pathToFileURL(p).href;
      this.onDisk.delete(p);
      if (!this.open.has(uri) && this.facts.delete(uri)) changed.push(uri);
    }
    const missing = wanted.filter((p) => !this.onDisk.has(p));
    for (let i = 0; i < missing.length; i += READ_AHEAD) {
      const chunk = missing.slice(i, i + READ_AHEAD);
      const results = await Promise.all(chunk.map((p) => this.refreshFromDisk(p, true)));
      chunk.forEach((p, k) => {
        if (results[k]) changed.push(pathToFileURL(p).href);
      });
    }
    return changed;
  }

  /** Breadth first, so a cut walk has seen the shallow folders; at most maxEntries entries. */
  private async walk(folders: string[]): Promise<string[]> {
    const found: string[] = [];
    const queue = folders.map((dir) => ({ dir, depth: 0 }));
    let entries = 0;
    for (let i = 0; i < queue.length; i++) {
      const { dir, depth } = queue[i];
      let list: Dirent[];
      try {
        list = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of list) {
        if (++entries > this.limits.maxEntries) {
          this.walkCut = true;
          return found;
        }
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIPPED.has(e.name) && depth < this.limits.maxDepth) queue.push({ dir: p, depth: depth + 1 });
        } else if (e.isFile() && languageForFile(p)) {
          found.push(p);
        }
      }
    }
    return found;
  }

  /**
   * Re-reads one file from disk (unless it is open); returns whether what
   * others see of it changed. A file not indexed yet is indexed only while
   * there is room (or when `admit`): otherwise it is only remembered as found.
   */
  async refreshFromDisk(path: string, admit = false): Promise<boolean> {
    const uri = pathToFileURL(path).href;
    if (this.open.has(uri)) return false;
    const language = languageForFile(path);
    if (language && this.folders.some((f) => path === f || path.startsWith(f + sep))) this.found.add(path);
    const fresh = !this.onDisk.has(path);
    if (fresh && !admit && this.onDisk.size >= this.limits.maxFiles) return false;
    if (fresh) this.onDisk.add(path); // its place, while it is read
    const before = factsKey(this.facts.get(uri));
    let text: string | undefined;
    try {
      const st = await fs.stat(path);
      if (st.isFile() && st.size <= this.limits.maxBytes) text = await fs.readFile(path, 'utf8');
    } catch {
      text = undefined;
    }
    if (this.open.has(uri)) {
      // opened while it was read: the editor's text counts
      if (fresh) this.onDisk.delete(path);
      return false;
    }
    if (text === undefined || !language) {
      this.facts.delete(uri);
      this.onDisk.delete(path);
      if (text === undefined) this.found.delete(path);
    } else {
      const a = analyze({ doc: parseConfig(text), language, uri, filePath: path, settings: this.settings(), host: this.host });
      this.facts.set(uri, a.durability.facts);
      this.onDisk.add(path);
    }
    return factsKey(this.facts.get(uri)) !== before;
  }

  /** An open document's facts replace the disk's; returns whether what others see changed. */
  updateOpen(uri: string, facts: ConfigFacts): boolean {
    if (!this.open.has(uri)) {
      this.open.add(uri);
      const path = pathOf(uri);
      if (path) this.openPaths.add(path);
    }
    const before = factsKey(this.facts.get(uri));
    this.facts.set(uri, facts);
    return factsKey(facts) !== before;
  }

  /** The document was closed: its facts come from the disk again (if it is in a folder). */
  async closed(uri: string, path: string | undefined): Promise<boolean> {
    this.open.delete(uri);
    if (path) this.openPaths.delete(path);
    const before = factsKey(this.facts.get(uri));
    this.facts.delete(uri);
    // indexed from the disk again if it was, or if it is in a folder and there is room
    const indexed = !!path && this.onDisk.has(path);
    if (path && (indexed || this.folders.some((f) => path.startsWith(f)))) await this.refreshFromDisk(path, indexed);
    return factsKey(this.facts.get(uri)) !== before;
  }

  /** A file on disk was deleted. */
  deleted(uri: string, path?: string): boolean {
    if (path) {
      this.found.delete(path);
      this.onDisk.delete(path);
    }
    if (this.open.has(uri)) return false;
    return this.facts.delete(uri);
  }
}
