/**
 * package.json against the code it describes. The settings are written from
 * the table in client/settings.ts (`npm run generate:manifest`): the manifest
 * must be what the generator would write, and the generator must refuse an
 * altered copy. The rest is checked: commands registered and contributed,
 * languages and file patterns as languageForFile reads them, activation,
 * grammars, snippets, the language configuration, the view and trust.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import ts from 'typescript';
import { DEFAULT_REFRESH_SECONDS, DEFAULT_THRESHOLDS, DEFAULT_TIMEOUT_MS } from '../../health';
import {
  DEFAULT_MAX_FILE_BYTES,
  LANGUAGE_SETTINGS,
  LANGUAGES,
  OUTER_LANGUAGES,
  languageForFile,
  NEWEST,
  RPO_TARGETS,
  VERSION_IDS,
  VERSION_LABELS,
  type SettingSchema,
} from '../../server/service';
import { MAX_PUBLISHED_DIAGNOSTICS } from '../../server/documents';
import { contributedConfiguration, healthSettingsFrom, SETTINGS, settingKey } from '../../client/settings';
import { jsonSpan, manifestText } from '../../tools/manifest/generate';

const ROOT = join(__dirname, '..', '..');
const TEXT = readFileSync(join(ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(TEXT);
const props = manifest.contributes.configuration.properties as Record<string, SettingSchema>;
const GENERATOR = join(ROOT, 'tools', 'manifest', 'generate.ts');

const tmp = mkdtempSync(join(tmpdir(), 'redis-ha-manifest-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of package.json with `edit` applied to its parsed form, written back the way the repository formats it. */
function alteredCopy(edit: (m: typeof manifest) => void): string {
  const m = JSON.parse(TEXT);
  edit(m);
  return `${JSON.stringify(m, null, 2)}\n`;
}

function runGenerator(file: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', GENERATOR, '--manifest', file, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** The property names of an interface, nested type literals as `outer.inner`. */
function interfaceMembers(file: string, name: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const members = (list: ts.NodeArray<ts.TypeElement>, prefix: string): void => {
    for (const m of list) {
      if (!ts.isPropertySignature(m)) continue;
      const key = `${prefix}${m.name.getText(sf)}`;
      if (m.type && ts.isTypeLiteralNode(m.type)) members(m.type.members, `${key}.`);
      else out.push(key);
    }
  };
  sf.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n) && n.name.text === name) members(n.members, '');
  });
  assert.ok(out.length, `interface ${name} in ${file}`);
  return out;
}

/** Whether a value is one the schema accepts (the subset of JSON schema the settings use). */
function schemaErrors(schema: SettingSchema, value: unknown, at: string): string[] {
  const errors: string[] = [];
  const typeOk =
    schema.type === 'integer'
      ? Number.isInteger(value)
      : schema.type === 'array'
        ? Array.isArray(value)
        : schema.type === 'object'
          ? typeof value === 'object' && value !== null && !Array.isArray(value)
          : typeof value === schema.type;
  if (!typeOk) return [`${at}: ${JSON.stringify(value)} is not of type ${schema.type}`];
  if (schema.enum && !schema.enum.includes(value as string)) errors.push(`${at}: ${JSON.stringify(value)} is not in its enum`);
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below its minimum`);
  if (typeof value === 'number' && schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above its maximum`);
  if (Array.isArray(value) && schema.items)
    value.forEach((v, i) => {
      errors.push(...schemaErrors(schema.items!, v, `${at}[${i}]`));
    });
  return errors;
}

