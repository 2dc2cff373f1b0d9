/**
 * Restricted Mode in a real VS Code: code-server started with workspace trust
 * enabled and a fresh user-data-dir, so the folder opens untrusted; its
 * `.vscode/settings.json` points `redisHa.connections` at a local TCP listener
 * (test/support/fake-node.ts: a fake Redis on 127.0.0.1 that counts every
 * connection it accepts). While the folder is untrusted the extension runs —
 * the config is checked — but its live view dials nothing: the listener
 * accepts zero connections, through activation, a refresh the user asks for
 * and several refresh intervals. Once the user trusts the folder with the
 * workbench's own UI (the view's "Manage Workspace Trust" button, then
 * "Trust"), the view connects and draws the node.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { primaryInfo, startFakeNode, type FakeNode } from '../support/fake-node';
import { waitForLog } from './support/codeServer';
import { openHealthView, row, waitForTree } from './support/healthView';
import { e2eSkipReason, scenarioOf, startSession, type E2ESession } from './support/session';
import type { Workbench } from './support/workbench';

const CONNECTION = 'workspace node';
const REFRESH_SECONDS = 1;
/** How many refresh intervals the untrusted view is watched for a connection. */
const QUIET_INTERVALS = 8;
const QUIET_MS = QUIET_INTERVALS * REFRESH_SECONDS * 1000;
const OUR_LOG = /redis-ha\.redis-ha\/Redis HA\.log$/;

let node: FakeNode | undefined;
let session: E2ESession | undefined;
const scenario = scenarioOf('trust', () => session);
const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

/** The "Restricted Mode" item of the status bar, and the banner above the workbench, as the user sees them. */
const restrictedIndicators = (wb: Workbench) => ({
  status: wb.page.locator('.statusbar-item[id="status.workspaceTrust"]', { hasText: /Restricted Mode/ }),
  banner: wb.page.locator('.part.banner', { hasText: /Restricted Mode is intended for safe code browsing/ }),
});

