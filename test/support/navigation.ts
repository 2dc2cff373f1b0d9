/**
 * Helpers for the navigation tests: analyze a text, find the `|` cursor
 * marker, apply LSP edits, and generate awkward config text deterministically.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextEdit } from 'vscode-languageserver-types';
import { check, type Analysis } from '../../server/service';

export type Lang = 'redis-conf' | 'sentinel-conf';

export function analyzeText(text: string, language: Lang = 'redis-conf', version = '7.0'): Analysis {
  return check(text, {
    language,
    uri: `file:///etc/redis/${language === 'sentinel-conf' ? 'sentinel' : 'redis'}.conf`,
    settings: { targetVersion: version },
  });
}

/** Removes the single `|` marker and returns the text and the cursor position it marked. */
export function cursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf('|');
  if (at < 0 || marked.indexOf('|', at + 1) >= 0) throw new Error('expected exactly one | marker');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = marked.slice(0, at);
  const line = before.split('\n').length - 1;
  return { text, position: { line, character: at - (before.lastIndexOf('\n') + 1) } };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'redis-conf', 1, text), [...edits]);
}

/** Every directive's argv (name as written + decoded arguments), in file order. */
export function argvs(a: Analysis): string[][] {
  return a.doc.directives.map((d) => [d.name.value, ...d.args.map((t) => t.value)]);
}

export function codes(a: Analysis): string[] {
  return a.diagnostics.map((d) => String(d.code));
}

/** A small deterministic PRNG (mulberry32), so generated cases are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BLANKS = [' ', '  ', '\t', ' \t ', '\v', '\f', ' \v ', '\t\t'];
const TOKENS = [
  'port',
  '6379',
  'save',
  '900',
  '1',
  '""',
  "''",
  '"a b"',
  "'it\\'s'",
  '"tab\\there"',
  '"\\x41\\x4a"',
  '"\\xZZ"',
  '"q\\"uote"',
  'yes',
  'no',
  'maxmemory',
  '1gb',
  '#',
  '#tail',
  'a#b',
  '"x"y',
  'abc"def"',
  "'o'",
  'é',
  '😀',
  'bind',
  '127.0.0.1',
  '-::1',
  'appendonly',
  'requirepass',
  '"p w"',
  'SAVE',
  'Port',
  '\\',
  '"\\\\"',
  'x\vy',
  '"',
  "'",
  '"open',
  'user',
  'default',
  'on',
  '>pw',
  '~*',
  '+@all',
  'rename-command',
  'CONFIG',
  '""',
  'include',
  '/etc/x.conf',
  'sentinel',
  'monitor',
  'm1',
  '2',
];
const LINE_ENDS = ['\n', '\n', '\n', '\r\n', '\r\n', '\r', ''];

/** A random config line (without its line ending). */
function randomLine(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const roll = r();
  if (roll < 0.12) return pick(['', ' ', '\t', '  \t', '\v', '\f ']);
  if (roll < 0.25)
    return `${r() < 0.3 ? pick(BLANKS) : ''}#${pick(['', ' comment', ' trailing  ', '## banner ##', '\ttab', ' "quoted" '])}${r() < 0.4 ? pick(BLANKS) : ''}`;
  let s = r() < 0.4 ? pick(BLANKS) : '';
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    s += pick(TOKENS);
    if (i < n - 1) s += pick(BLANKS);
  }
  if (r() < 0.4) s += pick(BLANKS);
  if (r() < 0.03) s += '\0tail';
  if (r() < 0.03) s = s.replace(' ', '\r');
  return s;
}

/** A random config text of up to `maxLines` lines with mixed line endings. */
export function randomConfig(r: () => number, maxLines = 12): string {
  const n = 1 + Math.floor(r() * maxLines);
  let out = '';
  for (let i = 0; i < n; i++) out += randomLine(r) + LINE_ENDS[Math.floor(r() * LINE_ENDS.length)];
  return out;
}