describe('settings: package.json is what npm run generate:manifest writes', () => {
  test('the manifest in the repository needs no change', () => {
    assert.equal(manifestText(TEXT), TEXT);
    assert.deepEqual(manifest.contributes.configuration, contributedConfiguration());
  });

  const alterations: Array<[string, (m: typeof manifest) => void]> = [
    ['a version dropped from targetVersion', (m) => m.contributes.configuration.properties['redisHa.targetVersion'].enum.pop()],
    [
      'a default changed',
      (m) => {
        m.contributes.configuration.properties['redisHa.health.timeout'].default = 3000;
      },
    ],
    [
      'a description retyped',
      (m) => {
        m.contributes.configuration.properties['redisHa.targetRpo'].enumDescriptions[4] = 'zero';
      },
    ],
    [
      'a setting added by hand',
      (m) => {
        m.contributes.configuration.properties['redisHa.extra'] = { type: 'boolean', default: false };
      },
    ],
    [
      'two settings swapped',
      (m) => {
        const { 'redisHa.targetVersion': a, ...rest } = m.contributes.configuration.properties;
        m.contributes.configuration.properties = { ...rest, 'redisHa.targetVersion': a };
      },
    ],
  ];
  for (const [what, edit] of alterations) {
    test(`an altered copy differs from what the generator writes, which is the repository's file: ${what}`, () => {
      const altered = alteredCopy(edit);
      assert.notEqual(altered, TEXT);
      const regenerated = manifestText(altered);
      assert.notEqual(regenerated, altered);
      assert.equal(regenerated, TEXT);
    });
  }

  test('the script: --check fails on an altered copy and writes nothing; without it, the copy is rewritten', () => {
    const altered = alteredCopy(alterations[0][1]);
    const file = join(tmp, 'package.json');
    writeFileSync(file, altered);
    const check = runGenerator(file, '--check');
    assert.equal(check.status, 1);
    assert.match(check.stderr, /differs from the settings table .*npm run generate:manifest/);
    assert.equal(readFileSync(file, 'utf8'), altered, '--check writes nothing');
    const write = runGenerator(file);
    assert.equal(write.status, 0, write.stderr);
    assert.equal(readFileSync(file, 'utf8'), TEXT, 'rewritten exactly as the repository has it');
    const again = runGenerator(file, '--check');
    assert.equal(again.status, 0, again.stderr);
  });

  test('only contributes.configuration is touched: the rest keeps its bytes, however it is formatted', () => {
    const odd = alteredCopy((m) => m.contributes.configuration.properties['redisHa.maxFileSize'].minimum++)
      .replace('"main": "./dist/extension.js",', '"main" :   "./dist/extension.js" ,\t"x-oddly-placed":"./dist/odd.js",')
      .replace(/"keywords": \[[^\]]*\]/, '"keywords": ["redis", "valkey"]');
    const span = jsonSpan(odd, ['contributes', 'configuration'])!;
    const out = manifestText(odd);
    const outSpan = jsonSpan(out, ['contributes', 'configuration'])!;
    assert.equal(out.slice(0, outSpan.start), odd.slice(0, span.start));
    assert.equal(out.slice(outSpan.end), odd.slice(span.end));
    assert.deepEqual(JSON.parse(out).contributes.configuration, contributedConfiguration());
    assert.equal(JSON.parse(out)['x-oddly-placed'], './dist/odd.js');
  });

  test('settings equal to the table in another formatting are left alone (a formatter may reflow them)', () => {
    const span = jsonSpan(TEXT, ['contributes', 'configuration'])!;
    const compact = TEXT.slice(0, span.start) + JSON.stringify(contributedConfiguration()) + TEXT.slice(span.end);
    assert.equal(manifestText(compact), compact);
  });

  test('the "configuration" of a language is not mistaken for the settings; CRLF and a missing section are handled', () => {
    const span = jsonSpan(TEXT, ['contributes', 'configuration'])!;
    assert.match(TEXT.slice(span.start, span.start + 40), /^\{\s+"title": "Redis HA"/);
    assert.equal(jsonSpan(TEXT, ['contributes', 'nothing']), undefined);
    const crlf = alteredCopy((m) => {
      m.contributes.configuration.title = 'x';
    }).replace(/\n/g, '\r\n');
    const fixed = manifestText(crlf);
    assert.equal(fixed, TEXT.replace(/\n/g, '\r\n'));
    const without = alteredCopy((m) => {
      delete m.contributes.configuration;
    });
    const added = manifestText(without);
    assert.deepEqual(JSON.parse(added).contributes.configuration, contributedConfiguration());
    assert.deepEqual(Object.keys(JSON.parse(added).contributes)[0], 'configuration');
    assert.throws(() => jsonSpan('{"a": [1, 2,, 3]}', ['a']), SyntaxError);
  });
});

