/**
 * Every is_valid check the catalog names is one the validator carries out:
 * for each check id, a value the server refuses gets an error and one it
 * accepts does not, in a version that uses that id.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalog, type VersionId } from '../../server/catalog/catalog';
import { check } from '../../server/service';

/** check id → [version, directive, refused value, accepted value]. */
const SAMPLES: Record<string, [VersionId, string, string, string]> = {
  dbfilename: ['7.0', 'dbfilename', 'data/dump.rdb', '""'],
  'dbfilename-nonempty': ['valkey-8.0', 'dbfilename', '""', 'dump.rdb'],
  'aof-filename': ['7.0', 'appendfilename', '""', 'appendonly.aof'],
  'aof-filename-basename': ['6.2', 'appendfilename', 'dir/appendonly.aof', '""'],
  'aof-dirname': ['7.0', 'appenddirname', 'a/b', 'appendonlydir'],
  'proc-title-template': ['7.0', 'proc-title-template', '"{nosuch}"', '"{title} {port}"'],
  'announced-hostname': ['7.0', 'cluster-announce-hostname', 'bad_host', 'node-1.example'],
  'announced-nodename': ['7.2', 'cluster-announce-human-nodename', 'a:b', 'node-1'],
  'announced-nodename-colon-ok': ['valkey-8.0', 'cluster-announce-human-nodename', 'a@b', 'a:b'],
  'shutdown-on-sig-flags': ['7.0', 'shutdown-on-sigterm', '"save nosave"', '"save now"'],
  'cluster-config-file': ['valkey-8.0', 'cluster-config-file', '""', 'nodes-6379.conf'],
  ipv4: ['valkey-8.0', 'cluster-announce-client-ipv4', '10.0.0.300', '10.0.0.3'],
  ipv6: ['valkey-8.0', 'cluster-announce-client-ipv6', '10.0.0.3', '::1'],
  'announced-nodename-strict': ['8.8', 'cluster-announce-human-nodename', '"a,b"', 'node-1'],
  'cluster-announce-ip': ['8.8', 'cluster-announce-ip', 'bad_host', 'node-1.example'],
  'hash-seed': ['valkey-9.1', 'hash-seed', 'x'.repeat(257), 'x'.repeat(256)],
  'power-of-two': ['8.8', 'array-slice-size', '1000', '1024'],
  'array-sparse-kmax': ['8.8', 'array-sparse-kmax', '5', '6'],
  'array-sparse-kmin': ['8.8', 'array-sparse-kmin', '10', '9'],
};
/** Checks that depend on how the server was built: a warning, not an error. */
const BUILD_DEPENDENT: Record<string, [VersionId, string, string]> = {
  'active-defrag': ['7.0', 'activedefrag', 'yes'],
  mptcp: ['valkey-9.0', 'mptcp', 'yes'],
};

function idsInCatalog(): Set<string> {
  const ids = new Set<string>();
  for (const d of catalog().data.directives) {
    for (const v of d.variants) {
      const c = (v.value as { check?: string }).check;
      if (c) ids.add(c);
    }
  }
  return ids;
}

const errors = (version: VersionId, text: string) =>
  check(text, { language: 'redis-conf', uri: 'file:///etc/redis/redis.conf', settings: { targetVersion: version } }).diagnostics.filter(
    (d) => d.severity === 1,
  );

describe('is_valid checks of the catalog are implemented by the validator', () => {
  test('every check id in the catalog has a sample here', () => {
    assert.deepEqual([...idsInCatalog()].sort(), [...Object.keys(SAMPLES), ...Object.keys(BUILD_DEPENDENT)].sort());
  });
  for (const [id, [version, name, bad, good]] of Object.entries(SAMPLES)) {
    test(`${id}: ${name} in ${version}`, () => {
      assert.equal((catalog().forVersion(version).lookup(name)!.info.variant.value as { check?: string }).check, id);
      assert.deepEqual(
        errors(version, `${name} ${bad}\n`).map((d) => d.code),
        ['invalid-value'],
        `${name} ${bad}`,
      );
      assert.deepEqual(errors(version, `${name} ${good}\n`), [], `${name} ${good}`);
    });
  }
  test('the array-sparse bounds follow the other setting as it stands at the line', () => {
    assert.deepEqual(errors('8.8', 'array-sparse-kmax 20\narray-sparse-kmin 12\n'), []);
    assert.deepEqual(
      errors('8.8', 'array-sparse-kmin 12\narray-sparse-kmax 20\n').map((d) => d.range.start.line),
      [0],
    );
    assert.deepEqual(errors('8.8', 'array-sparse-kmax 0\narray-sparse-kmin 200\n'), []);
  });
  test('mptcp: yes depends on the build (a warning)', () => {
    const d = check('mptcp yes\nrepl-mptcp yes\n', {
      language: 'redis-conf',
      uri: 'file:///r.conf',
      settings: { targetVersion: 'valkey-9.1' },
    }).diagnostics;
    assert.deepEqual(
      d.filter((x) => x.code === 'build-dependent' || x.severity === 1).map((x) => `${x.range.start.line} ${x.code}`),
      ['0 build-dependent', '1 build-dependent'],
    );
  });
  test('active-defrag: yes depends on the build (a warning in every version that has the check)', () => {
    for (const version of ['6.2', '7.0', 'valkey-8.0'] as VersionId[]) {
      const d = check('activedefrag yes\n', {
        language: 'redis-conf',
        uri: 'file:///r.conf',
        settings: { targetVersion: version },
      }).diagnostics;
      // other features may comment on the file as a whole; this line gets the build warning and no error
      assert.deepEqual(
        d.filter((x) => x.range.start.line === 0 && (x.code === 'build-dependent' || x.severity === 1)).map((x) => x.code),
        ['build-dependent'],
        version,
      );
    }
  });
});
