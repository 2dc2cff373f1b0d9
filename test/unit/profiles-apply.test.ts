import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PROFILES } from '../../server/catalog/profiles';
import { RULE_CODES } from '../../server/service';
import { analyzeText, applyProfileText, read, STOCK, STOCK_FILES, verdict } from '../support/durability';

/** Lines that must stay unique: everything but the accumulating directives. */
function duplicated(text: string, path: string, version: string): string[] {
  const a = analyzeText(text, { path, version });
  const seen = new Map<string, number>();
  for (const k of a.known) {
    if (['save', 'include', 'loadmodule', 'rename-command', 'user', 'client-output-buffer-limit'].includes(k.info.name)) continue;
    seen.set(k.info.name, (seen.get(k.info.name) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([name]) => name);
}

describe('profiles applied to each stock file', () => {
  for (const { file, version } of STOCK_FILES) {
    const path = join('/etc/redis', file.includes('sentinel') ? 'sentinel.conf' : 'redis.conf');
    const text = read(join(STOCK, file));
    const before = analyzeText(text, { path, version });
    for (const p of PROFILES.filter((x) => x.language === before.language)) {
      test(`${p.label} → ${file} (${version}): loads, nothing above information for rpo=${p.rpo}, nothing duplicated, comments kept`, () => {
        const out = applyProfileText(text, path, version, p);
        const after = analyzeText(out, { path, version, rpo: p.rpo });
        // no error the profile brought (valkey-sentinel-8.0.1.conf has one of its own: the catalog lacks
        // Valkey 8.0's `sentinel primary-reboot-down-after-period`)
        const errors = (x: typeof after) => x.diagnostics.filter((d) => d.severity === 1).map((d) => d.message);
        assert.deepEqual(errors(after), errors(before), 'no new error');
        const loud = after.diagnostics.filter((d) => RULE_CODES.has(String(d.code)) && d.severity! < 3);
        assert.deepEqual(
          loud.map((d) => `${d.code}: ${d.message}`),
          [],
        );
        assert.deepEqual(duplicated(out, path, version), duplicated(text, path, version), 'no directive added twice');
        const comments = (t: string) => t.split('\n').filter((l) => l.trim().startsWith('#'));
        const kept = new Set(comments(out));
        assert.deepEqual(
          comments(text).filter((c) => !kept.has(c)),
          [],
          'every comment is kept',
        );
        assert.match(verdict(after), /✓$|RTO/);
        // applying it again changes nothing
        assert.equal(applyProfileText(out, path, version, p), out);
      });
    }
  }
});

describe('profile edits', () => {
  const balanced = PROFILES.find((p) => p.id === 'balanced')!;
  const sentinel = PROFILES.find((p) => p.id === 'sentinel')!;
  test('an empty file gets the profile as sections, each line with why it is there', () => {
    const out = applyProfileText('', '/etc/redis/redis.conf', '7.0', balanced);
    assert.match(out, /^# Durability\n# Log every write to the append-only file.*\nappendonly yes\n/);
    assert.match(out, /\n# Replication\n/);
    assert.match(out, /\nsave 900 1\nsave 300 10\nsave 60 10000\n/);
    assert.match(out, /\nclient-output-buffer-limit replica 512mb 128mb 60\n/);
  });
  test('existing lines change in place; save lines are replaced as a group', () => {
    const text = '# mine\nappendonly no\nsave 3600 1\n# keep me\nsave 60 5\nport 6379\n';
    const out = applyProfileText(text, '/etc/redis/redis.conf', '7.0', balanced);
    assert.match(out, /^# mine\nappendonly yes\nsave 900 1\nsave 300 10\nsave 60 10000\n# keep me\n/);
    assert.doesNotMatch(out, /save 3600 1|save 60 5/);
    assert.match(out, /\nappendfsync everysec\n/);
    assert.match(out, /\nport 6379\n/);
  });
  test('Maximum durability turns snapshots off with save ""', () => {
    const out = applyProfileText('save 900 1\n', '/etc/redis/redis.conf', '7.0', PROFILES.find((p) => p.id === 'max-durability')!);
    assert.match(out, /^save ""\n/);
    assert.equal(analyzeText(out, { rpo: '0' }).durability.model.persistence!.rpo.text, '≈ 0');
  });
  test('the Sentinel profile keeps each monitored master and its address, and sets its options', () => {
    const text =
      'port 26379\nsentinel monitor cache 127.0.0.1 6390 3\nsentinel monitor queue 127.0.0.1 6391 2\nsentinel down-after-milliseconds queue 60000\n';
    const out = applyProfileText(text, '/etc/redis/sentinel.conf', '7.0', sentinel);
    assert.equal(
      out,
      [
        'port 26379',
        'sentinel monitor cache 127.0.0.1 6390 2',
        'sentinel down-after-milliseconds cache 5000',
        'sentinel failover-timeout cache 60000',
        'sentinel parallel-syncs cache 1',
        'sentinel monitor queue 127.0.0.1 6391 2',
        'sentinel down-after-milliseconds queue 5000',
        'sentinel failover-timeout queue 60000',
        'sentinel parallel-syncs queue 1',
        '',
      ].join('\n'),
    );
  });
  test("a Sentinel with nothing monitored gets the guidance's monitor block", () => {
    const out = applyProfileText('port 26379\n', '/etc/redis/sentinel.conf', '7.0', sentinel);
    assert.match(out, /sentinel monitor mymaster 10\.0\.0\.10 6379 2\n/);
    assert.match(out, /sentinel down-after-milliseconds mymaster 5000\n/);
  });
});

describe('profiles keep each rewritten token whole', () => {
  // a quoted value may be followed by a vertical tab or a form feed, which end a quoted token
  // but not an unquoted one: the replacement must not run on into them
  for (const [sep, name] of [
    ['\v', 'a vertical tab'],
    ['\f', 'a form feed'],
  ] as const) {
    test(`a quoted quorum followed by ${name} becomes 2 and stays one token`, () => {
      const path = '/etc/redis/sentinel.conf';
      const sentinel = PROFILES.find((p) => p.language === 'sentinel-conf')!;
      const text = `sentinel monitor m1 10.0.0.5 6379 "1\\x41"${sep}\n`;
      const once = applyProfileText(text, path, '7.0', sentinel);
      const monitor = analyzeText(once, { path, version: '7.0' }).doc.directives.find((d) => d.args[0]?.value === 'monitor')!;
      assert.equal(monitor.args[4].value, '2');
      assert.deepEqual(
        analyzeText(once, { path, version: '7.0' }).diagnostics.filter((d) => d.severity === 1),
        [],
      );
      assert.equal(applyProfileText(once, path, '7.0', sentinel), once, 'applying it again changes nothing');
    });
  }
  test('a token followed by a blank gets no extra blank', () => {
    const path = '/etc/redis/sentinel.conf';
    const sentinel = PROFILES.find((p) => p.language === 'sentinel-conf')!;
    const once = applyProfileText('sentinel monitor m1 10.0.0.5 6379 1 \n', path, '7.0', sentinel);
    assert.match(once, /^sentinel monitor m1 10\.0\.0\.5 6379 2 \n/);
  });
});

describe('profiles on a file whose last line is removed', () => {
  test('lines added after the line before it are kept, and a second apply changes nothing', () => {
    const path = '/etc/redis/redis.conf';
    const balanced = PROFILES.find((p) => p.id === 'balanced')!;
    // the second save line is the last line, without a newline: the profile removes it (its save
    // lines replace the file's), and adds repl-* lines after replica-priority, just before it
    const text = 'save 1 1\nreplica-priority 100\nsave 2 2';
    const once = applyProfileText(text, path, '7.0', balanced);
    assert.match(once, /^repl-backlog-size /m);
    assert.doesNotMatch(once, /^save 2 2/m);
    assert.equal(applyProfileText(once, path, '7.0', balanced), once);
  });
});
