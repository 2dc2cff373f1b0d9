/**
 * A rule is one record: its stable diagnostic code (`id`), the file kinds it
 * applies to, a one-line title, its severity for each data-loss target, the
 * guidance sentence it rests on (server/catalog/guidance.ts), the directives
 * it is about, what its quick fix does, and the check over the durability
 * model. The code table (codes.ts), the README's rule table and the tests are
 * derived from these records; the fixtures of a rule are
 * test/fixtures/rules/<id>/ (a `fire.*` file it reports once, an `ok.*` file
 * it stays quiet on, and any other config files of its workspace).
 *
 * Checks report findings; each finding carries its quick fixes, computed only
 * when the editor asks for them.
 */
import type { Diagnostic, DiagnosticSeverity, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { GuidanceKey } from '../../../catalog/guidance';
import type { ConfigLine, SourceFile } from '../../crossfile/includes';
import type { ConfigFacts } from '../../crossfile/workspace';
import type { Language, RpoTarget } from '../../options';
import { OFF, type Level } from '../../severity';
import type { DurabilityModel } from '../model';
import type { EffectiveConfig } from '../settings';
import type { Target } from '../target';

export interface Fix {
  title: string;
  edit: WorkspaceEdit;
  preferred?: boolean;
}

export interface Finding {
  diagnostic: Diagnostic;
  code: string;
  fixes: () => Fix[];
}

/** Where a finding points: a line (or one of its arguments), or the top of the file for defaults. */
export type At = ConfigLine | { line: ConfigLine; arg: number } | 'top';

export interface Report {
  at: At;
  message: string;
  /** The rule's milder case applies (see `Rule.milder`). */
  milder?: boolean;
  related?: Array<{ at: ConfigLine | { uri: string; range: Range }; message: string }>;
  fixes?: () => Fix[];
}

export interface RuleContext {
  model: DurabilityModel;
  config: EffectiveConfig;
  target: Target;
  /** The document being checked. */
  root: SourceFile;
  /** The other config files of the workspace. */
  workspace: readonly ConfigFacts[];
  /** Reports a finding of the rule being checked, at the severity its record gives for the target. */
  report(r: Report): void;
}

/** A level for each data-loss target (redisHa.targetRpo); OFF: the rule says nothing for that target. */
export type SeverityTable = Readonly<Record<RpoTarget, Level>>;

export interface Rule<Id extends string = string> {
  id: Id;
  languages: readonly Language[];
  /** What the rule finds, in one line: the code table's summary and the README. */
  title: string;
  /** The guidance sentence the rule rests on. */
  guidance: GuidanceKey;
  /** The directives it is about (`sentinel <sub-command>` for Sentinel lines): their hover cards carry the guidance sentence. */
  directives: readonly string[];
  /** The severity for each target. */
  severity: SeverityTable;
  /** A milder case the check reports with `milder: true`, and when it applies. */
  milder?: { when: string; severity: SeverityTable };
  /** What the quick fix does, or why there is none. */
  fix: string | { none: string };
  check(ctx: RuleContext): void;
}

/** A rule record, with its id kept as a literal type (the union of the ids is the rules' part of the code table). */
export function rule<const Id extends string>(r: Rule<Id>): Rule<Id> {
  return r;
}

/** The same level for every target. */
export function always(level: DiagnosticSeverity): SeverityTable {
  return { none: level, snapshot: level, '1s': level, '0': level };
}

/** The severity a report gets for a target; undefined when the rule says nothing for it. */
export function levelFor(rule: Rule, rpo: RpoTarget, milder = false): DiagnosticSeverity | undefined {
  const table = milder ? rule.milder?.severity : rule.severity;
  if (!table) throw new Error(`rule ${rule.id} reported its milder case but has none`);
  const level = table[rpo];
  return level === OFF ? undefined : level;
}
