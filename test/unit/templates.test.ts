/**
 * Templates (redis.conf.j2, Helm .tpl, ERB, envsubst, %VAR%, @VAR@): placeholders
 * are quiet, control tags are skipped, the one real problem of each fixture is
 * still reported, the summary says the verdict depends on the values, hover says
 * what a placeholder stands for; the setting, --template and the bound on the scan.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../cli/main';
import { check, hover, languageForFile, navigation, type Analysis } from '../../server/service/index';
import { isTemplateName, scanTemplate } from '../../server/service/template';
import { memoryIO } from '../support/cli';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');

/** Each fixture, the one problem it must still report (code, 1-based line), and the text of a line without it. */
const CASES = [
  { file: 'redis.conf.j2', code: 'unknown-directive', line: 20 },
  { file: 'redis.conf.tpl', code: 'invalid-enum', line: 15 },
  { file: 'redis.conf.erb', code: 'out-of-range', line: 11 },
  { file: 'redis-entrypoint.conf.template', code: 'unknown-directive', line: 9 },
  { file: 'redis-windows.conf.tmpl', code: 'invalid-number', line: 8 },
  { file: 'redis-autoconf.conf.template', code: 'unknown-directive', line: 8 },
  { file: 'sentinel.conf.j2', code: 'sentinel-invalid-value', line: 11 },
] as const;

function analyze(text: string, path: string, templates?: string): Analysis {
  return check(text, {
    language: languageForFile(path) ?? 'redis-conf',
    uri: `file:///etc/redis/${path}`,
    filePath: `/etc/redis/${path}`,
    settings: { targetVersion: '7.0', templates },
  });
}
const errors = (a: Analysis) => a.diagnostics.filter((d) => d.severity === 1);
const fixture = (f: string) => readFileSync(join(FIXTURES, f), 'utf8');
/** The fixture without its last two lines (the comment and the real problem). */
const quiet = (f: string) => fixture(f).split('\n').slice(0, -3).join('\n').concat('\n');