describe('settings: the table agrees with the code that reads them', () => {
  test('every default is a value its own schema accepts, and every enum is described value by value', () => {
    for (const [key, schema] of Object.entries(props)) {
      assert.deepEqual(schemaErrors(schema, schema.default, key), []);
      for (const list of [schema.enumDescriptions, schema.enumItemLabels]) if (list) assert.equal(list.length, schema.enum!.length, key);
      for (const [name, p] of Object.entries(schema.items?.properties ?? {})) {
        if (p.default !== undefined) assert.deepEqual(schemaErrors(p, p.default, `${key}.${name}`), []);
      }
    }
  });

  test('the language settings are exactly the fields of DocumentSettings', () => {
    assert.deepEqual(Object.keys(LANGUAGE_SETTINGS).sort(), interfaceMembers('server/service/analysis.ts', 'DocumentSettings').sort());
  });

  test('targetVersion offers every catalog version, named by its label, and says which is newest', () => {
    const s = props['redisHa.targetVersion'];
    assert.deepEqual(s.enum, ['auto', ...VERSION_IDS]);
    assert.deepEqual(
      s.enumDescriptions!.slice(1),
      VERSION_IDS.map((v) => VERSION_LABELS[v]),
    );
    const newest = s.enumDescriptions![0];
    assert.ok(newest.includes(VERSION_LABELS[NEWEST.redis]) && newest.includes(VERSION_LABELS[NEWEST.valkey]), newest);
  });

  test('targetRpo offers the RPO targets and "not set"; maxFileSize is the service\'s limit', () => {
    assert.deepEqual(props['redisHa.targetRpo'].enum, ['', ...RPO_TARGETS]);
    const size = props['redisHa.maxFileSize'];
    assert.equal(size.default, DEFAULT_MAX_FILE_BYTES);
    assert.match(size.markdownDescription!, /default 4 MiB/);
    assert.ok(size.markdownDescription!.includes(`At most ${MAX_PUBLISHED_DIAGNOSTICS.toLocaleString('en-US')} diagnostics`));
  });

  test('every threshold is a setting with the same default, and nothing else is', () => {
    for (const [k, v] of Object.entries(DEFAULT_THRESHOLDS)) assert.equal(props[`redisHa.health.${k}`]?.default, v, k);
    const declared = Object.keys(props)
      .filter((k) => k.startsWith('redisHa.health.'))
      .map((k) => k.slice('redisHa.health.'.length));
    assert.deepEqual(
      declared.sort(),
      [...Object.keys(DEFAULT_THRESHOLDS), 'refreshInterval', 'timeout', 'allowedAddresses', 'heartbeatKey'].sort(),
    );
    assert.equal(props['redisHa.health.refreshInterval'].default, DEFAULT_REFRESH_SECONDS);
    assert.equal(props['redisHa.health.timeout'].default, DEFAULT_TIMEOUT_MS);
    assert.equal(props['redisHa.health.heartbeatKey'].default, '', 'the heartbeat writes: off by default');
    // a restriction a workspace must not be able to lift
    assert.equal(props['redisHa.health.allowedAddresses'].scope, 'application');
  });

  test('connections: the fields connectionFromSetting reads, no password, workspace values restricted until trust', () => {
    const item = props['redisHa.connections'].items!;
    assert.deepEqual(Object.keys(item.properties!).sort(), interfaceMembers('health/settings.ts', 'ConnectionSetting').sort());
    assert.ok(!('password' in item.properties!));
    assert.equal(item.additionalProperties, false);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [settingKey('connections')]);
    assert.deepEqual(manifest.extensionKind, ['workspace']);
  });

  test("the live view reads its settings by the table's names: defaults, user values, minimums, wrong types", () => {
    const reader = (values: Record<string, unknown>) => ({ get: <T>(name: string) => values[name] as T | undefined });
    assert.deepEqual(healthSettingsFrom(reader({})), {
      intervalMs: DEFAULT_REFRESH_SECONDS * 1000,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      thresholds: { ...DEFAULT_THRESHOLDS },
      allowedAddresses: [],
      heartbeatKey: undefined,
      thresholdIssues: [],
    });
    const set = healthSettingsFrom(
      reader({
        'health.refreshInterval': 0.2,
        'health.timeout': 50,
        'health.slowReplyMs': 900,
        'health.rdbMaxAgeSeconds': '60',
        'health.allowedAddresses': ['10.0.0.0/8', 7, null],
      }),
    );
    assert.equal(set.intervalMs, 1000, 'raised to the declared minimum of 1 s');
    assert.equal(set.timeoutMs, props['redisHa.health.timeout'].minimum);
    assert.equal(set.thresholds.slowReplyMs, 900);
    assert.equal(set.thresholds.rdbMaxAgeSeconds, DEFAULT_THRESHOLDS.rdbMaxAgeSeconds, 'a string is not a number');
    assert.deepEqual(set.thresholdIssues, ['redisHa.health.rdbMaxAgeSeconds: string is not a number ≥ 0; the default 3600 is used']);
    assert.deepEqual(set.allowedAddresses, ['10.0.0.0/8']);
    assert.deepEqual(healthSettingsFrom(reader({ 'health.allowedAddresses': 'x' })).allowedAddresses, []);
    assert.equal(healthSettingsFrom(reader({ 'health.heartbeatKey': 'redis-ha:hb' })).heartbeatKey, 'redis-ha:hb');
    assert.equal(healthSettingsFrom(reader({ 'health.heartbeatKey': 'a\nb' })).heartbeatKey, undefined, 'no control characters');
    assert.equal(healthSettingsFrom(reader({ 'health.heartbeatKey': 7 })).heartbeatKey, undefined);
    for (const name of Object.keys(SETTINGS)) assert.ok(props[`redisHa.${name}`], name);
  });
});

