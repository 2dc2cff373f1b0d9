/**
 * The import rules of the tree, as data, and a checker over any folder laid
 * out like the project (the project itself, or the bad tree in
 * test/fixtures/layers that proves each rule can fail).
 */
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface Import {
  /** The importing file, relative to the root, with '/' separators. */
  file: string;
  /** The module specifier as written. */
  from: string;
  /** A relative specifier resolved against the root ('server/service/options'); undefined for packages. */
  target?: string;
}

export interface Violation {
  rule: string;
  file: string;
  from: string;
}

const PRODUCT = ['server', 'client', 'health', 'cli'];
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function walk(root: string, dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return;
  }
  for (const name of names) {
    const rel = dir ? `${dir}/${name}` : name;
    const st = statSync(join(root, rel));
    if (st.isDirectory()) walk(root, rel, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
}

/** Every import, export-from, dynamic import and require in the product folders under root. */
export function importsOf(root: string): Import[] {
  const files: string[] = [];
  for (const dir of PRODUCT) walk(root, dir, files);
  const out: Import[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(/(?:\bfrom|^\s*import|\bimport\s*\(|\brequire\s*\()\s*['"]([^'"]+)['"]/gm)) {
      const from = m[1];
      const target = from.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), from)) : undefined;
      out.push({ file, from, target });
    }
  }
  return out;
}

const under = (path: string | undefined, dir: string): boolean => path !== undefined && (path === dir || path.startsWith(`${dir}/`));
const isEntry = (target: string, dir: string): boolean => target === dir || target === `${dir}/index`;

/** Each rule: a name, and a predicate that is true for an import that breaks it. */
export const LAYER_RULES: ReadonlyArray<{ rule: string; breaks: (i: Import) => boolean }> = [
  {
    rule: 'only client/ imports vscode',
    breaks: (i) => (i.from === 'vscode' || i.from.startsWith('vscode-languageclient')) && !under(i.file, 'client'),
  },
  {
    rule: 'the parser, the service and the catalog use no Node.js module',
    breaks: (i) => ['server/parser', 'server/service', 'server/catalog'].some((d) => under(i.file, d)) && BUILTINS.has(i.from),
  },
  {
    rule: 'the parser, the service and the catalog know no LSP connection',
    breaks: (i) =>
      ['server/parser', 'server/service', 'server/catalog'].some((d) => under(i.file, d)) &&
      (i.from === 'vscode-languageserver' || i.from.startsWith('vscode-languageserver/')),
  },
  {
    rule: 'the catalog does not import the service or the parser',
    breaks: (i) => under(i.file, 'server/catalog') && (under(i.target, 'server/service') || under(i.target, 'server/parser')),
  },
  {
    rule: 'the parser imports only its own folder',
    breaks: (i) => under(i.file, 'server/parser') && i.target !== undefined && !under(i.target, 'server/parser'),
  },
  {
    rule: 'outside the service, the service is imported only through its entry (server/service/index.ts)',
    breaks: (i) => !under(i.file, 'server/service') && under(i.target, 'server/service') && !isEntry(i.target!, 'server/service'),
  },
  {
    rule: 'inside the service, nothing imports the entry (no cycle)',
    breaks: (i) => under(i.file, 'server/service') && i.target !== undefined && isEntry(i.target, 'server/service'),
  },
  {
    rule: 'the health model does not import the editor, and the language side only for drift (parser, catalog)',
    breaks: (i) =>
      under(i.file, 'health') &&
      (under(i.target, 'client') ||
        (under(i.target, 'server') &&
          !(i.file === 'health/drift.ts' && (under(i.target, 'server/parser') || under(i.target, 'server/catalog'))))),
  },
  {
    rule: 'outside health/, the health model is imported only through its entry (health/index.ts)',
    breaks: (i) => !under(i.file, 'health') && under(i.target, 'health') && !isEntry(i.target!, 'health'),
  },
  {
    rule: 'the CLI does not import the editor',
    breaks: (i) => under(i.file, 'cli') && under(i.target, 'client'),
  },
  {
    rule: 'the language server does not import the editor or the health model',
    breaks: (i) => under(i.file, 'server') && (under(i.target, 'client') || under(i.target, 'health')),
  },
];

export function layerViolations(root: string): Violation[] {
  const out: Violation[] = [];
  for (const i of importsOf(root)) {
    for (const r of LAYER_RULES) if (r.breaks(i)) out.push({ rule: r.rule, file: i.file, from: i.from });
  }
  return out;
}
