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
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Generous for a shared 2-core machine; a wait ends as soon as its condition holds. */
export const TIMEOUT = 30_000;

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium with a fresh, throwaway profile; the window is 1400×900 unless `viewport` says otherwise. */
export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'redis-ha-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  context.setDefaultTimeout(TIMEOUT);
  // tsx (esbuild keepNames) wraps named inner functions in __name(...): a function
  // handed to evaluate/waitForFunction runs in the page, where __name must exist.
  await context.addInitScript(() => {
    (globalThis as unknown as { __name: (f: unknown) => unknown }).__name = (f: unknown) => f;
  });
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
  /** The file it is listed under, as the panel names it (e.g. "redis.conf"). */
  file: string;
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
    await this.page
      .locator('.statusbar-item[id="status.editor.mode"]', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) })
      .waitFor();
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
    if (min > 0)
      await panel
        .locator('.monaco-list-row')
        .filter({ has: this.page.locator('.marker-message') })
        .nth(min - 1)
        .waitFor();
    return this.readProblems();
  }

  /** Opens the Problems panel and waits until its entries satisfy `accept`; returns them. */
  async waitForProblems(accept: (p: Problem[]) => boolean, what: string): Promise<Problem[]> {
    await this.openProblems();
    return this.until(what, () => this.readProblems(), accept);
  }

  /** The entries the Problems panel draws now, each with the file whose group it is in. */
  private readProblems(): Promise<Problem[]> {
    return this.page.locator('.markers-panel').evaluate((panel) => {
      const out: Problem[] = [];
      let file = '';
      const rows = Array.from(panel.querySelectorAll<HTMLElement>('.monaco-list-row')).sort(
        (a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top,
      );
      const text = (row: HTMLElement, sel: string) => (row.querySelector<HTMLElement>(sel)?.innerText ?? '').trim();
      for (const row of rows) {
        const header = /^\d+ problems? in file (.+?) of folder /.exec(row.getAttribute('aria-label') ?? '');
        if (header) file = header[1];
        if (!row.querySelector('.marker-message')) continue;
        const icon = row.querySelector('.marker-icon')?.className ?? '';
        out.push({
          severity: icon.includes('error') ? 'error' : icon.includes('warning') ? 'warning' : 'info',
          message: text(row, '.marker-message'),
          source: text(row, '.marker-source'),
          code: text(row, '.marker-code'),
          position: text(row, '.marker-line'),
          file,
        });
      }
      return out;
    });
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
   * Inlay hints (text VS Code injects between the file's characters) are not
   * part of the text searched.
   */
  async tokenBox(token: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const editor = this.activeEditor();
    await editor.locator('.view-line', { hasText: token }).first().waitFor();
    const box = await editor.evaluate((root, tok) => {
      const lines = Array.from(root.querySelectorAll<HTMLElement>('.view-lines .view-line')).sort(
        (a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top,
      );
      for (const line of lines) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const nodes: Text[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.parentElement?.closest('[class*="dyn-rule-"]')) nodes.push(n as Text);
        }
        const text = nodes
          .map((n) => n.data)
          .join('')
          .replace(/\u00a0/g, ' ');
        const at = text.indexOf(tok);
        if (at < 0) continue;
        const range = document.createRange();
        let seen = 0,
          startSet = false;
        for (const n of nodes) {
          const len = n.data.length;
          if (!startSet && at < seen + len) {
            range.setStart(n, at - seen);
            startSet = true;
          }
          if (startSet && at + tok.length <= seen + len) {
            range.setEnd(n, at + tok.length - seen);
            break;
          }
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

  /**
   * Hovers the mouse over `token` in the active editor; resolves with the text
   * of the hover (every part of it: diagnostics first, then documentation).
   * A hover still showing from before is closed first.
   */
  async hover(token: string): Promise<string> {
    await this.closeHover();
    const b = await this.tokenBox(token);
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    const card = this.page
      .locator('.monaco-editor .monaco-hover:not(.hidden)')
      .filter({ has: this.page.locator('.hover-contents') })
      .first();
    await card.waitFor();
    return card.innerText();
  }

  /** Closes the editor's hover, if one shows (Escape, and the mouse moved off the text). */
  async closeHover(): Promise<void> {
    const shown = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .hover-contents');
    if (!(await shown.count())) return;
    await this.page.mouse.move(1, 1);
    await this.page.keyboard.press('Escape');
    await shown.first().waitFor({ state: 'detached' });
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

  /** The rows of the suggest widget while it is open. */
  completionRows(): Locator {
    return this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  }

  /**
   * Triggers completion at the cursor; resolves with the labels offered. While
   * the language server is still starting, the widget answers "No suggestions.":
   * that answer is dismissed and the request made again, until the deadline.
   */
  async triggerCompletion(): Promise<string[]> {
    const widget = this.page.locator('.editor-widget.suggest-widget.visible');
    const rows = this.completionRows();
    const none = widget.locator('.message', { hasText: /No suggestions/ });
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      await this.page.keyboard.press('Control+Space');
      await rows
        .first()
        .or(none)
        .waitFor({ timeout: Math.max(1, deadline - Date.now()) });
      if (await rows.count()) break;
      if (Date.now() > deadline) throw new Error('the completion widget keeps saying "No suggestions."');
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden' });
    }
    return (await rows.locator('.label-name').allInnerTexts()).map((s) => s.trim());
  }

  /** Accepts the suggestion whose label is exactly `label` (as a click on it does); the widget closes. */
  async acceptCompletion(label: string): Promise<void> {
    const row = this.completionRows()
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .first();
    await row.click();
    await this.page
      .locator('.editor-widget.suggest-widget.visible .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .first()
      .waitFor({ state: 'detached' });
  }

  /**
   * The text of the active editor as drawn, without inlay hints: the lines
   * rendered in the viewport (all of them for the short files of the scenarios).
   */
  async editorText(): Promise<string> {
    const lines = await this.activeEditor().evaluate((root) =>
      Array.from(root.querySelectorAll<HTMLElement>('.view-lines .view-line'))
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((line) =>
          Array.from(line.querySelectorAll<HTMLElement>(':scope > span > span'))
            .filter((span) => !/\bdyn-rule-/.test(span.className))
            .map((span) => span.textContent ?? '')
            .join('')
            .replace(/\u00a0/g, ' '),
        ),
    );
    return lines.join('\n');
  }

  /** Waits until the active editor's text (as `editorText` reads it) satisfies `accept`; returns it. */
  async waitForText(accept: (text: string) => boolean, what: string): Promise<string> {
    return this.until(what, () => this.editorText(), accept);
  }

  /**
   * The inlay hints drawn on line `line` (1-based) of the active editor: the
   * injected text VS Code adds between the file's own characters. Empty when
   * the line has none, or is scrolled out of view.
   */
  async inlayHints(line = 1): Promise<string> {
    return this.activeEditor().evaluate((root, n) => {
      // the gutter says which line is drawn at which height
      const numbers = Array.from(root.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers'));
      const number = numbers.find((el) => el.textContent?.trim() === String(n));
      if (!number) return '';
      const top = number.getBoundingClientRect().top;
      const el = Array.from(root.querySelectorAll<HTMLElement>('.view-lines .view-line')).find(
        (l) => Math.abs(l.getBoundingClientRect().top - top) < 2,
      );
      if (!el) return '';
      return Array.from(el.querySelectorAll<HTMLElement>(':scope > span > span'))
        .filter((span) => /\bdyn-rule-/.test(span.className))
        .map((span) => span.textContent ?? '')
        .join('')
        .replace(/\u00a0/g, ' ')
        .trim();
    }, line);
  }

  /** Waits until the inlay hints of line `line` satisfy `accept`; returns them. */
  async waitForInlayHints(accept: (text: string) => boolean, what: string, line = 1): Promise<string> {
    return this.until(what, () => this.inlayHints(line), accept);
  }

  /** Squiggles now drawn in the active editor, by severity. */
  async squiggles(): Promise<{ error: number; warning: number; info: number }> {
    const editor = this.activeEditor();
    return {
      error: await editor.locator('.squiggly-error').count(),
      warning: await editor.locator('.squiggly-warning').count(),
      info: await editor.locator('.squiggly-info').count(),
    };
  }

  /** Waits until the active editor shows no error and no warning squiggle (information may remain). */
  async waitForNothingAboveInformation(): Promise<void> {
    await this.activeEditor().locator('.squiggly-error, .squiggly-warning').first().waitFor({ state: 'detached' });
  }

  /**
   * Opens the Quick Fix menu at the cursor (Ctrl+.) and returns the titles it
   * lists; `applyAction` then picks one.
   */
  async quickFixes(): Promise<string[]> {
    return this.actionMenu(() => this.page.keyboard.press('Control+.'));
  }

  /** Opens the Source Action menu of the active editor and returns its titles. */
  async sourceActions(): Promise<string[]> {
    return this.actionMenu(() => this.runCommand('Source Action...', 'editor.action.sourceAction'));
  }

  /**
   * Opens an action menu with `open` and returns its titles. When the editor
   * answers "No … actions available" instead (its request was cancelled or
   * came too early, as seen now and then on a loaded machine), that is said on
   * stderr and the menu asked for again, until the deadline.
   */
  private async actionMenu(open: () => Promise<void>): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const none = this.page.locator('.monaco-editor-overlaymessage', { hasText: /No .*actions available/ });
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      await open();
      await rows
        .first()
        .or(none)
        .waitFor({ timeout: Math.max(1, deadline - Date.now()) });
      if (await rows.count()) return (await rows.allInnerTexts()).map((s) => s.trim());
      const said = (
        await none
          .first()
          .innerText()
          .catch(() => '')
      ).trim();
      if (Date.now() > deadline) throw new Error(`the editor keeps answering '${said}'`);
      process.stderr.write(`[e2e] the editor answered '${said}'; asking again\n`);
      await this.page.keyboard.press('Escape');
      await none.first().waitFor({ state: 'detached' });
    }
  }

  /** Applies the action titled `title` from the open Quick Fix / Source Action menu; the menu closes. */
  async applyAction(title: string): Promise<void> {
    const row = this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
    // the menu opens under a pointer block that the first mouse move removes (so the
    // row under a still mouse is not taken by accident): move, then click
    const box = await row.boundingBox();
    if (box) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await row.click();
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Closes whatever floats over the workbench — suggest widget, hover, action
   * menu, quick input, a snippet's placeholders — with Escape, until none is
   * left (at most a few presses), so the next scenario starts clean.
   */
  async dismissWidgets(): Promise<void> {
    const floating = this.page.locator(
      [
        '.editor-widget.suggest-widget.visible',
        '.monaco-editor .monaco-hover:not(.hidden) .hover-contents',
        '.action-widget',
        '.context-view .monaco-menu',
        '.quick-input-widget:visible',
      ].join(', '),
    );
    for (let i = 0; i < 5 && (await floating.count()) > 0; i++) {
      await this.page.mouse.move(1, 1);
      await this.page.keyboard.press('Escape');
      await floating
        .first()
        .waitFor({ state: 'hidden', timeout: 2000 })
        .catch(() => undefined);
    }
  }

  /**
   * Reads `read` until `accept` holds for its value, reading again each time
   * the workbench's DOM changes; throws after `timeoutMs` with the last value.
   */
  async until<T>(what: string, read: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = TIMEOUT): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await read();
      if (accept(v)) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(v)}`);
      await this.page.evaluate(
        (ms) =>
          new Promise<void>((resolve) => {
            const done = () => {
              observer.disconnect();
              clearTimeout(timer);
              resolve();
            };
            const observer = new MutationObserver(done);
            observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            const timer = setTimeout(done, ms);
          }),
        left,
      );
    }
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
    const handle = await this.page.waitForFunction(
      ({ source, flags }) => {
        const re = new RegExp(source, flags);
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('.part.panel .monaco-editor .view-lines'))) {
          const text = (el.innerText ?? '').replace(/\u00a0/g, ' ');
          if (re.test(text)) return text;
        }
        return false;
      },
      { source: expect.source, flags: expect.flags },
    );
    return (await handle.jsonValue()) as string;
  }

  /** Texts of the notification toasts now showing, with their severity. */
  async notifications(): Promise<Array<{ severity: string; text: string }>> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    const out: Array<{ severity: string; text: string }> = [];
    for (const t of await toasts.all()) {
      const icon =
        (await t
          .locator('.notification-list-item-icon')
          .getAttribute('class')
          .catch(() => '')) ?? '';
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
    return this.capture(path);
  }

  /**
   * A PNG of the page (or of `clip`) at `path`. CSS animations are run to
   * their end first, so a hover or a notification that fades in is captured
   * as the user sees it once it has appeared, not half transparent.
   */
  async capture(path: string, clip?: { x: number; y: number; width: number; height: number }): Promise<string> {
    await this.page.screenshot({ path, clip, animations: 'disabled' });
    return path;
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
