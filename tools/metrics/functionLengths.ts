/**
 * The length in lines of every function of the product folders, measured with
 * the TypeScript compiler API: from the first line of the declaration (after
 * its leading comment) to its closing line, nested functions included.
 *   node --import tsx tools/metrics/functionLengths.ts [--min 80] [--json]
 * prints the functions longer than --min (default 80), longest first.
 * test/unit/function-length.test.ts holds the limit.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export const ROOT = join(__dirname, '..', '..');
export const PRODUCT_FOLDERS = ['server', 'client', 'health', 'cli'];

export interface FunctionLength {
  /** Relative to the root, with '/' separators. */
  file: string;
  /** 1-based line of the declaration's first token. */
  line: number;
  /** `name`, `Class.method`, or `<callback of f>` for an unnamed function passed to f. */
  name: string;
  lines: number;
}

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(join(root, dir)).sort()) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) walk(root, rel, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
}

function propertyName(n: ts.PropertyName | ts.BindingName | undefined, sf: ts.SourceFile): string | undefined {
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n)) return n.text;
  return n.getText(sf);
}

/** The name a reader would look for: the declaration's own, else what it is assigned to or passed to. */
function nameOf(fn: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  const own = propertyName(fn.name, sf);
  const cls = fn.parent && (ts.isClassDeclaration(fn.parent) || ts.isClassExpression(fn.parent)) ? fn.parent.name?.text : undefined;
  if (ts.isConstructorDeclaration(fn)) return `${cls ?? '<class>'}.constructor`;
  if (own) return cls ? `${cls}.${own}` : own;
  const p = fn.parent;
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) {
    return propertyName(p.name, sf) ?? '<anonymous>';
  }
  if (ts.isCallExpression(p)) {
    const callee = p.expression.getText(sf).replace(/\s+/g, '');
    return `<callback of ${callee.length > 40 ? `…${callee.slice(-40)}` : callee}>`;
  }
  return '<anonymous>';
}

/** Every function-like declaration with a body in one source text. */
export function functionLengthsOf(file: string, text: string): FunctionLength[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: FunctionLength[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const fn = n as ts.FunctionLikeDeclaration;
      const start = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
      out.push({ file, line: start + 1, name: nameOf(fn, sf), lines: end - start + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Every function of the product folders under root. */
export function productFunctionLengths(root = ROOT, folders = PRODUCT_FOLDERS): FunctionLength[] {
  const files: string[] = [];
  for (const dir of folders) walk(root, dir, files);
  return files.flatMap((f) => functionLengthsOf(f, readFileSync(join(root, f), 'utf8')));
}

export function longFunctions(min: number, root = ROOT): FunctionLength[] {
  return productFunctionLengths(root)
    .filter((f) => f.lines > min)
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
}

function main(): void {
  const i = process.argv.indexOf('--min');
  const min = i >= 0 ? Number(process.argv[i + 1]) : 80;
  const list = longFunctions(min);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(list, null, 2));
    return;
  }
  for (const f of list) console.log(`${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
  console.log(`${list.length} function${list.length === 1 ? '' : 's'} over ${min} lines`);
}

if (require.main === module) main();
