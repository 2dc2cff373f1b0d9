/**
 * The disk as the language server and the CLI see it on Node.js: the FileHost
 * the service asks when it follows `include` lines and expands their
 * patterns. Not part of the web worker, which has no file system.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { DEFAULT_MAX_FILE_BYTES, fileInfo, readRegularFile } from './files';
import type { FileHost } from './service';

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
      return readdirSync(p, { withFileTypes: true }).map((e) => ({
        name: e.name,
        dir: e.isDirectory() || (e.isSymbolicLink() && isDir(`${p}/${e.name}`)),
      }));
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
