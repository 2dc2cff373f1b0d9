/**
 * `redis-ha check`: the editor's diagnostics for files on disk, for CI
 * pipelines and pre-deploy hooks. Same service as the language server.
 */
import { parseArgs } from 'node:util';
import type { Diagnostic } from 'vscode-languageserver-types';
import { nodeFileHost } from '../server/nodeHost';
import { DEFAULT_MAX_FILE_BYTES, fileSizeText, parseByteSize, readRegularFile } from '../server/files';
import {
  check,
  contentLanguage,
  languageForFile,
  NEWEST,
  normalizeVersion,
  parseConfig,
  RPO_TARGETS,
  SEVERITY_NAMES,
  TARGET_SOURCES,
  VERSION_IDS,
  VERSION_LABELS,
  type Analysis,
  type ConfigFacts,
  type Language,
  type OuterKind,
  type TargetSource,
} from '../server/service';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { readStdin, type CliIO } from './io';
import { embeddedHeader, embeddedReport, outerKind } from './checkEmbedded';
import { type CheckFormat, CHECK_FORMATS, isCheckFormat, isCiFormat, renderCiFormat, type UnreadableFile } from './checkFormats';

/** Breaks a long list at ', ' to lines of at most 100 characters, indented. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let cur = '';
  for (const part of text.split(', ')) {
    if (cur && cur.length + part.length + 2 > 100 - indent) {
      lines.push(`${cur},`);
      cur = part;
    } else cur = cur ? `${cur}, ${part}` : part;
  }
  lines.push(cur);
  return lines.join(`\n${' '.repeat(indent)}`);
}

export const CHECK_USAGE = `usage: redis-ha check [--target-version V] [--rpo R] [--language redis-conf|sentinel-conf] [--format F] [--summary] [--template] FILE...

Checks redis.conf / valkey.conf / sentinel.conf files the way redis-server loads them, and judges
their durability and replication settings. The files given together know each other (a Sentinel's
primary is matched to the redis.conf with that port); include lines are followed.
  --target-version V   auto (default: a file's '# redis-ha: target=' comment, else Valkey ${NEWEST.valkey.slice(7)} for
                       valkey*.conf and files only Valkey reads, else Redis ${NEWEST.redis}), or one of
                       ${wrap(VERSION_IDS.join(', '), 23)}
  --rpo R              the data-loss target: ${RPO_TARGETS.join(', ')} (default: judge against the Balanced profile)
  --summary            add each file's durability summary (RPO, replication, RTO): a line before its
                       diagnostics in text, a "summary" field in json
  --language L         redis-conf or sentinel-conf (default: from the file name, as VS Code does, but
                       a file whose directives are a Sentinel's is checked as a sentinel.conf)
  --format F           text (default), json, sarif (SARIF 2.1.0 for code scanning), github (workflow
                       annotations) or junit (JUnit XML); --summary adds a run property (sarif), a notice
                       (github) or the testsuite's system-out (junit)
  --embedded           read every FILE as a file that holds configs; without it, docker-compose*.yml,
                       compose*.yaml, values*.yaml, Dockerfile*, *.dockerfile and YAML with kind: or
                       services: are read so: the redis-server / redis-sentinel command lines and the
                       redis.conf / sentinel.conf blocks in them are checked, at their place in the file
  --max-file-size N    read no file (nor standard input, nor an included file) larger than N bytes;
                       units KiB, MiB, GiB (default: ${fileSizeText(DEFAULT_MAX_FILE_BYTES)})
  --template           read every file as a template: placeholders ({{ x }}, \${X}, %X%, @X@, <%= x %>)
                       stand for values and are not checked, control tags ({% if %}, {{ end }}) are
                       skipped (default: only files named like redis.conf.j2, .tpl, .tmpl, .erb, .template)
  FILE                 a path, or - for standard input (then give --language); only regular files
                       are read: a directory, FIFO or device is refused
Exit status: 0 no error, 1 at least one error (redis-server would refuse the file), 2 usage or unreadable file.
`;

export interface FileReport {
  file: string;
  /** The version the file was checked as, and what chose it (TARGET_SOURCES). */
  version: { id: string; label: string; source: TargetSource };
  /** The durability summary line (RPO, replication guard, RTO). */
  summary?: string;
  /** For a file that holds configs (compose, Kubernetes, Helm values, Dockerfile): where each one is. */
  embedded?: string[];
  diagnostics: Array<{ line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }>;
}

