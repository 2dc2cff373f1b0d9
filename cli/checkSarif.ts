/**
 * `redis-ha check --format sarif`: a SARIF 2.1.0 log for code scanning
 * (GitHub's upload-sarif, GitLab, Azure DevOps). The rules are the service's
 * one code table (CODES: the checker's codes and the durability rules), with
 * the README section that documents them; results point at files relative to
 * the working directory (`%SRCROOT%`), with 1-based regions whose end column is
 * exclusive, in UTF-16 code units as the editor counts them.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import manifest from '../package.json';
import { CODES, RULES, SEVERITY_NAMES, type Code } from '../server/service';
import { GUIDANCE } from '../server/catalog/guidance';
import type { FileReport } from './check';
import { type CheckRun, STDIN_NAME, workspacePath } from './checkFormats';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

/** The README sections that document the codes: the durability rules' table, and the checker's codes. */
export const HELP_ANCHORS = {
  rule: 'durability-and-failover-at-a-glance',
  checker: 'diagnostics-as-strict-as-redis-server',
} as const;

type Level = 'error' | 'warning' | 'note';

/** SARIF has three levels: information and hints are both notes. */
export function sarifLevel(severity: string): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

const RULE_RECORDS = new Map(RULES.map((r) => [r.id as string, r]));

function readmeUrl(anchor: string): string {
  return `${manifest.homepage.replace(/#.*$/, '')}#${anchor}`;
}

/** One reportingDescriptor per code of the table, in the table's order. */
export function sarifRules(): Sarif.ReportingDescriptor[] {
  return (Object.keys(CODES) as Code[]).map((id) => {
    const info = CODES[id];
    const rule = RULE_RECORDS.get(id);
    const descriptor: Sarif.ReportingDescriptor = {
      id,
      shortDescription: { text: info.summary },
      helpUri: readmeUrl(rule ? HELP_ANCHORS.rule : HELP_ANCHORS.checker),
      defaultConfiguration: { level: sarifLevel(SEVERITY_NAMES[info.severity]) },
      properties: { tags: [rule ? 'durability' : 'config'] },
    };
    if (rule) {
      const fix = typeof rule.fix === 'string' ? `Quick fix: ${rule.fix}.` : `No quick fix: ${rule.fix.none}.`;
      const section = GUIDANCE[rule.guidance].section;
      descriptor.help = { text: `${rule.title} ${fix}${section ? ` Guidance: ${section}.` : ''}` };
    }
    return descriptor;
  });
}

/** A path segment-wise percent-encoded, as a URI reference. */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function artifactLocation(file: string, cwd: string): Sarif.ArtifactLocation {
  const where = workspacePath(file, cwd);
  if (!where) return { description: { text: 'standard input' } };
  if (where.relative) return { uri: encodePath(where.path), uriBaseId: SRCROOT };
  return { uri: pathToFileURL(where.path).href };
}

function results(reports: readonly FileReport[], cwd: string, ruleIndex: ReadonlyMap<string, number>): Sarif.Result[] {
  const out: Sarif.Result[] = [];
  for (const r of reports) {
    const artifact = artifactLocation(r.file, cwd);
    for (const d of r.diagnostics) {
      const index = ruleIndex.get(d.code);
      out.push({
        ruleId: d.code || 'redis-ha',
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: sarifLevel(d.severity),
        message: { text: r.file === STDIN_NAME ? `standard input:${d.line}:${d.column}: ${d.message}` : d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact,
              region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
            },
          },
        ],
      });
    }
  }
  return out;
}

function notifications(run: CheckRun): Sarif.Notification[] {
  return run.unreadable.map((u) => ({
    level: 'error',
    message: { text: `cannot read ${u.file === '-' ? 'standard input' : u.file}: ${u.message}` },
    ...(u.file === '-' ? {} : { locations: [{ physicalLocation: { artifactLocation: artifactLocation(u.file, run.cwd) } }] }),
    descriptor: { id: 'unreadable-file' },
  }));
}

/** The log of one run: the checked files' results, and each unreadable file as a tool execution notification. */
export function renderSarif(run: CheckRun): Sarif.Log {
  const rules = sarifRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const files = run.reports.map((r, k) => ({
    file: r.file,
    ...(run.versions[k] && { version: run.versions[k].id, versionLabel: run.versions[k].label, versionSource: run.versions[k].source }),
    ...(r.summary === undefined ? {} : { summary: r.summary }),
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'redis-ha',
            version: manifest.version,
            semanticVersion: manifest.version,
            informationUri: manifest.homepage,
            rules,
          },
        },
        invocations: [{ executionSuccessful: run.unreadable.length === 0, toolExecutionNotifications: notifications(run) }],
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(run.cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: results(run.reports, run.cwd, ruleIndex),
        properties: { files },
      },
    ],
  };
}
