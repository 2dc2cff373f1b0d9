/**
 * Language by content (issue 14): contentLanguage classifies a file by its
 * directives; the analysis checks a Sentinel's file opened as a redis.conf as
 * a sentinel.conf with one note, explains mixed files and data nodes named
 * sentinel.conf, and offers the language-mode command; `redis-ha check` does
 * the same unless --language forces. Fixtures: test/fixtures/language/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';
import { areaOf, sentinelIgnores } from '../../server/catalog/areas';
import { catalog } from '../../server/catalog/catalog';
import { parseConfig } from '../../server/parser/parse';
import { reparseConfig } from '../../server/parser/reparse';
import { analyze, check, CODES, codeActions, type Analysis, type Language } from '../../server/service';
import { contentLanguage, isDataNodeOnly, SAMPLES, SENTINEL_MODE_DIRECTIVES } from '../../server/service/contentLanguage';
import { SET_LANGUAGE_COMMAND } from '../../server/service/languageByContent';

const FIXTURES = join(__dirname, '..', 'fixtures', 'language');
const fixture = (rel: string) => join(FIXTURES, rel);
const kind = (text: string) => contentLanguage(parseConfig(text)).kind;

function analyzeFixture(rel: string, language: Language, byContent?: boolean): Analysis {
  const path = fixture(rel);
  return check(readFileSync(path, 'utf8'), {
    language,
    byContent,
    uri: pathToFileURL(path).href,
    filePath: path,
    settings: { targetVersion: '7.0' },
  });
}
const at = (d: Diagnostic) => `${d.code}@${d.range.start.line + 1}`;
const errors = (a: Analysis) => a.diagnostics.filter((d) => d.severity === 1).map(at);
const ofCode = (a: Analysis, code: string) => a.diagnostics.filter((d) => d.code === code);

describe('contentLanguage', () => {
  test("a Sentinel's file: sentinel lines, with or without Sentinel-mode directives around them", () => {
    assert.equal(kind('sentinel monitor m 127.0.0.1 6379 2\n'), 'sentinel-conf');
    assert.equal(kind('sentinel resolve-hostnames yes\n'), 'sentinel-conf'); // no monitor line: still only a Sentinel's
    const text = readFileSync(fixture('sentinel-named-redis/redis.conf'), 'utf8');
    const c = contentLanguage(parseConfig(text));
    assert.deepEqual(
      { kind: c.kind, sentinel: c.sentinelCount, monitor: c.monitor, data: c.dataCount },
      {
        kind: 'sentinel-conf',
        sentinel: 4,
        monitor: true,
        data: 0,
      },
    );
  });
  test("what redis-sentinel 7.0.15's own CONFIG REWRITE writes stays a Sentinel's", () => {
    const rewritten = [
      'port 26999',
      'dir "/tmp/x"',
      'sentinel monitor mymaster 127.0.0.1 1 2',
      'logfile "/tmp/x/log"',
      'protected-mode no',
      'latency-tracking-info-percentiles 50 99 99.9',
      'user default on nopass ~* &* +@all',
      'sentinel myid 3cc11a05073589753b68b80c40de481989b93273',
      'sentinel config-epoch mymaster 0',
      'sentinel current-epoch 0',
    ].join('\n');
    assert.equal(kind(rewritten), 'sentinel-conf');
  });
  test("a data node's file, a mixed one, and files that say nothing", () => {
    assert.equal(kind('port 6379\nappendonly yes\n'), 'redis-conf');
    assert.equal(kind('slaveof 10.0.0.1 6379\n'), 'redis-conf'); // an alias counts as its name
    assert.equal(kind('appendonly yes\nsentinel monitor m 127.0.0.1 6379 2\n'), 'mixed');
    assert.equal(kind('cluster-enabled yes\nsentinel monitor m 127.0.0.1 6379 2\n'), 'mixed');
    assert.equal(kind(''), undefined);
    assert.equal(kind('port 6379\ndir /tmp\nmaxclients 100\n'), undefined);
    assert.equal(kind('sentinel\nport 1\n'), undefined); // `sentinel` alone is no sentinel line (redis-server ignores it)
    assert.equal(kind('appendonlyy yes\n'), undefined); // a name no version knows says nothing
  });
  test('the Sentinel-mode list: known names, none a data-node-only one, and the data-node side as the validator sees it', () => {
    for (const name of SENTINEL_MODE_DIRECTIVES) {
      assert.ok(catalog().versionsHaving(name).length > 0, name);
      assert.equal(isDataNodeOnly(name), false, name);
    }
    for (const name of ['appendonly', 'save', 'maxmemory', 'replicaof', 'cluster-enabled', 'masterauth']) {
      assert.equal(isDataNodeOnly(name), true, name);
      assert.equal(sentinelIgnores(name, areaOf(name)), true, name); // the validator warns not-for-sentinel on the same lines
    }
  });
  test('counts are exact, examples bounded', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `save ${i + 1} 1`).join('\n');
    const c = contentLanguage(parseConfig(`${lines}\nsentinel monitor m 127.0.0.1 6379 2\n`));
    assert.equal(c.kind, 'mixed');
    assert.equal(c.dataCount, 20_000);
    assert.equal(c.dataLines.length, SAMPLES);
  });
});

describe('the analysis', () => {
  test("a Sentinel's file named redis.conf: quiet — no error, only the note on the first sentinel line", () => {
    const a = analyzeFixture('sentinel-named-redis/redis.conf', 'redis-conf');
    assert.equal(a.language, 'sentinel-conf');
    assert.deepEqual(errors(a), []);
    assert.deepEqual(a.diagnostics.map(at), ['language-by-content@10']);
    const [note] = a.diagnostics;
    assert.equal(note.severity, CODES['language-by-content'].severity);
    assert.equal(note.severity, 3);
    assert.match(note.message, /checked as a sentinel\.conf because of its content: 4 `sentinel` lines/);
  });
  test("the Docker image's file (hostnames, resolve-hostnames): no error, the note", () => {
    const a = analyzeFixture('docker/redis.conf', 'redis-conf');
    assert.equal(a.language, 'sentinel-conf');
    assert.deepEqual(errors(a), []);
    assert.deepEqual(ofCode(a, 'language-by-content').map(at), ['language-by-content@4']);
    assert.deepEqual(ofCode(a, 'sentinel-in-redis-conf'), []);
  });
  test('forced to redis.conf (--language): the name’s verdict, an error per sentinel line', () => {
    const a = analyzeFixture('sentinel-named-redis/redis.conf', 'redis-conf', false);
    assert.equal(a.language, 'redis-conf');
    assert.deepEqual(errors(a), [
      'sentinel-in-redis-conf@10',
      'sentinel-in-redis-conf@11',
      'sentinel-in-redis-conf@12',
      'sentinel-in-redis-conf@13',
    ]);
    assert.deepEqual(ofCode(a, 'language-by-content'), []);
  });
  test('a mixed file keeps its verdict and says which lines are whose, once', () => {
    const a = analyzeFixture('mixed/redis.conf', 'redis-conf');
    assert.equal(a.language, 'redis-conf');
    assert.deepEqual(errors(a), ['sentinel-in-redis-conf@7', 'sentinel-in-redis-conf@8']);
    const mixed = ofCode(a, 'mixed-config');
    assert.deepEqual(mixed.map(at), ['mixed-config@7']);
    assert.match(
      mixed[0].message,
      /2 `sentinel` lines.*3 directives such as `appendonly` \(line 4\), `save` \(line 5\), `maxmemory` \(line 6\)/,
    );
    assert.match(mixed[0].message, /redis-server refuses the `sentinel` lines \(the first at line 7\).*Split it/);
    assert.deepEqual(
      mixed[0].relatedInformation?.map((r) => r.location.range.start.line + 1),
      [7, 8, 4, 5, 6],
    );
    // opened as a sentinel.conf: the data node's lines are the ones pointed at
    const s = check(readFileSync(fixture('mixed/redis.conf'), 'utf8'), { language: 'sentinel-conf', uri: 'file:///m.conf', settings: {} });
    assert.deepEqual(ofCode(s, 'mixed-config').map(at), ['mixed-config@4']);
    assert.deepEqual(ofCode(s, 'not-for-sentinel').map(at), ['not-for-sentinel@4', 'not-for-sentinel@5', 'not-for-sentinel@6']);
  });
  test("a data node's file named sentinel.conf: checked by its name, explained, with the fix to redis.conf", () => {
    const a = analyzeFixture('data-named-sentinel/sentinel.conf', 'sentinel-conf');
    assert.equal(a.language, 'sentinel-conf');
    const [note] = ofCode(a, 'language-by-content');
    assert.equal(at(note), 'language-by-content@4');
    assert.match(note.message, /looks like a data node's redis\.conf: no `sentinel` line, and 5 directives/);
    assert.equal((note.data as { fix?: { language?: string } }).fix?.language, 'redis-conf');
  });
  test('quiet: a plain redis.conf and a plain sentinel.conf get no note', () => {
    const plain = check('port 6379\nappendonly yes\n', { language: 'redis-conf', uri: 'file:///r.conf', settings: {} });
    const sentinel = check('sentinel monitor m 127.0.0.1 6379 2\n', { language: 'sentinel-conf', uri: 'file:///s.conf', settings: {} });
    for (const a of [plain, sentinel]) {
      assert.deepEqual([...ofCode(a, 'language-by-content'), ...ofCode(a, 'mixed-config')], []);
    }
  });
  test('an edit that turns the file into a Sentinel’s switches it, and back (re-parsed with the previous analysis)', () => {
    const base = { language: 'redis-conf' as const, uri: 'file:///e.conf', settings: { targetVersion: '7.0' } };
    const tail = 'sentinel monitor m 127.0.0.1 6379 2\n';
    const doc1 = parseConfig(`appendonly yes\n${tail}`);
    const v1 = analyze({ ...base, doc: doc1 });
    assert.deepEqual(errors(v1), ['sentinel-in-redis-conf@2']);
    const doc2 = reparseConfig(doc1, `port 26379\n${tail}`);
    const v2 = analyze({ ...base, doc: doc2, previous: v1 });
    assert.equal(v2.language, 'sentinel-conf');
    assert.deepEqual(errors(v2), []);
    assert.deepEqual(ofCode(v2, 'language-by-content').map(at), ['language-by-content@2']);
    const v3 = analyze({ ...base, doc: reparseConfig(doc2, `appendonly yes\n${tail}`), previous: v2 });
    assert.equal(v3.language, 'redis-conf');
    assert.deepEqual(errors(v3), ['sentinel-in-redis-conf@2']);
  });
});

describe('the code action', () => {
  test('"Change language mode to sentinel.conf" runs the client command with the uri', () => {
    const a = analyzeFixture('sentinel-named-redis/redis.conf', 'redis-conf');
    const [note] = ofCode(a, 'language-by-content');
    const uri = pathToFileURL(fixture('sentinel-named-redis/redis.conf')).href;
    const actions = codeActions(a, { range: note.range, diagnostics: [note], only: ['quickfix'], uri });
    assert.deepEqual(
      actions.map((x) => ({ title: x.title, command: x.command?.command, args: x.command?.arguments })),
      [{ title: 'Change language mode to sentinel.conf', command: SET_LANGUAGE_COMMAND, args: [uri, 'sentinel-conf'] }],
    );
    // the client registers the same id (client/languageMode.ts imports vscode, so its text is read)
    const client = readFileSync(join(__dirname, '..', '..', 'client', 'languageMode.ts'), 'utf8');
    assert.equal(/export const SET_LANGUAGE = '([^']+)'/.exec(client)?.[1], SET_LANGUAGE_COMMAND);
  });
  test('none for the mixed note (the file must be split), nor without a uri', () => {
    const m = analyzeFixture('mixed/redis.conf', 'redis-conf');
    const [mixed] = ofCode(m, 'mixed-config');
    assert.deepEqual(codeActions(m, { range: mixed.range, diagnostics: [mixed], only: ['quickfix'], uri: 'file:///m' }), []);
    const a = analyzeFixture('sentinel-named-redis/redis.conf', 'redis-conf');
    const [note] = ofCode(a, 'language-by-content');
    assert.deepEqual(codeActions(a, { range: note.range, diagnostics: [note], only: ['quickfix'] }), []);
  });
});

function io(): CliIO & { out: string } {
  const o = {
    out: '',
    env: {},
    interrupted: new Promise<void>(() => undefined),
    stdout: (t: string) => void (o.out += t),
    stderr: (t: string) => void (o.out += t),
  };
  return o;
}

describe('redis-ha check', () => {
  test('the fixtures: Sentinel files named redis.conf pass with the note, the mixed one fails, --language forces', async () => {
    const run = async (...args: string[]) => {
      const o = io();
      const code = await main(['check', '--target-version', '7.0', ...args], o);
      return { code, out: o.out };
    };
    const named = await run(fixture('sentinel-named-redis/redis.conf'));
    assert.equal(named.code, 0, named.out);
    assert.match(named.out, /redis\.conf:10:1: information \[language-by-content\]/);
    assert.doesNotMatch(named.out, /error/);
    const docker = await run(fixture('docker/redis.conf'));
    assert.equal(docker.code, 0, docker.out);
    const mixed = await run(fixture('mixed/redis.conf'));
    assert.equal(mixed.code, 1);
    assert.match(mixed.out, /redis\.conf:7:1: information \[mixed-config\]/);
    assert.match(mixed.out, /redis\.conf:7:1: error \[sentinel-in-redis-conf\]/);
    const forced = await run('--language', 'redis-conf', fixture('sentinel-named-redis/redis.conf'));
    assert.equal(forced.code, 1);
    assert.doesNotMatch(forced.out, /language-by-content/);
    const data = await run(fixture('data-named-sentinel/sentinel.conf'));
    assert.equal(data.code, 0);
    assert.match(data.out, /sentinel\.conf:4:1: information \[language-by-content\] this looks like a data node's redis\.conf/);
  });
});