/**
 * --language, else the file name's language, else (standard input, a name
 * neither language claims) the content's. A named file whose content is the
 * other language's is switched, with a note, by the analysis (byContent).
 */
function languageFor(path: string, text: string, forced: Language | undefined): Language {
  if (forced) return forced;
  const byName = languageForFile(path);
  if (byName) return byName;
  return contentLanguage(parseConfig(text)).kind === 'sentinel-conf' ? 'sentinel-conf' : 'redis-conf';
}

function toReport(file: string, analysis: Analysis): FileReport {
  const sorted = [...analysis.diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return {
    file,
    version: { id: analysis.version, label: VERSION_LABELS[analysis.version], source: analysis.versionSource },
    diagnostics: sorted.map(reportedDiagnostic),
  };
}

const CHECK_OPTIONS = {
  'target-version': { type: 'string' },
  rpo: { type: 'string' },
  summary: { type: 'boolean' },
  language: { type: 'string' },
  format: { type: 'string', default: 'text' },
  'max-file-size': { type: 'string' },
  template: { type: 'boolean' },
  embedded: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type CheckValues = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof CHECK_OPTIONS }>>['values'];

/** The options, checked. */
interface CheckPlan {
  version?: string;
  rpo?: string;
  language?: Language;
  format: CheckFormat;
  summary: boolean;
  maxBytes: number;
  /** --template: every file is a template (default: by its name, redis.conf.j2 …). */
  template: boolean;
  embedded: boolean;
}

/** A file given on the command line, read. */
interface CheckInput {
  file: string;
  text: string;
  abs?: string;
  language: Language;
  /** Set for a file that holds configs rather than being one. */
  kind?: OuterKind;
}

/** A message for stderr; with the usage text after it when `usage` is set. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly usage = false,
  ) {
    super(message);
  }
}

export async function runCheck(args: string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof CHECK_OPTIONS }>>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: CHECK_OPTIONS });
  } catch (e) {
    io.stderr(`redis-ha check: ${(e as Error).message}\n\n${CHECK_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  let plan: CheckPlan;
  try {
    plan = checkPlan(values);
    if (positionals.length === 0) throw new UsageError('no file given', true);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`redis-ha check: ${e.message}\n${e.usage ? `\n${CHECK_USAGE}` : ''}`);
    return 2;
  }
  const { inputs, unreadable } = await readInputs(positionals, plan, io);
  const rows = reportInputs(inputs, plan);
  const reports = rows.map((r) => r.report);
  if (isCiFormat(plan.format)) {
    const versions = rows.map((r) => r.version);
    io.stdout(renderCiFormat(plan.format, { reports, versions, unreadable, cwd: process.cwd() }));
  } else printReports(io, reports, plan);
  if (unreadable.length) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

/** The options checked in the order they are reported; throws UsageError at the first problem. */
function checkPlan(values: CheckValues): CheckPlan {
  const version = values['target-version'];
  if (version !== undefined && !normalizeVersion(version))
    throw new UsageError(`unknown --target-version '${version}'; use auto or one of ${VERSION_IDS.join(', ')}`);
  const rpo = values.rpo;
  if (rpo !== undefined && !(RPO_TARGETS as readonly string[]).includes(rpo))
    throw new UsageError(`unknown --rpo '${rpo}'; use one of ${RPO_TARGETS.join(', ')}`);
  const lang = values.language;
  if (lang !== undefined && lang !== 'redis-conf' && lang !== 'sentinel-conf')
    throw new UsageError(`--language must be redis-conf or sentinel-conf, not '${lang}'`);
  if (!isCheckFormat(values.format)) throw new UsageError(`--format must be one of ${CHECK_FORMATS.join(', ')}, not '${values.format}'`);
  const maxArg = values['max-file-size'];
  const maxBytes = maxArg === undefined ? DEFAULT_MAX_FILE_BYTES : parseByteSize(maxArg);
  if (maxBytes === undefined)
    throw new UsageError(`--max-file-size must be a positive size such as 4194304, 512KiB or 16MiB, not '${maxArg}'`);
  return {
    version,
    rpo,
    language: lang,
    format: values.format,
    summary: !!values.summary,
    maxBytes,
    template: !!values.template,
    embedded: !!values.embedded,
  };
}

/** Every file (or standard input for '-') that can be read; each one that cannot is said on stderr. */
async function readInputs(files: string[], plan: CheckPlan, io: CliIO): Promise<{ inputs: CheckInput[]; unreadable: UnreadableFile[] }> {
  const inputs: CheckInput[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const file of files) {
    const r = file === '-' ? await readStdin(plan.maxBytes) : readRegularFile(file, plan.maxBytes);
    if (!r.ok) {
      const limit = r.reason === 'too-large' ? ' (--max-file-size raises it)' : '';
      io.stderr(`redis-ha check: cannot read ${file === '-' ? 'standard input' : file}: ${r.message}${limit}\n`);
      unreadable.push({ file, message: `${r.message}${limit}` });
      continue;
    }
    const text = r.text;
    const abs = file === '-' ? undefined : resolve(file);
    const kind = outerKind(file === '-' ? '' : file, text, plan.embedded);
    inputs.push({ file, text, abs, language: languageFor(file === '-' ? '' : file, text, plan.language), kind });
  }
  return { inputs, unreadable };
}

/** One report per input, in order: config files analysed together, files that hold configs each on its own. */
function reportInputs(inputs: CheckInput[], plan: CheckPlan): Array<{ report: FileReport; version: FileReport['version'] }> {
  const analyses = analyzeInputs(
    inputs.filter((i) => !i.kind),
    plan,
  );
  const host = { ...nodeFileHost, maxFileBytes: plan.maxBytes };
  let k = 0;
  return inputs.map((i) => {
    const name = i.file === '-' ? '<stdin>' : i.file;
    const uri = i.abs ? pathToFileURL(i.abs).href : 'stdin:';
    if (i.kind) {
      const settings = { targetVersion: plan.version, targetRpo: plan.rpo };
      return embeddedReport({ file: name, text: i.text, uri, filePath: i.abs, kind: i.kind }, { settings, host, summary: plan.summary });
    }
    const analysis = analyses[k++];
    const report = toReport(name, analysis);
    if (plan.summary) report.summary = analysis.durability.summary.text;
    return { report, version: { id: analysis.version, label: VERSION_LABELS[analysis.version], source: analysis.versionSource } };
  });
}

/** The files given together are the workspace: a first pass learns what each says to the others, the second judges. */
function analyzeInputs(inputs: CheckInput[], plan: CheckPlan): Analysis[] {
  const host = { ...nodeFileHost, maxFileBytes: plan.maxBytes };
  const analyzeAll = (workspace?: readonly ConfigFacts[]): Analysis[] =>
    inputs.map((i) =>
      check(i.text, {
        language: i.language,
        byContent: !plan.language,
        uri: i.abs ? pathToFileURL(i.abs).href : 'stdin:',
        filePath: i.abs,
        settings: { targetVersion: plan.version, targetRpo: plan.rpo, templates: plan.template ? 'on' : 'auto' },
        targetVersionFrom: 'flag',
        host,
        workspace: workspace && { configs: () => workspace },
      }),
    );
  const facts = inputs.length > 1 ? analyzeAll().map((a) => a.durability.facts) : undefined;
  return analyzeAll(facts);
}

function printReports(io: CliIO, reports: FileReport[], plan: CheckPlan): void {
  if (plan.format === 'json') {
    io.stdout(`${JSON.stringify({ files: reports })}\n`);
    return;
  }
  for (const r of reports) {
    // the summary ends with the version; without it, a header says which version the verdict is for
    if (r.embedded) io.stdout(embeddedHeader(r));
    if (plan.summary && r.summary) io.stdout(`${r.file}: ${r.summary}\n`);
    else if (!r.embedded) io.stdout(`${r.file}: checked as ${r.version.label} (${TARGET_SOURCES[r.version.source].short})\n`);
    for (const d of r.diagnostics) io.stdout(`${r.file}:${d.line}:${d.column}: ${d.severity} [${d.code}] ${d.message}\n`);
  }
}

/** A diagnostic as the reports give it: 1-based positions, the severity's name, the code as text. */
export function reportedDiagnostic(d: Diagnostic): FileReport['diagnostics'][number] {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY_NAMES[d.severity ?? 1],
    code: String(d.code ?? ''),
    message: d.message,
  };
}
