/**
 * The CI formats of `redis-ha check` beside text and json: `sarif` (code
 * scanning, cli/checkSarif.ts), `github` (workflow-command annotations, here)
 * and `junit` (test reports, cli/checkJunit.ts). Each renders the same
 * reports the text format prints; the exit code does not depend on the format.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { TargetSource } from '../server/service';
import type { FileReport } from './check';
import { renderJunit } from './checkJunit';
import { renderSarif } from './checkSarif';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
/** The formats rendered by this module rather than by check.ts's own printer. */
export type CiFormat = Exclude<CheckFormat, 'text' | 'json'>;

export function isCheckFormat(f: unknown): f is CheckFormat {
  return typeof f === 'string' && (CHECK_FORMATS as readonly string[]).includes(f);
}

export function isCiFormat(f: CheckFormat): f is CiFormat {
  return f === 'sarif' || f === 'github' || f === 'junit';
}

/** A file named on the command line that could not be read (the CLI exits 2; stderr says why too). */
export interface UnreadableFile {
  file: string;
  message: string;
}

/** The version a file was checked as, and how it was chosen. */
export interface CheckedVersion {
  id: string;
  label: string;
  source: TargetSource;
}

/** Everything one `check` produced, for a CI format. `versions[k]` belongs to `reports[k]`. */
export interface CheckRun {
  reports: readonly FileReport[];
  versions: readonly CheckedVersion[];
  unreadable: readonly UnreadableFile[];
  /** Relative paths and URIs are relative to this folder (the working directory). */
  cwd: string;
}

/** Standard input's name in reports (check.ts). */
export const STDIN_NAME = '<stdin>';

/**
 * Where a reported file is, as CI tools want it: relative to `cwd` with `/`
 * separators when it is inside it, else absolute. Undefined for standard input.
 */
export function workspacePath(file: string, cwd: string): { path: string; relative: boolean } | undefined {
  if (file === STDIN_NAME) return undefined;
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { path: rel.split(sep).join('/'), relative: true };
  return { path: abs.split(sep).join('/'), relative: false };
}

export function renderCiFormat(format: CiFormat, run: CheckRun): string {
  switch (format) {
    case 'sarif':
      return `${JSON.stringify(renderSarif(run), null, 2)}\n`;
    case 'junit':
      return renderJunit(run);
    default:
      return renderGithub(run);
  }
}

// ---- GitHub Actions workflow commands ---------------------------------------------------------

/** A workflow command's message: `%`, CR and LF escaped, so a message can neither end the line nor start a command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: the message escapes, plus `:` and `,` that end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Characters a log viewer would act on rather than show (C0 controls but tab, CR and LF, which the
 * workflow-command escapes carry; DEL, C1 controls, line separators, bidirectional overrides), as
 * `\xHH` / `\uHHHH` text: a config file's bytes quoted in a message cannot colour or reorder the log.
 */
const UNSAFE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x80 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

const COMMANDS: Readonly<Record<string, 'error' | 'warning' | 'notice'>> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

function command(name: string, props: Array<[string, string | number | undefined]>, message: string): string {
  const p = props
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(visible(String(v)))}`)
    .join(',');
  return `::${name}${p ? ` ${p}` : ''}::${escapeData(visible(message))}\n`;
}

/**
 * One annotation per diagnostic: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<code>::message`
 * (warning, notice for information and hints). Columns are sent only for a one-line range, as the
 * runner ignores them otherwise, and endColumn is the last character (inclusive). The durability
 * summary (--summary) is a file-level notice; an unreadable file a file-level error.
 */
export function renderGithub(run: CheckRun, summary = true): string {
  const out: string[] = [];
  for (const r of run.reports) {
    const where = workspacePath(r.file, run.cwd);
    const file = where?.path;
    if (summary && r.summary)
      out.push(
        command(
          'notice',
          [
            ['file', file],
            ['title', 'durability summary'],
          ],
          r.summary,
        ),
      );
    for (const d of r.diagnostics) {
      const oneLine = d.line === d.endLine;
      const props: Array<[string, string | number | undefined]> = [
        ['file', file],
        ['line', d.line],
        ['col', oneLine ? d.column : undefined],
        ['endLine', d.endLine],
        ['endColumn', oneLine ? Math.max(d.column, d.endColumn - 1) : undefined],
        ['title', d.code],
      ];
      // standard input has no file to annotate: the message says where
      const message = file ? d.message : `${r.file}:${d.line}:${d.column}: ${d.message}`;
      out.push(command(COMMANDS[d.severity] ?? 'notice', props, message));
    }
  }
  for (const u of run.unreadable) {
    const where = u.file === '-' ? undefined : workspacePath(u.file, run.cwd);
    out.push(
      command(
        'error',
        [
          ['file', where?.path],
          ['title', 'unreadable'],
        ],
        `cannot read ${where ? u.file : 'standard input'}: ${u.message}`,
      ),
    );
  }
  return out.join('');
}
