/**
 * The README's table of durability rules, written from the rule records
 * (server/service/durability/rules): code, title, severity for each target,
 * quick fix, and the guidance section the rule rests on. It sits between two
 * markers in README.md; `npm run generate:docs` rewrites it and a unit test
 * fails when the README differs.
 */
import { GUIDANCE } from '../../server/catalog/guidance';
import { RPO_TARGETS, RULES, SEVERITY_NAMES, type Rule } from '../../server/service';

export const BEGIN = '<!-- rules:begin — generated from the rule records by npm run generate:docs; do not edit -->';
export const END = '<!-- rules:end -->';

type Level = Rule['severity'][keyof Rule['severity']];

function levelName(l: Level): string {
  return l === 'off' ? '—' : SEVERITY_NAMES[l];
}

function cell(rule: Rule, target: (typeof RPO_TARGETS)[number]): string {
  const base = levelName(rule.severity[target]);
  const milder = rule.milder ? levelName(rule.milder.severity[target]) : base;
  return milder === base ? base : `${base} / ${milder}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function row(rule: Rule): string {
  const finds = rule.milder ? `${rule.title} *Second level: when ${rule.milder.when}.*` : rule.title;
  const fix = typeof rule.fix === 'string' ? rule.fix : `none: ${rule.fix.none}`;
  const section = GUIDANCE[rule.guidance].section ?? 'not in the guidance: how redis-server behaves';
  return `| \`${rule.id}\` | ${[finds, ...RPO_TARGETS.map((t) => cell(rule, t)), fix, section].map(escapeCell).join(' | ')} |`;
}

/** The generated block, markers included. */
export function rulesTable(): string {
  return [
    BEGIN,
    `| code | what it finds | ${RPO_TARGETS.map((t) => `rpo=${t}`).join(' | ')} | quick fix | guidance section |`,
    `| --- | --- | ${RPO_TARGETS.map(() => '---').join(' | ')} | --- | --- |`,
    ...RULES.map(row),
    END,
  ].join('\n');
}

/** The README with its rule table replaced by the generated one. */
export function withRulesTable(readme: string): string {
  const a = readme.indexOf('<!-- rules:begin'),
    b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${BEGIN} … ${END} block`);
  return readme.slice(0, a) + rulesTable() + readme.slice(b + END.length);
}