describe('templates: fixtures', () => {
  for (const c of CASES) {
    test(`${c.file}: the real problem is reported, and only it`, () => {
      const a = analyze(fixture(c.file), c.file);
      assert.ok(a.template, 'template mode by the file name');
      assert.deepEqual(
        a.diagnostics.map((d) => [d.code, d.range.start.line + 1]),
        [[c.code, c.line]],
      );
      assert.match(a.durability.summary.text, new RegExp(`^✗ redis-server refuses this file \\(line ${c.line}\\)`));
    });
    test(`${c.file} without it: no diagnostic, and the verdict depends on the values`, () => {
      const a = analyze(quiet(c.file), c.file);
      assert.deepEqual(
        a.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`),
        [],
      );
      assert.match(a.durability.summary.text, /^\? the server’s verdict depends on the values · /);
      assert.doesNotMatch(a.durability.summary.text, /refuses/);
    });
  }
  test('the same Jinja text as a plain config (setting off) is full of errors, as redis-server would see it', () => {
    const a = analyze(quiet('redis.conf.j2'), 'redis.conf.j2', 'off');
    assert.equal(a.template, undefined);
    assert.ok(errors(a).length >= 5, `${errors(a).length} errors`);
  });
  test('a placeholder line with a misspelt literal name still reports it; a placeholder name is skipped', () => {
    const a = analyze('maxmemroy {{ mem }}\n{{ key }} {{ value }}\nport {{ port }}\n', 'redis.conf.j2');
    assert.deepEqual(
      a.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['unknown-directive', 0]],
    );
  });
  test('literal lines next to placeholders: bad values, wrong argument counts and durability rules still fire', () => {
    const text = 'port {{ port }}\nappendonly maybe\nmaxmemory 1gb 2gb\n';
    const a = analyze(text, 'redis.conf.tpl');
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === 1).map((d) => [d.code, d.range.start.line]),
      [
        ['invalid-bool', 1],
        ['wrong-arg-count', 2],
      ],
    );
  });
  test('a number with a literal part around its placeholder: the literal part is checked with the placeholder as a number', () => {
    const text = 'maxmemory {{ m }}mb\nmaxmemory {{ m }}zz\nhz 1{{ n }}x\nmaxmemory-samples {{ n }}0\nmaxmemory "{{ m }}"gb\n';
    const a = analyze(text, 'redis.conf.j2');
    assert.deepEqual(
      a.diagnostics
        .map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character])
        .sort((x, y) => Number(x[1]) - Number(y[1])),
      [
        ['invalid-memory', 1, 10, 19],
        ['invalid-number', 2, 3, 12],
        // a closing quote glued to a word is refused whatever the value (redis-server before Valkey 9)
        ['quote-not-followed-by-blank', 4, 18, 20],
      ],
    );
    assert.match(
      a.diagnostics.find((d) => d.code === 'invalid-memory')?.message ?? '',
      /found '1zz' \(with the placeholder standing for a number\)$/,
    );
    assert.match(a.durability.summary.text, /^✗ redis-server refuses this file \(line 2\)/);
  });
  test('an inline Jinja block: the control tags vanish, the directive between them is checked', () => {
    const a = analyze('{% if pw %}requirepass {{ pw }}{% endif %}\n{% if x %}appendfsync never{% endif %}\n', 'redis.conf.j2');
    assert.deepEqual(
      a.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['invalid-enum', 1]],
    );
  });
  test('a .j2 file without any placeholder or tag is checked and formatted as it is', () => {
    const a = analyze('port    6379\n', 'redis.conf.j2');
    assert.equal(a.template, undefined);
    assert.equal(navigation.formatDocument(a).length, 1);
  });
  test('formatting a template changes nothing (its checked text is masked)', () => {
    const a = analyze('port    {{ port }}\nappendonly    yes\n', 'redis.conf.j2');
    assert.deepEqual(navigation.formatDocument(a), []);
  });
});

describe('templates: recognition', () => {
  test('file names: templates of redis, valkey and sentinel configs, and not others', () => {
    for (const n of [
      'redis.conf.j2',
      'redis-6379.conf.tpl',
      'valkey.conf.j2',
      'sentinel.conf.erb',
      'redis.conf.template',
      'roles/x/redis.gotmpl',
    ])
      assert.ok(isTemplateName(n), n);
    for (const n of ['redis.conf', 'nginx.conf.j2', 'template', 'redis.conf.bak', 'redisx.j2x']) assert.ok(!isTemplateName(n), n);
    assert.equal(languageForFile('redis.conf.j2'), 'redis-conf');
    assert.equal(languageForFile('sentinel.conf.tpl'), 'sentinel-conf');
    assert.equal(languageForFile('redis-sentinel.conf.j2'), 'sentinel-conf');
  });
  test('the setting: on reads a redis.conf as a template, off reads a .j2 literally, auto goes by the name', () => {
    const text = 'port ${REDIS_PORT}\n';
    assert.equal(errors(analyze(text, 'redis.conf')).length, 1);
    assert.equal(errors(analyze(text, 'redis.conf', 'on')).length, 0);
    assert.equal(errors(analyze('port {{ p }}\n', 'redis.conf.j2', 'off')).length, 1);
    assert.equal(errors(analyze('port {{ p }}\n', 'redis.conf.j2', 'auto')).length, 0);
  });
  test('each placeholder syntax, and what is not one', () => {
    const text =
      'a {{ x }} {{- y -}} ${X} ${X:-6379} $X %X% @X@ <%= x %>\n{% if a %}{# c #}{{- if .b }}{{ end }}<% if c %>{{/* d */}}{{ $v := 1 }}\n' +
      'acl +@all %R~key 100% $ ${ @ {{ unclosed\n';
    const s = scanTemplate(text);
    assert.deepEqual(
      s.placeholders.map((p) => text.slice(p.start, p.end)),
      ['{{ x }}', '{{- y -}}', '${X}', '${X:-6379}', '$X', '%X%', '@X@', '<%= x %>'],
    );
    assert.deepEqual(
      s.controls.map((p) => text.slice(p.start, p.end)),
      ['{% if a %}', '{# c #}', '{{- if .b }}', '{{ end }}', '<% if c %>', '{{/* d */}}', '{{ $v := 1 }}'],
    );
    assert.equal(s.masked.length, text.length);
    assert.equal(s.masked.split('\n')[1].trim(), '');
    assert.equal(s.masked.split('\n')[2], text.split('\n')[2]);
  });
  test('a multi-line Jinja comment is blanked with its line breaks kept', () => {
    const s = scanTemplate('{#\nport nope\n#}\nport 1\n');
    assert.equal(s.masked, '  \n         \n  \nport 1\n');
  });
  // a search for the closer from every opener would take minutes on these; one pass takes tens of milliseconds
  test('bounded: a 1 MB line of {{{{, ${${, <%<%, {%{%, and of 250,000 placeholders %a%a / @a@a scans in one pass', () => {
    for (const unit of ['{', '${', '<%', '{%', '%a', '@a']) {
      const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
      const t0 = performance.now();
      const s = scanTemplate(text);
      const ms = performance.now() - t0;
      assert.equal(s.masked.length, text.length);
      assert.ok(ms < 5000, `${unit}: ${ms.toFixed(0)} ms`);
    }
    // no closer anywhere: nothing is a placeholder, and the line is checked as it is
    const a = analyze(`port ${'{{'.repeat(100_000)}\n`, 'redis.conf.j2');
    assert.equal(a.template, undefined);
    assert.deepEqual(
      errors(a).map((d) => d.code),
      ['invalid-number'],
    );
  });
});

describe('templates: hover', () => {
  const text = 'maxmemory {{ redis_maxmemory }}\nappendfsync ${FSYNC}\n{{ key }} yes\n# {{ ansible_managed }}\nport 6379\n';
  const a = analyze(text, 'redis.conf.j2');
  const at = (needle: string) => {
    const off = text.indexOf(needle) + 2;
    const h = hover(a, a.doc.positionAt(off));
    return h && typeof h.contents === 'object' && 'value' in h.contents ? { value: h.contents.value, range: h.range } : undefined;
  };
  test('a value placeholder: the type and range of the argument, and that it is not checked', () => {
    const h = at('{{ redis_maxmemory }}');
    assert.ok(h);
    assert.match(h.value, /Template placeholder/);
    assert.match(h.value, /value of \*\*maxmemory\*\*: an integer from 0 to \d+ bytes, with an optional unit/);
    assert.match(h.value, /Not checked/);
    assert.deepEqual(h.range, { start: { line: 0, character: 10 }, end: { line: 0, character: 31 } });
    assert.match(
      at('${FSYNC}')?.value ?? '',
      /shell.*\n\nIt stands for the value of \*\*appendfsync\*\*: one of `always`, `everysec`, `no`|one of/,
    );
  });
  test('a name placeholder, and no placeholder hover in a comment or on a literal', () => {
    assert.match(at('{{ key }}')?.value ?? '', /directive name/);
    assert.equal(at('{{ ansible_managed }}'), undefined);
    assert.doesNotMatch(at('port 6379')?.value ?? '', /placeholder/);
  });
});

describe('templates: redis-ha check --template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-tpl-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const io = memoryIO;
  test('a plain .conf name: refused without --template, depends on the values with it', async () => {
    const p = join(dir, 'redis.conf');
    writeFileSync(p, quiet('redis.conf.j2'));
    const plain = io();
    assert.equal(await main(['check', '--target-version', '7.0', p], plain), 1);
    const t = io();
    assert.equal(await main(['check', '--template', '--summary', '--target-version', '7.0', p], t), 0);
    assert.match(t.out, /^.*redis\.conf: \? the server’s verdict depends on the values · /);
    assert.equal(t.out.trim().split('\n').length, 1);
  });
  test('a .j2 name is a template without the flag, and its real problem fails the check', async () => {
    const p = join(dir, 'redis.conf.j2');
    writeFileSync(p, fixture('redis.conf.j2'));
    const o = io();
    assert.equal(await main(['check', '--target-version', '7.0', p], o), 1);
    assert.match(o.out, /redis\.conf\.j2:20:1: error \[unknown-directive\] unknown directive 'maxmemory-polcy'/);
    assert.equal(o.out.trim().split('\n').length, 2);
  });
});
