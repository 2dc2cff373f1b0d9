/**
 * The one set of severity constants of the language service. Error means
 * exactly "redis-server (or redis-sentinel) will refuse to start with this
 * file"; the durability rules use warning, information and hint, and OFF where
 * they say nothing for a target.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';

export const E = DiagnosticSeverity.Error,
  W = DiagnosticSeverity.Warning,
  I = DiagnosticSeverity.Information,
  H = DiagnosticSeverity.Hint;

export const OFF = 'off';

/** A severity, or OFF: nothing is reported. */
export type Level = DiagnosticSeverity | typeof OFF;

/** The names the CLI prints and the documentation uses. */
export const SEVERITY_NAMES: Readonly<Record<DiagnosticSeverity, string>> = {
  [E]: 'error',
  [W]: 'warning',
  [I]: 'information',
  [H]: 'hint',
};

/** The most severe of some levels (error first); OFF only when all are OFF. */
export function mostSevere(levels: Iterable<Level>): Level {
  let out: Level = OFF;
  for (const l of levels) if (l !== OFF && (out === OFF || l < out)) out = l;
  return out;
}
