/**
 * The durability analysis of one document: its include tree, the effective
 * settings, the model, the rules' findings (with their quick fixes), the
 * summary line and the facts other files of the workspace need. Pure: files
 * come from the injected host, other files' facts from the injected index.
 */
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver-types';
import { catalog, type VersionId } from '../../catalog/catalog';
import type { ConfigDocument } from '../../parser/types';
import { CHECKER_CODES, SOURCE } from '../checkerCodes';
import { loadConfigTree, type ConfigLine, type ConfigTree, type IncludeProblem, type SourceFile } from '../crossfile/includes';
import { factsOf, type ConfigFacts, type WorkspaceIndex } from '../crossfile/workspace';
import { parseConfig } from '../../parser/parse';
import { boundRelated, DiagnosticSink, ORDER } from '../diag';
import type { FileHost } from '../include';
import type { FileOptions, Language } from '../options';
import { checkSentinelLines, type SentinelModel } from '../sentinel';
import { familyOf } from '../values';
import { buildModel, type DurabilityModel } from './model';
import { levelFor, RULES, type Rule } from './rules';
import type { At, Finding, Report, RuleContext } from './rules/types';
import { EffectiveConfig } from './settings';
import { partOf, summarize, type Summary } from './summary';
import { inferRole, intentOf } from './role';
import { resolveTarget } from './target';

export interface DurabilityInput {
  doc: ConfigDocument;
  uri: string;
  filePath?: string;
  language: Language;
  version: VersionId;
  options: FileOptions;
  /** redisHa.targetRpo (or the CLI's --rpo). */
  targetRpo?: string;
  host?: FileHost;
  workspace?: WorkspaceIndex;
  /** The Sentinel model the validator built from this document's own lines. */
  sentinel?: SentinelModel;
}

export interface DurabilityAnalysis {
  root: SourceFile;
  tree: ConfigTree;
  config: EffectiveConfig;
  model: DurabilityModel;
  findings: Finding[];
  summary: Summary;
  /** What other files of the workspace need to know about this one. */
  facts: ConfigFacts;
  /** Files read or listed for this analysis: a change to any of them changes it. */
  dependencies: string[];
}

export function analyzeDurability(input: DurabilityInput): { durability: DurabilityAnalysis; diagnostics: Diagnostic[] } {
  const vc = catalog().forVersion(input.version);
  const workspace = (input.workspace?.configs() ?? []).filter((f) => f.uri !== input.uri);
  const self: SourceFile = { uri: input.uri, path: input.filePath, doc: input.doc };

  /** Loads a root file with its includes, sees what it is and wants, and builds the model. */
  const evaluate = (root: SourceFile, language: Language, sentinel: SentinelModel | undefined) => {
    const tree = loadConfigTree(root, { vc, globs: familyOf(input.version) === 'v7', host: input.host });
    const config = new EffectiveConfig(tree, vc, input.version, language);
    const role = language === 'redis-conf' ? inferRole(config, input.options, workspace, root.uri) : undefined;
    const target = resolveTarget(input.targetRpo, input.options, role && intentOf(config, role));
    if (language === 'sentinel-conf' && (tree.files.length > 1 || !sentinel)) {
      // included files add sentinel lines: rebuild the model over all of them (their diagnostics belong to their own files)
      sentinel = checkSentinelLines(
        config.sentinelLines.map((l) => l.line),
        vc,
        new DiagnosticSink(root.doc, root.uri),
      );
    }
    return { root, tree, config, model: buildModel(config, target, sentinel, role) };
  };

  // A file another file of the workspace includes is judged as part of it: alone, its missing
  // lines would read as defaults. Only the findings about its own lines are shown here.
  const includer = input.filePath ? includerOf(input, workspace) : undefined;
  const whole = includer ? evaluate(includer.file, includer.language, undefined) : undefined;
  const ownInWhole = whole?.tree.files.find((f) => f.path === input.filePath && f.doc.text === input.doc.text);
  const own = evaluate(self, input.language, input.sentinel);
  const judged = whole && ownInWhole ? whole : own;
  const shownFile = whole && ownInWhole ? ownInWhole : self;

  const diagnostics: Diagnostic[] = own.tree.problems.map((p) => includeDiagnostic(p, input.doc));
  const findings: Finding[] = [];

  const emit = (rule: Rule, r: Report) => {
    const severity = levelFor(rule, judged.model.target.rpo, r.milder);
    if (severity === undefined) return;
    const line = lineOfAt(r.at);
    if (judged !== own && line?.file !== shownFile) return; // about the includer's lines or its defaults
    const { range, prefix } = judged !== own ? { range: input.doc.rangeOf(atNode(r.at)!), prefix: '' } : place(self, r.at);
    const decides: DiagnosticRelatedInformation[] =
      line && line.file !== shownFile
        ? [{ location: { uri: line.file.uri, range: line.file.doc.rangeOf(line.line) }, message: 'the line that decides' }]
        : [];
    const related = boundRelated(
      r.related ?? [],
      (x) => ({
        location: 'uri' in x.at ? x.at : { uri: x.at.file.uri, range: x.at.file.doc.rangeOf(x.at.line) },
        message: x.message,
      }),
      decides,
    );
    const d = diagnostic(rule.id, severity, range, prefix + r.message, related);
    diagnostics.push(d);
    findings.push({ diagnostic: d, code: rule.id, fixes: r.fixes ?? (() => []) });
  };
  const base = { model: judged.model, config: judged.config, target: judged.model.target, root: judged.root, workspace };
  for (const rule of RULES) {
    if (rule.languages.includes(judged.model.language)) rule.check({ ...base, report: (r) => emit(rule, r) } satisfies RuleContext);
  }

  let summary = summarize(judged.model, workspace, judged.root.uri);
  if (judged !== own) summary = partOf(summary, includer!.file);
  const durability: DurabilityAnalysis = {
    root: self,
    tree: own.tree,
    config: own.config,
    model: own.model,
    findings,
    summary,
    facts: factsOf(own.model, input.uri, input.filePath),
    dependencies:
      judged !== own ? [...new Set([...own.tree.dependencies, includer!.file.path!, ...whole!.tree.dependencies])] : own.tree.dependencies,
  };
  return { durability, diagnostics };
}

