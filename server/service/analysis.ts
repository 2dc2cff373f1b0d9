/**
 * The analysis of one document version: parse once, validate against the
 * target version, run the durability model and its rules. Every feature
 * (hover, completion, code actions, outline…) reads this result.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { VersionId } from '../catalog/catalog';
import { parseConfig } from '../parser/parse';
import type { ConfigDocument } from '../parser/types';
import type { WorkspaceIndex } from './crossfile/workspace';
import { DiagnosticSink } from './diag';
import { analyzeDurability, type DurabilityAnalysis } from './durability';
import { withFatal, withVersion } from './durability/summary';
import { catalog } from '../catalog/catalog';
import {
  optionComments,
  readFileOptions,
  resolveTarget,
  type FileOptions,
  type Language,
  type OptionComments,
  type TargetSource,
} from './options';
import { validateLines, type FileHost, type LineMemo, type Validation } from './validate';
import type { OutlineGrouping } from './navigation/symbols';

export interface DocumentSettings {
  /** redisHa.targetVersion: 'auto' or a version id. */
  targetVersion?: string;
  /** redisHa.outline.groupBy: how the outline of a redis.conf is grouped. */
  outline?: { groupBy?: OutlineGrouping };
  /** redisHa.targetRpo: 'none', 'snapshot', '1s' or '0'; unset or '' judges against the Balanced profile. */
  targetRpo?: string;
  /** redisHa.maxFileSize: documents and included files larger than this (bytes) are not analysed. */
  maxFileSize?: number;
  /** redisHa.embedded: check the configs inside YAML and Dockerfile documents (the LSP adapter reads it). */
  embedded?: boolean;
}

export interface AnalysisInput {
  doc: ConfigDocument;
  language: Language;
  /** Who set settings.targetVersion: the CLI's --target-version (default: the redisHa.targetVersion setting). */
  targetVersionFrom?: 'flag';
  uri: string;
  filePath?: string;
  settings: DocumentSettings;
  host?: FileHost;
  /** The other config files of the workspace (cross-file rules and the summary). */
  workspace?: WorkspaceIndex;
  /**
   * The analysis of the version `doc` was re-parsed from (reparseConfig): the
   * results of the lines the edit did not touch are reused. The result is the
   * same as without it.
   */
  previous?: Analysis;
}

/** Everything computed once per document version and shared by every feature. */
export interface Analysis extends Validation {
  /** The document as the target version splits it (see ConfigDocument.forTokenizer). */
  doc: ConfigDocument;
  language: Language;
  version: VersionId;
  /** How the target version was chosen. */
  versionSource: TargetSource;
  options: FileOptions;
  /** The durability model, the rules' findings with their fixes, and the summary line. */
  durability: DurabilityAnalysis;
}

/** What each analysis keeps for the next version's (not fields: features never read them). */
const memos = new WeakMap<Analysis, { lines: LineMemo; options: OptionComments }>();

export function analyze(input: AnalysisInput): Analysis {
  const previous = input.previous && memos.get(input.previous);
  const optionSink = new DiagnosticSink(input.doc, input.uri);
  const candidates = optionComments(input.doc, previous?.options);
  const options = readFileOptions(input.doc, optionSink, candidates.comments);
  const { version, source: versionSource } = resolveTarget(
    input.settings.targetVersion,
    options,
    input.filePath ?? input.uri,
    input.doc,
    input.targetVersionFrom,
  );
  const doc = input.doc.forTokenizer(catalog().forVersion(version).semantics.tokenizer);
  const { validation: v, memo } = validateLines(
    doc,
    { version, language: input.language, uri: input.uri, filePath: input.filePath, host: input.host },
    previous?.lines,
  );
  const d = analyzeDurability({
    doc,
    uri: input.uri,
    filePath: input.filePath,
    language: input.language,
    version,
    options,
    targetRpo: input.settings.targetRpo,
    host: input.host,
    workspace: input.workspace,
    sentinel: v.sentinel,
  });
  const diagnostics = [...optionSink.list, ...v.diagnostics, ...d.diagnostics];
  const fatal = firstFatal(diagnostics);
  if (fatal)
    d.durability.summary = withFatal(d.durability.summary, {
      line: fatal.range.start.line,
      message: fatal.message,
      uri: input.uri,
      range: fatal.range,
    });
  d.durability.summary = withVersion(d.durability.summary, version, versionSource);
  const analysis: Analysis = {
    ...v,
    diagnostics,
    doc,
    language: input.language,
    version,
    versionSource,
    options,
    durability: d.durability,
  };
  memos.set(analysis, { lines: memo, options: candidates });
  return analysis;
}

/** Parse and analyze text in one call (CLI and tests). */
export function check(text: string, input: Omit<AnalysisInput, 'doc'>): Analysis {
  return analyze({ ...input, doc: parseConfig(text) });
}

/** The first diagnostic that stops redis-server, in the order redis-server meets them. */
export function firstFatal(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  let best: Diagnostic | undefined;
  let bestOrder = Infinity;
  for (const d of diagnostics) {
    if (d.severity !== 1) continue;
    const order = (d.data as { order?: number } | undefined)?.order ?? d.range.start.line;
    if (order < bestOrder) {
      best = d;
      bestOrder = order;
    }
  }
  return best;
}
