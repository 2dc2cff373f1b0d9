/**
 * A rule is data with an id (its stable diagnostic code), the file kinds it
 * applies to, a one-line description, how its severity depends on the target,
 * and a check over the durability model. Checks report findings; each finding
 * carries its quick fixes, computed only when the editor asks for them.
 */
import type { Diagnostic, DiagnosticSeverity, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Code } from '../../codes';
import type { ConfigLine, SourceFile } from '../../crossfile/includes';
import type { ConfigFacts } from '../../crossfile/workspace';
import type { Language } from '../../options';
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
  code: Code;
  fixes: () => Fix[];
}

/** Where a finding points: a line (or one of its arguments), or the top of the file for defaults. */
export type At = ConfigLine | { line: ConfigLine; arg: number } | 'top';

export interface Report {
  code: Code;
  /** undefined: the rule has nothing to say for this target. */
  severity: DiagnosticSeverity | undefined;
  at: At;
  message: string;
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
  report(r: Report): void;
}

export interface Rule {
  id: Code;
  languages: readonly Language[];
  /** What the rule finds, for the documentation. */
  description: string;
  /** How the severity follows the target, for the documentation. */
  severities: string;
  check(ctx: RuleContext): void;
}