/** A problem of the include tree (cycle, unreadable or refused file), on the include line of this document. */
function includeDiagnostic(p: IncludeProblem, doc: ConfigDocument): Diagnostic {
  const related = boundRelated(p.related, (r) => ({
    location: { uri: r.file.uri, range: r.file.doc.rangeOf(r.line) },
    message: r.message,
  }));
  return diagnostic(p.code, CHECKER_CODES[p.code].severity, doc.rangeOf(p.via.args[0] ?? p.via), p.message, related);
}

/** The workspace file that includes this one (the first by path), read through the host. */
function includerOf(input: DurabilityInput, workspace: readonly ConfigFacts[]): { file: SourceFile; language: Language } | undefined {
  const candidates = workspace.filter((f) => f.path && f.includes.includes(input.filePath!)).sort((a, b) => (a.path! < b.path! ? -1 : 1));
  for (const f of candidates) {
    const text = input.host?.readFile?.(f.path!);
    if (text !== undefined) return { file: { uri: f.uri, path: f.path, doc: parseConfig(text) }, language: f.language };
  }
  return undefined;
}

function atNode(at: At): { start: number; end: number } | undefined {
  if (at === 'top') return undefined;
  if ('arg' in at) return at.line.line.args[at.arg] ?? at.line.line;
  return at.line;
}

function diagnostic(
  code: string,
  severity: Diagnostic['severity'],
  range: Range,
  message: string,
  related: DiagnosticRelatedInformation[],
): Diagnostic {
  const d: Diagnostic = { range, severity, code, source: SOURCE, message, data: { order: ORDER.later } };
  if (related.length) d.relatedInformation = related;
  return d;
}

function lineOfAt(at: At): ConfigLine | undefined {
  if (at === 'top') return undefined;
  return 'arg' in at ? at.line : at;
}

/** The range a finding is shown on in the root document, and a prefix naming the included file it is about. */
function place(root: SourceFile, at: At): { range: Range; prefix: string } {
  const doc = root.doc;
  if (at === 'top') {
    const first = doc.lines[0];
    return { range: first ? doc.rangeOf(first) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, prefix: '' };
  }
  const l = 'arg' in at ? at.line : at;
  if (l.file === root) {
    const token = 'arg' in at ? l.line.args[at.arg] : undefined;
    return { range: doc.rangeOf(token ?? l.line), prefix: '' };
  }
  const n = l.file.doc.positionAt(l.line.start).line + 1;
  return { range: doc.rangeOf(l.via), prefix: `in ${l.file.path ?? l.file.uri} line ${n}: ` };
}
