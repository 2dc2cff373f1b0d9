import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { codeActions, quickFixes } from '../../server/service/codeActions';
import type { ConfigFacts } from '../../server/service';
import { analyzeText, applyTo, uriOf } from '../support/durability';

const PATH = '/etc/redis/redis.conf';
const SPATH = '/etc/redis/sentinel.conf';

/** Applies the first (preferred) fix of the first diagnostic with `code`, and returns the new text. */
function fixOnce(
  text: string,
  code: string,
  path = PATH,
  version = '7.0',
  workspace?: ConfigFacts[],
): { text: string; title: string; before: Diagnostic } {
  const a = analyzeText(text, { path, version, workspace });
  const d = a.diagnostics.find((x) => x.code === code);
  assert.ok(d, `${code} expected in ${JSON.stringify(a.diagnostics.map((x) => x.code))}`);
  const fixes = quickFixes(a, d);
  assert.ok(fixes.length, `a fix for ${code}`);
  return { text: applyTo(text, uriOf(path), fixes[0].edit), title: fixes[0].title, before: d };
}

function codesAfter(text: string, path = PATH, version = '7.0'): string[] {
  return analyzeText(text, { path, version }).diagnostics.map((d) => String(d.code));
}

describe("quick fixes for the validator's diagnostics", () => {
  test('unknown directive: did you mean', () => {
    const r = fixOnce('maxmemroy 1gb\n', 'unknown-directive');
    assert.equal(r.title, "Change to 'maxmemory'");
    assert.equal(r.text, 'maxmemory 1gb\n');
    assert.ok(!codesAfter(r.text).includes('unknown-directive'));
  });
  test('deprecated alias: the current name', () => {
    const r = fixOnce('slaveof 127.0.0.1 6390\n', 'deprecated-alias');
    assert.equal(r.text, 'replicaof 127.0.0.1 6390\n');
    assert.ok(!codesAfter(r.text).includes('deprecated-alias'));
  });
  test('inline comment: moved to its own line above, indentation kept', () => {
    const r = fixOnce('  appendonly yes   # keep the log\n', 'inline-comment');
    assert.equal(r.text, '  # keep the log\n  appendonly yes\n');
    assert.ok(!codesAfter(r.text).includes('inline-comment'));
  });
  test('inline comment: the guidance\'s save "" line', () => {
    const r = fixOnce('appendonly yes\nsave ""          # Optional: disable RDB if AOF-always is sufficient\n', 'inline-comment');
    assert.equal(r.text, 'appendonly yes\n# Optional: disable RDB if AOF-always is sufficient\nsave ""\n');
    assert.deepEqual(
      analyzeText(r.text).diagnostics.filter((d) => d.severity === 1),
      [],
    );
  });
  test('overridden line: removed', () => {
    const r = fixOnce('maxmemory 1gb\nport 6379\nmaxmemory 2gb\n', 'overridden');
    assert.equal(r.text, 'port 6379\nmaxmemory 2gb\n');
    assert.ok(!codesAfter(r.text).includes('overridden'));
  });
  test('overridden client class: only that class leaves a multi-class line', () => {
    const text = 'client-output-buffer-limit normal 0 0 0 replica 256mb 64mb 60\nclient-output-buffer-limit replica 512mb 128mb 60\n';
    const r = fixOnce(text, 'overridden');
    assert.equal(r.text, 'client-output-buffer-limit normal 0 0 0\nclient-output-buffer-limit replica 512mb 128mb 60\n');
    assert.ok(!codesAfter(r.text).includes('overridden'));
  });
  test('the last line of a file without a final newline', () => {
    const r = fixOnce('port 6379\nmaxmemory 1gb\nmaxmemory 2gb', 'overridden');
    assert.equal(r.text, 'port 6379\nmaxmemory 2gb');
  });
  test('a Sentinel hostname without resolve-hostnames: turn it on (new line, or the existing one)', () => {
    const r = fixOnce('sentinel monitor m localhost 6390 2\n', 'sentinel-hostname-unresolved', SPATH);
    assert.equal(r.text, 'sentinel resolve-hostnames yes\nsentinel monitor m localhost 6390 2\n');
    assert.ok(!codesAfter(r.text, SPATH).includes('sentinel-hostname-unresolved'));
    const r2 = fixOnce('sentinel resolve-hostnames no\nsentinel monitor m localhost 6390 2\n', 'sentinel-hostname-unresolved', SPATH);
    assert.equal(r2.text, 'sentinel resolve-hostnames yes\nsentinel monitor m localhost 6390 2\n');
  });
  test('an unknown sentinel setting: did you mean', () => {
    const r = fixOnce('sentinel monitor m 127.0.0.1 6390 2\nsentinel down-after-milisecond m 5000\n', 'sentinel-unknown-subcommand', SPATH);
    assert.equal(r.text, 'sentinel monitor m 127.0.0.1 6390 2\nsentinel down-after-milliseconds m 5000\n');
  });
  test('CRLF files keep CRLF', () => {
    const r = fixOnce('appendonly yes # x\r\nport 1\r\n', 'inline-comment');
    assert.equal(r.text, '# x\r\nappendonly yes\r\nport 1\r\n');
  });
});

