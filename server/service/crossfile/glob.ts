/**
 * Include patterns expanded the way redis-server 7.0+ expands them: glob(3)
 * with no flags, so `*`, `?` and `[...]` match within one path component,
 * a leading dot is only matched by a pattern that starts with a dot, a
 * pattern that matches nothing is simply skipped, and the matches are read
 * in sorted order. Redis 6.2 has no globbing: the pattern is a file name.
 * Facts from redis src/config.c (loadServerConfig, 7.0+) and glob(3).
 */
import type { FileHost } from '../include';
import { paths } from '../paths';

/** Characters that make redis-server treat an include path as a pattern. */
export function isGlobPattern(path: string): boolean {
  return /[*?[]/.test(path);
}

/** fnmatch-style pattern of one path component as a RegExp. */
export function componentRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRegExpChar(pattern[++i]);
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const close = findClass(pattern, i);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      re += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]').replace(/\[/g, '\\[')}]`;
      i = close;
    } else {
      re += escapeRegExpChar(c);
    }
  }
  return new RegExp(`^${re}$`);
}

function escapeRegExpChar(c: string): string {
  return /[.+^${}()|[\]\\*?]/.test(c) ? `\\${c}` : c;
}

/** Index of the ']' closing a bracket expression opened at `open`, or -1. */
function findClass(p: string, open: number): number {
  let i = open + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++; // a ']' right after the opening is a member
  for (; i < p.length; i++) if (p[i] === ']') return i;
  return -1;
}

/** Order of the UTF-8 bytes (strcmp on Linux), which is the order of the code points. */
function byteOrder(a: string, b: string): number {
  const ia = a[Symbol.iterator](),
    ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next(),
      y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d) return d < 0 ? -1 : 1;
  }
}

/**
 * Expands an absolute pattern with the host's directory listings. Returns the
 * matching files in glob(3) order, at most `limit` of them.
 */
export function expandGlob(pattern: string, host: FileHost, limit = 256): string[] {
  if (!host.listDir || !paths.isAbsolute(pattern)) return [];
  const parts = pattern.split(/[\\/]+/).filter((p, i) => p !== '' || i === 0);
  // parts[0] is '' for a POSIX root, or a drive such as 'C:' on Windows
  let candidates: Array<{ path: string; dir: boolean }> = [{ path: parts[0] === '' ? paths.sep : `${parts[0]}${paths.sep}`, dir: true }];
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k];
    const last = k === parts.length - 1;
    const next: Array<{ path: string; dir: boolean }> = [];
    for (const c of candidates) {
      if (!c.dir) continue;
      if (!isGlobPattern(part)) {
        const p = paths.join(c.path, part.replace(/\\(.)/g, '$1'));
        if (last) next.push({ path: p, dir: false });
        else next.push({ path: p, dir: true });
        continue;
      }
      const entries = host.listDir(c.path);
      if (!entries) continue;
      const re = componentRegExp(part);
      const dotOk = part.startsWith('.');
      for (const e of [...entries].sort((a, b) => byteOrder(a.name, b.name))) {
        if (e.name.startsWith('.') && !dotOk) continue;
        if (re.test(e.name)) next.push({ path: paths.join(c.path, e.name), dir: e.dir });
      }
    }
    candidates = next;
    if (candidates.length > limit * 4) candidates = candidates.slice(0, limit * 4);
  }
  return candidates
    .filter((c) => !c.dir && host.exists(c.path))
    .map((c) => c.path)
    .sort(byteOrder)
    .slice(0, limit);
}
