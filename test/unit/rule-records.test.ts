/**
 * A rule is one record (server/service/durability/rules): what is derived from
 * it — the code table, the README's rule table, the hover notes of the
 * directives it is about — must match it, and each guidance sentence it rests
 * on (server/catalog/guidance.ts) is written once in the whole source.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { catalog, NEWEST } from '../../server/catalog/catalog';
import { GUIDANCE, GUIDANCE_SECTIONS, clause, guidance, type GuidanceKey } from '../../server/catalog/guidance';
import { PROFILES } from '../../server/catalog/profiles';
import { CHECKER_CODES, CODES, RULES, RULE_CODES, ruleCodeInfo, type Rule } from '../../server/service';
import { directiveCard, sentinelCard } from '../../server/service/describe';
import { rulesTable, withRulesTable } from '../../tools/docs/rules';
import { ROOT } from '../support/lsp';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** The hover card of a rule's directive: `appendfsync` or `sentinel down-after-milliseconds`. */
function cardOf(directive: string): string {
  const vc = catalog().forVersion(NEWEST.redis);
  const sub = /^sentinel (\S+)$/.exec(directive)?.[1];
  if (sub) {
    const s = vc.sentinelSubcommand(sub);
    assert.ok(s, `sentinel ${sub} is a sub-command`);
    return sentinelCard(s);
  }
  const info = vc.lookup(directive)?.info;
  assert.ok(info, `${directive} is a directive`);
  return directiveCard(info);
}

describe('the code table is derived from the rule records', () => {
  test('each rule has its entry: its title, and the most severe level it can report', () => {
    for (const r of RULES as readonly Rule[]) {
      assert.deepEqual(CODES[r.id as keyof typeof CODES], ruleCodeInfo(r), r.id);
      assert.equal(CODES[r.id as keyof typeof CODES].summary, r.title);
      const levels = [...Object.values(r.severity), ...Object.values(r.milder?.severity ?? {})].filter((l) => l !== 'off');
      assert.equal(CODES[r.id as keyof typeof CODES].severity, Math.min(...(levels as number[])), r.id);
    }
  });
  test('every other entry is the checker’s own, and no code is both', () => {
    for (const code of Object.keys(CODES)) assert.ok(RULE_CODES.has(code) !== code in CHECKER_CODES, code);
    assert.equal(Object.keys(CODES).length, Object.keys(CHECKER_CODES).length + RULES.length);
  });
  test('a rule never reports an error, and a milder case is milder for every target', () => {
    for (const r of RULES as readonly Rule[]) {
      for (const [target, level] of Object.entries(r.severity)) {
        assert.notEqual(level, 1, `${r.id} ${target}: error is reserved for files redis-server refuses`);
        const milder = r.milder?.severity[target as keyof Rule['severity']];
        if (milder !== undefined && milder !== 'off') assert.ok(level !== 'off' && milder >= level, `${r.id} ${target}`);
      }
    }
  });
});

describe('the README rule table is generated from the records', () => {
  test('README.md holds exactly the generated table (npm run generate:docs)', () => {
    assert.equal(README, withRulesTable(README), 'README.md is stale: run npm run generate:docs');
  });
  test('the table has one row per rule, with its title and fix', () => {
    const table = rulesTable();
    for (const r of RULES as readonly Rule[]) {
      const row = table.split('\n').find((l) => l.startsWith(`| \`${r.id}\` |`));
      assert.ok(row, r.id);
      assert.ok(row.includes(r.title), `${r.id}: title`);
      assert.ok(row.includes(typeof r.fix === 'string' ? r.fix : r.fix.none), `${r.id}: fix`);
    }
  });
});

describe('each rule rests on one guidance sentence, shown where its directives are explained', () => {
  test('the hover card of each directive a rule is about carries the rule’s guidance sentence and lists the rule', () => {
    for (const r of RULES as readonly Rule[]) {
      for (const d of r.directives) {
        const card = cardOf(d);
        const shown = card.includes(guidance(r.guidance)) || card.includes(clause(r.guidance));
        assert.ok(shown, `${r.id}: the card of ${d} lacks "${guidance(r.guidance)}"`);
        const listed = new RegExp(`^- \`${r.id}\` — (information|warning|hint)`, 'm');
        assert.match(card, listed, `${r.id}: the card of ${d} lists the rule with its levels`);
      }
    }
  });
  test('every guidance sentence is used: by a rule, a profile, or a hover card', () => {
    const cards = [...new Set((RULES as readonly Rule[]).flatMap((r) => r.directives))].map(cardOf).join('\n');
    const whys = PROFILES.flatMap((p) => p.sections.flatMap((s) => s.lines.map((l) => l.why))).join('\n');
    for (const key of Object.keys(GUIDANCE) as GuidanceKey[]) {
      const shown = [cards, whys].some((t) => t.includes(guidance(key)) || t.includes(clause(key)));
      assert.ok(RULES.some((r) => r.guidance === key) || shown, `${key} is used nowhere`);
    }
  });
  test('each sentence is written once: no source file but guidance.ts repeats it', () => {
    const files = [...sourceFiles(join(ROOT, 'server')), ...sourceFiles(join(ROOT, 'tools')), join(ROOT, 'README.md')];
    const others = files.filter((f) => !f.endsWith('catalog/guidance.ts'));
    const texts = others.map((f) => ({ f: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
    for (const [key, g] of Object.entries(GUIDANCE)) {
      // a stretch of the sentence without its first letter, so a copied clause form is caught too
      const body = g.text.slice(1, 60);
      assert.deepEqual(
        texts.filter((t) => t.text.includes(body)).map((t) => t.f),
        [],
        `${key} is copied`,
      );
    }
  });
  test('sentences are plain, whole sentences that read as a clause too', () => {
    for (const [key, g] of Object.entries(GUIDANCE)) {
      assert.match(g.text, /^[A-Z].*\.$/, key);
      assert.doesNotMatch(g.text, /[`*_<>]/, `${key}: no Markdown (it also ends up in diagnostics and config comments)`);
      assert.ok(!clause(key as GuidanceKey).endsWith('.'), key);
    }
  });
  test('every cited section is a heading of the guidance document', () => {
    const headings = new Set(recordedHeadings());
    for (const s of GUIDANCE_SECTIONS) for (const part of s.split(' › ')) assert.ok(headings.has(part), `${s}: no heading "${part}"`);
  });
  const doc = guidanceDocument();
  test('the recorded headings are the guidance document’s', {
    skip: doc ? false : 'the guidance document (../shared/guidance) is not here',
  }, () => {
    const headings = [...(doc ?? '').matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1].trim());
    assert.deepEqual(recordedHeadings(), headings, 'refresh test/fixtures/guidance/headings.txt');
  });
});

/** The headings of the guidance document, as recorded in the project (a clone has no ../shared). */
function recordedHeadings(): string[] {
  const text = readFileSync(join(ROOT, 'test', 'fixtures', 'guidance', 'headings.txt'), 'utf8');
  return text.split('\n').filter((l) => l && !l.startsWith('#'));
}

function guidanceDocument(): string | undefined {
  const p = join(ROOT, '..', 'shared', 'guidance', 'redis-failover-and-durability.md');
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}
