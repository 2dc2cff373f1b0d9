/**
 * File paths and file: URIs without node:path and node:url, so the service
 * also runs in a browser worker. Two flavours with node:path's semantics —
 * POSIX and Windows — and `paths`, the one of the platform the service runs
 * on, chosen as Node chooses it (process.platform). In a browser there is no
 * file system and no platform path; POSIX is used for the names it meets.
 *
 * `resolve` and `toFileUri` take an absolute path (on Windows one with a drive
 * or a share): unlike node:path they never consult a working directory.
 * Both flavours are checked against node:path / node:url in
 * test/unit/paths.test.ts.
 */

export interface PathFlavor {
  readonly sep: '/' | '\\';
  isAbsolute(p: string): boolean;
  normalize(p: string): string;
  join(...parts: string[]): string;
  dirname(p: string): string;
  basename(p: string): string;
  /** An absolute path made canonical: normalized, no trailing separator unless it is the root. */
  resolve(p: string): string;
  /** The file: URI of an absolute path, as node:url's pathToFileURL(p).href. */
  toFileUri(p: string): string;
  /** The path of a file: URI, as node:url's fileURLToPath, or undefined where that throws. */
  fromFileUri(uri: string): string | undefined;
}

/** '.' and '..' resolved in the separator-split segments of a path's part after its root. */
function resolveDots(segments: string[], aboveRoot: boolean): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s !== '..') out.push(s);
    else if (out.length && out[out.length - 1] !== '..') out.pop();
    else if (aboveRoot) out.push('..');
  }
  return out;
}

/** Characters a file: URI path keeps as they are (node:url's choice): printable ASCII but these. */
const ENCODED_ASCII = new Set('"#%<>?[\\]^`{|}~');
const utf8 = new TextEncoder();

