/**
 * `include` lines: redis-server opens the file while it reads the config and
 * stops if it cannot (a glob that matches nothing is fine). Relative paths
 * are resolved from redis-server's working directory, not from the file.
 */
import type { Directive } from '../parser/types';
import type { DiagnosticSink } from './diag';
import { paths } from './paths';

/** File-system questions the service may ask; absent in pure tests. */
export interface FileHost {
  exists(path: string): boolean;
  /**
   * The text of a file (an open editor's unsaved text first, where the host
   * knows it), or undefined when it cannot be read: missing, a directory,
   * unreadable or larger than `maxBytes`. Used to follow `include`.
   */
  readFile?(path: string, maxBytes?: number): string | undefined;
  /**
   * What a path names, symbolic links followed (undefined: missing or not
   * examinable). An include of anything but a regular file or a directory is
   * an error: redis-server blocks on a FIFO and reads a device without end.
   */
  fileInfo?(path: string): { kind: FileKind; size: number } | undefined;
  /** Included files larger than this are not read (default DEFAULT_MAX_FILE_BYTES). */
  readonly maxFileBytes?: number;
  /** The entries of a directory, or undefined when it cannot be listed. Used to expand include globs. */
  listDir?(path: string): Array<{ name: string; dir: boolean }> | undefined;
}

/** What a path names, as fileInfo reports it. */
export type FileKind = 'file' | 'directory' | 'fifo' | 'character-device' | 'block-device' | 'socket' | 'other';

/** A size as people read it: 512 bytes, 4 KiB, 16 MiB, 1.5 GiB. */
export function fileSizeText(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** 4 MiB: a stock redis.conf is about 110 KB; a config file this large is almost certainly something else. */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

const GLOB = /[*?[]/;

export function checkInclude(d: Directive, opts: { filePath?: string; host?: FileHost }, sink: DiagnosticSink, order: number): void {
  const arg = d.args[0];
  const path = arg.value;
  if (GLOB.test(path)) return; // redis-server accepts a pattern that matches no file
  if (paths.isAbsolute(path)) {
    if (opts.host && !opts.host.exists(path)) {
      sink.add('include-not-found', arg, `cannot find ${path}: redis-server stops when an included file is missing`, { order });
    }
    return;
  }
  const beside = opts.filePath ? paths.join(paths.dirname(opts.filePath), path) : undefined;
  const found = beside && opts.host?.exists(beside);
  sink.add(
    'include-relative',
    arg,
    `'${path}' is relative: redis-server resolves it from the directory it is started in, not from this file's folder${found ? ` (a file exists at ${beside})` : ''}. Prefer an absolute path.`,
    { order },
  );
}
