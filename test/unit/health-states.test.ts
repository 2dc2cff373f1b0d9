/**
 * Node states beside health: each failure or condition maps to its own state
 * and problem, never to "unreachable" unless there was no answer at all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessNode } from '../../health/assess';
import { noPermission } from '../../health/link';
import type { NodeFacts } from '../../health/probe';
import { parseInfo } from '../../health/replies';
import { DEFAULT_THRESHOLDS } from '../../health/settings';

const ctx = { connection: 'c', thresholds: { ...DEFAULT_THRESHOLDS } };
const failed = (kind: NonNullable<NodeFacts['failure']>['kind'], message: string): NodeFacts => ({
  address: 'h:1',
  host: 'h',
  port: 1,
  ok: false,
  at: 0,
  failure: { kind, message, skipped: false },
});

test('failures map to their own state, problem and level', () => {
  const cases: Array<[NonNullable<NodeFacts['failure']>['kind'], string, string, string]> = [
    ['no-permission', 'no-permission', 'no-permission', 'error'],
    ['loading', 'loading', 'loading', 'warning'],
    ['auth-failed', 'auth-failed', 'auth-failed', 'error'],
    ['auth-required', 'auth-required', 'auth-required', 'error'],
    ['not-allowed', 'not-allowed', 'address-not-allowed', 'error'],
    ['busy', 'busy', 'node-busy', 'error'],
    ['refused', 'unreachable', 'node-unreachable', 'unreachable'],
    ['timeout', 'unreachable', 'node-timeout', 'unreachable'],
  ];
  for (const [kind, state, code, level] of cases) {
    const st = assessNode('h:1', failed(kind, 'x'), ctx);
    assert.deepEqual([st.state, st.problems.map((p) => p.code), st.health], [state, [code], level], kind);
  }
});

test('NOPERM names the command, in 7.0 and 7.2+ wording', () => {
  assert.match(
    noPermission(new Error("NOPERM this user has no permissions to run the 'info' command"), 'info').message,
    /may not run INFO \(grant it with ACL SETUSER <user> \+info\)/,
  );
  assert.match(
    noPermission(new Error("NOPERM User mon has no permissions to run the 'sentinel|masters' command"), 'x').message,
    /may not run SENTINEL MASTERS \(grant it with ACL SETUSER <user> \+sentinel\|masters\)/,
  );
  assert.equal(noPermission(new Error('NOPERM something else'), 'info').kind, 'no-permission');
});

/** A replica on port 2 and its primary on port 1, from the INFO each prints. */
function pair(replicaInfo: string, primaryState: string): { replica: NodeFacts; primary: NodeFacts } {
  const node = (port: number, info: string): NodeFacts => ({
    address: `127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    ok: true,
    at: 0,
    mode: 'standalone',
    info: parseInfo(info),
  });
  return {
    replica: node(2, `role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:1\r\n${replicaInfo}`),
    primary: node(
      1,
      `role:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=2,state=${primaryState},offset=0,lag=0\r\nmaster_repl_offset:0\r\n`,
    ),
  };
}

test('a replica its primary lists as wait_bgsave is syncing, its link down by design', () => {
  const { replica, primary } = pair(
    'master_link_status:down\r\nmaster_sync_in_progress:0\r\nmaster_link_down_since_seconds:-1\r\n',
    'wait_bgsave',
  );
  const st = assessNode(replica.address, replica, { ...ctx, upstream: primary });
  assert.equal(st.state, 'syncing');
  assert.deepEqual(
    st.problems.map((p) => p.code),
    ['replica-syncing'],
  );
  assert.equal(st.health, 'warning');
  const alone = assessNode(replica.address, replica, ctx);
  assert.deepEqual(
    [alone.state, alone.problems.map((p) => p.code)],
    ['up', ['replica-link-down']],
    "without its primary's word, a down link is an error",
  );
});

test('a replica whose link is up is in sync, though its primary still lists it as send_bulk (until its first ACK)', () => {
  const { replica, primary } = pair('master_link_status:up\r\nmaster_last_io_seconds_ago:0\r\nmaster_sync_in_progress:0\r\n', 'send_bulk');
  const st = assessNode(replica.address, replica, { ...ctx, upstream: primary });
  assert.deepEqual([st.state, st.problems.map((p) => p.code), st.health], ['up', [], 'ok']);
});
