/**
 * Every durability and replication rule, in the order they are reported.
 * Each rule's id is its diagnostic code in server/service/codes.ts.
 */
import { PERSISTENCE_RULES } from './persistence';
import { REPLICATION_RULES } from './replication';
import { SECURITY_RULES } from './security';
import { SENTINEL_RULES } from './sentinel';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [...PERSISTENCE_RULES, ...REPLICATION_RULES, ...SECURITY_RULES, ...SENTINEL_RULES];

/** The codes the rules report (for filters, tests and documentation). */
export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

export type { Fix, Finding, Rule, RuleContext } from './types';
