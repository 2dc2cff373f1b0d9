/**
 * One end-to-end session per test file: code-server with our .vsix installed,
 * a throwaway workspace with the files the scenarios need, and Chromium on the
 * workbench. Started once in `before`, shared by the file's scenarios, stopped
 * (process group, browser, temp dirs) in `after`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ensureCodeServer, ensurePackage, startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { CHROMIUM, launchBrowser, Workbench, type Browser } from './workbench';

/**
 * Why the e2e level cannot run here, or undefined. Under CI a missing browser
 * is a failure, not a skip: .ci/run installs it.
 */
export function e2eSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `${CHROMIUM} not found: the end-to-end tests drive Debian's Chromium (apt-get install chromium, or run .ci/run as root)`;
  if (process.env.CI) throw new Error(why);
  return why;
}

export interface E2ESession {
  codeServer: CodeServer;
  browser: Browser;
  wb: Workbench;
  workspace: string;
  close(): Promise<void>;
}

export interface SessionOptions extends Omit<CodeServerOptions, 'workspace'> {
  /** Files of the workspace, path relative to its root → content. */
  files: Record<string, string>;
  /** Extra .vsix files installed next to ours. */
  extraExtensions?: string[];
  /** The browser window's size (default 1400×900). */
  viewport?: { width: number; height: number };
}

const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

export async function startSession(opts: SessionOptions): Promise<E2ESession> {
  ensureCodeServer(log);
  const vsix = ensurePackage(log);
  const workspace = mkdtempSync(join(tmpdir(), 'redis-ha-e2e-ws-'));
  for (const [path, text] of Object.entries(opts.files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    codeServer = await startCodeServer({
      ...opts,
      workspace,
      extensions: [vsix, ...(opts.extraExtensions ?? [])],
      // as desktop VS Code: a file changes on disk when a scenario saves it (code-server's web default saves after a delay)
      userSettings: { 'files.autoSave': 'off', ...opts.userSettings },
    });
    browser = await launchBrowser(opts.viewport);
    const wb = await Workbench.open(browser.page, codeServer.workspaceUrl);
    const cs = codeServer,
      br = browser;
    return {
      codeServer: cs,
      browser: br,
      wb,
      workspace,
      close: async () => {
        await br.close();
        await cs.stop();
        rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await codeServer?.stop();
    rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
}

/**
 * A scenario of a session: a node:test test that always leaves a screenshot
 * test-results/e2e/<prefix>-<name>.png, passed or failed.
 */
export function scenarioOf<S extends { wb: Workbench } = E2ESession>(prefix: string, session: () => S | undefined) {
  return (name: string, fn: (wb: Workbench, s: S) => Promise<void>, opts: { skip?: string | boolean } = {}) =>
    test(name, opts, async () => {
      const s = session();
      if (!s) throw new Error('the e2e session did not start (see the before hook)');
      try {
        await fn(s.wb, s);
      } finally {
        await s.wb.screenshot(`${prefix}-${name}`).catch((e) => log(`no screenshot for '${name}': ${e}`));
        // the next scenario starts without this one's menus and widgets
        await s.wb.dismissWidgets().catch((e) => log(`after '${name}': ${e}`));
      }
    });
}
