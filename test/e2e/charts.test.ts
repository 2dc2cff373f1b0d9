/**
 * The charts of a group in a real VS Code, on a real Sentinel group (a primary
 * with AOF on, 2 replicas, 3 Sentinels on free 127.0.0.1 ports): *Show Charts*
 * from the group's context menu opens a webview whose charts draw the samples
 * of each refresh (the canvases have pixels, the series have points) under a
 * strict Content-Security-Policy, and keep drawing while the side bar shows
 * another view; after a `SENTINEL FAILOVER` the events list
 * shows the +switch-master counted as a failover and the group's row says
 * "last failover". With REDIS_HA_README_IMAGES=1 it writes
 * images/screenshot-charts.png for the README. Every Redis process is stopped
 * by PID at the end.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Frame } from 'playwright-core';
import { missingBinaries } from '../support/redis';
import { ask, sentinelPrimary, startSentinelGroup, waitFor, type SentinelGroup } from '../support/topology';
import { ROOT } from './support/codeServer';
import { openHealthView, row, waitForTree } from './support/healthView';
import { e2eSkipReason, scenarioOf, startSession, type E2ESession } from './support/session';
import type { Workbench } from './support/workbench';

const CONNECTION = 'e2e charts';
const FAILOVER_MS = 90_000;
const CHARTS = ['lag-bytes', 'lag-seconds', 'write-rate', 'memory', 'aof', 'events'];

let group: SentinelGroup | undefined;
let session: E2ESession | undefined;
const scenario = scenarioOf('charts', () => session);
const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

interface ChartsState {
  charts: Array<{ id: string; points: number; inked: number }>;
  events: Array<{ kind: string; failover: boolean; text: string }>;
  meta: string;
  csp: string;
}

/** The charts page as drawn: per chart its points and the pixels its canvas has inked; the events listed; the CSP. */
function readCharts(frame: Frame): Promise<ChartsState> {
  return frame.evaluate(() => {
    const charts = Array.from(document.querySelectorAll<HTMLElement>('section.chart')).map((s) => {
      const canvas = s.querySelector('canvas');
      let inked = 0;
      const ctx = canvas?.getContext('2d');
      if (canvas && ctx && canvas.width && canvas.height) {
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;
      }
      return { id: s.dataset.chart ?? '', points: Number(s.dataset.points ?? 0), inked };
    });
    const events = Array.from(document.querySelectorAll<HTMLElement>('ol.event-list li[data-kind]')).map((li) => ({
      kind: li.dataset.kind ?? '',
      failover: li.classList.contains('failover'),
      text: li.textContent ?? '',
    }));
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
    return { charts, events, meta: document.querySelector('.meta')?.textContent ?? '', csp };
  });
}

/** The webview frame that holds the charts page, once there. */
async function chartsFrame(wb: Workbench): Promise<Frame | undefined> {
  for (const f of wb.page.frames()) if (await f.evaluate(() => !!document.getElementById('charts')).catch(() => false)) return f;
  return undefined;
}

