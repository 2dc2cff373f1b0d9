/**
 * A config file with its `include` lines followed, as redis-server reads it:
 * an include is loaded at the point of its line (so later lines override the
 * included ones and the other way round), a relative path is resolved from the
 * server's working directory — which a preceding absolute `dir` line sets,
 * since redis-server changes into it while it reads the file — and a pattern
 * (7.0+) reads every match in sorted order. redis-server has no guard against
 * an include cycle: it recurses until it crashes. Files come from the injected
 * host only, so the service stays pure.
 */
import type { DirectiveInfo, VersionCatalog } from '../../catalog/catalog';
import { parseConfig } from '../../parser/parse';
import type { ConfigDocument, Directive } from '../../parser/types';
import { DEFAULT_MAX_FILE_BYTES, fileSizeText, type FileHost } from '../include';
import { paths } from '../paths';
import { expandGlob, isGlobPattern } from './glob';

export interface SourceFile {
  uri: string;
  /** Absolute path when the document is a file on disk. */
  path?: string;
  doc: ConfigDocument;
}

export interface ConfigLine {
  line: Directive;
  /** The directive in the target version; undefined for `sentinel` lines and names the version lacks. */
  info?: DirectiveInfo;
  file: SourceFile;
  /** The line of the root document that brought this line in: itself, or the `include` that read it. */
  via: Directive;
  depth: number;
}

export interface IncludeTarget {
  line: Directive;
  file: SourceFile;
  /** Files this line reads, in the order redis-server reads them. */
  paths: string[];
  /** How a relative path was resolved: from the `dir` set above it, or (a guess) from the including file's folder. */
  base: 'absolute' | 'dir' | 'file' | 'unknown';
  pattern: boolean;
}

export interface IncludeProblem {
  code: 'include-cycle' | 'include-not-followed' | 'include-special-file' | 'include-too-large';
  /** The root document's line the problem is reported on. */
  via: Directive;
  message: string;
  related: Array<{ file: SourceFile; line: Directive; message: string }>;
}

export interface ConfigTree {
  root: SourceFile;
  /** Every directive in load order, included files expanded in place. */
  lines: ConfigLine[];
  /** The root first, then every file read through an include. */
  files: SourceFile[];
  includes: IncludeTarget[];
  problems: IncludeProblem[];
  /** Paths read or listed: a change to any of them changes this tree. */
  dependencies: string[];
}

export interface LoadOptions {
  vc: VersionCatalog;
  /** Redis 6.2 reads an include path literally; 7.0+ expands patterns. */
  globs: boolean;
  host?: FileHost;
  maxDepth?: number;
  maxFiles?: number;
}

export const MAX_INCLUDE_DEPTH = 16;
export const MAX_INCLUDED_FILES = 64;

export function pathToUri(path: string): string {
  return paths.toFileUri(path);
}

export function loadConfigTree(root: SourceFile, opts: LoadOptions): ConfigTree {
  const tree: ConfigTree = { root, lines: [], files: [root], includes: [], problems: [], dependencies: [] };
  const maxDepth = opts.maxDepth ?? MAX_INCLUDE_DEPTH;
  const maxFiles = opts.maxFiles ?? MAX_INCLUDED_FILES;
  let reads = 0;
  let cwd: string | undefined; // redis-server's working directory, once an absolute `dir` line sets it
  const stack: Array<{ path?: string; line?: Directive; file: SourceFile }> = [
    { path: root.path ? paths.resolve(root.path) : undefined, file: root },
  ];

  const maxBytes = opts.host?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const read = cachedReader(opts.host, maxBytes);

  const walk = (file: SourceFile, depth: number, via: Directive | undefined) => {
    for (const d of file.doc.directives) {
      const rootLine = via ?? d;
      const info = d.key === 'sentinel' ? undefined : opts.vc.lookup(d.key)?.info;
      tree.lines.push({ line: d, info, file, via: rootLine, depth });
      if (info?.name === 'dir' && d.args.length === 1) {
        const dir = d.args[0].value;
        cwd = paths.isAbsolute(dir) ? dir : cwd ? paths.join(cwd, dir) : undefined;
        continue;
      }
      if (info?.name !== 'include' || d.args.length !== 1) continue;
      const target = resolveTarget(d, file, cwd, opts);
      tree.includes.push(target);
      if (!opts.host?.readFile) continue;
      if (target.pattern) {
        const p = patternPath(d, file, cwd);
        if (p) tree.dependencies.push(paths.dirname(p));
      }
      for (const path of target.paths) tree.dependencies.push(path); // a glob can match any number of files
      for (const path of target.paths) {
        const key = paths.resolve(path);
        const loopAt = stack.findIndex((s) => s.path === key);
        if (loopAt >= 0) {
          tree.problems.push(cycleProblem(stack.slice(loopAt), { file, line: d }, key, rootLine));
          continue;
        }
        const beyond = limitProblem(key, { depth: depth + 1, maxDepth, reads, maxFiles }, { file, line: d }, rootLine);
        if (beyond) {
          tree.problems.push(beyond);
          continue;
        }
        if (key === '/dev/null') continue; // reads as an empty file, for redis-server too
        const refused = refusal(key, opts.host, maxBytes);
        if (refused) {
          tree.problems.push({
            ...refused,
            via: rootLine,
            related: rootLine === d ? [] : [{ file, line: d, message: 'the include line' }],
          });
          continue;
        }
        reads++;
        const inc = read(key);
        if (!inc) {
          if (opts.host.exists(key))
            tree.problems.push(
              notFollowed(
                rootLine,
                `${key} exists but could not be read (a directory, unreadable, or too large), so its settings are not part of this analysis`,
              ),
            );
          continue;
        }
        if (!tree.files.includes(inc)) tree.files.push(inc);
        stack.push({ path: key, line: d, file: inc });
        walk(inc, depth + 1, rootLine);
        stack.pop();
      }
    }
  };
  walk(root, 0, undefined);
  tree.dependencies = [...new Set(tree.dependencies.filter(Boolean))];
  return tree;
}

