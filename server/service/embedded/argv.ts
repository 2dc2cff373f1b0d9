/**
 * A `redis-server [config-file] --name value… …` command line as the config
 * text redis-server makes of it (Redis 7.0 server.c main): each `--name`
 * starts a line, the arguments after it up to the next `--name` are its
 * values, each one quoted as a string; an argument `--x` right after a
 * `--name` without a value is that value; `--save` with no value (last, or
 * followed by another `--name`) is `save ""`. `--sentinel`, or a
 * redis-sentinel program, selects Sentinel. A first argument that is not an
 * option is the config file: noted, never read.
 */
import type { Language } from '../options';
import { DocBuilder, type EmbeddedDoc, type EmbeddedNote } from './doc';
import type { Arg } from './source';

/** The programs whose command line is a config. */
export const PROGRAMS = ['redis-server', 'redis-sentinel', 'valkey-server', 'valkey-sentinel'] as const;

/** The program an argument runs (`/usr/local/bin/redis-server` → redis-server), if it is one of PROGRAMS. */
export function programOf(value: string): (typeof PROGRAMS)[number] | undefined {
  const base = value.slice(value.lastIndexOf('/') + 1);
  return PROGRAMS.find((p) => p === base);
}

/** Arguments that make redis-server print something and exit: no config to check. */
const EXITING = new Set(['-v', '--version', '-h', '--help', '--test-memory', '--check-system']);

/** A value that needs no quotes in a config line. */
const BARE = /^[!#-&(-[\]-~]+$/;

/** A value as a config line token: bare when that reads the same, else double-quoted with escapes. */
export function configToken(value: string): string {
  if (BARE.test(value)) return value;
  let out = '"';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A value the shell or the orchestrator expands first ($VAR, ${VAR}, $(VAR)): its line is not checked. */
const EXPANDED = /\$[({A-Za-z_]/;

interface Line {
  name: Arg;
  values: Arg[];
  /** `--save` / `--sentinel` without a value. */
  bare: boolean;
}

/** The lines of the options after the program (and after the config file, when one is given). */
function optionLines(args: readonly Arg[]): Line[] {
  const lines: Line[] = [];
  let handled = true;
  for (let j = 0; j < args.length; j++) {
    const a = args[j].value;
    if (a === '-' && (j === 0 || j === args.length - 1)) continue;
    if (handled && a.startsWith('--')) {
      const line: Line = { name: args[j], values: [], bare: false };
      lines.push(line);
      handled = /\S\s+\S/.test(a.trim());
      const next = args[j + 1]?.value;
      const lower = a.toLowerCase();
      if (!handled && (lower === '--save' || lower === '--sentinel') && (next === undefined || next.startsWith('--'))) {
        line.bare = true;
        handled = true;
      }
    } else {
      lines.at(-1)?.values.push(args[j]);
      handled = true;
    }
  }
  return lines;
}

export interface CommandLine {
  doc?: EmbeddedDoc;
  notes: EmbeddedNote[];
}

/** The config of `program args…` (args after the program), labelled `label`; `whole` is the outer range of the command. */
export function commandLineDoc(program: string, args: readonly Arg[], label: string, whole: { start: number; end: number }): CommandLine {
  const notes: EmbeddedNote[] = [];
  if (args.length && EXITING.has(args[0].value)) return { notes };
  let from = 0;
  if (args.length && !args[0].value.startsWith('-')) {
    notes.push({ ...args[0], message: `${label}: the config file ${args[0].value} is read by redis-server first; it is not checked here` });
    from = 1;
  }
  const rest = args.slice(from);
  const sentinel = programOf(program)?.endsWith('sentinel') || rest.some((a) => a.value === '--sentinel');
  const language: Language = sentinel ? 'sentinel-conf' : 'redis-conf';
  const b = new DocBuilder();
  for (const line of optionLines(rest)) {
    const lower = line.name.value.toLowerCase();
    if (lower === '--sentinel' && !line.values.length) continue;
    if (line.values.some((v) => EXPANDED.test(v.value)) || EXPANDED.test(line.name.value)) continue;
    if (b.length) b.add('\n');
    b.addArg(line.name.value.slice(2), line.name, 2);
    if (line.bare) b.add(' ""', line.name);
    for (const v of line.values) {
      b.add(' ');
      b.addArg(configToken(v.value), v);
    }
  }
  if (!b.length) return { notes };
  b.add('\n');
  return { doc: b.build(label, language, whole, from > 0), notes };
}
