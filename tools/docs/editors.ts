/**
 * The editor setups of editors/ (Neovim, Helix, Emacs) and the README's copy
 * of them. Their file names come from one source, package.json's
 * `contributes.languages` (what VS Code matches), written into a marked block of
 * each file; the README's "Other editors" section embeds each whole file between
 * markers. `npm run generate:docs` rewrites both, and a unit test fails when a
 * file or the README differs, so the editors cannot drift apart.
 *
 * VS Code picks an exact file name first, else the longest matching pattern;
 * the blocks keep that order: Neovim by priority (the pattern's length), Emacs by
 * the order of `auto-mode-alist` (the first match wins).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface FileNameRule {
  /** A file name (exact) or a glob of one (`*` for any characters but `/`). */
  glob: string;
  exact: boolean;
  language: 'redis-conf' | 'sentinel-conf';
}

interface ManifestLanguage {
  id: string;
  filenames?: string[];
  filenamePatterns?: string[];
}

/** The file names and patterns of package.json, in its order: exact names, then patterns. */
export function fileNameRules(manifest: { contributes: { languages: ManifestLanguage[] } }): FileNameRule[] {
  const rules: FileNameRule[] = [];
  for (const exact of [true, false])
    for (const l of manifest.contributes.languages) {
      if (l.id !== 'redis-conf' && l.id !== 'sentinel-conf') continue;
      for (const glob of (exact ? l.filenames : l.filenamePatterns) ?? []) rules.push({ glob, exact, language: l.id });
    }
  return rules;
}

/** A glob of a file name as a Lua pattern, matched by Neovim against the whole file name. */
export function luaPattern(glob: string): string {
  return glob.replace(/[\^$()%.[\]*+\-?]/g, (c) => (c === '*' ? '.*' : `%${c}`));
}

/** A glob of a file name as an Emacs regexp matched against a whole path (as an elisp string's contents). */
export function emacsRegexp(glob: string): string {
  const body = glob.replace(/[\^$.[\]*+?\\]/g, (c) => (c === '*' ? '[^/]*' : `\\\\${c}`));
  return `/${body}\\\\'`;
}

const byLength = (a: FileNameRule, b: FileNameRule) => a.glob.length - b.glob.length || a.glob.localeCompare(b.glob);

function luaBlock(rules: FileNameRule[]): string[] {
  const names = rules.filter((r) => r.exact).map((r) => `  ['${r.glob}'] = '${r.language}',`);
  const patterns = rules
    .filter((r) => !r.exact)
    .map((r) => `  ['${luaPattern(r.glob)}'] = { '${r.language}', { priority = ${r.glob.length} } },`);
  return ['local filename = {', ...names, '}', 'local pattern = {', ...patterns, '}'];
}

function helixBlock(rules: FileNameRule[]): string[] {
  const out: string[] = [];
  for (const language of ['redis-conf', 'sentinel-conf'] as const) {
    const types = rules.filter((r) => r.language === language).map((r) => `  { glob = "${r.glob}" },`);
    out.push(
      '',
      '[[language]]',
      `name = "${language}"`,
      `language-id = "${language}"`,
      `scope = "source.${language}"`,
      'file-types = [',
      ...types,
      ']',
      'comment-token = "#"',
      'language-servers = ["redis-ha"]',
    );
  }
  return out.slice(1);
}

function emacsBlock(rules: FileNameRule[]): string[] {
  // add-to-list puts each entry first: the shortest pattern goes in first, exact names last
  const ordered = [...rules.filter((r) => !r.exact).sort(byLength), ...rules.filter((r) => r.exact)];
  return ordered.map((r) => `(add-to-list 'auto-mode-alist '("${emacsRegexp(r.glob)}" . ${r.language}-mode))`);
}

export interface EditorFile {
  /** Path under the repository root. */
  path: string;
  /** The README block's name and the code fence's language. */
  name: string;
  fence: string;
  /** The marker comment that opens and closes the generated block. */
  comment: string;
  blockName: string;
  block: (rules: FileNameRule[]) => string[];
}

export const EDITOR_FILES: readonly EditorFile[] = [
  { path: 'editors/nvim/redis-ha.lua', name: 'nvim', fence: 'lua', comment: '--', blockName: 'file names', block: luaBlock },
  { path: 'editors/helix/languages.toml', name: 'helix', fence: 'toml', comment: '#', blockName: 'languages', block: helixBlock },
  { path: 'editors/emacs/redis-ha.el', name: 'emacs', fence: 'elisp', comment: ';;', blockName: 'file names', block: emacsBlock },
];

/** `text` with the lines between its BEGIN and END markers replaced by `lines`. */
export function withBlock(text: string, f: EditorFile, lines: string[]): string {
  const all = text.split('\n');
  const begin = all.findIndex((l) => l.startsWith(`${f.comment} BEGIN ${f.blockName}`));
  const end = all.indexOf(`${f.comment} END ${f.blockName}`);
  if (begin < 0 || end < begin)
    throw new Error(`${f.path} has no '${f.comment} BEGIN ${f.blockName}' … '${f.comment} END ${f.blockName}' lines`);
  return [...all.slice(0, begin + 1), ...lines, ...all.slice(end)].join('\n');
}

/** Each editor file as it should be: its block regenerated from the manifest's file names. */
export function editorFiles(manifestText = readFileSync(join(ROOT, 'package.json'), 'utf8')): Map<string, string> {
  const rules = fileNameRules(JSON.parse(manifestText));
  const out = new Map<string, string>();
  for (const f of EDITOR_FILES) out.set(f.path, withBlock(readFileSync(join(ROOT, f.path), 'utf8'), f, f.block(rules)));
  return out;
}

/** The README with each editor file embedded, as a code block, between its markers. */
export function withEditorFiles(readme: string, files: Map<string, string>): string {
  let text = readme;
  for (const f of EDITOR_FILES) {
    const begin = `<!-- editor:${f.name}:begin — ${f.path}, copied by npm run generate:docs; do not edit -->`;
    const end = `<!-- editor:${f.name}:end -->`;
    const a = text.indexOf(`<!-- editor:${f.name}:begin`);
    const b = text.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md has no <!-- editor:${f.name}:begin … ${end} markers`);
    const body = files.get(f.path)!.replace(/\n$/, '');
    text = `${text.slice(0, a)}${begin}\n\n\`\`\`${f.fence}\n${body}\n\`\`\`\n\n${text.slice(b)}`;
  }
  return text;
}
