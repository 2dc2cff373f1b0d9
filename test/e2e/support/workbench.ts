/// <reference lib="dom" />
// (lib.dom for the functions that run in the page, via evaluate/waitForFunction)
/**
 * Driving the VS Code workbench served by code-server from Debian's Chromium
 * with playwright-core, the way a user does: click the file in the explorer,
 * read the status bar, hover a token, open the Problems panel, run a command
 * from the palette. Every wait is for a selector or a condition, never a sleep.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ROOT } from './codeServer';

export const CHROMIUM = process.env.REDIS_HA_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'e2e');
/** Chromium on a machine whose network is closed: no background traffic, no sandbox (root in CI). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
/** Generous for a shared 2-core machine; a wait ends as soon as its condition holds. */
export const TIMEOUT = 30_000;

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium with a fresh, throwaway profile. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'redis-ha-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Problem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: string;
  code: string;
  /** "[Ln 2, Col 12]" as the panel shows it. */
  position: string;
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Loads the workbench at `url` and waits until the explorer lists the folder's files. */
  static async open(page: Page, url: string): Promise<Workbench> {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    return new Workbench(page);
  }

  /** The explorer row of a file (exact name). */
  explorerRow(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
  }

  /** Opens a file by clicking its row in the explorer; resolves when its editor is the active one. */
  async openFile(name: string): Promise<void> {
    await this.explorerRow(name).click();
    await this.page.locator('.tabs-container .tab.active .label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }).waitFor();
    await this.activeEditor().locator('.view-lines').waitFor();
  }

  /** The editor that has the focus-owning tab (the visible text editor in the active group). */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** The language name in the status bar (e.g. "Redis config"). */
  async languageMode(): Promise<string> {
    const item = this.page.locator('.statusbar-item[id="status.editor.mode"]');
    await item.waitFor();
    return (await item.innerText()).trim();
  }

  /** Waits until the status bar shows `name` as the language; returns it. */
  async waitForLanguageMode(name: string): Promise<string> {
    await this.page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }).waitFor();
    return name;
  }

  /** Waits for an error squiggle in the active editor; returns the text it underlines. */
  async waitForErrorSquiggle(): Promise<Locator> {
    const squiggle = this.activeEditor().locator('.squiggly-error').first();
    await squiggle.waitFor();
    return squiggle;
  }

  /** Waits until the active editor has no error squiggle. */
  async waitForNoErrorSquiggle(): Promise<void> {
    await this.activeEditor().locator('.squiggly-error').first().waitFor({ state: 'detached' });
  }

  /** Opens (focuses) the Problems panel. */
  async openProblems(): Promise<Locator> {
    await this.runCommand('Focus Problems (Errors, Warnings, Infos)', 'workbench.panel.markers.view.focus');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return panel;
  }

  /** The problem entries of the Problems panel (opening it if needed); waits for at least `min` entries. */
  async problems(min = 1): Promise<Problem[]> {
    const panel = await this.openProblems();
    const rows = panel.locator('.monaco-list-row').filter({ has: this.page.locator('.marker-message') });
    if (min > 0) await rows.nth(min - 1).waitFor();
    const out: Problem[] = [];
    for (const row of await rows.all()) {
      const icon = (await row.locator('.marker-icon').getAttribute('class')) ?? '';
      out.push({
        severity: icon.includes('error') ? 'error' : icon.includes('warning') ? 'warning' : 'info',
        message: (await row.locator('.marker-message').innerText()).trim(),
        source: (await textOrEmpty(row.locator('.marker-source'))).trim(),
        code: (await textOrEmpty(row.locator('.marker-code'))).trim(),
        position: (await textOrEmpty(row.locator('.marker-line'))).trim(),
      });
    }
    return out;
  }

  /** Waits until the Problems panel says the workspace has no problems. */
  async waitForNoProblems(): Promise<void> {
    const panel = await this.openProblems();
    await panel.locator('.message-box-container', { hasText: /No problems have been detected/ }).waitFor();
  }

  /**
   * Where `token` is drawn in the active editor: the box of exactly its
   * characters (a DOM Range over the rendered text), in the topmost visible
   * line that contains it — spans may hold a whole line when no grammar splits it.
   */
  async tokenBox(token: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const editor = this.activeEditor();
    await editor.locator('.view-line', { hasText: token }).first().waitFor();
    const box = await editor.evaluate((root, tok) => {
      const lines = Array.from(root.querySelectorAll<HTMLElement>('.view-lines .view-line'))
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      for (const line of lines) {
        const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
        const at = text.indexOf(tok);
        if (at < 0) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let seen = 0, startSet = false;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const len = n.textContent?.length ?? 0;
          if (!startSet && at < seen + len) { range.setStart(n, at - seen); startSet = true; }
          if (startSet && at + tok.length <= seen + len) { range.setEnd(n, at + tok.length - seen); break; }
          seen += len;
        }
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    }, token);
    if (!box) throw new Error(`'${token}' is not visible in the active editor`);
    return box;
  }

  /** Hovers the mouse over `token` in the active editor; resolves with the hover card's text. */
  async hover(token: string): Promise<string> {
    const b = await this.tokenBox(token);
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    const card = this.page.locator('.monaco-hover .hover-contents').first();
    await card.waitFor();
    return card.innerText();
  }

  /** Puts the cursor right after `token` — for typing or completion. */
  async clickAfter(token: string): Promise<void> {
    const b = await this.tokenBox(token);
    await this.page.mouse.click(b.x + b.width, b.y + b.height / 2);
  }

  /** Selects the word `token` (double click), e.g. to type over it. */
  async selectWord(token: string): Promise<void> {
    const b = await this.tokenBox(token);
    await this.page.mouse.dblclick(b.x + b.width / 2, b.y + b.height / 2);
    await this.activeEditor().locator('.selected-text').first().waitFor();
  }

  /** Triggers completion at the cursor; resolves with the labels offered. */
  async triggerCompletion(): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    const rows = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor();
    return (await rows.locator('.label-name').allInnerTexts()).map((s) => s.trim());
  }

  /**
   * Runs a command from the palette by its title ("Category: Title"). `id` is
   * only used in the error message, to say which command was meant.
   */
  async runCommand(title: string, id = ''): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    if (!(await input.isVisible())) await this.page.keyboard.press('Control+Shift+P');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor();
    } catch (e) {
      throw new Error(`the command palette offers no '${title}'${id ? ` (${id})` : ''}: ${(e as Error).message}`);
    }
    await row.click();
    // the palette closes, or turns into the command's own quick pick
    await this.page.waitForFunction(() => {
      const el = document.querySelector<HTMLInputElement>('.quick-input-widget input.input');
      return !el || el.offsetParent === null || !el.value.startsWith('>');
    });
  }

  /** Picks `label` in an open quick pick (typing it into the filter first). */
  async pick(label: string): Promise<void> {
    await this.page.locator('.quick-input-widget input.input').fill(label);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.click();
    await this.page.locator('.quick-input-widget input.input').waitFor({ state: 'hidden' });
  }

  /** Shows the output channel `name` and returns its text once it contains `expect`. */
  async outputChannel(name: string, expect: RegExp): Promise<string> {
    await this.runCommand('Show Output Channels...', 'workbench.action.showOutputChannels');
    await this.pick(name);
    // the output is an editor in the panel; its text uses non-breaking spaces
    const handle = await this.page.waitForFunction(({ source, flags }) => {
      const re = new RegExp(source, flags);
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.part.panel .monaco-editor .view-lines'))) {
        const text = (el.innerText ?? '').replace(/\u00a0/g, ' ');
        if (re.test(text)) return text;
      }
      return false;
    }, { source: expect.source, flags: expect.flags });
    return (await handle.jsonValue()) as string;
  }

  /** Texts of the notification toasts now showing, with their severity. */
  async notifications(): Promise<Array<{ severity: string; text: string }>> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    const out: Array<{ severity: string; text: string }> = [];
    for (const t of await toasts.all()) {
      const icon = (await t.locator('.notification-list-item-icon').getAttribute('class').catch(() => '')) ?? '';
      out.push({
        severity: /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : 'info',
        text: (await t.innerText()).trim(),
      });
    }
    return out;
  }

  /** Saves a screenshot as test-results/e2e/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

async function textOrEmpty(l: Locator): Promise<string> {
  return (await l.count()) ? l.first().innerText() : '';
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
