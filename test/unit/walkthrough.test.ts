/**
 * The walkthrough and the Marketplace fields of package.json agree with the
 * tree: every step's media exists and ships, every command a step names is
 * contributed and registered (and every contributed command is registered),
 * the completion events are ones VS Code knows, the example config has
 * exactly the mistakes its text promises, the summary quoted in the media is
 * the one the service computes, and the icon is a 128×128 PNG.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { check, codeActions, PROFILE_ACTION_KIND } from '../../server/service';
import {
  APPLY_PROFILE_COMMAND,
  CONFIG_LANGUAGES,
  EXAMPLE_CONFIG,
  OPEN_EXAMPLE_COMMAND,
  PROFILE_SOURCE_KIND,
  WALKTHROUGH_ID,
} from '../../client/walkthroughContent';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface Step {
  id: string;
  title: string;
  description: string;
  when?: string;
  media: { markdown?: string; image?: string; svg?: string };
  completionEvents?: string[];
}
const walkthroughs = manifest.contributes.walkthroughs as Array<{ id: string; title: string; steps: Step[] }>;
const steps = walkthroughs.flatMap((w) => w.steps);
const contributed = new Set((manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command));
const views = new Set(
  Object.values(manifest.contributes.views as Record<string, Array<{ id: string }>>)
    .flat()
    .map((v) => v.id),
);
/** VS Code's own commands a step may name. */
const BUILT_IN = new Set(['workbench.action.quickOpen']);
/** The completion events VS Code's walkthrough service accepts (anything else is logged and ignored). */
const EVENT_KINDS = new Set([
  'onCommand',
  'onLink',
  'onView',
  'onSettingChanged',
  'onContext',
  'onEvent',
  'onStepSelected',
  'onExtensionInstalled',
]);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Command ids the extension registers: literal ids, and constants exported by client/ modules. */
function registeredCommands(): Set<string> {
  const sources = filesUnder(join(ROOT, 'client')).map((f) => readFileSync(f, 'utf8'));
  const constants = new Map<string, string>();
  for (const s of sources) for (const m of s.matchAll(/export const ([A-Z_]+) = '([^']+)'/g)) constants.set(m[1], m[2]);
  const out = new Set<string>();
  for (const s of sources) {
    for (const m of s.matchAll(/(?:registerCommand|\bcommand)\(\s*(?:'([^']+)'|([A-Z_]+)\b)/g)) {
      const id = m[1] ?? constants.get(m[2]);
      if (id) out.add(id);
    }
  }
  return out;
}

/** Commands a step names: its description's `command:` links (with or without `toSide:`) and its onCommand events. */
function commandsOf(step: Step): string[] {
  const links = [...step.description.matchAll(/\(command:(?:toSide:)?([\w.-]+)[^)]*\)/g)].map((m) => m[1]);
  const events = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
  return [...links, ...events];
}

/** The allowlist of .vscodeignore: a path ships when a `!pattern` line matches it. */
function ships(path: string): boolean {
  const lines = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'));
  return lines.some((l) => {
    const glob = l.slice(1);
    const re = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\u0000/g, '.*')}$`,
    );
    return re.test(path);
  });
}

function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${path} is not a PNG`);
  assert.equal(b.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const analyse = (text: string) => check(text, { language: 'redis-conf', uri: 'untitled:Untitled-1', settings: {} });

describe('walkthrough', () => {
  test('one walkthrough, with the four steps of the brief, under the id the code names', () => {
    assert.deepEqual(
      walkthroughs.map((w) => w.id),
      [WALKTHROUGH_ID],
    );
    assert.deepEqual(
      steps.map((s) => s.id),
      ['openConfig', 'readSummary', 'applyProfile', 'connectGroup'],
    );
    assert.equal(new Set(steps.map((s) => s.id)).size, steps.length);
  });

  test('every step has Markdown media that exists and ships, and so does every image it shows', () => {
    for (const s of steps) {
      assert.ok(s.media.markdown, `${s.id}: no markdown media`);
      const md = join(ROOT, s.media.markdown);
      assert.ok(existsSync(md), `${s.id}: ${s.media.markdown} is missing`);
      assert.ok(ships(s.media.markdown), `${s.id}: ${s.media.markdown} is left out of the package by .vscodeignore`);
      const text = readFileSync(md, 'utf8');
      assert.match(text, new RegExp(`^# ${s.title}\\n`), `${s.id}: the media starts with the step's title`);
      for (const m of text.matchAll(/!\[([^\]]*)\]\(([^)]+)\)/g)) {
        assert.ok(m[1].length > 0, `${s.id}: an image without alt text`);
        const target = relative(ROOT, join(dirname(md), m[2]));
        assert.ok(!target.startsWith('..'), `${s.id}: ${m[2]} is outside the extension`);
        assert.ok(existsSync(join(ROOT, target)), `${s.id}: ${m[2]} does not exist`);
        assert.ok(ships(target), `${s.id}: ${target} is left out of the package`);
      }
    }
  });

  test("every command a step names is contributed and registered, or is VS Code's own", () => {
    const registered = registeredCommands();
    const named = steps.flatMap(commandsOf);
    assert.ok(
      named.includes(OPEN_EXAMPLE_COMMAND) && named.includes(APPLY_PROFILE_COMMAND) && named.includes('redisHa.addConnection'),
      named.join(', '),
    );
    for (const id of named) {
      if (BUILT_IN.has(id)) continue;
      assert.ok(contributed.has(id) || views.has(id.replace(/\.focus$/, '')), `${id} is not contributed`);
      assert.ok(registered.has(id) || views.has(id.replace(/\.focus$/, '')), `${id} is not registered in client/`);
    }
  });

  test('every contributed command is registered in client/', () => {
    const registered = registeredCommands();
    assert.deepEqual(
      [...contributed].filter((c) => !registered.has(c)),
      [],
    );
  });

  test('completion events are ones VS Code knows, and every step can be completed', () => {
    for (const s of steps) {
      const events = s.completionEvents ?? [];
      assert.ok(events.length > 0, `${s.id}: no completion event`);
      for (const e of events) assert.ok(EVENT_KINDS.has(e.split(':')[0]), `${s.id}: unknown completion event ${e}`);
      // a step whose button runs a command completes when it runs
      for (const id of commandsOf(s).filter((c) => !BUILT_IN.has(c)))
        assert.ok(events.includes(`onCommand:${id}`), `${s.id}: ${id} does not complete it`);
    }
  });

  test('the live-health step is hidden where the extension host is a web worker', () => {
    assert.equal(steps.find((s) => s.id === 'connectGroup')?.when, "workspacePlatform != 'webworker'");
  });
});

