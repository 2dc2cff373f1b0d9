/**
 * Reading config files from disk without trusting what a path names: only
 * regular files, never more than a size limit, and never a blocking open
 * (a FIFO would wait forever for a writer, /dev/zero would be read until
 * memory runs out). Used by the CLI for the files it is given and by both the
 * CLI and the language server for the files an `include` names.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { DEFAULT_MAX_FILE_BYTES, fileSizeText, type FileKind } from './service';

export { DEFAULT_MAX_FILE_BYTES, fileSizeText, type FileKind };

export const KIND_LABELS: Record<FileKind, string> = {
  file: 'a regular file',
  directory: 'a directory',
  fifo: 'a FIFO (named pipe)',
  'character-device': 'a character device',
  'block-device': 'a block device',
  socket: 'a socket',
  other: 'not a regular file',
};

export function kindOf(st: Stats): FileKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice()) return 'character-device';
  if (st.isBlockDevice()) return 'block-device';
  if (st.isSocket()) return 'socket';
  return 'other';
}

/** What a path names (symbolic links followed), or undefined when it does not exist or cannot be examined. */
export function fileInfo(path: string): { kind: FileKind; size: number } | undefined {
  try {
    const st = statSync(path);
    return { kind: kindOf(st), size: st.size };
  } catch {
    return undefined;
  }
}

/** Parses 4194304, 512KiB, 16 MiB, 1g (binary units; b, k, kb, kib, m, mb, mib, g, gb, gib). */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const n = Math.floor(Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'not-regular' | 'too-large' | 'unreadable'; kind?: FileKind; size?: number; message: string };

/**
 * The text of a regular file of at most `maxBytes`, or why not. The path is
 * examined first, then opened without blocking (O_NONBLOCK: a FIFO put in its
 * place meanwhile cannot hang the open) and examined again through the
 * descriptor, and at most `maxBytes + 1` bytes are ever read.
 */
export function readRegularFile(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? { ok: false, reason: 'missing', message: 'no such file' }
      : { ok: false, reason: 'unreadable', message: (e as Error).message };
  }
  const refused = refusal(st, maxBytes);
  if (refused) return refused;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: (e as Error).message };
  }
  try {
    const again = refusal(fstatSync(fd), maxBytes);
    if (again) return again;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      // the file grew after it was examined
      if (total > maxBytes) return tooLarge(total, maxBytes, true);
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}

function refusal(st: Stats, maxBytes: number): ReadResult | undefined {
  const kind = kindOf(st);
  if (kind !== 'file') return { ok: false, reason: 'not-regular', kind, message: `it is ${KIND_LABELS[kind]}, not a regular file` };
  if (st.size > maxBytes) return tooLarge(st.size, maxBytes, false);
  return undefined;
}

function tooLarge(size: number, maxBytes: number, atLeast: boolean): ReadResult {
  return {
    ok: false,
    reason: 'too-large',
    kind: 'file',
    size,
    message: `it is ${atLeast ? 'more than ' : ''}${fileSizeText(atLeast ? maxBytes : size)}, larger than the limit of ${fileSizeText(maxBytes)}`,
  };
}
