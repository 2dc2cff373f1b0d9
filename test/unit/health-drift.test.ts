/**
 * Drift between a redis.conf and a live node's CONFIG GET * (captured from a
 * real 7.0.15 replica), read with the project's own parser and catalog.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileDrift, groupDrift, versionIdFor, groupDriftKeys } from '../../health/drift';
import { parseConfigGet } from '../../health/replies';
import { reply } from '../support/replies';

const live = parseConfigGet(reply('config-get-all-replica.json'));

describe('a file against a live node', () => {
  const file = [
    '# a template for the group',
    `port ${live.port}`,
    'maxmemory-policy allkeys-lru',
    'maxmemory 100mb',
    'appendonly no',
    'save 900 1',
    'save 300 10',
    'client-output-buffer-limit replica 256mb 64mb 60',
    'requirepass "s3cret value"',
    'dir ./',
    'repl-backlog-size 1mb',
    'locale-collate ""',
    '',
  ].join('\n');
  const r = fileDrift(file, live, '7.0');
  const by = (d: string) => r.items.filter((i) => i.directive === d);

  test('values that differ are reported on the line that sets them', () => {
    assert.deepEqual(
      by('maxmemory-policy').map((i) => [i.code, i.range.start.line, i.liveValue]),
      [['file-drift', 2, 'noeviction']],
    );
    assert.match(by('maxmemory-policy')[0].message, /the file sets 'allkeys-lru', the live node runs 'noeviction'/);
    assert.deepEqual(
      by('maxmemory').map((i) => [i.fileValue, i.liveValue]),
      [['100mb', '0']],
    );
    // save lines accumulate; the last one carries the finding
    assert.deepEqual(
      by('save').map((i) => [i.range.start.line, i.fileValue, i.liveValue]),
      [[6, '900 1 300 10', '']],
    );
  });
  test('equal values in other spellings are not drift', () => {
    for (const same of ['port', 'appendonly', 'client-output-buffer-limit', 'repl-backlog-size', 'dir'])
      assert.deepEqual(by(same), [], same);
  });
  test('a secret is compared but never shown', () => {
    const [s] = by('requirepass');
    assert.equal(s.code, 'file-drift');
    assert.equal(s.fileValue, undefined);
    assert.equal(s.liveValue, undefined);
    assert.doesNotMatch(s.message, /s3cret/);
    assert.doesNotMatch(r.liveText, /requirepass(?! "s3cret value")/);
  });
  test("a directive the node's version does not know", () => {
    assert.deepEqual(
      by('locale-collate').map((i) => i.code),
      ['file-drift-unknown'],
    );
  });
  test('live settings the file leaves to their default', () => {
    const bare = fileDrift('port 6379\n', live, '7.0');
    // the capture ran with `save ""` from the command line: a restart with this file would snapshot again
    assert.deepEqual(
      bare.items.filter((i) => i.code === 'file-drift-unset').map((i) => i.directive),
      ['save'],
    );
    assert.match(bare.liveText, /# Set on the live node, not in this file:\nsave ""\n$/);
    // with an include, the file may set it elsewhere: no guess
    assert.deepEqual(
      fileDrift('include /etc/redis/common.conf\n', live, '7.0').items.filter((i) => i.code === 'file-drift-unset'),
      [],
    );
  });
  test('the live rewrite for a diff editor replaces exactly the drifting lines', () => {
    const lines = r.liveText.split('\n');
    assert.equal(lines[2], 'maxmemory-policy noeviction');
    assert.equal(lines[3], 'maxmemory 0');
    assert.equal(lines[5], '');
    assert.equal(lines[6], 'save ""');
    assert.equal(lines[1], `port ${live.port}`);
    assert.equal(lines[8], 'requirepass "s3cret value"');
  });
  test('broken files never throw', () => {
    assert.doesNotThrow(() => fileDrift('save "unterminated\n\u0000\nmaxmemory lots\n', live, '7.0'));
  });
});

describe('drift inside a group', () => {
  test('node-specific settings never take part', () => {
    const keys = groupDriftKeys('sentinel');
    for (const k of ['port', 'bind', 'dir', 'replicaof', 'replica-priority', 'replica-announce-ip', 'requirepass', 'masterauth'])
      assert.ok(!keys.includes(k), k);
    assert.ok(!keys.some((k) => k.startsWith('cluster-')));
    assert.ok(groupDriftKeys('cluster').includes('cluster-node-timeout'));
  });
  test('one finding per differing setting, the minority named first', () => {
    const base = { appendonly: 'yes', 'maxmemory-policy': 'noeviction', port: '1' };
    const p = groupDrift('replication', [
      { address: 'a:1', config: base },
      { address: 'b:2', config: { ...base, port: '2' } },
      { address: 'c:3', config: { ...base, appendonly: 'no', port: '3' } },
      { address: 'd:4' },
    ]);
    assert.deepEqual(
      p.map((x) => x.message.split(' — ')[0]),
      ['appendonly differs: no on c:3; yes on a:1, b:2'],
    );
  });
  test('versions map to catalog versions', () => {
    assert.equal(versionIdFor('redis', '7.0.15'), '7.0');
    assert.equal(versionIdFor('redis', '6.2.16'), '6.2');
    assert.equal(versionIdFor('redis', '7.4.1'), '7.4');
    assert.equal(versionIdFor('redis', '7.9.224'), '8.0');
    assert.equal(versionIdFor('valkey', '8.0.1'), 'valkey-8.0');
    assert.equal(versionIdFor('redis', '8.2.3'), '8.2');
    assert.equal(versionIdFor('redis', '8.5.90'), '8.6');
    assert.equal(versionIdFor('redis', '8.10.0'), '8.8');
    assert.equal(versionIdFor('redis', '255.255.255'), '8.8');
    assert.equal(versionIdFor('valkey', '9.0.4'), 'valkey-9.0');
    assert.equal(versionIdFor('valkey', '10.0.0'), 'valkey-9.1');
    assert.equal(versionIdFor(undefined, undefined), '8.8');
  });
});