function encodeUriPath(path: string): string {
  let out = '';
  for (const ch of path) {
    const c = ch.codePointAt(0)!;
    if (c > 0x20 && c < 0x7f && !ENCODED_ASCII.has(ch)) out += ch;
    else for (const b of utf8.encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function parseFileUri(uri: string): URL | undefined {
  try {
    const u = new URL(uri);
    return u.protocol === 'file:' ? u : undefined;
  } catch {
    return undefined;
  }
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The part of `p` after its last separator, trailing separators ignored, from index `start` on. */
function lastSegment(p: string, start: number, isSep: (c: string) => boolean): string {
  let end = p.length;
  while (end > start && isSep(p[end - 1])) end--;
  let begin = end;
  while (begin > start && !isSep(p[begin - 1])) begin--;
  return p.slice(begin, end);
}

/**
 * The index of the separator that precedes the last segment of `p` (trailing
 * separators ignored), or -1 when there is none at or after `rootEnd`.
 */
function sepBeforeLast(p: string, rootEnd: number, isSep: (c: string) => boolean): number {
  let i = p.length - 1;
  while (i >= rootEnd && isSep(p[i])) i--;
  while (i >= rootEnd && !isSep(p[i])) i--;
  return i >= rootEnd ? i : -1;
}

const isPosixSep = (c: string) => c === '/';

export const posixPaths: PathFlavor = {
  sep: '/',
  isAbsolute: (p) => p.startsWith('/'),
  normalize(p) {
    if (p === '') return '.';
    const abs = p.startsWith('/');
    let tail = resolveDots(p.split('/'), !abs).join('/');
    if (!tail && !abs) tail = '.';
    if (tail && p.endsWith('/')) tail += '/';
    return abs ? `/${tail}` : tail;
  },
  join: (...parts) => posixPaths.normalize(parts.filter((x) => x !== '').join('/') || '.'),
  dirname(p) {
    if (p === '') return '.';
    const rooted = p.startsWith('/');
    const i = sepBeforeLast(p, rooted ? 1 : 0, isPosixSep);
    if (i < 0) return rooted ? '/' : '.';
    // node keeps both slashes of a path that starts with exactly '//' and a name
    return rooted && i === 1 ? '//' : p.slice(0, i);
  },
  basename: (p) => lastSegment(p, 0, isPosixSep),
  resolve(p) {
    const n = posixPaths.normalize(p);
    return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
  },
  toFileUri(p) {
    let path = posixPaths.resolve(p);
    if (p.endsWith('/') && !path.endsWith('/')) path += '/';
    return `file://${encodeUriPath(path)}`;
  },
  fromFileUri(uri) {
    const u = parseFileUri(uri);
    if (u?.hostname !== '' || /%2f/i.test(u.pathname)) return undefined;
    return decode(u.pathname);
  },
};

const isWinSep = (c: string | undefined) => c === '/' || c === '\\';
const DRIVE = /^[A-Za-z]:/;

interface WinRoot {
  /** 'C:' or '\\server\share' (separators made backslashes), '' when neither. */
  device: string;
  /** Where the part after the root starts. */
  end: number;
  absolute: boolean;
  /** A share named to the end of the path: '\\server\share' and nothing after it. */
  bareShare: boolean;
}

/** The root of a Windows path: a drive, a share (\\server\share), or a single leading separator. */
function winRoot(p: string): WinRoot {
  if (isWinSep(p[0])) {
    if (isWinSep(p[1])) {
      const m = /^[\\/]{2}([^\\/]+)[\\/]+([^\\/]+)/.exec(p);
      if (m) return { device: `\\\\${m[1]}\\${m[2]}`, end: m[0].length, absolute: true, bareShare: m[0].length === p.length };
    }
    return { device: '', end: 1, absolute: true, bareShare: false };
  }
  if (DRIVE.test(p)) {
    const absolute = isWinSep(p[2]);
    return { device: p.slice(0, 2), end: absolute ? 3 : 2, absolute, bareShare: false };
  }
  return { device: '', end: 0, absolute: false, bareShare: false };
}

export const win32Paths: PathFlavor = {
  sep: '\\',
  isAbsolute: (p) => isWinSep(p[0]) || (DRIVE.test(p) && isWinSep(p[2])),
  normalize(p) {
    if (p === '') return '.';
    if (p.length === 1) return isWinSep(p) ? '\\' : p;
    // the device namespaces \\.\ and \\?\ : what follows is a path, not a share name
    const ns = /^[\\/]{2}([.?])[\\/]+(?=[^\\/])/.exec(p);
    const root = ns ? { device: `\\\\${ns[1]}`, end: ns[0].length, absolute: true, bareShare: false } : winRoot(p);
    let tail = resolveDots(p.slice(root.end).split(/[\\/]/), !root.absolute).join('\\');
    if (!tail && !root.absolute) tail = '.';
    if (tail && isWinSep(p[p.length - 1])) tail += '\\';
    // a relative result that could read as a drive ('b:c') or a stream ('ab:') is made explicit (Node 20.19+)
    if (!root.absolute && !root.device && (DRIVE.test(tail) || /:(?:[\\/]|$)/.test(p))) tail = `.\\${tail}`;
    return root.absolute ? `${root.device}\\${tail}` : `${root.device}${tail}`;
  },
  join(...parts) {
    const given = parts.filter((x) => x !== '');
    if (!given.length) return '.';
    let joined = given.join('\\');
    // two leading separators start a share only when the first part wrote them so (\\server…)
    const first = given[0];
    const uncStart = isWinSep(first[0]) && isWinSep(first[1]) && first.length > 2 && !isWinSep(first[2]);
    if (!uncStart) {
      const lead = /^[\\/]*/.exec(joined)![0].length;
      if (lead >= 2) joined = `\\${joined.slice(lead)}`;
    }
    return win32Paths.normalize(joined);
  },
  dirname(p) {
    if (p === '') return '.';
    const root = winRoot(p);
    if (root.bareShare) return p;
    // after a share, the separator that follows it belongs to the root
    const end = root.device.startsWith('\\') ? root.end + 1 : root.end;
    const i = sepBeforeLast(p, end, isWinSep);
    if (i >= 0) return p.slice(0, i);
    return end ? p.slice(0, end) : '.';
  },
  basename: (p) => lastSegment(p, DRIVE.test(p) ? 2 : 0, isWinSep),
  resolve(p) {
    const n = win32Paths.normalize(p);
    const root = winRoot(n);
    // a share's root keeps its separator (\\server\share\), as a drive's does (C:\)
    const shareRoot = root.device.startsWith('\\') && n.length === root.device.length + 1;
    return n.endsWith('\\') && n.length > root.end && !shareRoot ? n.slice(0, -1) : n;
  },
  toFileUri(p) {
    // a share path is taken as written (node:url does not normalize it): \\server\rest → file://server/rest
    const host = p.startsWith('\\\\') ? p.indexOf('\\', 2) : -1;
    if (host > 2) {
      const href = `file://${p.slice(2, host)}${encodeUriPath(p.slice(host).replace(/\\/g, '/'))}`;
      // the URL parser lowercases the host and drops '.' and '..' segments, as node:url's does
      try {
        return new URL(href).href;
      } catch {
        return href;
      }
    }
    let path = win32Paths.resolve(p);
    if (isWinSep(p[p.length - 1]) && !path.endsWith('\\')) path += '\\';
    return `file://${encodeUriPath(`/${path.replace(/\\/g, '/')}`)}`;
  },
  fromFileUri(uri) {
    const u = parseFileUri(uri);
    if (!u || /%2f|%5c/i.test(u.pathname)) return undefined;
    const path = decode(u.pathname.replace(/\//g, '\\'));
    if (path === undefined) return undefined;
    if (u.hostname !== '') return `\\\\${u.hostname}${path}`;
    return /^\\[A-Za-z]:/.test(path) ? path.slice(1) : undefined;
  },
};

function platformIsWindows(): boolean {
  // the global of a Node.js host; absent in a browser worker
  return (globalThis as { process?: { platform?: unknown } }).process?.platform === 'win32';
}

/** The path flavour of the platform the service runs on. */
export const paths: PathFlavor = platformIsWindows() ? win32Paths : posixPaths;
