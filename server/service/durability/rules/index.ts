/**
 * Every durability and replication rule, in the order they are reported.
 * Each rule's id is its diagnostic code; its entry in the code table
 * (server/service/codes.ts) is derived from its record.
 */
import { PERSISTENCE_RULES } from './persistence';
import { REPLICATION_RULES } from './replication';
import { SECURITY_RULES } from './security';
import { SENTINEL_RULES } from './sentinel';

export const RULES = [...PERSISTENCE_RULES, ...REPLICATION_RULES, ...SECURITY_RULES, ...SENTINEL_RULES] as const;

export type RuleId = (typeof RULES)[number]['id'];

/** The codes the rules report (for filters, tests and documentation). */
export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

export { levelFor } from './types';
export type { Fix, Finding, Rule, RuleContext, SeverityTable } from './types';
