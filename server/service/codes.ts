/**
 * Every diagnostic the language service can produce, in one table: the
 * checker's own codes (checkerCodes.ts) and one entry per durability rule,
 * derived from the rule's record — its title, and the most severe level it can
 * report for any target (each finding takes its level from the declared
 * target; error stays reserved for files redis-server refuses).
 */
import { CHECKER_CODES, SOURCE, type CheckerCode, type CodeInfo } from './checkerCodes';
import { RULES, type Rule, type RuleId } from './durability/rules';
import { mostSevere, OFF } from './severity';

export type Code = CheckerCode | RuleId;
export type { CodeInfo };
export { SOURCE };

/** The code-table entry of a rule. */
export function ruleCodeInfo(rule: Rule): CodeInfo {
  const levels = [...Object.values(rule.severity), ...Object.values(rule.milder?.severity ?? {})];
  const severity = mostSevere(levels);
  if (severity === OFF) throw new Error(`rule ${rule.id} never reports anything`);
  return { severity, summary: rule.title };
}

export const CODES: Readonly<Record<Code, CodeInfo>> = {
  ...CHECKER_CODES,
  ...(Object.fromEntries(RULES.map((r) => [r.id, ruleCodeInfo(r)])) as Record<RuleId, CodeInfo>),
};
