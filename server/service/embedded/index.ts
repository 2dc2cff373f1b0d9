/**
 * Configs embedded in other files — docker compose files, Kubernetes
 * manifests, Helm values, Dockerfiles — checked like a config file, with
 * every diagnostic moved to where its text is in the outer file.
 */
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver-types';
import { check, type Analysis, type AnalysisInput } from '../analysis';
import { SOURCE } from '../checkerCodes';
import { RULE_CODES } from '../durability/rules';
import { H } from '../severity';
import { Found } from './blocks';
import { outerRange, type EmbeddedDoc, type EmbeddedNote } from './doc';
import { findInDockerfile } from './dockerfile';
import { findInYaml } from './yaml';

export type { EmbeddedDoc, EmbeddedNote } from './doc';
export { MAX_EMBEDDED } from './blocks';

/**
 * The editor language ids of documents that may hold configs (VS Code's, and the Docker and Helm
 * extensions'): served when redisHa.embedded is on, and activation events of the extension.
 */
export const OUTER_LANGUAGES = ['yaml', 'dockercompose', 'dockerfile', 'helm'] as const;

export type OuterKind = 'yaml' | 'dockerfile';

/** The kind of outer file a path names (`docker-compose*.yml`, `values*.yaml`, `Dockerfile*`…), judged by its content for other YAML. */
export function embeddedKindOf(path: string, text?: string): OuterKind | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (/^(.*\.)?dockerfile$|^dockerfile[.-]?/i.test(base) || /^containerfile/i.test(base)) return 'dockerfile';
  if (!/\.ya?ml$/i.test(base)) return undefined;
  if (/^(docker-)?compose.*\.ya?ml$|^values.*\.ya?ml$/i.test(base)) return 'yaml';
  return text !== undefined && /^(kind|services|apiVersion):/m.test(text) ? 'yaml' : undefined;
}

/** The configs a file holds, and what was left out. */
export function findEmbedded(kind: OuterKind, text: string): { docs: EmbeddedDoc[]; notes: EmbeddedNote[] } {
  const found = new Found();
  if (kind === 'dockerfile') findInDockerfile(text, found);
  else findInYaml(text, found);
  return { docs: found.docs, notes: found.notes };
}

/** Offsets of the start of each line of `text`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionIn(starts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export interface EmbeddedCheck {
  /** Each config with its analysis (its own coordinates). */
  configs: Array<{ doc: EmbeddedDoc; analysis: Analysis }>;
  /** Every diagnostic, in the outer file's coordinates, its message led by the config's label. */
  diagnostics: Diagnostic[];
}

/** Checks every config `text` holds; `input` is what `check` takes for the outer file (its uri, settings, host). */
export function checkEmbedded(kind: OuterKind, text: string, input: Omit<AnalysisInput, 'doc' | 'language'>): EmbeddedCheck {
  const { docs, notes } = findEmbedded(kind, text);
  const starts = lineStarts(text);
  const toOuter = (doc: EmbeddedDoc, a: Analysis, r: Range): Range => {
    const o = outerRange(doc, a.doc.offsetAt(r.start), a.doc.offsetAt(r.end));
    return { start: positionIn(starts, o.start), end: positionIn(starts, o.end) };
  };
  const configs = docs.map((doc) => ({ doc, analysis: check(doc.text, { ...input, language: doc.language }) }));
  const diagnostics: Diagnostic[] = [];
  for (const { doc, analysis } of configs)
    for (const d of analysis.diagnostics) {
      if (doc.partial && RULE_CODES.has(String(d.code))) continue;
      const related = d.relatedInformation?.map(
        (ri): DiagnosticRelatedInformation =>
          ri.location.uri === input.uri ? { ...ri, location: { uri: input.uri, range: toOuter(doc, analysis, ri.location.range) } } : ri,
      );
      diagnostics.push({
        ...d,
        message: `${doc.label}: ${d.message}`,
        range: toOuter(doc, analysis, d.range),
        relatedInformation: related,
      });
    }
  for (const n of notes)
    diagnostics.push({
      range: { start: positionIn(starts, n.start), end: positionIn(starts, n.end) },
      severity: H,
      source: SOURCE,
      code: 'embedded-not-checked',
      message: n.message,
    });
  return { configs, diagnostics };
}
