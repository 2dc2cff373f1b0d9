/**
 * `npm run screenshots`: the README's pictures, taken from the real editor —
 * code-server with the packaged .vsix, driven in Chromium like the e2e tests
 * (same harness), on a Sentinel group started on 127.0.0.1 for the occasion.
 * Writes, at 1280×800:
 *   images/screenshot-diagnostics-hover.png  a redis.conf with its problems and the hover card of a directive
 *   images/screenshot-completion.png         completion of directive names, with the documentation beside
 *   images/screenshot-profile-summary.png    the "Apply profile" source actions under the summary inlay hint (top 420 px)
 *   images/screenshot-health-view.png        the live health view of the Sentinel group, with the primary's tooltip
 *   images/screenshot-failover.png           the same view after the primary is killed: the new primary, the notification
 * (images/screenshot-charts.png, the charts panel during a failover, is written by test/e2e/charts.test.ts
 * when REDIS_HA_README_IMAGES=1.)
 * Every process it starts is stopped (code-server's group, every Redis process by PID), also on failure.
 * `--out DIR` writes elsewhere (e.g. to look at them before replacing the committed ones).
 */
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openHealthView, waitForTree } from '../test/e2e/support/healthView';
import { readLogs, ROOT } from '../test/e2e/support/codeServer';
import { startSession, type E2ESession } from '../test/e2e/support/session';
import type { Workbench } from '../test/e2e/support/workbench';
import { missingBinaries, stopProcess } from '../test/support/redis';
import { startSentinelGroup, type SentinelGroup } from '../test/support/topology';

const VIEWPORT = { width: 1280, height: 800 };
const outArg = process.argv.indexOf('--out');
const OUT = resolve(ROOT, outArg > 0 ? process.argv[outArg + 1] : 'images');
const say = (line: string) => process.stdout.write(`${line}\n`);

/** A primary's config with what the guidance's own examples get wrong, so the picture has something to show. */
const PRIMARY = `# redis-ha: version=7.0
# Primary of the "orders" group
appendonly yes
appendfsync everysec
aof-use-rdb-preamble yes
save 3600 1 300 100 60 10000

port 6379
bind 127.0.0.1
protected-mode yes
requirepass change-me
maxmemory 4gb
maxmemory-policy noeviction
min-replicas-to-write 1
min-replicas-max-lag 10

# Replication: a backlog that rides out a short disconnect
replication-backlog-size 256mb
repl-diskless-sync yes   # stream the snapshot to replicas
`;

/** A cache that became a primary without anyone revisiting its persistence. */
const CACHE = `# sessions
port 6380
bind 127.0.0.1
appendonly no
save ""
maxmemory 2gb
maxmemory-policy allkeys-lru
`;

function sentinelConf(g: SentinelGroup): string {
  return `# Sentinel 1 of 3
port ${g.sentinels[0].port}
bind 127.0.0.1
sentinel monitor ${g.masterName} 127.0.0.1 ${g.primary.port} 2
sentinel down-after-milliseconds ${g.masterName} 5000
sentinel failover-timeout ${g.masterName} 60000
sentinel parallel-syncs ${g.masterName} 1
`;
}

async function save(wb: Workbench, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const path = join(OUT, name);
  await wb.capture(path, clip);
  say(`  ${name}  ${(statSync(path).size / 1024).toFixed(0)} KB`);
}