/** Every file of a folder, recursively, relative to the root. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((n) => {
    const rel = `${dir}/${n}`;
    return statSync(join(ROOT, rel)).isDirectory() ? sources(rel) : /\.ts$/.test(n) ? [rel] : [];
  });
}

/**
 * The command ids the client registers (once each, whichever entry does):
 * string literals (or the client's string constants) passed to registerCommand or the live view's `command` helper.
 */
function registeredCommands(): string[] {
  const files = sources('client').map((file) =>
    ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true),
  );
  // string constants of the client (`export const OPEN_EXAMPLE_COMMAND = 'redisHa.openExample'`) stand for their value
  const constants = new Map<string, string>();
  for (const sf of files) {
    const visit = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isStringLiteralLike(n.initializer)) {
        constants.set(n.name.text, n.initializer.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const out: string[] = [];
  for (const sf of files) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && /(?:^|\.)(?:registerCommand|command)$/.test(n.expression.getText(sf))) {
        const arg = n.arguments[0];
        if (arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
        else if (arg && ts.isIdentifier(arg) && constants.has(arg.text)) out.push(constants.get(arg.text)!);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return [...new Set(out)].sort();
}

describe('the rest of the manifest against the code', () => {
  test('the commands registered are the commands contributed, and menus and links name only those', () => {
    const registered = registeredCommands();
    const contributed = (manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    assert.deepEqual(registered, contributed);
    const menus = Object.values(manifest.contributes.menus as Record<string, Array<{ command: string }>>).flat();
    for (const m of menus) assert.ok(contributed.includes(m.command), m.command);
    for (const w of manifest.contributes.viewsWelcome as Array<{ contents: string }>) {
      for (const [, id] of w.contents.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(contributed.includes(id) || id.startsWith('workbench.'), id);
      }
    }
  });

  test("the languages are the service's, activate the extension, and own every name they list", () => {
    type Contribution = { id: string; filenames: string[]; filenamePatterns: string[]; configuration: string };
    const languages = manifest.contributes.languages as Contribution[];
    assert.deepEqual(
      languages.map((l) => l.id),
      [...LANGUAGES],
    );
    // and the documents that may hold configs (redisHa.embedded): with the setting off they start no server
    assert.deepEqual(
      manifest.activationEvents,
      [...LANGUAGES, ...OUTER_LANGUAGES].map((l) => `onLanguage:${l}`),
    );
    for (const l of languages) {
      for (const f of l.filenames) assert.equal(languageForFile(`/etc/redis/${f}`), l.id, f);
      for (const p of l.filenamePatterns) {
        // languageForFile understands `*` only: a `?`, `**`, `{a,b}` or `[…]` would be read differently from VS Code
        assert.match(p, /^[\w.*-]+$/, p);
        assert.equal(languageForFile(`/srv/${p.replace(/\*/g, 'node1')}`), l.id, p);
      }
      const config = JSON.parse(readFileSync(join(ROOT, l.configuration), 'utf8'));
      assert.equal(config.comments.lineComment, '#');
    }
    for (const [name, id] of [
      ['redis.conf', 'redis-conf'],
      ['redis-6380.conf', 'redis-conf'],
      ['valkey.conf', 'redis-conf'],
      ['sentinel.conf', 'sentinel-conf'],
      ['redis-sentinel.conf', 'sentinel-conf'],
      ['sentinel-26379.conf', 'sentinel-conf'],
      ['nginx.conf', undefined],
      ['redis.conf.bak', undefined],
    ] as const)
      assert.equal(languageForFile(name), id, name);
    for (const key of Object.keys(manifest.contributes.configurationDefaults)) {
      assert.ok(LANGUAGES.includes(key.replace(/^\[(.*)\]$/, '$1') as never), key);
    }
  });

  test('each language has its grammar and its snippets, at paths that exist', () => {
    const grammars = manifest.contributes.grammars as Array<{ language: string; scopeName: string; path: string }>;
    const snippets = manifest.contributes.snippets as Array<{ language: string; path: string }>;
    assert.deepEqual(
      grammars.map((g) => g.language),
      [...LANGUAGES],
    );
    assert.deepEqual(
      snippets.map((s) => s.language),
      [...LANGUAGES],
    );
    for (const g of grammars) {
      const grammar = JSON.parse(readFileSync(join(ROOT, g.path), 'utf8'));
      assert.equal(grammar.scopeName, g.scopeName);
      assert.equal(g.scopeName, `source.${g.language}`);
    }
    for (const s of snippets) {
      const body = JSON.parse(readFileSync(join(ROOT, s.path), 'utf8'));
      assert.ok(Object.keys(body).length > 0, s.path);
    }
  });

  test('the entry point is the bundle the build writes from the extension', () => {
    assert.equal(manifest.main, './dist/extension.js');
    const build = readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8');
    assert.match(build, /entryPoints: \['client\/extension\.ts'\], outfile: 'dist\/extension\.js'/);
    assert.ok(existsSync(join(ROOT, 'client', 'extension.ts')));
  });

  test('the view lives in its own container, with an icon that exists', () => {
    const live = readFileSync(join(ROOT, 'client', 'live', 'index.ts'), 'utf8');
    assert.deepEqual(
      manifest.contributes.views.redisHa.map((v: { id: string }) => v.id),
      ['redisHa.health'],
    );
    assert.match(live, /VIEW_ID = 'redisHa\.health'/);
    const icon = manifest.contributes.viewsContainers.activitybar[0].icon as string;
    assert.match(readFileSync(join(ROOT, icon), 'utf8'), /^<svg /);
  });
});