/** Polls `read` every 50 ms until `accept` holds; throws after `timeoutMs` with the last value. */
async function poll<T>(what: string, read: () => T, accept: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (accept(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Restricted Mode in code-server', { skip: e2eSkipReason() }, () => {
  before(async () => {
    node = await startFakeNode({
      handler: (a) => (a[0].toUpperCase() === 'INFO' ? primaryInfo([]) : a[0].toUpperCase() === 'CONFIG' ? [] : undefined),
    });
    session = await startSession({
      workspaceTrust: true,
      // straight into Restricted Mode, as after answering the startup prompt "No, I don't trust the authors"
      userSettings: { 'security.workspace.trust.startupPrompt': 'never' },
      files: {
        '.vscode/settings.json': `${JSON.stringify(
          {
            'redisHa.connections': [{ name: CONNECTION, host: node.host, port: node.port }],
            'redisHa.health.refreshInterval': REFRESH_SECONDS,
          },
          null,
          2,
        )}\n`,
        'redis.conf': 'appendonly yes   # an inline comment redis-server refuses\n',
      },
    });
  });
  after(async () => {
    await session?.close();
    await node?.stop();
  });

  scenario('untrusted: the config is checked, and the listener gets no connection', async (wb, s) => {
    const restricted = restrictedIndicators(wb);
    await restricted.status.waitFor();
    await restricted.banner.waitFor();
    // the extension works in Restricted Mode: opening a redis.conf activates it and the file is checked
    await wb.openFile('redis.conf');
    await wb.waitForErrorSquiggle();
    assert.ok(
      (await wb.problems()).some((p) => p.code === 'inline-comment'),
      'the inline comment is reported',
    );
    await waitForLog(s.codeServer, /remoteexthost\.log$/, /_doActivateExtension redis-ha\.redis-ha\b/);
    // the live view has read its settings, in Restricted Mode, and said so
    await waitForLog(s.codeServer, OUR_LOG, /Restricted Mode: the live view ignores redisHa\.connections/);

    await openHealthView(wb);
    const welcome = wb.page.locator('.part.sidebar .welcome-view-content', { hasText: /connects only in a trusted workspace/ });
    // the view says why it is empty — unless it connected, which would draw the node instead
    const shown = await wb.until(
      'the view to show its Restricted Mode text (or to connect)',
      async () => ({ welcome: await welcome.isVisible(), connections: node!.connections }),
      (v) => v.welcome || v.connections > 0,
    );
    assert.equal(shown.connections, 0, `the untrusted workspace connected to ${node!.host}:${node!.port} once the view showed`);
    // the user asks for a refresh from the view's title bar: it must not dial either
    await wb.page.locator('.part.sidebar .title-actions .action-label[aria-label="Refresh Health"]').click();

    // A connection that is not made has no event to wait for: watch the listener for several refresh
    // intervals (the view is visible, so a trusted view would refresh every REFRESH_SECONDS), failing
    // at the first connection.
    const started = Date.now();
    await assert.rejects(
      poll(
        'a connection to the listener',
        () => node!.connections,
        (n) => n > 0,
        QUIET_MS,
      ),
      /timed out/,
      `the untrusted workspace connected to ${node!.host}:${node!.port}`,
    );
    log(`untrusted: ${node!.connections} connection(s) to the listener in ${Date.now() - started} ms of a visible view`);
    // the failover drill refuses at once, before asking anything
    await wb.runCommand('Redis HA: Run Failover Drill…', 'redisHa.runDrill');
    await wb.until(
      'the drill to refuse in Restricted Mode',
      () => wb.notifications(),
      (ns) => ns.some((n) => n.severity === 'error' && /failover drill runs only in a trusted workspace/.test(n.text)),
    );
    assert.equal(await wb.page.locator('.quick-input-widget input.input').isVisible(), false, 'no question was asked');
    assert.equal(node!.connections, 0);
    assert.deepEqual(node!.commands, []);
    // and the view still says why
    assert.ok(await welcome.isVisible(), 'the welcome text about trust is still shown');
    assert.ok(!(await wb.page.locator('.part.sidebar .monaco-list-row[role="treeitem"]').count()), 'the tree draws no connection');
  });

  scenario('trusted through the workbench UI: the view connects and draws the node', async (wb, s) => {
    await openHealthView(wb);
    // the button of the view's own welcome text opens the Workspace Trust editor
    await wb.page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: /^Manage Workspace Trust$/ }).click();
    const editor = wb.page.locator('.workspace-trust-editor');
    await editor.locator('.workspace-trust-title', { hasText: /Restricted Mode/ }).waitFor();
    await wb.screenshot('trust-before-trusting');
    assert.equal(node!.connections, 0, 'no connection before the user trusts the folder');
    const trustedAt = Date.now();
    await editor.locator('.monaco-button', { hasText: /^Trust$/ }).click();

    const restricted = restrictedIndicators(wb);
    await editor
      .locator('.workspace-trust-title')
      .filter({ hasNotText: /Restricted Mode/ })
      .waitFor();
    await restricted.status.waitFor({ state: 'detached' });
    await restricted.banner.waitFor({ state: 'hidden' });
    const connections = await poll(
      'the view to connect to the listener',
      () => node!.connections,
      (n) => n > 0,
      30_000,
    );
    const latency = Date.now() - trustedAt;
    log(`trusted: first connection ${latency} ms after the click on Trust (${connections} so far)`);
    // the untrusted view was watched longer than a trusted one takes to connect, or its silence proved nothing
    assert.ok(
      latency < QUIET_MS,
      `the trusted view took ${latency} ms to connect, longer than the ${QUIET_MS} ms the untrusted one was watched`,
    );
    await poll(
      'the view to ask the node for INFO',
      () => node!.commands.map((c) => c.args[0].toUpperCase()),
      (names) => names.includes('INFO'),
      30_000,
    );

    await openHealthView(wb);
    const rows = await waitForTree(
      wb,
      (rs) => row(rs, `primary ${node!.host}:${node!.port}`)?.health === 'ok',
      'the node drawn in the tree, healthy',
      30_000,
    );
    assert.equal(row(rows, CONNECTION)?.level, 1, JSON.stringify(rows));
    await waitForLog(s.codeServer, OUR_LOG, /the workspace is trusted: the live view uses redisHa\.connections/);
    log(`trusted: ${node!.connections} connection(s) once the tree showed the node`);
  });
});