/** Reads and parses an included file once per tree, however often it is included; null when it cannot be read. */
function cachedReader(host: FileHost | undefined, maxBytes: number): (path: string) => SourceFile | null {
  const cache = new Map<string, SourceFile | null>();
  return (path) => {
    const hit = cache.get(path);
    if (hit !== undefined) return hit;
    const text = host?.readFile?.(path, maxBytes);
    const f = text === undefined ? null : { uri: pathToUri(path), path, doc: parseConfig(text) };
    cache.set(path, f);
    return f;
  };
}

function notFollowed(via: Directive, message: string, related: IncludeProblem['related'] = []): IncludeProblem {
  return { code: 'include-not-followed', via, message, related };
}

/** An include beyond the limits (nesting depth, number of files read): reported, not followed. */
function limitProblem(
  key: string,
  at: { depth: number; maxDepth: number; reads: number; maxFiles: number },
  line: { file: SourceFile; line: Directive },
  via: Directive,
): IncludeProblem | undefined {
  if (at.depth > at.maxDepth) {
    return notFollowed(via, `includes nest deeper than ${at.maxDepth} levels; ${key} and what it includes are not part of this analysis`, [
      { ...line, message: 'the include not followed' },
    ]);
  }
  if (at.reads >= at.maxFiles) return notFollowed(via, `more than ${at.maxFiles} included files; ${key} is not part of this analysis`);
  return undefined;
}

/** The include cycle closed by `closing`: `loop` is the include stack from the file included again. */
function cycleProblem(
  loop: ReadonlyArray<{ path?: string; line?: Directive; file: SourceFile }>,
  closing: { file: SourceFile; line: Directive },
  key: string,
  via: Directive,
): IncludeProblem {
  const related: IncludeProblem['related'] = [];
  for (let i = 1; i < loop.length; i++) {
    const line = loop[i].line;
    if (line) related.push({ file: loop[i - 1].file, line, message: `includes ${loop[i].path}` });
  }
  related.push({ ...closing, message: `includes ${key} again` });
  const hops = related.length;
  return {
    code: 'include-cycle',
    via,
    message: `${key} includes itself${hops > 1 ? ` (through ${hops} include lines)` : ''}: redis-server follows includes without a limit and crashes (segmentation fault, no message) instead of starting`,
    related,
  };
}

/**
 * Why an included path must not be read, as an error: redis-server blocks
 * forever opening a FIFO (until something writes to it) and reads a device
 * such as /dev/zero until it runs out of memory; a file over the size limit
 * is not read here either. (/dev/null, an empty file to redis-server too, is
 * skipped before.)
 */
function refusal(path: string, host: FileHost, maxBytes: number): Pick<IncludeProblem, 'code' | 'message'> | undefined {
  const info = host.fileInfo?.(path);
  if (!info || info.kind === 'directory' || info.kind === 'other') return undefined;
  if (info.kind === 'file') {
    if (info.size <= maxBytes) return undefined;
    return {
      code: 'include-too-large',
      message: `${path} is ${fileSizeText(info.size)}, over the limit of ${fileSizeText(maxBytes)} for a config file (setting redisHa.maxFileSize, or --max-file-size): it is not read, so nothing it sets is checked`,
    };
  }
  const what =
    info.kind === 'fifo'
      ? 'a FIFO (named pipe): redis-server blocks at startup until something writes to it'
      : info.kind === 'socket'
        ? 'a socket: redis-server cannot read it as a config file and stops'
        : `a ${info.kind === 'block-device' ? 'block' : 'character'} device: redis-server reads it as a config file, without end for a device such as /dev/zero, instead of starting`;
  return { code: 'include-special-file', message: `${path} is ${what}; redis-ha does not read it` };
}

/** The absolute form of an include argument, or undefined when the base directory is unknown. */
function patternPath(d: Directive, file: SourceFile, cwd: string | undefined): string | undefined {
  const p = d.args[0].value;
  if (paths.isAbsolute(p)) return p;
  if (cwd) return paths.join(cwd, p);
  if (file.path) return paths.join(paths.dirname(file.path), p);
  return undefined;
}

export function resolveTarget(
  d: Directive,
  file: SourceFile,
  cwd: string | undefined,
  opts: Pick<LoadOptions, 'globs' | 'host'>,
): IncludeTarget {
  const raw = d.args[0].value;
  const base: IncludeTarget['base'] = paths.isAbsolute(raw) ? 'absolute' : cwd ? 'dir' : file.path ? 'file' : 'unknown';
  const full = patternPath(d, file, cwd);
  const pattern = opts.globs && isGlobPattern(raw);
  if (!full) return { line: d, file, paths: [], base, pattern };
  if (pattern) return { line: d, file, paths: opts.host ? expandGlob(full, opts.host) : [], base, pattern };
  return { line: d, file, paths: [full], base, pattern };
}
