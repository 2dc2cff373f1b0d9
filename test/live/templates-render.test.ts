/**
 * Our "depends on the values" is honest: each template fixture (without its one
 * real problem), rendered with values of the right types, loads in the real
 * redis-server 7.0.15 and is clean to us as a plain file; rendered with a value
 * of the wrong type, the real server refuses it and so do we.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { check } from '../../server/service/index';
import { scanTemplate } from '../../server/service/template';
import { localize } from '../support/durability';
import { ROOT } from '../support/lsp';
import { judgeConfig, missingBinaries } from '../support/redis';

const DIR = join(ROOT, 'test/fixtures/templates');
const skip = missingBinaries();
const FILES = [
  'redis.conf.j2',
  'redis.conf.tpl',
  'redis.conf.erb',
  'redis-entrypoint.conf.template',
  'redis-windows.conf.tmpl',
  'redis-autoconf.conf.template',
  'sentinel.conf.j2',
];

/** A value by what the placeholder names (the test's own simple substitution, not a template engine). */
const VALUES: Array<[RegExp, string]> = [
  [/extraDirective/i, 'lazyfree-lazy-eviction'],
  [/maxmemory_policy/i, 'allkeys-lru'],
  [/Values\.redis\.maxmemory/, '100'], // followed by a literal "mb"

  [/maxmemory/i, '100mb'],
  [/port/i, '6380'],
  [/bind/i, '127.0.0.1'],
  [/password/i, 's3cret'],
  [/dir|statedir/i, '.'],
  [/\{\{-? *\. *\}\}|\{\{ s \}\}/, '900 1'],
  [/managed/i, 'Ansible managed'],
  [/master_name/, 'main'],
  [/master_host/, '127.0.0.1'],
  [/quorum/, '2'],
];

/** Control tags removed (every block taken once), each placeholder replaced by its value. */
function render(text: string, override?: { match: RegExp; value: string }): string {
  const scan = scanTemplate(text);
  const spans = [...scan.controls.map((s) => ({ ...s, control: true })), ...scan.placeholders.map((s) => ({ ...s, control: false }))].sort(
    (a, b) => a.start - b.start,
  );
  let out = '';
  let at = 0;
  for (const s of spans) {
    const raw = text.slice(s.start, s.end);
    const value = s.control ? '' : override?.match.test(raw) ? override.value : (VALUES.find(([re]) => re.test(raw))?.[1] ?? 'x');
    out += text.slice(at, s.start) + value;
    at = s.end;
  }
  return (out + text.slice(at)).replace(/^[ \t]*-?\n/gm, '');
}

/** The fixture without its last two lines (the comment and the real problem). */
const quiet = (f: string) => readFileSync(join(DIR, f), 'utf8').split('\n').slice(0, -3).join('\n').concat('\n');
const errors = (text: string, sentinel = false) =>
  check(text, {
    language: sentinel ? 'sentinel-conf' : 'redis-conf',
    uri: 'file:///r/redis.conf',
    filePath: '/r/redis.conf',
    settings: { targetVersion: '7.0' },
  }).diagnostics.filter((d) => d.severity === 1);

describe('templates rendered: the real 7.0.15 decides what the placeholders left open', { skip }, () => {
  for (const file of FILES) {
    test(`${file} rendered with values of the right types loads, and is clean to us`, async () => {
      const sentinel = file.startsWith('sentinel');
      const text = await localize(render(quiet(file)));
      assert.doesNotMatch(text, /\{\{|\{%|<%|\$\{|%[A-Z_]+%|@\w+@/, text);
      assert.deepEqual(
        errors(text, sentinel).map((d) => d.message),
        [],
      );
      const real = await judgeConfig(text, { sentinel });
      assert.equal(real.verdict, 'accepted', `${real.message ?? ''}\n${text}`);
    });
  }
  for (const file of FILES) {
    test(`${file} with its one real problem, rendered with the same values, is refused: the problem we report holds for any values`, async () => {
      const text = await localize(render(readFileSync(join(DIR, file), 'utf8')));
      const real = await judgeConfig(text, { sentinel: file.startsWith('sentinel') });
      assert.equal(real.verdict, 'rejected');
    });
  }
  test('redis.conf.j2 rendered with a word for maxmemory is refused by the real server and by us, at that line', async () => {
    const text = render(quiet('redis.conf.j2'), { match: /redis_maxmemory \}/, value: 'lots' });
    const line = text.split('\n').findIndex((l) => l.startsWith('maxmemory lots')) + 1;
    assert.ok(line > 0);
    assert.deepEqual(
      errors(text).map((d) => d.range.start.line + 1),
      [line],
    );
    const real = await judgeConfig(text);
    assert.equal(real.verdict, 'rejected');
    assert.equal(real.line, line);
  });
  test('redis.conf.tpl rendered with a port out of range is refused by the real server and by us', async () => {
    const text = render(quiet('redis.conf.tpl'), { match: /\.port/, value: '70000' });
    assert.equal(errors(text).length, 1);
    const real = await judgeConfig(text);
    assert.equal(real.verdict, 'rejected');
    assert.equal(real.line, text.split('\n').findIndex((l) => l.startsWith('port 70000')) + 1);
  });
});
