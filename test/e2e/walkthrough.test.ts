/**
 * The "Get started with Redis HA" walkthrough in a real VS Code (code-server,
 * the extension installed from its .vsix): Redis HA: Get Started opens it with
 * its four steps and their media (the screenshots they show load); its "Open
 * Example Config" button opens a redis-conf document beside it with the
 * example's two errors and the summary; its "Apply Profile…" button opens the
 * profiles of that document, and Balanced makes the summary meet its target.
 * Each button completes its step.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Workbench } from './support/workbench';
import { e2eSkipReason, scenarioOf, startSession, type E2ESession } from './support/session';

const STEPS = ['Open a config', 'Read the summary', 'Apply a profile', 'Connect a group'];
const STEP_IDS = ['openConfig', 'readSummary', 'applyProfile', 'connectGroup'];

let session: E2ESession | undefined;
const scenario = scenarioOf('walkthrough', () => session);

/** Selects the walkthrough step titled `title` (it expands and shows its media). */
async function selectStep(wb: Workbench, title: string): Promise<void> {
  const step = wb.page.locator('.getting-started-step', { has: wb.page.locator('.step-title', { hasText: title }) });
  await step.click();
  await wb.page.locator('.getting-started-step.expanded .step-title', { hasText: title }).waitFor();
}

/** Clicks the button `label` in the expanded step. */
async function clickStepButton(wb: Workbench, label: string): Promise<void> {
  await wb.page.locator('.getting-started-step.expanded a.monaco-button', { hasText: label }).click();
}

/**
 * Clicks the step's Apply Profile… button and returns the menu's titles. The
 * click also completes the step, and the walkthrough's redraw can take the
 * focus back and close the menu as it opens (seen in CI under load): then
 * the button is clicked again, at most three times.
 */
async function profileMenu(wb: Workbench): Promise<string[]> {
  const rows = wb.page.locator('.action-widget .monaco-list-row.action');
  for (let attempt = 1; ; attempt++) {
    await clickStepButton(wb, 'Apply Profile…');
    await rows.first().waitFor();
    const titles = (await rows.allInnerTexts()).map((t) => t.trim());
    if (titles.length || attempt === 3) return titles;
    process.stderr.write('[e2e] the profile menu closed as it opened; clicking Apply Profile… again\n');
  }
}

/** Waits until the step's checkbox says it is done. */
async function waitForStepDone(wb: Workbench, id: string): Promise<void> {
  await wb.page.locator(`.getting-started-step [data-done-step-id$="#${id}"].codicon-getting-started-step-checked`).waitFor();
}

/** The images the walkthrough's media webview shows, with the width each loaded at (0: not loaded). */
async function mediaImages(wb: Workbench): Promise<Array<{ src: string; width: number }>> {
  const out: Array<{ src: string; width: number }> = [];
  for (const frame of wb.page.frames()) {
    const imgs = await frame
      .evaluate(() => Array.from(document.querySelectorAll('img')).map((i) => ({ src: i.src, width: i.naturalWidth })))
      .catch(() => []);
    out.push(...imgs.filter((i) => i.src.includes('/redis-ha.redis-ha-')));
  }
  return out;
}

describe('the walkthrough in code-server', { skip: e2eSkipReason() }, () => {
  before(async () => {
    session = await startSession({ files: { 'README.md': 'The walkthrough opens its own example; this folder only needs to exist.\n' } });
    // the palette lists an extension's commands once the extension host has registered it, a moment after the
    // workbench shows; its view container in the activity bar comes with the same registration
    await session.wb.page.locator('.activitybar .action-item:has(a[aria-label^="Redis HA"])').waitFor();
  });
  after(() => session?.close());

  scenario("Redis HA: Get Started opens the four steps, and a step's media shows its screenshot", async (wb) => {
    await wb.runCommand('Redis HA: Get Started', 'redisHa.openWalkthrough');
    const titles = wb.page.locator('.getting-started-step .step-title');
    await titles.nth(STEPS.length - 1).waitFor();
    assert.deepEqual(
      (await titles.allInnerTexts()).map((t) => t.trim()),
      STEPS,
    );
    const ids = await wb.page.locator('.getting-started-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id')));
    assert.deepEqual(
      ids,
      STEP_IDS.map((id) => `redis-ha.redis-ha#redisHa.gettingStarted#${id}`),
    );

    await selectStep(wb, 'Read the summary');
    // the Markdown media is a webview; the screenshot it names relative to itself loads from the installed extension
    const images = await wb.until(
      "the summary step's screenshot to load",
      () => mediaImages(wb),
      (imgs) => imgs.some((i) => i.src.endsWith('/images/screenshot-profile-summary.png') && i.width > 0),
    );
    assert.ok(
      images.every((i) => i.width > 0),
      JSON.stringify(images),
    );
  });

  scenario("Open Example Config opens a redis-conf document beside it, with the example's errors and the summary", async (wb) => {
    await selectStep(wb, 'Open a config');
    await clickStepButton(wb, 'Open Example Config');
    await wb.waitForLanguageMode('Redis config');
    await wb.waitForErrorSquiggle();
    // beside the walkthrough, which stays in front in its own group
    const groups = wb.page.locator('.editor-group-container');
    assert.equal(await groups.count(), 2);
    const walkthroughGroup = groups.filter({ has: wb.page.locator('.tab.active', { hasText: 'Walkthrough:' }) });
    assert.equal(await walkthroughGroup.count(), 1, 'the walkthrough is the active tab of one group');
    assert.equal(
      await walkthroughGroup.locator('.tab', { hasText: 'Redis HA example' }).count(),
      0,
      'the example opened over the walkthrough',
    );
    const errors = await wb.waitForProblems((ps) => ps.filter((p) => p.severity === 'error').length >= 2, "the example's two errors");
    assert.deepEqual(
      errors
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.position} ${p.code}`)
        .sort(),
      ['[Ln 11, Col 1] unknown-directive', '[Ln 16, Col 13] inline-comment'],
    );
    const hint = await wb.waitForInlayHints((t) => t.includes('rpo=1s ✗'), 'the summary on line 1');
    assert.match(hint, /^✗ redis-server refuses this file \(line 16\) · RPO ≈ 1 h on crash \(RDB snapshots\) · /);
    await waitForStepDone(wb, 'openConfig');
  });

  scenario('Apply Profile… lists the profiles of the example, and Balanced makes it meet its target', async (wb) => {
    await selectStep(wb, 'Apply a profile');
    const titles = await profileMenu(wb);
    assert.deepEqual(titles, ['Apply profile: Balanced', 'Apply profile: Maximum durability', 'Apply profile: Low latency']);
    await wb.applyAction('Apply profile: Balanced');
    const hint = await wb.waitForInlayHints((t) => t.includes('rpo=1s ✓'), 'the summary meeting Balanced');
    assert.match(hint, /RPO ≈ 1 s on crash \(AOF everysec \+ RDB\)/);
    await waitForStepDone(wb, 'applyProfile');
  });
});