describe('walkthrough example and profile kind', () => {
  test("the client's copy of the profile action kind is the service's", () => {
    assert.equal(PROFILE_SOURCE_KIND, PROFILE_ACTION_KIND);
    assert.deepEqual([...CONFIG_LANGUAGES].sort(), (manifest.contributes.languages as Array<{ id: string }>).map((l) => l.id).sort());
  });

  test('the example has exactly the two errors its text promises, and the rdb-only warning', () => {
    const a = analyse(EXAMPLE_CONFIG);
    const errors = a.diagnostics
      .filter((d) => d.severity === 1)
      .map((d) => `${d.range.start.line + 1} ${d.code}`)
      .sort();
    assert.deepEqual(errors, ['11 unknown-directive', '16 inline-comment']);
    assert.ok(
      a.diagnostics.some((d) => d.code === 'rdb-only'),
      'rdb-only',
    );
    const media = readFileSync(join(ROOT, 'media/walkthrough/open-config.md'), 'utf8');
    for (const line of ['tcp-keepalve 300', 'save 3600 1 # hourly']) {
      assert.ok(media.includes(`\`${line}\``), `open-config.md names ${line}`);
      assert.ok(EXAMPLE_CONFIG.includes(`\n${line}\n`), `the example has ${line}`);
    }
    // the summary is drawn at the end of line 1: the line stays short
    assert.ok(EXAMPLE_CONFIG.split('\n')[0].length <= 60);
  });

  test('read-summary.md quotes the summary the service computes for the example', () => {
    const media = readFileSync(join(ROOT, 'media/walkthrough/read-summary.md'), 'utf8');
    const quoted = /^> (.+)$/m.exec(media)?.[1];
    assert.equal(quoted, analyse(EXAMPLE_CONFIG).durability.summary.text);
  });

  test('once its two lines are fixed the example loads, and Balanced is offered and met once applied', () => {
    const fixed = EXAMPLE_CONFIG.replace('tcp-keepalve 300', 'tcp-keepalive 300').replace('save 3600 1 # hourly', '# hourly\nsave 3600 1');
    const a = analyse(fixed);
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === 1),
      [],
    );
    assert.match(a.durability.summary.text, /rpo=1s ✗ · Redis [\d.]+ \(default\)$/);
    const actions = codeActions(a, {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      diagnostics: [],
      only: [PROFILE_SOURCE_KIND],
    });
    const balanced = actions.find((x) => x.title === 'Apply profile: Balanced');
    assert.ok(balanced?.edit?.changes, actions.map((x) => x.title).join(', '));
    const doc = TextDocument.create('untitled:Untitled-1', 'redis-conf', 1, fixed);
    const after = analyse(TextDocument.applyEdits(doc, balanced.edit.changes['untitled:Untitled-1']));
    assert.match(after.durability.summary.text, /^RPO ≈ 1 s on crash \(AOF everysec \+ RDB\) · .* · rpo=1s ✓ · Redis [\d.]+ \(default\)$/);
  });
});

describe('Marketplace fields', () => {
  test('the icon is a 128×128 PNG that ships, drawn from images/icon.svg', () => {
    assert.equal(manifest.icon, 'images/icon.png');
    assert.deepEqual(pngSize(join(ROOT, manifest.icon)), { width: 128, height: 128 });
    assert.ok(ships(manifest.icon));
    assert.ok(existsSync(join(ROOT, 'images/icon.svg')));
  });

  test('repository, bugs and homepage point at the project, and the CHANGELOG ships', () => {
    assert.deepEqual(manifest.repository, { type: 'git', url: 'https://github.com/redis-ha/redis-ha' });
    assert.deepEqual(manifest.bugs, { url: 'https://github.com/redis-ha/redis-ha/issues' });
    assert.equal(manifest.homepage, 'https://github.com/redis-ha/redis-ha#readme');
    assert.ok(existsSync(join(ROOT, 'CHANGELOG.md')) && ships('CHANGELOG.md'));
    // contributor documents stay in the repository
    for (const f of ['ARCHITECTURE.md', 'CONTRIBUTING.md']) assert.ok(!ships(f), `${f} ships`);
  });
});
