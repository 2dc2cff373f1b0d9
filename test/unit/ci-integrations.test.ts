/**
 * The CI integrations kept beside the code: the pre-commit hook
 * (.pre-commit-hooks.yaml) and the GitHub composite action (action.yml).
 * Both parse; their commands are run with the built CLI, the action's scripts
 * with bash as the runner starts them, on a small repository of configs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import type * as Sarif from 'sarif';
import { CHECK_USAGE } from '../../cli/check';
import { CLI } from '../support/cli';
import { sarifSchemaErrors } from '../support/sarif';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  types: string[];
  require_serial: boolean;
}
interface Step {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const HOOKS = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const ACTION_TEXT = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const ACTION = load(ACTION_TEXT) as Action;

const dir = mkdtempSync(join(tmpdir(), 'redis-ha-integrations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small repository: a config with an error, one with a warning, a Sentinel's with notes only, decoys. */
function repo(): string {
  const root = mkdtempSync(join(dir, 'repo-'));
  const put = (p: string, text: string) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  };
  put('redis.conf', 'port 6379\nappendonly maybe\n');
  put('deploy/valkey-7.conf', 'port 6379\nport 6380\nappendonly yes\n');
  put('deploy/sentinel-26379.conf', 'sentinel monitor mymaster 127.0.0.1 6379 2\n');
  put('node_modules/pkg/redis.conf', 'appendonly maybe\n');
  put('notes/redis.txt', 'not a config\n');
  return root;
}

/** The CLI the way `redis-ha` resolves on PATH: dist/cli.js is executable, and finds node on PATH. */
const PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;

describe('.pre-commit-hooks.yaml', () => {
  const [hook] = HOOKS;

  test('one node hook, redis-ha-check, running the package bin once for all files', () => {
    assert.equal(HOOKS.length, 1);
    assert.equal(hook.id, 'redis-ha-check');
    assert.equal(hook.language, 'node');
    assert.equal(hook.require_serial, true, 'files given together know each other');
    const [bin, command] = hook.entry.split(' ');
    assert.ok(manifest.bin[bin], `${bin} is a bin of the package`);
    assert.equal(command, 'check');
  });

  test('its files pattern takes every name VS Code gives the two languages, and nothing else', () => {
    const re = new RegExp(hook.files);
    const langs: Array<{ filenames: string[]; filenamePatterns: string[] }> = manifest.contributes.languages;
    const names = langs.flatMap((l) => [...l.filenames, ...l.filenamePatterns.map((p) => p.replace(/\*/g, 'prod-1'))]);
    assert.ok(names.length >= 15, names.join(' '));
    for (const n of names) {
      assert.match(n, re, n);
      assert.match(`deploy/eu west/${n}`, re, `in a folder: ${n}`);
    }
    for (const n of ['nginx.conf', 'myredis.conf', 'redis.conf.bak', 'redis.yaml', 'redisx.conf', 'sentinel.conf/x', 'a/redis/x.conf']) {
      assert.doesNotMatch(n, re, n);
    }
  });

  test('its entry runs: exit 0 on a clean file, 1 on an error, as pre-commit passes the file names', () => {
    const root = repo();
    const args = hook.entry.split(' ').slice(1);
    const runEntry = (files: string[]) =>
      spawnSync(process.execPath, [CLI, ...args, ...files], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    const clean = runEntry(['deploy/sentinel-26379.conf']);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    const bad = runEntry(['redis.conf', 'deploy/valkey-7.conf']);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^redis\.conf:2:12: error \[invalid-bool\]/m);
  });
});

