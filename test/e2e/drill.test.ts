/**
 * *Run Failover Drill…* in a real VS Code, on a real Sentinel group (a
 * primary, 2 replicas, 3 Sentinels on free 127.0.0.1 ports): from the group's
 * context menu, the mode, duration, rate and WAIT are answered, the modal
 * warning is accepted and the group's name typed back; the drill runs (manual
 * failover, 5 s at 20 writes/s) and its report opens in a webview showing
 * the figures and the timeline, with the primary changed — in the report and
 * in what the Sentinels say — and the drill's keys gone. With
 * REDIS_HA_README_IMAGES=1 it writes images/screenshot-drill.png. Every
 * Redis process is stopped by PID at the end.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Frame } from 'playwright-core';
import { missingBinaries } from '../support/redis';
import { ask, sentinelPrimary, startSentinelGroup, type SentinelGroup } from '../support/topology';
import { ROOT } from './support/codeServer';
import { openHealthView, row, waitForTree } from './support/healthView';
import { e2eSkipReason, scenarioOf, startSession, type E2ESession } from './support/session';
import type { Workbench } from './support/workbench';

const CONNECTION = 'e2e drill';
const DRILL_MS = 120_000;

let group: SentinelGroup | undefined;
let session: E2ESession | undefined;
const scenario = scenarioOf('drill', () => session);
const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

/** The text of the quick input now open (its prompt, its items) and its placeholder; '' when closed. */
async function quickInput(wb: Workbench): Promise<string> {
  const w = wb.page.locator('.quick-input-widget');
  if (!(await w.isVisible())) return '';
  const placeholder =
    (await w
      .locator('input.input')
      .getAttribute('placeholder')
      .catch(() => '')) ?? '';
  return `${placeholder}\n${await w.innerText().catch(() => '')}`;
}

/** Waits for the quick input that says `expect`, types `value` and accepts it with Enter. */
async function answer(wb: Workbench, expect: RegExp, value: string, item?: string): Promise<void> {
  await wb.until(
    `the question ${expect}`,
    () => quickInput(wb),
    (t) => expect.test(t),
  );
  const input = wb.page.locator('.quick-input-widget input.input');
  await input.fill(value);
  if (item) await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: item }).first().waitFor();
  await wb.page.keyboard.press('Enter');
  await wb.until(
    `the question ${expect} answered`,
    () => quickInput(wb),
    (t) => !expect.test(t),
  );
}

interface Report {
  oldPrimary: string;
  newPrimary: string;
  figures: Record<string, string>;
  events: string[];
  csp: string;
  paths: Record<string, string>;
}

/** The report page as drawn, from the webview frame that holds it. */
async function readReport(wb: Workbench): Promise<Report | undefined> {
  for (const f of wb.page.frames()) {
    const r = await (f as Frame)
      .evaluate(() => {
        const main = document.getElementById('drill-report');
        if (!main) return undefined;
        const figures: Record<string, string> = {};
        for (const tr of Array.from(document.querySelectorAll('tr[data-figure]')))
          figures[tr.getAttribute('data-figure') ?? ''] = tr.querySelector('td')?.textContent ?? '';
        const paths: Record<string, string> = {};
        for (const p of Array.from(document.querySelectorAll('svg.timeline path')))
          paths[p.getAttribute('class') ?? ''] = p.getAttribute('d') ?? '';
        return {
          oldPrimary: main.dataset.oldPrimary ?? '',
          newPrimary: main.dataset.newPrimary ?? '',
          figures,
          events: Array.from(document.querySelectorAll('ol.events li')).map((li) => li.getAttribute('data-kind') ?? ''),
          csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
          paths,
        };
      })
      .catch(() => undefined);
    if (r) return r;
  }
  return undefined;
}