/** Waits (polling inside the webview at each animation frame) until the charts page satisfies `accept`. */
async function waitForCharts(frame: Frame, accept: (s: ChartsState) => boolean, what: string, timeoutMs = 60_000): Promise<ChartsState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await readCharts(frame);
    if (accept(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(s)}`);
    // the page changes when the extension posts the next refresh's picture
    await frame
      .waitForFunction((meta) => document.querySelector('.meta')?.textContent !== meta, s.meta, {
        timeout: Math.max(1, deadline - Date.now()),
      })
      .catch(() => undefined);
  }
}

const drawn = (s: ChartsState, id: string) => s.charts.some((c) => c.id === id && c.points > 0 && c.inked > 0);

/** Writes `n` keys to the group's primary in one pipeline: the write rate, memory and AOF have something to show. */
async function burst(port: number, n: number, tag: string): Promise<void> {
  await ask(port, async (r) => {
    const p = r.pipeline();
    for (let i = 0; i < n; i++) p.set(`charts:${tag}:${i}`, 'x'.repeat(200));
    await p.exec();
  });
}

/** The README's picture: once the group has settled and the charts hold about a minute, without the toasts. */
async function readmeImage(wb: Workbench, frame: Frame): Promise<void> {
  await waitForTree(
    wb,
    (rs) => /^primary \S+ · 2 replicas/.test(row(rs, 'group mymaster')?.description ?? ''),
    'the group to settle',
    FAILOVER_MS,
  );
  await waitForCharts(frame, (x) => Number(/^(\d+) samples/.exec(x.meta)?.[1] ?? 0) >= 45, 'about a minute of samples', 120_000);
  await wb.runCommand('Notifications: Clear All Notifications', 'notifications.clearAll');
  await wb.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden' });
  log(`wrote ${await wb.capture(join(ROOT, 'images', 'screenshot-charts.png'))}`);
}

describe('the charts of a group in code-server', { skip: e2eSkipReason() ?? missingBinaries() }, () => {
  before(async () => {
    group = await startSentinelGroup({
      masterName: 'mymaster',
      downAfterMs: 1000,
      failoverTimeoutMs: 10_000,
      nodeConfig: 'appendonly yes',
    });
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
        'README.md': 'The charts show the Sentinel group the test started.\n',
      },
    });
  });
  after(async () => {
    await session?.close();
    await group?.stop();
  });

  scenario("Show Charts on the group's row opens a panel whose charts draw every refresh", async (wb) => {
    const g = group!;
    await openHealthView(wb);
    await waitForTree(wb, (rs) => row(rs, 'group mymaster')?.health === 'ok', 'the group, healthy', 60_000);
    await burst(g.primary.port, 2000, 'before');
    const started = Date.now();
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'group mymaster' }).first().click({ button: 'right' });
    await wb.page.locator('.context-view .monaco-menu .action-label', { hasText: 'Show Charts' }).click();
    // a click that lands while the menu is still appearing leaves it open with the item highlighted: take it with Enter
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => wb.page.keyboard.press('Enter'));
    const frame = await wb.until(
      'the charts webview',
      () => chartsFrame(wb),
      (f) => !!f,
    );
    const first = await waitForCharts(frame!, (s) => drawn(s, 'memory'), 'the first chart with data');
    log(`Show Charts → first chart drawn: ${Date.now() - started} ms`);
    assert.deepEqual(
      first.charts.map((c) => c.id),
      CHARTS,
    );
    // a strict policy: nothing by default, scripts only with the page's nonce, no inline style
    assert.match(first.csp, /^default-src 'none'; /);
    assert.match(first.csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/);
    assert.doesNotMatch(first.csp, /unsafe-|\*(?!\.vscode-cdn\.net)|data:|blob:/);
    // besides the nonce, only the webview's own resource origins (VS Code's cspSource)
    for (const src of first.csp.split(/;\s*/).flatMap((d) => d.split(/\s+/).slice(1)))
      assert.ok(/^'(none|self|nonce-[^']+)'$|^https:\/\/\*\.vscode-cdn\.net$/.test(src), `${src} in ${first.csp}`);

    const s = await waitForCharts(
      frame!,
      (x) => ['lag-bytes', 'lag-seconds', 'write-rate', 'memory', 'aof'].every((id) => drawn(x, id)) && /^\d+ samples/.test(x.meta),
      'every chart with data',
    );
    // two replicas, one line each, on both lag charts
    const lag = s.charts.find((c) => c.id === 'lag-bytes')!;
    assert.ok(lag.points >= 2, JSON.stringify(s.charts));
    assert.ok(!s.events.some((e) => e.failover), `no failover yet: ${JSON.stringify(s.events)}`);
    // the panel is one per group: the command again shows it, it does not open a second one
    // (the palette's key goes to the workbench, not to the webview that has the focus)
    await wb.page.locator('.part.sidebar .title-label').click();
    await wb.runCommand('Redis HA: Show Charts', 'redisHa.showCharts');
    assert.equal(await wb.page.locator('.tab', { hasText: 'Charts: mymaster' }).count(), 1);

    // with the side bar on another view, the panel alone keeps the refreshes going
    const samples = (x: ChartsState) => Number(/^(\d+) samples/.exec(x.meta)?.[1] ?? 0);
    await wb.page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
    await wb.page.locator('.part.sidebar .title-label', { hasText: /Explorer/i }).waitFor();
    const hidden = samples(await readCharts(frame!));
    await waitForCharts(frame!, (x) => samples(x) >= hidden + 2, 'two more samples while the tree view is hidden');
    await openHealthView(wb);
  });

  scenario('after SENTINEL FAILOVER the events list shows the failover, and the group row says so', async (wb) => {
    const g = group!;
    const before = await sentinelPrimary(g.sentinels[0].port, g.masterName);
    await waitFor(
      'SENTINEL FAILOVER to be accepted',
      () => ask(g.sentinels[0].port, (r) => r.call('SENTINEL', 'FAILOVER', g.masterName)).then((x) => x === 'OK'),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const frame = await wb.until(
      'the charts webview',
      () => chartsFrame(wb),
      (f) => !!f,
    );
    const s = await waitForCharts(
      frame!,
      (x) => x.events.some((e) => e.failover) && x.events.some((e) => e.kind === '+switch-master'),
      'the failover in the events list',
      FAILOVER_MS,
    );
    // counted once, whether the Sentinels' message or a refresh saw it first
    assert.equal(s.events.filter((e) => e.failover).length, 1, JSON.stringify(s.events));
    const sw = s.events.find((e) => e.kind === '+switch-master')!;
    assert.match(sw.text, new RegExp(`127\\.0\\.0\\.1:${before.port}`));
    assert.match(s.meta, /· 1 failover$/);
    assert.ok(drawn(s, 'events'), JSON.stringify(s.charts));
    const rows = await waitForTree(
      wb,
      (rs) => /· last failover /.test(row(rs, 'group mymaster')?.description ?? ''),
      'the group row to name the failover',
      FAILOVER_MS,
    );
    assert.match(row(rows, 'group mymaster')!.description, /· last failover \d+ s ago, 1 in the last hour$/);

    const now = await sentinelPrimary(g.sentinels[0].port, g.masterName);
    await burst(now.port, 2000, 'after');
    await waitForCharts(frame!, (x) => /^\d+ samples/.test(x.meta) && x.meta !== s.meta, 'a refresh after the writes');
    if (process.env.REDIS_HA_README_IMAGES === '1') await readmeImage(wb, frame!);
  });
});
