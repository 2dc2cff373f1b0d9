/**
 * A bounded JSON-lines file: one record a line, appended as it comes, read
 * back from the file's tail only, and rewritten (through a temporary file and
 * a rename) to its newest records once it grows past its bound. Shared by the
 * timeline's history (timeline.ts) and the charts' samples (series.ts). The
 * file is hostile input: each line is decoded by the caller's total function
 * and a line that does not decode is counted, never thrown; a path that is not
 * a regular file is a clear HistoryError.
 */
import { appendFileSync, closeSync, fstatSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';

export class HistoryError extends Error {}

export interface JsonLinesLimits {
  /** Longest line accepted. */
  line: number;
  /** The most read back from the end of the file. */
  readBytes: number;
  /** Past this size, the file is rewritten with its newest `keep` records. */
  maxBytes: number;
  keep: number;
}

export interface JsonLinesFormat<T> {
  limits: JsonLinesLimits;
  /** One line to a record, or undefined when it is not one (the line is at most `limits.line` long). */
  decode(line: string): T | undefined;
  encode(record: T): string;
  /** What a record is called in messages ("timeline entry"). */
  noun: string;
  /** What the file is called in messages ("history"). */
  file: string;
}

export interface JsonLinesRead<T> {
  records: T[];
  /** Something the user should know (a huge file read only in part, lines that were not records). */
  messages: string[];
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The last `length` bytes of an open file. */
function readTail(fd: number, size: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, size - length + got);
    if (n <= 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

function open<T>(path: string, f: JsonLinesFormat<T>): number | undefined {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (!st.isFile()) throw new HistoryError(`the ${f.file} ${path} is not a regular file`);
    return openSync(path, 'r');
  } catch (e) {
    if (e instanceof HistoryError) throw e;
    throw new HistoryError(`cannot read the ${f.file} ${path}: ${(e as Error).message}`);
  }
}

/**
 * The newest records of a file (at most `keep`), read from its last
 * `readBytes` only. A missing file holds none.
 */
export function readJsonLines<T>(path: string, f: JsonLinesFormat<T>): JsonLinesRead<T> {
  const fd = open(path, f);
  if (fd === undefined) return { records: [], messages: [] };
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, f.limits.readBytes);
    const text = readTail(fd, size, length).toString('utf8');
    const messages: string[] = [];
    if (size > f.limits.readBytes)
      messages.push(`the ${f.file} ${path} holds ${mib(size)}: only its last ${mib(f.limits.readBytes)} were read`);
    const lines = text.split('\n');
    // a read from the middle of the file starts inside a line
    if (size > length) lines.shift();
    const records: T[] = [];
    let bad = 0;
    for (const line of lines) {
      if (!line.trim()) continue;
      const r = line.length <= f.limits.line ? f.decode(line) : undefined;
      if (r === undefined) bad++;
      else records.push(r);
    }
    if (bad)
      messages.push(
        `${bad} line${bad === 1 ? '' : 's'} of the ${f.file} ${path} ${bad === 1 ? 'is' : 'are'} not a ${f.noun} and ${bad === 1 ? 'was' : 'were'} ignored`,
      );
    return { records: records.length > f.limits.keep ? records.slice(-f.limits.keep) : records, messages };
  } finally {
    closeSync(fd);
  }
}

/** Appends records as JSON lines; past `maxBytes` the file is rewritten with its newest `keep` records. */
export function appendJsonLines<T>(path: string, records: readonly T[], f: JsonLinesFormat<T>): void {
  if (!records.length) return;
  const st = statSync(path, { throwIfNoEntry: false });
  if (st && !st.isFile()) throw new HistoryError(`the ${f.file} ${path} is not a regular file`);
  try {
    appendFileSync(path, `${records.map((r) => f.encode(r)).join('\n')}\n`, { mode: 0o600 });
    if (statSync(path).size <= f.limits.maxBytes) return;
    const kept = readJsonLines(path, f).records;
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${kept.map((r) => f.encode(r)).join('\n')}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (e) {
    if (e instanceof HistoryError) throw e;
    throw new HistoryError(`cannot write the ${f.file} ${path}: ${(e as Error).message}`);
  }
}

/** One JSON line as a plain object, or undefined when it is longer than `maxLength`, not JSON, or not an object. */
export function objectOfLine(line: string, maxLength: number): Record<string, unknown> | undefined {
  if (line.length > maxLength) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