describe('Run Failover Drill… in code-server', { skip: e2eSkipReason() ?? missingBinaries() }, () => {
  before(async () => {
    group = await startSentinelGroup({ masterName: 'mymaster', downAfterMs: 1000, failoverTimeoutMs: 10_000 });
    session = await startSession({
      files: {
        '.vscode/settings.json': `${JSON.stringify(
          {
            'redisHa.connections': [{ name: CONNECTION, host: '127.0.0.1', port: group.sentinels[0].port }],
            'redisHa.health.refreshInterval': 2,
          },
          null,
          2,
        )}\n`,
        'README.md': 'The drill runs on the Sentinel group the test started.\n',
      },
    });
  });
  after(async () => {
    await session?.close();
    await group?.stop();
  });

  scenario("the drill from the group's menu: questions, the name typed back, the report with the new primary", async (wb) => {
    const g = group!;
    const before = await sentinelPrimary(g.sentinels[0].port, g.masterName);
    await openHealthView(wb);
    await waitForTree(wb, (rs) => row(rs, 'group mymaster')?.health === 'ok', 'the group, healthy', 60_000);
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'group mymaster' }).first().click({ button: 'right' });
    await wb.page.locator('.context-view .monaco-menu .action-label', { hasText: 'Run Failover Drill…' }).click();
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => wb.page.keyboard.press('Enter'));

    // a loopback primary: both modes are offered
    await answer(wb, /How to cause the failover of 'mymaster'[\s\S]*manual[\s\S]*crash/, 'manual', 'manual');
    await answer(wb, /Seconds of writing \(2–300\)/, '5');
    await answer(wb, /Writes per second, all writers together \(1–2000\)/, '20');
    await answer(wb, /WAIT after each write\?/, 'No WAIT', 'No WAIT');

    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /Run a real failover of the Sentinel group 'mymaster'\?/);
    await dialog.locator('.monaco-button', { hasText: 'Continue…' }).click();

    // a wrong name is refused by the input itself; the exact name runs it
    await wb.until(
      'the name question',
      () => quickInput(wb),
      (t) => /Type the group's name 'mymaster'/.test(t),
    );
    await wb.page.locator('.quick-input-widget input.input').fill('mymaste');
    await wb.until(
      'the reminder for a wrong name',
      () => wb.page.locator('.quick-input-widget').innerText(),
      (t) => /exactly to run the drill/.test(t),
    );
    assert.equal((await sentinelPrimary(g.sentinels[0].port, g.masterName)).port, before.port, 'nothing ran before the name');
    await answer(wb, /Type the group's name 'mymaster'/, 'mymaster');
    const started = Date.now();

    const report = await wb.until(
      'the drill report',
      () => readReport(wb),
      (r) => !!r,
      DRILL_MS,
    );
    log(`drill → report: ${Date.now() - started} ms`);
    const r = report!;
    assert.equal(r.oldPrimary, `127.0.0.1:${before.port}`);
    assert.match(r.newPrimary, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(r.newPrimary, r.oldPrimary);
    assert.match(r.figures['lost writes, no WAIT'] ?? '', /^\d+ of \d+$/);
    assert.ok(Number(/of (\d+)/.exec(r.figures['lost writes, no WAIT'])?.[1]) > 20, JSON.stringify(r.figures));
    assert.match(r.figures['RTO (writes failing)'] ?? '', /^\d+\.\d\d s$|^—$/);
    assert.ok(r.events.includes('+switch-master'), JSON.stringify(r.events));
    assert.ok(r.paths.acks.length > 0 && r.paths.elsewhere.length > 0, JSON.stringify(r.paths));
    assert.equal(r.csp.split(';')[0], "default-src 'none'");

    // the Sentinels agree, and the drill's keys are gone from the new primary
    const now = await sentinelPrimary(g.sentinels[0].port, g.masterName);
    assert.equal(`127.0.0.1:${now.port}`, r.newPrimary);
    const left = await ask(now.port, (c) => c.scan('0', 'MATCH', 'redis-ha:drill:*', 'COUNT', 10_000));
    assert.deepEqual(left[1], []);
    const toast = await wb.until(
      'the done notification',
      () => wb.notifications(),
      (ns) => ns.some((n) => /drill 'mymaster' done/.test(n.text)),
    );
    assert.ok(toast.some((n) => /Save Report…/.test(n.text)));
    if (process.env.REDIS_HA_README_IMAGES === '1') {
      await wb.runCommand('Notifications: Clear All Notifications', 'notifications.clearAll');
      await wb.runCommand('View: Hide Panel', 'workbench.action.closePanel');
      await wb.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden' });
      log(`wrote ${await wb.capture(join(ROOT, 'images', 'screenshot-drill.png'))}`);
    }
  });
});