/** Runs one `run:` script of the action as the runner does (`bash --noprofile --norc -eo pipefail FILE`). */
function runStep(step: Step, cwd: string, env: Record<string, string>) {
  assert.equal(step.shell, 'bash');
  const script = join(dir, `step-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(script, step.run ?? '');
  const output = join(dir, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(output, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH, HOME: process.env.HOME ?? dir, GITHUB_OUTPUT: output, ...env },
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

function step(name: string): Step {
  const s = ACTION.runs.steps.find((x) => x.name === name);
  assert.ok(s, `the action has a step '${name}'`);
  return s;
}

/** The check step's environment for inputs (the defaults of action.yml, then `inputs`). */
function checkEnv(inputs: Record<string, string>): Record<string, string> {
  const s = step('Check config files');
  const value = (name: string) => inputs[name] ?? ACTION.inputs[name].default ?? '';
  const env: Record<string, string> = { REDIS_HA_BIN: CLI };
  for (const [k, v] of Object.entries(s.env ?? {})) env[k] = v.replace(/\$\{\{ inputs\.([a-z-]+) \}\}/, (_, n) => value(n));
  return env;
}

describe('action.yml', () => {
  test('a composite action with the documented inputs, each used, and the SARIF upload', () => {
    assert.equal(ACTION.runs.using, 'composite');
    for (const i of ['files', 'format', 'version', 'target-version', 'rpo', 'fail-on', 'sarif-file', 'upload-sarif']) {
      assert.ok(ACTION.inputs[i], `input ${i}`);
      assert.ok(ACTION.inputs[i].description.length > 20, `input ${i} is described`);
    }
    const used = new Set([...ACTION_TEXT.matchAll(/\$\{\{[^}]*?inputs\.([a-z-]+)/g)].map((m) => m[1]));
    assert.deepEqual([...used].sort(), Object.keys(ACTION.inputs).sort(), 'every input is used, and only inputs that exist');
    // inputs reach the scripts through env, never spliced into the script text
    for (const s of ACTION.runs.steps) assert.doesNotMatch(s.run ?? '', /\$\{\{/, `${s.name}: no expression in run`);
    const upload = ACTION.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'the SARIF upload step');
    assert.equal(upload.with?.sarif_file, '${{ steps.check.outputs.sarif-file }}');
    assert.match(upload.if ?? '', /!cancelled\(\)/, 'findings are uploaded even when the check failed');
    assert.equal(step('Install redis-ha').if, "inputs.version != 'local'");
    for (const o of Object.values(ACTION.outputs)) assert.match(o.value, /^\$\{\{ steps\.check\.outputs\.[a-z-]+ \}\}$/);
  });

  test('the default files patterns take every name VS Code gives the two languages, and nothing else', () => {
    // a bash glob under globstar as a regular expression: **/ any folders, * within a name, [..] a class
    const patterns = (ACTION.inputs.files.default ?? '').split(/\s+/).filter(Boolean);
    const res = patterns.map((g) => {
      assert.match(g, /^\*\*\/[^/]+$/, g);
      const name = g.slice(3).replace(/\./g, '\\.').replace(/\*/g, '[^/]*');
      return new RegExp(`^(?:.*/)?${name}$`);
    });
    const taken = (n: string) => res.some((re) => re.test(n));
    const langs: Array<{ filenames: string[]; filenamePatterns: string[] }> = manifest.contributes.languages;
    for (const n of langs.flatMap((l) => [...l.filenames, ...l.filenamePatterns.map((p) => p.replace(/\*/g, 'prod-1'))])) {
      assert.ok(taken(n), n);
      assert.ok(taken(`a/b/${n}`), `a/b/${n}`);
    }
    for (const n of ['nginx.conf', 'myredis.conf', 'redis.conf.bak', 'redisx.conf', 'a/redis/x.conf']) assert.ok(!taken(n), n);
  });

  test('the check step calls the CLI only with flags it has', () => {
    const run = step('Check config files').run ?? '';
    const flags = new Set([...run.matchAll(/(?:^|[\s(])(--[a-z][a-z-]*)/g)].map((m) => m[1]));
    assert.deepEqual([...flags].sort(), ['--format', '--rpo', '--target-version']);
    for (const f of flags) assert.ok(CHECK_USAGE.includes(`${f} `), `${f} is a flag of redis-ha check`);
  });

  test('the check step finds the configs by the default patterns, writes a valid SARIF log and annotates', () => {
    const root = repo();
    const r = runStep(step('Check config files'), root, checkEnv({ 'target-version': '7.0', rpo: 'none' }));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /checking 3 file\(s\)/);
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.outputs['sarif-file'], 'redis-ha.sarif');
    const log: Sarif.Log = JSON.parse(readFileSync(join(root, 'redis-ha.sarif'), 'utf8'));
    assert.deepEqual(sarifSchemaErrors(log), []);
    const results = log.runs[0].results ?? [];
    const uris = new Set(results.map((x) => x.locations?.[0].physicalLocation?.artifactLocation?.uri));
    assert.deepEqual(
      [...uris].sort(),
      ['deploy/sentinel-26379.conf', 'deploy/valkey-7.conf', 'redis.conf'],
      'node_modules and other names are left out',
    );
    assert.equal(r.outputs.errors, String(results.filter((x) => x.level === 'error').length));
    assert.equal(r.outputs.warnings, String(results.filter((x) => x.level === 'warning').length));
    assert.ok(Number(r.outputs.warnings) >= 1);
    assert.match(r.stdout, /^::error file=redis\.conf,line=2,col=12,endLine=2,endColumn=16,title=invalid-bool::/m);
    assert.match(r.stdout, /^::warning file=deploy\/valkey-7\.conf,line=1,.*title=overridden::/m);
    const paths = (log.runs[0].properties?.files ?? []).map((f: { file: string }) => f.file).sort();
    assert.deepEqual(paths, ['deploy/sentinel-26379.conf', 'deploy/valkey-7.conf', 'redis.conf']);
  });

  test('a missing named file is reported (exit 2); a pattern without matches is a warning, not a failure', () => {
    const root = repo();
    const missing = runStep(step('Check config files'), root, checkEnv({ files: 'redis.conf\nmissing.conf', format: 'text' }));
    assert.equal(missing.code, 0, missing.stderr);
    assert.equal(missing.outputs['exit-code'], '2');
    assert.match(missing.stderr, /cannot read missing\.conf: no such file/);
    assert.match(missing.stdout, /^redis\.conf:2:12: error \[invalid-bool\]/m);
    const none = runStep(step('Check config files'), root, checkEnv({ files: 'nowhere/**/*.conf' }));
    assert.equal(none.code, 0, none.stderr);
    assert.deepEqual(none.outputs, { 'exit-code': '0', 'sarif-file': '', errors: '0', warnings: '0' });
    assert.match(none.stdout, /^::warning title=redis-ha::no config file matched/m);
  });

  test('the verdict follows fail-on: error, warning or never', () => {
    const verdict = step('Verdict');
    const cases: Array<[string, string, string, number]> = [
      ['error', '0', '3', 0],
      ['error', '1', '0', 1],
      ['error', '2', '0', 1],
      ['warning', '0', '0', 0],
      ['warning', '0', '2', 1],
      ['warning', '1', '0', 1],
      ['never', '1', '5', 0],
      ['never', '2', '0', 1],
      ['sometimes', '0', '0', 1],
    ];
    for (const [failOn, exitCode, warnings, want] of cases) {
      const r = runStep(verdict, dir, { FAIL_ON: failOn, EXIT_CODE: exitCode, WARNINGS: warnings });
      assert.equal(r.code, want, `fail-on ${failOn}, exit ${exitCode}, ${warnings} warnings: ${r.stdout}`);
      if (want) assert.match(r.stdout, /^::error title=redis-ha::/m);
    }
  });

  test('the SARIF log of the action names files by URIs relative to the repository', () => {
    const root = repo();
    runStep(step('Check config files'), root, checkEnv({ files: '**/*.conf', format: 'none' }));
    const log: Sarif.Log = JSON.parse(readFileSync(join(root, 'redis-ha.sarif'), 'utf8'));
    const base = log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri ?? '';
    assert.equal(fileURLToPath(base), `${root}/`);
  });
});
