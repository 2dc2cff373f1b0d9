// Read-only access to a git repository (a bare mirror is enough): files at a
// ref, directory listings, the commit a ref names and its date.
import { execFileSync } from 'node:child_process';

export class GitTree {
  /**
   * @param {string} gitDir path of the repository (its .git directory or a bare mirror)
   * @param {string} ref a full ref such as refs/tags/7.0.15 or refs/heads/8.0
   */
  constructor(gitDir, ref) {
    this.gitDir = gitDir;
    this.ref = ref;
    this.commit = this.git(['rev-parse', '--verify', `${ref}^{commit}`]).trim();
    this.date = this.git(['show', '-s', '--format=%cI', this.commit]).trim();
    this.cache = new Map();
    /** Paths read so far, for the `sources` record of the catalog. */
    this.read = new Set();
  }

  git(args) {
    return execFileSync('git', ['--git-dir', this.gitDir, ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** The text of `path` at the commit; undefined when it does not exist there. */
  file(path) {
    if (this.cache.has(path)) return this.cache.get(path);
    let text;
    try {
      text = execFileSync('git', ['--git-dir', this.gitDir, 'show', `${this.commit}:${path}`], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      this.read.add(path);
    } catch {
      text = undefined;
    }
    this.cache.set(path, text);
    return text;
  }

  /** Like file(), but a missing file is an error. */
  need(path) {
    const text = this.file(path);
    if (text === undefined) throw new Error(`${path} does not exist at ${this.ref} (${this.commit}) in ${this.gitDir}`);
    return text;
  }

  /** File names (not paths) directly under `dir`. */
  list(dir) {
    const out = this.git(['ls-tree', '--name-only', `${this.commit}:${dir}`]);
    return out.split('\n').filter(Boolean).sort();
  }

  /** Paths read, with directory listings collapsed to a glob when many files of one folder were read. */
  files() {
    const paths = [...this.read].sort();
    const out = [];
    const byDir = new Map();
    for (const p of paths) {
      const m = /^(.*)\/([^/]+)\.(json|h)$/.exec(p);
      if (m) {
        const key = `${m[1]}/*.${m[3]}`;
        byDir.set(key, (byDir.get(key) ?? 0) + 1);
      }
    }
    const globbed = new Set([...byDir].filter(([, n]) => n > 8).map(([k]) => k));
    for (const p of paths) {
      const m = /^(.*)\/([^/]+)\.(json|h)$/.exec(p);
      const key = m ? `${m[1]}/*.${m[3]}` : undefined;
      if (key && globbed.has(key)) {
        if (!out.includes(key)) out.push(key);
      } else out.push(p);
    }
    return out;
  }
}
