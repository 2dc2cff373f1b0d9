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
import { contentLanguage } from './contentLanguage';
import { DiagnosticSink } from './diag';
import { languageByContent } from './languageByContent';
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
import { applyTemplate, templateInput, type TemplateScan } from './templateMode';
import { withDependsOnValues } from './template';

export interface DocumentSettings {
  /** redisHa.targetVersion: 'auto' or a version id. */
  targetVersion?: string;
  /** redisHa.outline.groupBy: how the outline of a redis.conf is grouped. */
  outline?: { groupBy?: OutlineGrouping };
  /** redisHa.targetRpo: 'none', 'snapshot', '1s' or '0'; unset or '' judges against the Balanced profile. */
  targetRpo?: string;
  /** redisHa.maxFileSize: documents and included files larger than this (bytes) are not analysed. */
  maxFileSize?: number;
  /** redisHa.templates: 'auto' (by file name: redis.conf.j2, …), 'on' or 'off'; the CLI's --template is 'on'. */
  templates?: string;
  /** redisHa.embedded: check the configs inside YAML and Dockerfile documents (the LSP adapter reads it). */
  embedded?: boolean;
}

export interface AnalysisInput {
  doc: ConfigDocument;
  language: Language;
  /**
   * False when `language` was forced (the CLI's --language): the content does
   * not change it. Otherwise a Sentinel's file opened as a redis.conf is
   * checked as a sentinel.conf (languageByContent).
   */
  byContent?: boolean;
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
  /** The language the document is checked as: the one it was opened as, unless its content is the other's. */
  language: Language;
  version: VersionId;
  /** How the target version was chosen. */
  versionSource: TargetSource;
  options: FileOptions;
  /** The durability model, the rules' findings with their fixes, and the summary line. */
  durability: DurabilityAnalysis;
  /** Template mode (template.ts): the placeholders and control tags; `doc` is the text as the checker reads it. */
  template?: TemplateScan;
}

/** What each analysis keeps for the next version's (not fields: features never read them). */
const memos = new WeakMap<Analysis, { lines: LineMemo; options: OptionComments }>();

export function analyze(original: AnalysisInput): Analysis {
  const { input, scan } = templateInput(original);
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
  const content = input.byContent === false ? undefined : contentLanguage(doc);
  const { language, diagnostics: languageNotes } = languageByContent(doc, input.uri, input.language, content);
  const { validation: v, memo } = validateLines(
    doc,
    { version, language, uri: input.uri, filePath: input.filePath, host: input.host },
    previous?.lines,
  );
  const d = analyzeDurability({
    doc,
    uri: input.uri,
    filePath: input.filePath,
    language,
    version,
    options,
    targetRpo: input.settings.targetRpo,
    host: input.host,
    workspace: input.workspace,
    sentinel: v.sentinel,
  });
  const all = [...optionSink.list, ...languageNotes, ...v.diagnostics, ...d.diagnostics];
  const decided = scan && applyTemplate(scan, doc, all, { version, language, text: original.doc.text });
  const diagnostics = decided ? decided.diagnostics : all;
  const fatal = firstFatal(diagnostics);
  if (fatal)
    d.durability.summary = withFatal(d.durability.summary, {
      line: fatal.range.start.line,
      message: fatal.message,
      uri: input.uri,
      range: fatal.range,
    });
  else if (decided?.placeholders) d.durability.summary = withDependsOnValues(d.durability.summary, decided.placeholders);
  d.durability.summary = withVersion(d.durability.summary, version, versionSource);
  const analysis: Analysis = {
    ...v,
    diagnostics,
    doc,
    language,
    version,
    versionSource,
    options,
    durability: d.durability,
  };
  if (scan) analysis.template = scan;
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
