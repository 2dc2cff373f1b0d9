import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { documentSymbols, findSections, type OutlineGrouping } from '../../server/service/navigation';
import { ROOT } from '../support/lsp';
import { analyzeText, randomConfig, rng, type Lang } from '../support/navigation';

function outline(text: string, language: Lang = 'redis-conf', groupBy?: OutlineGrouping, version = '7.0'): DocumentSymbol[] {
  return documentSymbols(analyzeText(text, language, version), { groupBy });
}
/** `Group: child=detail, …` lines, to compare whole outlines at a glance. */
function shape(symbols: DocumentSymbol[]): string[] {
  return symbols.map((s) =>
    s.children ? `${s.name}: ${s.children.map((c) => `${c.name}=${c.detail}`).join(', ')}` : `${s.name}=${s.detail}`,
  );
}
const within = (inner: Range, outer: Range) =>
  (inner.start.line > outer.start.line || (inner.start.line === outer.start.line && inner.start.character >= outer.start.character)) &&
  (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));

/** What VS Code requires of every symbol (it refuses the whole outline otherwise). */
function assertWellFormed(symbols: DocumentSymbol[], label: string) {
  for (const s of symbols) {
    assert.ok(s.name.length > 0 && !/[\n\r]/.test(s.name), `${label}: bad name ${JSON.stringify(s.name)}`);
    assert.ok(within(s.selectionRange, s.range), `${label}: selectionRange of ${s.name} outside its range`);
    for (const c of s.children ?? []) assert.ok(within(c.range, s.range), `${label}: child ${c.name} outside ${s.name}`);
    assertWellFormed(s.children ?? [], label);
  }
}

describe('outline by area', () => {
  const text = [
    'port 6380',
    'appendonly yes',
    'maxmemroy 1gb',
    'replicaof 127.0.0.1 6379',
    'save 900 1',
    'requirepass s3cret',
    'mymodule.setting 5',
    'maxmemory-clients 10%',
  ].join('\n');

  test('groups in catalog area order, unknown directives last, name + value as detail', () => {
    assert.deepEqual(shape(outline(text, 'redis-conf', 'area', '6.2')), [
      'Persistence (RDB / AOF): appendonly=yes, save=900 1',
      'Replication: replicaof=127.0.0.1 6379',
      'Security and ACL: requirepass=••••••',
      'Network: port=6380',
      'Clients: maxmemory-clients=10%',
      'Modules: mymodule.setting=5',
      'Unknown directives: maxmemroy=1gb',
    ]);
  });
  test('ranges: a directive spans its line, its selection is the name, a group spans its children', () => {
    const [persistence] = outline(text, 'redis-conf', 'area');
    assert.equal(persistence.kind, SymbolKind.Namespace);
    assert.equal(persistence.detail, '2 settings');
    assert.deepEqual(persistence.range, { start: { line: 1, character: 0 }, end: { line: 4, character: 10 } });
    const [appendonly] = persistence.children!;
    assert.deepEqual(appendonly.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } });
    assert.deepEqual(appendonly.selectionRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } });
  });
  test('an indented directive and a quoted value: ranges from the first to the last token, detail as written', () => {
    const [g] = outline('   dbfilename   "my dump.rdb"   ', 'redis-conf', 'area');
    const [d] = g.children!;
    assert.equal(d.detail, '"my dump.rdb"');
    assert.deepEqual(d.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 29 } });
  });
  test('auto: area when the file has fewer than two banner sections', () => {
    assert.deepEqual(shape(outline('### NETWORK ###\nport 1\nsave ""')), ['Persistence (RDB / AOF): save=""', 'Network: port=1']);
  });
});

describe('outline by section', () => {
  test('the file’s own banners, in file order; directives before the first banner stay on top', () => {
    const text = 'daemonize no\n\n##### NETWORK #####\n\nport 1\n\n#### SNAPSHOTTING  ####\n# Save the DB\nsave ""\nappendonly no\n';
    const symbols = outline(text);
    assert.deepEqual(shape(symbols), ['daemonize=no', 'NETWORK: port=1', 'SNAPSHOTTING: save="", appendonly=no']);
    const [, network, snap] = symbols;
    assert.deepEqual(network.range, { start: { line: 2, character: 0 }, end: { line: 4, character: 6 } });
    assert.deepEqual(network.selectionRange, { start: { line: 2, character: 6 }, end: { line: 2, character: 13 } });
    assert.equal(snap.detail, '2 settings');
  });
  test('banner shapes: hash fence, heading, rule fence, three-line box', () => {
    const text = [
      '### One ###',
      'a 1',
      '',
      '## Two',
      'b 2',
      '',
      '# ----- Three -----',
      'c 3',
      '',
      '##########',
      '#  Four  #',
      '##########',
      'd 4',
      '',
      '  ####   KERNEL  OOM   ####',
    ].join('\n');
    const doc = analyzeText(text).doc;
    const sections = findSections(doc);
    assert.deepEqual(
      sections.map((s) => [s.title, s.startLine, s.endLine]),
      [
        ['One', 0, 1],
        ['Two', 3, 4],
        ['Three', 6, 7],
        ['Four', 9, 12],
        ['KERNEL OOM', 14, 14],
      ],
    );
    // the title's offsets point at the title text in the banner (the outline's selection)
    assert.deepEqual(
      sections.map((s) => doc.slice(s.titleStart, s.titleEnd)),
      ['One', 'Two', 'Three', 'Four', 'KERNEL  OOM'],
    );
  });
  test('not banners: a sub-heading inside a comment paragraph, a commented-out directive, a bare rule', () => {
    const text = ['### A ###', '# text', '# --- HOW IT WORKS? ---', '', '## save 900 1', '', '# ----------', '', '### B ###', 'x 1'].join(
      '\n',
    );
    assert.deepEqual(
      findSections(analyzeText(text).doc).map((s) => s.title),
      ['A', 'B'],
    );
  });
  test('groupBy section forces sections; groupBy area ignores them', () => {
    const text = '### NETWORK ###\nport 1\n';
    assert.deepEqual(shape(outline(text, 'redis-conf', 'section')), ['NETWORK: port=1']);
    assert.deepEqual(shape(outline('### A ###\nport 1\n### B ###\nsave ""\n', 'redis-conf', 'area')), [
      'Persistence (RDB / AOF): save=""',
      'Network: port=1',
    ]);
  });

  test('stock redis-7.0.conf: its 26 sections, each active directive exactly once, contiguous ranges', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
    const a = analyzeText(text);
    const symbols = documentSymbols(a);
    assert.equal(symbols.length, 26);
    assert.deepEqual(
      symbols.slice(0, 6).map((s) => s.name),
      ['INCLUDES', 'MODULES', 'NETWORK', 'TLS/SSL', 'GENERAL', 'SNAPSHOTTING'],
    );
    assert.ok(
      symbols.some((s) => s.name === 'APPEND ONLY MODE' && s.children!.some((c) => c.name === 'appendfsync' && c.detail === 'everysec')),
    );
    const names = symbols.flatMap((s) => s.children!.map((c) => c.range.start.line));
    assert.deepEqual(
      names,
      a.doc.directives.map((d) => a.doc.positionAt(d.start).line),
    );
    for (let i = 1; i < symbols.length; i++) assert.ok(symbols[i].range.start.line > symbols[i - 1].range.end.line);
    assertWellFormed(symbols, 'redis-7.0.conf');
  });
});

