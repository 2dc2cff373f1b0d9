/**
 * Config templates: a redis.conf.j2 (Jinja2/Ansible), a Helm redis.conf.tpl
 * (Go templates), an ERB file, or a file with `${VAR}`, `$VAR`, `%VAR%` or
 * `@VAR@` placeholders filled in by a script. In template mode:
 * - a placeholder stands for a value of the argument's type: a line holding
 *   one is not checked (its literal directive name still is), and hover says
 *   what the placeholder stands for;
 * - a control tag (`{% if %}`, `{{- if … }}`, `{{ end }}`, `<% … %>`,
 *   `{# … #}`) is skipped as if it were blanks;
 * - everything else is checked as usual, and when no literal line stops the
 *   server the summary says its verdict depends on the values.
 *
 * The scan is one pass over the text; every search for a closing delimiter
 * remembers where it found it (or that there is none), so the time is linear
 * even for a long line of `{{{{`.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Summary, SummaryPart } from './durability/summary';
import { paths } from './paths';

/** The redisHa.templates setting: by file name, always, or never. */
export const TEMPLATE_MODES = ['auto', 'on', 'off'] as const;
export type TemplateMode = (typeof TEMPLATE_MODES)[number];

export type TemplateSyntax = 'jinja' | 'go' | 'erb' | 'shell' | 'percent' | 'at';

export interface TemplateSpan {
  readonly start: number;
  readonly end: number;
  readonly syntax: TemplateSyntax;
}

export interface TemplateScan {
  /** `{{ x }}`, `<%= x %>`, `${X}`, `$X`, `%X%`, `@X@`: each stands for a value. */
  readonly placeholders: readonly TemplateSpan[];
  /** `{% … %}`, `{# … #}`, `{{ if … }}`, `<% … %>`: skipped. */
  readonly controls: readonly TemplateSpan[];
  /** The text as the checker reads it: controls blanked, placeholders made one opaque word of the same length. */
  readonly masked: string;
}

/** File name extensions of templates, after a redis/valkey/sentinel stem (redis.conf.j2, sentinel.conf.tpl). */
export const TEMPLATE_EXTENSIONS = ['j2', 'jinja', 'jinja2', 'tpl', 'tmpl', 'gotmpl', 'erb', 'template'] as const;
const TEMPLATE_NAME = new RegExp(`^(?:redis|valkey|sentinel)[^/\\\\]*\\.(?:${TEMPLATE_EXTENSIONS.join('|')})$`, 'i');
const NAME_IN_STEM = /(?:^|[-_.])(?:redis|valkey|sentinel)(?:[-_.]|$)/i;

/** Whether a file name is a template of a config file: `redis.conf.j2`, `6379.redis.conf.tpl`, `valkey-sentinel.conf.erb`. */
export function isTemplateName(path: string): boolean {
  const name = paths.basename(path);
  if (name.length > 255) return false;
  if (TEMPLATE_NAME.test(name)) return true;
  const dot = name.lastIndexOf('.');
  const ext = name.slice(dot + 1).toLowerCase();
  return dot > 0 && (TEMPLATE_EXTENSIONS as readonly string[]).includes(ext) && NAME_IN_STEM.test(name.slice(0, dot));
}

/** Whether a document is read as a template: the setting (or --template) decides, 'auto' by its name. */
export function templateModeOn(mode: string | undefined, path: string): boolean {
  if (mode === 'on') return true;
  if (mode === 'off') return false;
  return isTemplateName(path);
}

/** Go template actions that produce no value: control flow, definitions, comments, assignments. */
const GO_CONTROL = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'block', 'break', 'continue']);
const ident = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57);
const identStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** The first occurrence of each closing delimiter at or after an offset, remembered so no stretch of text is searched twice. */
class Closers {
  private readonly found = new Map<string, number>();
  constructor(private readonly text: string) {}
  next(close: string, from: number): number {
    const known = this.found.get(close);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = this.text.indexOf(close, from);
    this.found.set(close, at);
    return at;
  }
}

/** Whether the `{{ … }}` action at text[start, end) is control (if/end/range/comment/assignment) rather than a value. */
function goControl(text: string, start: number, end: number): boolean {
  let i = start + 2;
  if (text.charCodeAt(i) === 45 /* - */) i++;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (text.startsWith('/*', i)) return true;
  let j = i;
  if (text.charCodeAt(j) === 36 /* $ */) {
    j++;
    while (j < end && ident(text.charCodeAt(j))) j++;
    while (j < end && text.charCodeAt(j) === 32) j++;
    return text.startsWith(':=', j) || (text.charCodeAt(j) === 61 && text.charCodeAt(j + 1) !== 61);
  }
  while (j < end && ident(text.charCodeAt(j))) j++;
  return GO_CONTROL.has(text.slice(i, j));
}

interface Hit {
  end: number;
  syntax: TemplateSyntax;
  control: boolean;
}

