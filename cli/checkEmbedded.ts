/**
 * `redis-ha check` on files that hold configs (docker compose, Kubernetes
 * manifests, Helm values, Dockerfiles): one FileReport per outer file, its
 * diagnostics at positions in that file, each message led by the config's
 * place in it (e.g. `services.cache.command`).
 */
import {
  checkEmbedded,
  embeddedKindOf,
  NEWEST,
  VERSION_LABELS,
  type DocumentSettings,
  type FileHost,
  type OuterKind,
} from '../server/service';
import type { CheckedVersion } from './checkFormats';
import { reportedDiagnostic, type FileReport } from './check';

/** The kind of outer file `path` is; with `forced` (--embedded) a file no name claims is taken as YAML, or a Dockerfile by its content. */
export function outerKind(path: string, text: string, forced: boolean): OuterKind | undefined {
  const kind = embeddedKindOf(path, text);
  if (kind || !forced) return kind;
  return /^\s*(FROM|CMD|ENTRYPOINT)\s/im.test(text) ? 'dockerfile' : 'yaml';
}

export interface EmbeddedInput {
  file: string;
  text: string;
  uri: string;
  filePath?: string;
  kind: OuterKind;
}

/** The report of one outer file, and the version its configs were checked as (the first config's; the default without one). */
export function embeddedReport(
  input: EmbeddedInput,
  opts: { settings: DocumentSettings; host: FileHost; summary: boolean },
): { report: FileReport; version: CheckedVersion } {
  const r = checkEmbedded(input.kind, input.text, {
    uri: input.uri,
    filePath: input.filePath,
    settings: opts.settings,
    targetVersionFrom: 'flag',
    host: opts.host,
  });
  const first = r.configs[0]?.analysis;
  const version: CheckedVersion = first
    ? { id: first.version, label: VERSION_LABELS[first.version], source: first.versionSource }
    : { id: NEWEST.redis, label: VERSION_LABELS[NEWEST.redis], source: 'default' };
  const sorted = [...r.diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const report: FileReport = {
    file: input.file,
    version,
    embedded: r.configs.map((c) => c.doc.label),
    diagnostics: sorted.map(reportedDiagnostic),
  };
  if (opts.summary && r.configs.length)
    report.summary = r.configs.map((c) => `${c.doc.label}: ${c.analysis.durability.summary.text}`).join('; ');
  return { report, version };
}

/** The text header of an outer file: which configs it holds. */
export function embeddedHeader(r: FileReport): string {
  const n = r.embedded?.length ?? 0;
  if (!n) return `${r.file}: no embedded redis-server command line or config found\n`;
  return `${r.file}: ${n} embedded config${n === 1 ? '' : 's'} (${r.embedded?.join(', ')}), checked as ${r.version.label}\n`;
}
