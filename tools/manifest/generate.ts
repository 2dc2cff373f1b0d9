/**
 * Writes package.json's `contributes.configuration` from the settings table
 * (client/settings.ts), and nothing else of the file: the text around it stays
 * byte for byte as it is, and a file whose settings already equal the table
 * (in any formatting) is left alone.
 *   npm run generate:manifest                  rewrites package.json when it differs
 *   npm run generate:manifest -- --check       exit 1 when it differs (what test/unit/manifest.test.ts asserts)
 *   … -- --manifest <path>                     another copy of the manifest (the test's altered copies)
 */
import { isDeepStrictEqual } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributedConfiguration } from '../../client/settings';

export const ROOT = join(__dirname, '..', '..');
export const MANIFEST = join(ROOT, 'package.json');

/** Where a value sits in a JSON text: [start, end) of the value, and the indentation of the line holding its key. */
export interface JsonSpan {
  start: number;
  end: number;
  indent: string;
}

class JsonScanner {
  private i = 0;
  constructor(private readonly text: string) {}

  /** The span of the value at `path` (object keys only), or undefined when the path does not exist. */
  find(path: readonly string[]): JsonSpan | undefined {
    this.i = 0;
    const found = this.value(path, 0);
    this.space();
    if (this.i !== this.text.length) throw new SyntaxError(`unexpected text at offset ${this.i}`);
    return found;
  }

  private value(path: readonly string[], depth: number): JsonSpan | undefined {
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object(path, depth);
    if (c === '[') {
      this.i++;
      this.list(']', () => void this.value([], depth + 1));
      return undefined;
    }
    if (c === '"') {
      this.string();
      return undefined;
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.i, this.i + 64));
    if (!m) throw new SyntaxError(`unexpected '${c ?? 'end of text'}' at offset ${this.i}`);
    this.i += m[0].length;
    return undefined;
  }

  private object(path: readonly string[], depth: number): JsonSpan | undefined {
    this.i++;
    let found: JsonSpan | undefined;
    this.list('}', () => {
      this.space();
      const keyStart = this.i;
      const key = this.string();
      this.space();
      this.expect(':');
      const wanted = depth < path.length && key === path[depth];
      if (wanted && depth === path.length - 1) {
        this.space();
        const start = this.i;
        this.value([], depth + 1);
        const lineStart = this.text.lastIndexOf('\n', keyStart) + 1;
        found = { start, end: this.i, indent: /^[ \t]*/.exec(this.text.slice(lineStart, keyStart))![0] };
      } else {
        const inner = this.value(wanted ? path : [], depth + 1);
        if (wanted) found = inner;
      }
    });
    return found;
  }

  private list(close: string, item: () => void): void {
    this.space();
    if (this.text[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      item();
      this.space();
      if (this.text[this.i] === close) {
        this.i++;
        return;
      }
      this.expect(',');
    }
  }

  private string(): string {
    this.expect('"');
    const start = this.i;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.expect('"');
    return JSON.parse(this.text.slice(start - 1, this.i)) as string;
  }

  private space(): void {
    while (/\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  private expect(c: string): void {
    if (this.text[this.i] !== c) throw new SyntaxError(`expected '${c}' at offset ${this.i}`);
    this.i++;
  }
}

export function jsonSpan(text: string, path: readonly string[]): JsonSpan | undefined {
  return new JsonScanner(text).find(path);
}

/** Deep equality that also minds the order of object keys (the order the Settings editor lists them in). */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The manifest text with `contributes.configuration` as the table says:
 * the same text when they already agree, else the value replaced in place,
 * indented like its key, 2 spaces a level.
 */
export function manifestText(text: string, configuration: unknown = contributedConfiguration()): string {
  const current = JSON.parse(text) as { contributes?: { configuration?: unknown } };
  if (!current.contributes) throw new Error('package.json has no "contributes"');
  if (sameJson(current.contributes.configuration, configuration)) return text;
  const span = jsonSpan(text, ['contributes', 'configuration']);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (!span) {
    // no settings yet: the first member of "contributes"
    const at = jsonSpan(text, ['contributes'])!;
    const inner = `${at.indent}  `;
    const value = JSON.stringify(configuration, null, 2).replace(/\n/g, `${eol}${inner}`);
    const empty = /^\{\s*\}$/.test(text.slice(at.start, at.end));
    const insert = `{${eol}${inner}"configuration": ${value}${empty ? `${eol}${at.indent}}` : ','}`;
    return text.slice(0, at.start) + insert + text.slice(at.start + (empty ? at.end - at.start : 1));
  }
  const value = JSON.stringify(configuration, null, 2).replace(/\n/g, `${eol}${span.indent}`);
  return text.slice(0, span.start) + value + text.slice(span.end);
}

function main(): void {
  const check = process.argv.includes('--check');
  const at = process.argv.indexOf('--manifest');
  const file = at >= 0 ? process.argv[at + 1] : MANIFEST;
  const have = readFileSync(file, 'utf8');
  const want = manifestText(have);
  if (want === have) {
    if (!check) console.log(`${file}: contributes.configuration is up to date`);
    return;
  }
  if (check) {
    console.error(`${file}: contributes.configuration differs from the settings table (client/settings.ts): run npm run generate:manifest`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(file, want);
  console.log(`wrote contributes.configuration of ${file}`);
}

if (require.main === module) main();
