/**
 * Each `sentinel` sub-command the checker judges, one by one: the message it
 * gives when a value is wrong, the quiet case, and what it leaves in the model
 * of declared masters that outline, rename and the durability rules read.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { check, RULE_CODES } from '../../server/service';

function sentinel(text: string) {
  const a = check(text, { language: 'sentinel-conf', uri: 'file:///etc/redis/sentinel.conf', settings: { targetVersion: '7.2' } });
  const found = a.diagnostics.filter((d) => !RULE_CODES.has(String(d.code)));
  return { model: a.sentinel!, found: found.map((d) => ({ code: String(d.code), line: d.range.start.line + 1, message: d.message })) };
}
const MONITOR = 'sentinel monitor m 127.0.0.1 6379 2\n';

describe('sentinel sub-commands, one handler each', () => {
  test('monitor: quorum, port, a second declaration of the same name', () => {
    assert.deepEqual(sentinel(MONITOR).found, []);
    assert.match(sentinel('sentinel monitor m 127.0.0.1 6379 0').found[0].message, /quorum must be 1 or more, found '0'/);
    assert.match(sentinel('sentinel monitor m 127.0.0.1 70000 2').found[0].message, /port must be between 0 and 65535, found '70000'/);
    const dup = sentinel(`${MONITOR}sentinel monitor m 127.0.0.2 6379 2`);
    assert.deepEqual(
      dup.found.map((f) => [f.code, f.line]),
      [['sentinel-duplicate-master', 2]],
    );
    assert.match(dup.found[0].message, /already declared on line 1/);
    assert.deepEqual(
      [...dup.model.masters.values()].map((m) => [m.host, m.port, m.quorum]),
      [['127.0.0.1', 6379, 2]],
    );
  });

  test('down-after-milliseconds and failover-timeout need a positive number; the reboot period accepts 0', () => {
    const ok = sentinel(
      `${MONITOR}${['down-after-milliseconds m 5000', 'failover-timeout m 60000', 'master-reboot-down-after-period m 0']
        .map((l) => `sentinel ${l}\n`)
        .join('')}`,
    );
    assert.deepEqual(ok.found, []);
    const kept = [...ok.model.masters.get('m')!.settings.keys()].sort();
    assert.deepEqual(kept, ['down-after-milliseconds', 'failover-timeout', 'master-reboot-down-after-period']);
    assert.match(sentinel(`${MONITOR}sentinel failover-timeout m 0`).found[0].message, /positive number of milliseconds, found '0'/);
    assert.match(sentinel(`${MONITOR}sentinel master-reboot-down-after-period m -1`).found[0].message, /milliseconds ≥ 0, found '-1'/);
  });

  test('an unknown master is named with the closest declared one, and no master at all is said so', () => {
    const [f] = sentinel(`${MONITOR}sentinel parallel-syncs n 1`).found;
    assert.equal(f.code, 'sentinel-unknown-master');
    assert.match(f.message, /named 'n' \(declared: m\)/);
    assert.match(sentinel('sentinel parallel-syncs m 1').found[0].message, /no master is declared with `sentinel monitor`/);
  });

  test('known-replica and known-sentinel: duplicates, the old form without a run id, hostnames', () => {
    const id = 'a'.repeat(40);
    const ok = sentinel(
      `${MONITOR}sentinel known-replica m 127.0.0.1 6380\n` +
        `sentinel known-sentinel m 127.0.0.1 26380 ${id}\nsentinel known-sentinel m 127.0.0.1 26381`,
    );
    assert.deepEqual(ok.found, []);
    const m = ok.model.masters.get('m')!;
    assert.deepEqual(
      m.knownReplicas.map((r) => `${r.host}:${r.port}`),
      ['127.0.0.1:6380'],
    );
    const sentinels = m.knownSentinels.map((s) => `${s.host}:${s.port} ${s.runid}`);
    assert.deepEqual(sentinels, [`127.0.0.1:26380 ${id}`], 'the 3-value form is ignored');
    const dup = sentinel(
      `${MONITOR}sentinel known-sentinel m 127.0.0.1 26380 ${id}\nsentinel known-sentinel m 127.0.0.2 26380 ${id}`,
    ).found;
    assert.deepEqual(
      dup.map((f) => [f.code, f.line]),
      [['sentinel-duplicate-instance', 3]],
    );
    assert.match(dup[0].message, /Sentinel id a+ is already listed for 'm' on line 2/);
    assert.equal(sentinel(`${MONITOR}sentinel known-replica m replica.local 6380`).found[0].code, 'sentinel-hostname-unresolved');
  });

  test('rename-command: the same command renamed twice for one master', () => {
    assert.deepEqual(sentinel(`${MONITOR}sentinel rename-command m CONFIG GUESSME\nsentinel rename-command m FLUSHALL NOPE`).found, []);
    const [f] = sentinel(`${MONITOR}sentinel rename-command m CONFIG A\nsentinel rename-command m config B`).found;
    assert.deepEqual([f.code, f.line], ['sentinel-invalid-value', 3]);
    assert.match(f.message, /config is already renamed for 'm' on line 2/);
  });

  test('myid and the yes/no globals; resolve-hostnames applies before any monitor line', () => {
    const lines = [
      `myid ${'0'.repeat(40)}`,
      'deny-scripts-reconfig yes',
      'announce-hostnames no',
      'monitor m db.local 6379 2',
      'resolve-hostnames yes',
    ];
    const ok = sentinel(lines.map((l) => `sentinel ${l}`).join('\n'));
    assert.deepEqual(ok.found, []);
    assert.equal(ok.model.resolveHostnames, true);
    assert.deepEqual([...ok.model.globals.keys()].sort(), ['announce-hostnames', 'deny-scripts-reconfig', 'myid', 'resolve-hostnames']);
    assert.match(sentinel('sentinel myid abc').found[0].message, /exactly 40 characters, found 3/);
    assert.match(sentinel('sentinel announce-hostnames perhaps').found[0].message, /expected yes or no, found 'perhaps'/);
    const unresolved = sentinel('sentinel resolve-hostnames no\nsentinel monitor m db.local 6379 2').found;
    assert.equal(unresolved[0].code, 'sentinel-hostname-unresolved');
  });

  test("scripts depend on the Sentinel's host; other settings are kept per master or globally", () => {
    const s = sentinel(
      `${MONITOR}sentinel notification-script m /opt/notify.sh\nsentinel parallel-syncs m 1\nsentinel announce-port 26380`,
    );
    assert.deepEqual(
      s.found.map((f) => [f.code, f.line]),
      [['host-dependent', 2]],
    );
    assert.match(s.found[0].message, /unless \/opt\/notify\.sh exists and is executable/);
    assert.deepEqual([...s.model.masters.get('m')!.settings.keys()].sort(), ['notification-script', 'parallel-syncs']);
    assert.ok(s.model.globals.has('announce-port'));
  });
});
