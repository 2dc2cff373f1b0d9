/** `redis-ha check` run in process: formats, exit codes, language choice, bad input. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../cli/main';
import { memoryIO } from '../support/cli';

const io = memoryIO;

const dir = mkdtempSync(join(tmpdir(), 'redis-ha-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('redis-ha check', () => {
  test('a config that loads: exit 0 and only the header naming the version it was checked as', async () => {
    const o = io();
    const p = file('ok.conf', 'port 6379\nappendonly yes\nrepl-backlog-size 64mb\n');
    assert.equal(await main(['check', '--target-version', '7.0', '--rpo', 'none', p], o), 0);
    assert.equal(o.out, `${p}: checked as Redis 7.0 (--target-version)\n`);
    assert.equal(o.err, '');
  });
  test('the version and its source in the header and in JSON: the flag, a file comment over it, the default', async () => {
    const pinned = file('pinned.conf', '# redis-ha: target=6.2\nport 6379\n');
    const plain = file('plain.conf', 'port 6379\n');
    const o = io();
    await main(['check', '--target-version', '7.0', pinned, plain], o);
    assert.match(o.out, /pinned\.conf: checked as Redis 6\.2 \(file comment\)\n/);
    assert.match(o.out, /plain\.conf: checked as Redis 7\.0 \(--target-version\)\n/);
    const j = io();
    await main(['check', '--format', 'json', plain, file('valkey.conf', 'port 6379\n')], j);
    const files = (JSON.parse(j.out) as { files: Array<{ version: { id: string; label: string; source: string } }> }).files;
    assert.match(files[0].version.label, /^Redis \d+\.\d+$/);
    assert.equal(files[0].version.source, 'default');
    assert.match(files[1].version.id, /^valkey-/);
    assert.equal(files[1].version.source, 'file-name');
  });

  test('text output is file:line:column: severity [code] message, exit 1 on an error', async () => {
    const o = io();
    const p = file('redis.conf', 'port 6379\nappendonly maybe\n');
    assert.equal(await main(['check', '--target-version', '7.0', p], o), 1);
    assert.match(o.out, new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:12: error \\[invalid-bool\\] `, 'm'));
  });

  test('json output has 1-based positions and the documented shape', async () => {
    const o = io();
    const p = file('redis-json.conf', 'maxmemroy 1gb\n');
    assert.equal(await main(['check', '--format', 'json', '--target-version', '7.0', p], o), 1);
    const j = JSON.parse(o.out);
    assert.deepEqual(Object.keys(j), ['files']);
    assert.equal(j.files[0].file, p);
    const d = j.files[0].diagnostics[0];
    assert.deepEqual(
      { line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, severity: d.severity, code: d.code },
      { line: 1, column: 1, endLine: 1, endColumn: 10, severity: 'error', code: 'unknown-directive' },
    );
    assert.match(d.message, /maxmemory/);
  });

  test('warnings alone do not fail the check', async () => {
    const o = io();
    assert.equal(await main(['check', '--target-version', '7.0', file('warn.conf', 'port 6379\nport 6380\n')], o), 0);
    assert.match(o.out, /warning \[overridden\]/);
  });

  test('the language follows the file name as the editor does: sentinel names are Sentinel configs', async () => {
    const text = 'sentinel monitor mymaster 127.0.0.1 6379 2\n';
    const o1 = io();
    assert.equal(await main(['check', file('sentinel-26379.conf', text)], o1), 0, o1.out);
    // a redis.conf name, a Sentinel's content: checked as a sentinel.conf, with a note; --language redis-conf forces the name's verdict
    const o2 = io();
    assert.equal(await main(['check', file('redis-6379.conf', text)], o2), 0, o2.out);
    assert.match(o2.out, /information \[language-by-content\]/);
    const o4 = io();
    assert.equal(await main(['check', '--language', 'redis-conf', file('redis-6379.conf', text)], o4), 1);
    assert.match(o4.out, /sentinel-in-redis-conf/);
    assert.doesNotMatch(o4.out, /language-by-content/);
    const o3 = io();
    assert.equal(await main(['check', '--language', 'sentinel-conf', file('redis-forced.conf', text)], o3), 0);
  });

  test('the target version changes the verdict', async () => {
    const p = file('v.conf', 'maxmemory-clients 10%\n');
    const o62 = io();
    assert.equal(await main(['check', '--target-version', '6.2', p], o62), 1);
    assert.match(o62.out, /not-in-version/);
    assert.equal(await main(['check', '--target-version', 'redis-7.0.15', p], io()), 0);
  });

  test('usage errors and unreadable files: exit 2 with a clear message on stderr', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['check'], /no file given/],
      [['check', '--format', 'xml', 'x'], /--format must be one of text, json, sarif, github, junit, not 'xml'/],
      [['check', '--target-version', '5.0', 'x'], /unknown --target-version '5\.0'/],
      [['check', '--language', 'nginx', 'x'], /--language must be/],
      [['check', '--bogus', 'x'], /Unknown option/i],
      [['check', join(dir, 'missing.conf')], /cannot read .*missing\.conf: no such file/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, re] of cases) {
      const o = io();
      assert.equal(await main(args, o), 2, args.join(' '));
      assert.match(o.err, re, args.join(' '));
    }
    const d = join(dir, 'adir.conf');
    mkdirSync(d);
    const o = io();
    assert.equal(await main(['check', d], o), 2);
    assert.match(o.err, /it is a directory/);
  });

  test('a mix of good, bad and unreadable files reports every readable one and exits 2', async () => {
    const o = io();
    const code = await main(
      ['check', '--target-version', '7.0', file('a.conf', 'hz 10\n'), join(dir, 'nope.conf'), file('b.conf', 'databases 0\n')],
      o,
    );
    assert.equal(code, 2);
    assert.match(o.out, /b\.conf:1:11: error \[out-of-range\]/);
  });

  test('binary garbage and a NUL byte are reported, not a crash', async () => {
    const o = io();
    const p = join(dir, 'garbage.conf');
    writeFileSync(p, Buffer.from([0xff, 0xfe, 0x00, 0x70, 0x6f, 0x72, 0x74, 0x0a, 0xc3, 0x28, 0x0a]));
    const code = await main(['check', '--target-version', '7.0', p], o);
    assert.equal(code, 1);
    assert.match(o.out, /nul-character|unknown-directive/);
  });
});
