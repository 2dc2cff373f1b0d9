import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { areaOf } from '../../server/catalog/areas';
import { catalog, VERSION_IDS } from '../../server/catalog/catalog';
import {
  DIRECTIVE_DOC_TABLES,
  directiveDoc,
  documentedDirectives,
  documentedSentinelSubcommands,
  sentinelDoc,
  type DirectiveDoc,
} from '../../server/catalog/docs';
import { ROOT } from '../support/lsp';

const PLACEHOLDER = /\b(todo|tbd|fixme|xxx|lorem|ipsum|placeholder|describe me|to be written)\b|\.\.\.|^\W*$/i;

function allDocs(): Array<[string, DirectiveDoc]> {
  return [
    ...documentedDirectives().map((n) => [n, directiveDoc(n)!] as [string, DirectiveDoc]),
    ...documentedSentinelSubcommands().map((n) => [`sentinel ${n}`, sentinelDoc(n)!] as [string, DirectiveDoc]),
  ];
}

function texts(doc: DirectiveDoc): string[] {
  return [doc.summary, doc.details, doc.rpo, doc.rto, ...Object.values(doc.values ?? {}), ...(doc.args ?? []).map((a) => a.doc)].filter(
    (t): t is string => t !== undefined,
  );
}

describe('directive documentation', () => {
  test('every directive of every version in the catalog has a doc entry', () => {
    const missing: string[] = [];
    for (const v of VERSION_IDS) {
      for (const info of catalog().forVersion(v).directives()) if (!directiveDoc(info.name)) missing.push(`${info.name} (${v})`);
    }
    assert.deepEqual(missing, []);
  });

  test('every Sentinel sub-command (and alias) has a doc entry with one documented argument per position', () => {
    for (const s of catalog().data.sentinel) {
      const doc = sentinelDoc(s.name);
      assert.ok(doc, `sentinel ${s.name}`);
      assert.equal(doc.args?.length, Math.max(...s.argc), `arguments of sentinel ${s.name}`);
    }
  });

  test('no stale entries: every documented name is in the catalog', () => {
    const known = new Set(catalog().data.directives.map((d) => d.name));
    const stale = documentedDirectives().filter((n) => !known.has(n));
    assert.deepEqual(stale, []);
    const subs = new Set(catalog().data.sentinel.flatMap((s) => [s.name, ...(s.aliases ?? [])]));
    // Valkey's primary-* spelling is documented ahead of the catalog, like the directives above
    assert.deepEqual(
      documentedSentinelSubcommands().filter((n) => !subs.has(n) && n !== 'primary-reboot-down-after-period'),
      [],
    );
  });

  test('a name is documented in exactly one table', () => {
    const seen = new Map<string, string>();
    for (const [table, docs] of Object.entries(DIRECTIVE_DOC_TABLES)) {
      for (const name of Object.keys(docs)) {
        assert.ok(!seen.has(name), `${name} is in both ${seen.get(name)} and ${table}`);
        seen.set(name, table);
      }
    }
  });

  test('summaries are real sentences, unique, and not a template with the name filled in', () => {
    const normalized = new Map<string, string>();
    for (const [name, doc] of allDocs()) {
      const s = doc.summary;
      assert.ok(s.length >= 25, `${name}: summary too short: ${s}`);
      assert.match(s, /[.)]$/, `${name}: summary must end with a full stop`);
      assert.doesNotMatch(s, PLACEHOLDER, `${name}: placeholder text`);
      const words = name.replace(/^sentinel /, '').split(/[-_]/);
      const skeleton = words.reduce((acc, w) => acc.replace(new RegExp(`\\b${w}\\b`, 'gi'), '#'), s).replace(/\d+/g, '0');
      const other = normalized.get(skeleton);
      assert.ok(!other, `${name} and ${other} have the same summary shape: ${s}`);
      normalized.set(skeleton, name);
      assert.notEqual(
        s.toLowerCase().replace(/[^a-z]/g, ''),
        name.toLowerCase().replace(/[^a-z]/g, ''),
        `${name}: summary only repeats the name`,
      );
      for (const t of texts(doc)) {
        assert.doesNotMatch(t, PLACEHOLDER, `${name}: placeholder text in "${t}"`);
        // Markdown safety: <word> would vanish as an HTML tag and __x__ turn bold, unless in backticks
        const bare = t.replace(/`[^`]*`/g, '');
        assert.doesNotMatch(bare, /<[a-z]|__|\*\*/i, `${name}: Markdown-unsafe text outside backticks in "${t}"`);
      }
    }
  });

  test('every enum value of every version has its own note', () => {
    const missing: string[] = [];
    for (const d of catalog().data.directives) {
      const doc = directiveDoc(d.name);
      for (const v of d.variants) {
        if (v.value.kind !== 'enum') continue;
        for (const w of v.value.values) if (!doc?.values?.[w]) missing.push(`${d.name} ${w}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('persistence, replication, Sentinel and security directives state their RPO or RTO consequence', () => {
    const areas = new Set(['persistence', 'replication', 'sentinel', 'security']);
    const missing: string[] = [];
    for (const d of catalog().data.directives) {
      const last = d.variants[d.variants.length - 1];
      if (!areas.has(areaOf(d.name, last)) || last.value.kind === 'deprecated') continue;
      const doc = directiveDoc(d.name);
      if (!doc?.rpo && !doc?.rto) missing.push(d.name);
    }
    for (const [name, doc] of documentedSentinelSubcommands().map((n) => [n, sentinelDoc(n)!] as const)) {
      if (!doc.rpo && !doc.rto) missing.push(`sentinel ${name}`);
    }
    assert.deepEqual(missing, []);
  });

  test('multi-argument forms document each argument', () => {
    for (const name of [
      'save',
      'client-output-buffer-limit',
      'replicaof',
      'rename-command',
      'oom-score-adj-values',
      'user',
      'loadmodule',
      'include',
      'bind',
    ]) {
      const args = directiveDoc(name)?.args;
      assert.ok(args?.length, name);
      for (const a of args) assert.ok(a.doc.length > 10 && /^[a-z][a-z-]*$/.test(a.name), `${name} <${a.name}>`);
    }
  });

  test('the texts are our own: no run of 9 words is shared with the stock config files', () => {
    const norm = (t: string) =>
      t
        .toLowerCase()
        .replace(/[`*'’"]/g, '')
        .split(/[^a-z0-9]+/)
        .filter(Boolean);
    const shingles = new Set<string>();
    const stock = join(ROOT, 'test/fixtures/stock');
    for (const f of readdirSync(stock).filter((n) => n.endsWith('.conf'))) {
      const words = norm(readFileSync(join(stock, f), 'utf8'));
      for (let i = 0; i + 9 <= words.length; i++) shingles.add(words.slice(i, i + 9).join(' '));
    }
    const copied: string[] = [];
    for (const [name, doc] of allDocs()) {
      for (const t of texts(doc)) {
        const w = norm(t);
        for (let i = 0; i + 9 <= w.length; i++)
          if (shingles.has(w.slice(i, i + 9).join(' '))) copied.push(`${name}: ${w.slice(i, i + 9).join(' ')}`);
      }
    }
    assert.deepEqual(copied, []);
  });
});
