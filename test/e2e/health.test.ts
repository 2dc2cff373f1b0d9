/**
 * The live health view in a real VS Code, on a real Sentinel group: a primary,
 * 2 replicas and 3 Sentinels started on free 127.0.0.1 ports, and a workspace
 * whose `.vscode/settings.json` points `redisHa.connections` at one Sentinel.
 * The tree shows every node with its health; when the test kills the primary
 * (SIGKILL), Sentinel fails over (down-after 1000 ms: about ten seconds) and
 * the tree shows the new primary, the old one unreachable, a notification and
 * a red status bar item. Every Redis process is stopped by PID at the end.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { missingBinaries, stopProcess } from '../support/redis';
import { startSentinelGroup, type SentinelGroup } from '../support/topology';
import { openHealthView, row, waitForStatusItem, waitForTree, type TreeRow } from './support/healthView';
import { e2eSkipReason, scenarioOf, startSession, type E2ESession } from './support/session';

const CONNECTION = 'e2e group';
/** A failover takes about 10 s after down-after-milliseconds 1000; the machine is shared. */
const FAILOVER_MS = 90_000;

let group: SentinelGroup | undefined;
let session: E2ESession | undefined;
const scenario = scenarioOf('health', () => session);
const addr = (port: number) => `127.0.0.1:${port}`;

describe('the live health view in code-server', { skip: e2eSkipReason() ?? missingBinaries() }, () => {
  before(async () => {
    group = await startSentinelGroup({ masterName: 'mymaster', downAfterMs: 1000, failoverTimeoutMs: 10_000 });
    session = await startSession({
      files: {
        '.vscode/settings.json': `${JSON.stringify(
          {
            'redisHa.connections': [{ name: CONNECTION, host: '127.0.0.1', port: group.sentinels[0].port }],
            'redisHa.health.refreshInterval': 1,
          },
          null,
          2,
        )}\n`,
        'README.md': 'The health view watches the Sentinel group the test started.\n',
      },
    });
  });
  after(async () => {
    await session?.close();
    await group?.stop();
  });

  scenario('the tree shows the primary, the replicas and the Sentinels with their health', async (wb) => {
    const g = group!;
    await openHealthView(wb);
    const nodes = [g.primary, ...g.replicas, ...g.sentinels];
    const rows = await waitForTree(
      wb,
      (rs) => nodes.every((n) => rs.some((r) => r.label.endsWith(addr(n.port)) && r.health === 'ok')),
      'every node of the group drawn, and healthy',
      60_000,
    );

    const connection = row(rows, CONNECTION);
    // expanded when it first arrives: the user sees the group without a click
    assert.deepEqual(connection, { label: CONNECTION, description: 'sentinel · ok', level: 1, expanded: true, icon: 'plug', health: 'ok' });
    const groupRow = row(rows, 'group mymaster');
    assert.ok(groupRow, JSON.stringify(rows));
    assert.equal(groupRow.description, `primary ${addr(g.primary.port)} · 2 replicas · 3 Sentinels, quorum 2`);
    assert.equal(groupRow.health, 'ok');

    const primary = row(rows, `primary ${addr(g.primary.port)}`);
    assert.ok(primary, `no primary row: ${JSON.stringify(rows)}`);
    assert.equal(primary.icon, 'database');
    assert.match(primary.description, /^2 replicas · /);
    for (const r of g.replicas) {
      const rr = row(rows, `replica ${addr(r.port)}`);
      assert.ok(rr, `no row for replica ${r.port}: ${JSON.stringify(rows)}`);
      assert.equal(rr.icon, 'mirror');
      assert.match(rr.description, /^lag 0 B · ack \d+ s ago · link up$/);
    }
    for (const s of g.sentinels) {
      const sr = row(rows, `sentinel ${addr(s.port)}`);
      assert.ok(sr, `no row for Sentinel ${s.port}: ${JSON.stringify(rows)}`);
      assert.deepEqual([sr.icon, sr.description, sr.health], ['eye', '1 master monitored', 'ok']);
    }
    // nothing else: one connection, one group, six nodes
    assert.equal(rows.length, 8, JSON.stringify(rows, null, 1));

    await waitForStatusItem(wb, (s) => s?.text === 'Redis ok' && s.kind === 'normal', "the status bar to say 'Redis ok'");
  });

  scenario('after the primary is killed, the tree shows the new primary and a notification says so', async (wb) => {
    const g = group!;
    await openHealthView(wb);
    const old = g.primary;
    const replicas = g.replicas.map((r) => addr(r.port));
    // the toast is read as soon as it appears: an information toast hides itself after a while, and
    // on a loaded machine the tree below may settle later than that
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /failover in mymaster/ }).first();
    const toastText = toast
      .waitFor({ timeout: FAILOVER_MS })
      .then(() => toast.innerText())
      .catch((e: unknown) => `no toast: ${e instanceof Error ? e.message : String(e)}`);
    await stopProcess(old.child);

    const promoted = (rs: TreeRow[]) =>
      rs.find((r) => r.label.startsWith('primary ') && replicas.includes(r.label.slice('primary '.length)) && r.health === 'ok');
    // on the way the group shows what Sentinel does (o_down, a failover in progress, Sentinels that
    // disagree); once they agree, the group names the new primary and carries no problem
    const settled = (rs: TreeRow[]) => {
      const p = promoted(rs);
      return (
        !!p &&
        rs.some((r) => r.label.endsWith(addr(old.port)) && r.health === 'unreachable') &&
        !!row(rs, 'group mymaster')?.description.startsWith(`${p.label} · `)
      );
    };
    const rows = await waitForTree(
      wb,
      settled,
      'a replica promoted to primary, the old primary unreachable, the Sentinels agreeing',
      FAILOVER_MS,
    );
    const now = promoted(rows)!.label.slice('primary '.length);
    const gone = rows.find((r) => r.label.endsWith(addr(old.port)))!;
    assert.equal(gone.icon, 'debug-disconnect');
    assert.match(gone.description, /connection refused/);
    // and the failover it saw (counted once, from the Sentinels' message or the refresh that saw the new primary)
    assert.match(
      row(rows, 'group mymaster')?.description ?? '',
      new RegExp(
        `^primary ${now.replace(/\./g, '\\.')} · 2 replicas · 3 Sentinels, quorum 2 · last failover \\d+ s ago, 1 in the last hour$`,
      ),
    );
    // the old primary is listed as the replica Sentinel will make it when it returns
    assert.equal(gone.label, `replica ${addr(old.port)}`);

    // the notification names both primaries, and the status bar turns red
    assert.match(
      await toastText,
      new RegExp(
        `Redis HA: failover in mymaster \\('${CONNECTION}'\\): the primary is now ${now.replace(/\./g, '\\.')} \\(was ${addr(old.port).replace(/\./g, '\\.')}\\)`,
      ),
    );
    await waitForStatusItem(
      wb,
      (s) => s?.text === 'Redis 1 unreachable' && s.kind === 'error',
      "the status bar to say 'Redis 1 unreachable' in red",
    );
  });
});