describe('outline of a sentinel.conf', () => {
  test('one group per master with its lines, the global sentinel settings, then plain directives by area', () => {
    const text = [
      'port 26379',
      'sentinel monitor alpha 127.0.0.1 6379 2',
      'sentinel down-after-milliseconds alpha 5000',
      'sentinel monitor beta 127.0.0.1 6380 1',
      'sentinel auth-pass beta hunter2',
      'sentinel known-slave alpha 127.0.0.1 6381',
      'sentinel resolve-hostnames no',
      'sentinel parallel-syncs ghost 1',
      'sentinel bogus x',
      'logfile ""',
    ].join('\n');
    const symbols = outline(text, 'sentinel-conf');
    assert.deepEqual(shape(symbols), [
      'alpha: monitor=127.0.0.1 6379 2, down-after-milliseconds=5000, known-slave=127.0.0.1 6381',
      'beta: monitor=127.0.0.1 6380 1, auth-pass=••••••',
      'ghost: parallel-syncs=1',
      'Sentinel settings: resolve-hostnames=no',
      'Network: port=26379',
      'Logging: logfile=""',
      'Unknown directives: sentinel=bogus x',
    ]);
    const [alpha, , ghost] = symbols;
    assert.equal(alpha.kind, SymbolKind.Object);
    assert.equal(alpha.detail, '127.0.0.1:6379 · quorum 2');
    assert.deepEqual(alpha.selectionRange, { start: { line: 1, character: 17 }, end: { line: 1, character: 22 } });
    assert.deepEqual(alpha.range, { start: { line: 1, character: 0 }, end: { line: 5, character: 41 } });
    assert.match(ghost.detail!, /no `sentinel monitor`/);
  });
  test('stock sentinel-7.0.conf', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/stock/sentinel-7.0.conf'), 'utf8');
    const symbols = outline(text, 'sentinel-conf');
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['mymaster', 'Sentinel settings', 'Persistence (RDB / AOF)', 'Security and ACL', 'Network', 'Logging', 'Process and OS'],
    );
    assert.deepEqual(
      symbols[0].children!.map((c) => c.name),
      ['monitor', 'down-after-milliseconds', 'parallel-syncs', 'failover-timeout', 'master-reboot-down-after-period'],
    );
  });
});

describe('outline is always well-formed', () => {
  test('every stock file, both groupings', () => {
    const dir = join(ROOT, 'test/fixtures/stock');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.conf'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      const lang: Lang = f.includes('sentinel') ? 'sentinel-conf' : 'redis-conf';
      for (const g of ['auto', 'area', 'section'] as const) {
        const symbols = outline(text, lang, g);
        assert.ok(symbols.length > 0, f);
        assertWellFormed(symbols, `${f} ${g}`);
      }
    }
  });
  test('odd names and values: empty quoted name, control characters, a 5,000-character value', () => {
    const text = `"" 1\n"\\x01\\n" x\nrequirepass\nsave "${'9'.repeat(5000)}"\n`;
    const symbols = outline(text, 'redis-conf', 'area');
    assertWellFormed(symbols, 'odd');
    const all = symbols.flatMap((s) => s.children!);
    assert.ok(all.some((c) => c.name === '""'));
    assert.ok(all.every((c) => (c.detail ?? '').length <= 100));
    assert.ok(all.some((c) => c.name === 'requirepass' && c.detail === ''));
  });
  test('2,000 generated configs', () => {
    const r = rng(7);
    for (let i = 0; i < 2000; i++) {
      const lang: Lang = i % 2 ? 'sentinel-conf' : 'redis-conf';
      assertWellFormed(outline(randomConfig(r), lang), `generated #${i}`);
    }
  });
});