/** A delimited tag opening at i: `{{ }}`, `{% %}`, `{# #}`, `<% %>`, `${ }`; undefined when none (or no closer). */
function delimited(text: string, i: number, lineEnd: number, closers: Closers): Hit | undefined {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  if (c === 123 /* { */ && (d === 37 /* % */ || d === 35) /* # */) {
    const close = closers.next(d === 37 ? '%}' : '#}', i + 2);
    return close < 0 ? undefined : { end: close + 2, syntax: 'jinja', control: true };
  }
  if (c === 123 && d === 123) {
    const close = closers.next('}}', i + 2);
    if (close < 0 || close >= lineEnd) return undefined;
    const end = close + 2;
    return { end, syntax: 'go', control: goControl(text, i, end) };
  }
  if (c === 60 /* < */ && d === 37) {
    const close = closers.next('%>', i + 2);
    if (close < 0) return undefined;
    const e = text.charCodeAt(i + 2);
    return { end: close + 2, syntax: 'erb', control: e !== 61 /* = */ };
  }
  if (c === 36 /* $ */ && d === 123) {
    const close = closers.next('}', i + 2);
    return close < 0 || close >= lineEnd ? undefined : { end: close + 1, syntax: 'shell', control: false };
  }
  return undefined;
}

/** `$VAR`, `%VAR%` or `@VAR@` at i; `next` is where scanning resumes when it is none. */
function named(text: string, i: number, lineEnd: number): Hit | { next: number } {
  const c = text.charCodeAt(i);
  let j = i + 1;
  if (j >= lineEnd || !identStart(text.charCodeAt(j))) return { next: i + 1 };
  while (j < lineEnd && ident(text.charCodeAt(j))) j++;
  if (c === 36) return { end: j, syntax: 'shell', control: false };
  if (text.charCodeAt(j) === c) return { end: j + 1, syntax: c === 37 ? 'percent' : 'at', control: false };
  return { next: j };
}

/** Finds the placeholders and control tags of a template, and the text the checker reads instead. */
export function scanTemplate(text: string): TemplateScan {
  const placeholders: TemplateSpan[] = [];
  const controls: TemplateSpan[] = [];
  const closers = new Closers(text);
  let lineEnd = -1;
  for (let i = 0; i < text.length; ) {
    if (i > lineEnd) {
      lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) lineEnd = text.length;
    }
    const c = text.charCodeAt(i);
    if (c !== 123 && c !== 60 && c !== 36 && c !== 37 && c !== 64) {
      i++;
      continue;
    }
    let hit: Hit | undefined = delimited(text, i, lineEnd, closers);
    if (!hit && c !== 123 && c !== 60) {
      const n = named(text, i, lineEnd);
      if ('next' in n) {
        i = n.next;
        continue;
      }
      hit = n;
    }
    if (!hit) {
      i++;
      continue;
    }
    (hit.control ? controls : placeholders).push({ start: i, end: hit.end, syntax: hit.syntax });
    i = hit.end;
  }
  return { placeholders, controls, masked: masked(text, placeholders, controls) };
}

const X = 120,
  BLANK = 32,
  CR_ = 13,
  LF_ = 10;

/** The text with each control tag blanked (its line breaks kept) and each placeholder one word of `x`, built in chunks. */
function masked(text: string, placeholders: readonly TemplateSpan[], controls: readonly TemplateSpan[]): string {
  if (!placeholders.length && !controls.length) return text;
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  for (const p of placeholders) codes.fill(X, p.start, p.end);
  for (const c of controls) for (let i = c.start; i < c.end; i++) if (codes[i] !== CR_ && codes[i] !== LF_) codes[i] = BLANK;
  const parts: string[] = [];
  for (let i = 0; i < codes.length; i += 8192)
    parts.push(String.fromCharCode.apply(null, codes.subarray(i, i + 8192) as unknown as number[]));
  return parts.join('');
}

/**
 * Diagnostics that do not depend on a placeholder's value: on a line that
 * holds one (`placeholderLines`, editor lines), only a literal directive
 * name that no version knows is kept (`nameIsLiteral`).
 */
export function literalDiagnostics(
  diagnostics: readonly Diagnostic[],
  placeholderLines: ReadonlySet<number>,
  nameIsLiteral: (line: number) => boolean,
): Diagnostic[] {
  return diagnostics.filter((d) => {
    const line = d.range.start.line;
    if (!placeholderLines.has(line) && !placeholderLines.has(d.range.end.line)) return true;
    return d.code === 'unknown-directive' && nameIsLiteral(line);
  });
}

/** The summary's first part when no literal line stops the server but placeholders decide whether it starts. */
export function withDependsOnValues(s: Summary, count: number): Summary {
  const part: SummaryPart = {
    text: '? the server’s verdict depends on the values',
    tooltip:
      `**A template**: ${count} placeholder${count === 1 ? '' : 's'} stand${count === 1 ? 's' : ''} for values this file does not hold. ` +
      'Every literal line is checked; whether redis-server accepts the rendered file depends on the values filled in.',
  };
  const parts = [part, ...s.parts];
  return { text: parts.map((p) => p.text).join(' · '), parts, explanation: `${part.tooltip}\n\n---\n\n${s.explanation}` };
}
