/**
 * The stock files Redis and Valkey ship load in their own version, so the
 * checker must find no error in them when told that version; and a newer file
 * checked against an older version of the same product gets exactly one
 * version message on each line that uses a directive the older version lacks
 * (computed from the catalog) and no other error. For Redis 7.4 and 8.x the
 * fixtures hold only the stock files' directive lines (see fixtures/stock/README.md).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { catalog, VERSION_IDS, productOf, type VersionId } from '../../server/catalog/catalog';
import { parseConfig } from '../../server/parser/parse';
import { check } from '../../server/service';

const STOCK = join(__dirname, '..', 'fixtures', 'stock');
type Lang = 'redis-conf' | 'sentinel-conf';

function run(file: string, version: VersionId, language: Lang) {
  const text = readFileSync(join(STOCK, file), 'utf8');
  return {
    text,
    diagnostics: check(text, { language, uri: `file:///etc/redis/${file}`, settings: { targetVersion: version } }).diagnostics,
  };
}

/** The stock files of every catalog version (and of the older patch releases we keep oracles of). */
const OWN_VERSION: Array<[string, string, VersionId]> = [
  ['redis-6.2.conf', 'sentinel-6.2.conf', '6.2'],
  ['redis-7.0.conf', 'sentinel-7.0.conf', '7.0'],
  ['redis-7.2.conf', 'sentinel-7.2.conf', '7.2'],
  ...(['7.4', '8.0', '8.2', '8.4', '8.6', '8.8'] as VersionId[]).map((v): [string, string, VersionId] => [
    `redis-${v}-directives.conf`,
    `sentinel-${v}-directives.conf`,
    v,
  ]),
  ['valkey-7.2.7.conf', 'valkey-sentinel-7.2.7.conf', 'valkey-7.2'],
  ['valkey-7.2.13.conf', 'valkey-sentinel-7.2.13.conf', 'valkey-7.2'],
  ['valkey-8.0.1.conf', 'valkey-sentinel-8.0.1.conf', 'valkey-8.0'],
  ['valkey-8.0.9.conf', 'valkey-sentinel-8.0.9.conf', 'valkey-8.0'],
  ['valkey-8.1.7.conf', 'valkey-sentinel-8.1.7.conf', 'valkey-8.1'],
  ['valkey-9.0.4.conf', 'valkey-sentinel-9.0.4.conf', 'valkey-9.0'],
  ['valkey-9.1.0.conf', 'valkey-sentinel-9.1.0.conf', 'valkey-9.1'],
];

describe('stock files get no error with their own version', () => {
  test('every catalog version has its stock files here', () => {
    assert.deepEqual([...new Set(OWN_VERSION.map(([, , v]) => v))].sort(), [...VERSION_IDS].sort());
  });
  for (const [redis, sentinel, version] of OWN_VERSION) {
    for (const [file, language] of [
      [redis, 'redis-conf'],
      [sentinel, 'sentinel-conf'],
    ] as Array<[string, Lang]>) {
      test(`${file} as ${version}`, () => {
        const { text, diagnostics } = run(file, version, language);
        const errors = diagnostics.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: [${d.code}] ${d.message}`);
        assert.deepEqual(errors, []);
        // the file is not trivially empty: the checker saw its directives
        assert.ok(parseConfig(text).directives.length > (language === 'sentinel-conf' ? 5 : 10));
      });
    }
  }
});

/** Each stock file checked against every older version of its product. */
describe('a newer stock file under an older target: one version message per line it cannot have', () => {
  for (const [file, , newer] of OWN_VERSION) {
    const older = VERSION_IDS.filter((v) => productOf(v) === productOf(newer) && VERSION_IDS.indexOf(v) < VERSION_IDS.indexOf(newer));
    for (const target of older) {
      test(`${file} as ${target}`, () => {
        const { text, diagnostics } = run(file, target, 'redis-conf');
        const vc = catalog().forVersion(target);
        const lacking = parseConfig(text).directives.filter((d) => !vc.lookup(d.key));
        const errors = diagnostics.filter((d) => d.severity === 1);
        assert.deepEqual(
          errors.map((e) => `${e.range.start.line + 1} ${e.code}`),
          lacking.map((d) => `${d.lineNumber} not-in-version`),
        );
        // and each names the versions: the one it needs and the target
        for (const e of errors)
          assert.match(
            e.message,
            new RegExp(
              `(needs|exists in) .*; the target is ${target.startsWith('valkey') ? 'Valkey' : 'Redis'} ${target.replace('valkey-', '').replace('.', '\\.')}`,
            ),
          );
      });
    }
  }
});

describe('redis-7.2.conf checked as 6.2', () => {
  const { text } = run('redis-7.2.conf', '6.2', 'redis-conf');
  const lacking = parseConfig(text).directives.filter((d) => !catalog().forVersion('6.2').lookup(d.key));
  test('the lacking directives, by name', () => {
    const names = lacking.map((d) => d.key);
    for (const n of [
      'locale-collate',
      'repl-diskless-sync-max-replicas',
      'appenddirname',
      'aof-timestamp-enabled',
      'hash-max-listpack-entries',
      'list-max-listpack-size',
      'set-max-listpack-entries',
    ]) {
      assert.ok(names.includes(n), `${n} is refused by 6.2`);
    }
    assert.equal(names.length, 11);
  });
});

describe('a Redis 8.8 file under the 8.0 target', () => {
  test('the version message names both versions and sits on the line 8.0 names: after loading, every unclaimed setting', () => {
    const text = 'port 6379\nkey-memory-histograms yes\nmaxmemory-policy allkeys-lru\nslowlog-entry-max-argc 16\n';
    const d = check(text, {
      language: 'redis-conf',
      uri: 'file:///etc/redis/redis.conf',
      settings: { targetVersion: '8.0' },
    }).diagnostics.filter((x) => x.severity === 1);
    assert.deepEqual(
      d.map((x) => x.range.start.line),
      [1, 3],
    );
    assert.match(d[0].message, /'key-memory-histograms' needs Redis 8\.6 or later; the target is Redis 8\.0/);
    assert.match(d[1].message, /needs Redis 8\.8 or later/);
  });
});