describe('rule fixes change lines in place and add missing ones where they belong', () => {
  // a Sentinel of the workspace watches port 6379: the files below are primaries of a group, so the replication rules apply
  const GROUP = [analyzeText('sentinel monitor m 127.0.0.1 6379 2\n', { path: SPATH }).durability.facts];
  test('an existing line keeps its spelling and position', () => {
    const r = fixOnce('# persistence\nAPPENDONLY yes\nAppendFsync no\n', 'aof-fsync-no');
    assert.equal(r.text, '# persistence\nAPPENDONLY yes\nAppendFsync everysec\n');
  });
  test('a missing directive goes under its commented example', () => {
    const text = '# min-replicas-to-write 3\n# min-replicas-max-lag 10\nport 6379\n';
    const a = analyzeText(text, { rpo: '0', workspace: GROUP });
    const d = a.diagnostics.find((x) => x.code === 'replication-unguarded')!;
    const out = applyTo(text, uriOf(PATH), quickFixes(a, d)[0].edit);
    assert.equal(out, '# min-replicas-to-write 3\nmin-replicas-to-write 1\n# min-replicas-max-lag 10\nport 6379\n');
  });
  test('else after the last line of its area; else at the end under a heading', () => {
    const text = 'appendonly yes\nappendfsync always\nrepl-timeout 60\nport 6379\n';
    const a = analyzeText(text, { rpo: '0', workspace: GROUP });
    const d = a.diagnostics.find((x) => x.code === 'backlog-small')!;
    const out = applyTo(text, uriOf(PATH), quickFixes(a, d)[0].edit);
    assert.equal(out, 'appendonly yes\nappendfsync always\nrepl-timeout 60\nrepl-backlog-size 64mb\nport 6379\n');
    const t2 = 'port 6379';
    const a2 = analyzeText(t2, { rpo: '0', workspace: GROUP });
    const out2 = applyTo(t2, uriOf(PATH), quickFixes(a2, a2.diagnostics.find((x) => x.code === 'backlog-small')!)[0].edit);
    assert.equal(out2, 'port 6379\n\n# Added by redis-ha\nrepl-backlog-size 64mb\n');
  });
  test('the backlog fix stays within the replica buffer limits', () => {
    const text = 'client-output-buffer-limit replica 512mb 128mb 60\n';
    const a = analyzeText(text, { rpo: '0', workspace: GROUP });
    const [fix] = quickFixes(a, a.diagnostics.find((x) => x.code === 'backlog-small')!);
    assert.equal(fix.title, 'Set repl-backlog-size 128mb');
  });
  test('masterauth goes right under requirepass, with the same password (quoted if needed)', () => {
    const r = fixOnce('requirepass "two words"\nport 6379\n', 'masterauth-missing', PATH, '7.0', GROUP);
    assert.equal(r.text, 'requirepass "two words"\nmasterauth "two words"\nport 6379\n');
  });
  test('replica buffer limits: only the replica tuple of a multi-class line changes', () => {
    const r = fixOnce(
      'client-output-buffer-limit normal 0 0 0 replica 16mb 8mb 60 pubsub 32mb 8mb 60\n',
      'replica-buffer-small',
      PATH,
      '7.0',
      GROUP,
    );
    assert.equal(r.text, 'client-output-buffer-limit normal 0 0 0 replica 512mb 128mb 60 pubsub 32mb 8mb 60\n');
  });
});

describe('code actions', () => {
  const text = 'appendonly no\n';
  const a = analyzeText(text);
  const d = a.diagnostics.find((x) => x.code === 'rdb-only')!;
  test('quick fixes for the diagnostics in the request, tied to them', () => {
    const acts = codeActions(a, { range: d.range, diagnostics: [d], only: ['quickfix'] });
    assert.deepEqual(
      acts.map((x) => [x.title, x.kind, x.isPreferred]),
      [['Enable AOF (appendonly yes)', 'quickfix', true]],
    );
    assert.deepEqual(acts[0].diagnostics, [d]);
  });
  test("profile source actions for the file's language, not in the light bulb", () => {
    const all = codeActions(a, { range: d.range, diagnostics: [], only: ['source'] });
    assert.deepEqual(
      all.map((x) => x.title),
      ['Apply profile: Balanced', 'Apply profile: Maximum durability', 'Apply profile: Low latency'],
    );
    assert.deepEqual(
      all.map((x) => x.kind),
      ['source.redis-ha.profile.balanced', 'source.redis-ha.profile.max-durability', 'source.redis-ha.profile.low-latency'],
    );
    assert.deepEqual(codeActions(a, { range: d.range, diagnostics: [], triggerKind: 2 }), []);
    assert.equal(codeActions(a, { range: d.range, diagnostics: [], only: ['source.redis-ha.profile.low-latency'] }).length, 1);
    const s = analyzeText('sentinel monitor m 127.0.0.1 6390 2\n', { path: SPATH });
    assert.deepEqual(
      codeActions(s, { range: d.range, diagnostics: [], only: ['source'] }).map((x) => x.title),
      ['Apply profile: Sentinel (3 Sentinels)'],
    );
  });
  test('a diagnostic that is not ours, or stale, gets nothing', () => {
    assert.deepEqual(codeActions(a, { range: d.range, diagnostics: [{ ...d, source: 'other' }], only: ['quickfix'] }), []);
    assert.deepEqual(
      codeActions(a, {
        range: d.range,
        diagnostics: [{ ...d, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 1 } } }],
        only: ['quickfix'],
      }),
      [],
    );
  });
});
