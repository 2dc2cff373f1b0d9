/**
 * Configs in Dockerfiles: the command line of a `CMD` or `ENTRYPOINT` that
 * runs redis-server or redis-sentinel, in exec form (a JSON array) or shell
 * form (run by `/bin/sh -c`), lines continued with a backslash. A `CMD` of
 * options alone is redis-server's when the `ENTRYPOINT` is redis-server, or
 * when the stage is built `FROM` a Redis image (its entrypoint adds it).
 */
import { commandLineDoc, programOf } from './argv';
import type { Found } from './blocks';
import { type Arg, argOf, type Source, splitArgs } from './source';
import { redisInvocation } from './yaml';

/** Lines per logical instruction at most (continuations). */
const MAX_CONTINUED = 1000;

/** The logical lines (continuations joined, comment lines inside them dropped) with their outer offsets. */
function logicalLines(text: string): Source[] {
  const out: Source[] = [];
  let at = 0;
  while (at < text.length) {
    let value = '';
    const offs: number[] = [];
    const start = at;
    for (let n = 0; n < MAX_CONTINUED && at < text.length; n++) {
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl;
      const line = text.slice(at, end).replace(/\r$/, '');
      const next = nl < 0 ? text.length : nl + 1;
      if (n > 0 && /^\s*#/.test(line)) {
        at = next;
        continue;
      }
      const cont = /\\\s*$/.test(line);
      const keep = cont ? line.slice(0, line.lastIndexOf('\\')) : line;
      for (let i = 0; i < keep.length; i++) offs.push(at + i);
      value += keep;
      at = next;
      if (!cont) break;
      offs.push(at - 1);
      value += ' ';
    }
    out.push({ value, offs: Int32Array.from(offs), start, end: at });
  }
  return out;
}

/** The strings of a JSON array `[ "a", "b" ]` starting at `from`, with their ranges; undefined when it is not one. */
function execForm(src: Source, from: number): Arg[] | undefined {
  const s = src.value;
  const out: Arg[] = [];
  let i = from + 1;
  for (;;) {
    while (i < s.length && /[\s,]/.test(s[i])) i++;
    if (s[i] === ']') return out;
    if (s[i] !== '"') return undefined;
    let j = i + 1;
    while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
    if (j >= s.length) return undefined;
    let value: string;
    try {
      value = JSON.parse(s.slice(i, j + 1)) as string;
    } catch {
      return undefined;
    }
    out.push(j > i + 1 ? argOf(src, i + 1, j, value) : argOf(src, i, j + 1, value));
    i = j + 1;
  }
}

interface Instruction {
  keyword: string;
  args: Arg[];
  exec: boolean;
  src: Source;
}

function instructionOf(src: Source): Instruction | undefined {
  const m = /^\s*([A-Za-z]+)\s+/.exec(src.value);
  if (!m) return undefined;
  const keyword = m[1].toUpperCase();
  const rest = m[0].length;
  if (keyword === 'FROM') return { keyword, args: splitArgs(src, false).slice(1), exec: false, src };
  if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') return undefined;
  const exec = src.value[rest] === '[' ? execForm(src, rest) : undefined;
  if (exec) return { keyword, args: exec, exec: true, src };
  const sub: Source = { value: src.value.slice(rest), offs: src.offs?.subarray(rest), start: src.start, end: src.end };
  return { keyword, args: splitArgs(sub, true), exec: false, src };
}

/** Every redis-server / redis-sentinel command line of a Dockerfile. */
export function findInDockerfile(text: string, found: Found): void {
  let image = '';
  let entry: Instruction | undefined;
  for (const src of logicalLines(text)) {
    if (found.full()) return;
    const ins = instructionOf(src);
    if (!ins) continue;
    if (ins.keyword === 'FROM') {
      image = ins.args.find((a) => !a.value.startsWith('--'))?.value ?? '';
      entry = undefined;
      continue;
    }
    if (ins.keyword === 'ENTRYPOINT') entry = ins;
    const entryIsRedis = ins.keyword === 'CMD' && entry?.exec && entry.args.length === 1 && programOf(entry.args[0].value);
    const implicit = ins.keyword === 'CMD' && (!!entryIsRedis || (!entry && /^(\S+\/)?(redis|valkey)(:|@|$)/i.test(image)));
    const line = ins.exec ? redisInvocation(ins.args, implicit) : shellInvocation(ins.args, implicit);
    if (!line) continue;
    const label = `${ins.keyword} (line ${lineOf(text, src.start)})`;
    const r = commandLineDoc(entryIsRedis ? (entry?.args[0].value ?? line.program) : line.program, line.args, label, {
      start: src.start,
      end: src.end,
    });
    for (const n of r.notes) found.note(n);
    if (r.doc) found.add(r.doc);
  }
}

/** A shell-form command: the Redis program among its words, up to the next operator. */
function shellInvocation(words: Arg[], implicit: boolean): { program: string; args: Arg[] } | undefined {
  const p = words.findIndex((w) => !w.op && programOf(w.value));
  if (p < 0) return implicit && words[0]?.value.startsWith('-') ? { program: 'redis-server', args: words } : undefined;
  const stop = words.findIndex((a, k) => k > p && a.op);
  return { program: words[p].value, args: words.slice(p + 1, stop < 0 ? words.length : stop) };
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
