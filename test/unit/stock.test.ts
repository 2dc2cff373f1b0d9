/**
 * The stock files Redis and Valkey ship load in their own version, so the
 * checker must find no error in them when told that version; and a newer file
 * checked against an older version gets an error exactly on each line that
 * uses a directive the older version lacks (computed from the catalog).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { catalog, type VersionId } from '../../server/catalog/catalog';
import { parseConfig } from '../../server/parser/parse';
import { check } from '../../server/service';

const STOCK = join(__dirname, '..', 'fixtures', 'stock');
type Lang = 'redis-conf' | 'sentinel-conf';

function run(file: string, version: VersionId, language: Lang) {
  const text = readFileSync(join(STOCK, file), 'utf8');
  return { text, diagnostics: check(text, { language, uri: `file:///etc/redis/${file}`, settings: { targetVersion: version } }).diagnostics };
}

const OWN_VERSION: Array<[string, VersionId, Lang]> = [
  ['redis-6.2.conf', '6.2', 'redis-conf'],
  ['redis-7.0.conf', '7.0', 'redis-conf'],
  ['redis-7.2.conf', '7.2', 'redis-conf'],
  ['valkey-7.2.7.conf', 'valkey-7.2', 'redis-conf'],
  ['valkey-8.0.1.conf', 'valkey-8.0', 'redis-conf'],
  ['sentinel-6.2.conf', '6.2', 'sentinel-conf'],
  ['sentinel-7.0.conf', '7.0', 'sentinel-conf'],
  ['sentinel-7.2.conf', '7.2', 'sentinel-conf'],
  ['valkey-sentinel-7.2.7.conf', 'valkey-7.2', 'sentinel-conf'],
  ['valkey-sentinel-8.0.1.conf', 'valkey-8.0', 'sentinel-conf'],
];

describe('stock files get no error with their own version', () => {
  for (const [file, version, language] of OWN_VERSION) {
    test(`${file} as ${version}`, () => {
      const { text, diagnostics } = run(file, version, language);
      const errors = diagnostics.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: [${d.code}] ${d.message}`);
      assert.deepEqual(errors, []);
      // the file is not trivially empty: the checker saw its directives
      assert.ok(parseConfig(text).directives.length > (language === 'sentinel-conf' ? 5 : 10));
    });
  }
});

describe('redis-7.2.conf checked as 6.2', () => {
  const { text, diagnostics } = run('redis-7.2.conf', '6.2', 'redis-conf');
  const v62 = catalog().forVersion('6.2');
  const v72 = catalog().forVersion('7.2');
  const lacking = parseConfig(text).directives.filter((d) => !v62.lookup(d.key) && d.key !== 'sentinel');

  test('errors fall exactly on the lines whose directive 6.2 lacks', () => {
    assert.ok(lacking.length > 0);
    // each of them is a real 7.2 directive, named in the message with the versions that have it
    for (const d of lacking) assert.ok(v72.lookup(d.key), `${d.key} is a 7.2 directive`);
    const errors = diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(
      errors.map((e) => `${e.range.start.line + 1} ${e.code}`),
      lacking.map((d) => `${d.lineNumber} not-in-version`),
    );
    for (const e of errors) assert.match(e.message, /does not exist in Redis 6\.2.*Redis 7\.2/);
  });

  test('the lacking directives, by name', () => {
    const names = lacking.map((d) => d.key);
    for (const n of ['locale-collate', 'repl-diskless-sync-max-replicas', 'appenddirname', 'aof-timestamp-enabled', 'hash-max-listpack-entries', 'list-max-listpack-size', 'set-max-listpack-entries']) {
      assert.ok(names.includes(n), `${n} is refused by 6.2`);
    }
    assert.equal(names.length, 11);
  });
});