/** Drags the side bar's edge so that it is `width` pixels wide (tree descriptions are cut otherwise). */
async function sideBarWidth(wb: Workbench, width: number): Promise<void> {
  const bar = await wb.page.locator('.part.sidebar').boundingBox();
  if (!bar) return;
  const y = bar.y + bar.height / 2;
  await wb.page.mouse.move(bar.x + bar.width, y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(bar.x + width, y, { steps: 8 });
  await wb.page.mouse.up();
}

async function diagnosticsAndHover(wb: Workbench): Promise<void> {
  await wb.openFile('redis.conf');
  await wb.waitForErrorSquiggle();
  await wb.problems(3);
  // the Problems panel takes the focus; the card belongs to the editor
  await wb.activeEditor().click({ position: { x: 600, y: 8 } });
  await wb.hover('appendfsync');
  await save(wb, 'screenshot-diagnostics-hover.png');
  await wb.dismissWidgets();
}

async function completion(wb: Workbench): Promise<void> {
  await wb.page.locator('.part.panel [aria-label^="Hide Panel"]').first().click();
  await wb.page.locator('.part.panel').waitFor({ state: 'hidden' });
  await wb.clickAfter('min-replicas-max-lag 10');
  await wb.page.keyboard.press('End');
  await wb.page.keyboard.press('Enter');
  await wb.page.keyboard.type('repl-');
  await wb.triggerCompletion();
  // Ctrl+Space on an open list shows the focused item's documentation beside it (typing may
  // have opened the list already, and triggerCompletion's Ctrl+Space shown them)
  const details = wb.page.locator('.suggest-details-container .suggest-details');
  if (!(await details.isVisible())) await wb.page.keyboard.press('Control+Space');
  await details.waitFor();
  await save(wb, 'screenshot-completion.png');
  await wb.dismissWidgets();
  for (let i = 0; i < 6; i++) await wb.page.keyboard.press('Control+Z');
}

async function profileAndSummary(wb: Workbench): Promise<void> {
  await wb.openFile('cache.redis.conf');
  await wb.waitForInlayHints((h) => h.includes('Balanced ✗'), 'the summary of the cache');
  await wb.activeEditor().locator('.squiggly-warning').first().waitFor();
  // the menu opens at the cursor: below the file, so that the file stays in sight
  await wb.clickAfter('allkeys-lru');
  await wb.page.keyboard.press('Control+End');
  // the whole summary in view: the side bar hidden for this one
  await wb.page.keyboard.press('Control+B');
  await wb.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  await wb.sourceActions();
  await save(wb, 'screenshot-profile-summary.png', { x: 0, y: 0, width: VIEWPORT.width, height: 420 });
  await wb.dismissWidgets();
  await wb.page.keyboard.press('Control+B');
  await wb.page.locator('.part.sidebar').waitFor();
}

async function healthView(wb: Workbench, g: SentinelGroup): Promise<void> {
  await wb.openFile('sentinel.conf');
  await openHealthView(wb);
  await sideBarWidth(wb, 600);
  const nodes = [g.primary, ...g.replicas, ...g.sentinels].map((n) => `127.0.0.1:${n.port}`);
  await waitForTree(
    wb,
    (rows) => nodes.every((a) => rows.some((r) => r.label.endsWith(a) && r.health === 'ok')),
    'every node healthy',
    60_000,
  );
  // the primary's tooltip (the details behind its row), pointed at from the row's right end so
  // that it opens over the editor and leaves the tree in sight
  const label = wb.page.locator('.label-name', { hasText: new RegExp(`^primary 127\\.0\\.0\\.1:${g.primary.port}$`) });
  const primaryRow = await wb.page.locator('.part.sidebar .monaco-list-row').filter({ has: label }).boundingBox();
  if (!primaryRow) throw new Error('the primary row is not drawn');
  await wb.page.mouse.move(primaryRow.x + primaryRow.width - 60, primaryRow.y + primaryRow.height / 2);
  await wb.page.locator('.workbench-hover-container .hover-contents, .monaco-hover.workbench-hover .hover-contents').first().waitFor();
  await save(wb, 'screenshot-health-view.png');
  await wb.page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 60);
  await wb.page.keyboard.press('Escape');
}

/** Kills the primary: the tree follows Sentinel's failover, a notification names the new primary. */
async function failover(wb: Workbench, g: SentinelGroup): Promise<void> {
  const old = `127.0.0.1:${g.primary.port}`;
  const replicas = g.replicas.map((r) => `127.0.0.1:${r.port}`);
  await stopProcess(g.primary.child);
  await waitForTree(
    wb,
    (rows) => {
      const now = rows.find((r) => r.label.startsWith('primary ') && replicas.includes(r.label.slice(8)) && r.health === 'ok');
      return (
        !!now &&
        rows.some((r) => r.label.endsWith(old) && r.health === 'unreachable') &&
        !!rows.find((r) => r.label === `group ${g.masterName}`)?.description.startsWith(`${now.label} · `)
      );
    },
    'the new primary after the failover',
    120_000,
  );
  await wb.page
    .locator('.notifications-toasts .notification-toast', { hasText: /failover in/ })
    .first()
    .waitFor({ timeout: 120_000 });
  await save(wb, 'screenshot-failover.png');
}

async function main(): Promise<number> {
  const missing = missingBinaries();
  if (missing) {
    process.stderr.write(`npm run screenshots: ${missing}\n`);
    return 1;
  }
  mkdirSync(OUT, { recursive: true });
  let group: SentinelGroup | undefined;
  let session: E2ESession | undefined;
  try {
    say('starting a Sentinel group (a primary, 2 replicas, 3 Sentinels) and code-server…');
    group = await startSentinelGroup({ masterName: 'orders', downAfterMs: 5000, failoverTimeoutMs: 60_000 });
    session = await startSession({
      viewport: VIEWPORT,
      files: {
        'redis.conf': PRIMARY,
        'cache.redis.conf': CACHE,
        'sentinel.conf': sentinelConf(group),
        '.vscode/settings.json': `${JSON.stringify({ 'redisHa.connections': [{ name: 'orders (Sentinel)', host: '127.0.0.1', port: group.sentinels[0].port }] }, null, 2)}\n`,
      },
    });
    const wb = session.wb;
    say(`writing ${OUT}/`);
    await diagnosticsAndHover(wb);
    await completion(wb);
    await profileAndSummary(wb);
    await healthView(wb, group);
    await failover(wb, group);
    return 0;
  } catch (e) {
    process.stderr.write(`npm run screenshots: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    if (session) {
      await session.wb.screenshot('screenshots-failed').then(
        (p) => process.stderr.write(`the workbench at that moment: ${p}\n`),
        () => undefined,
      );
      process.stderr.write(`the extension's logs:\n${readLogs(session.codeServer, /redis-ha\.redis-ha\/|Redis HA language server/)}\n`);
    }
    return 1;
  } finally {
    await session?.close();
    await group?.stop();
  }
}

main().then((code) => process.exit(code));
