/**
 * *Redis HA: Run Failover Drill…* on a Sentinel group or a cluster shard of the live view: the
 * mode, duration, rate and WAIT asked for; the plan (the CLI's dry run) shown
 * in an output channel; a modal warning that the failover is real and the
 * group's name typed back; then the drill under a cancellable progress
 * notification (cancel stops the writers and deletes the keys), and its
 * report — the HTML page of `redis-ha drill --report FILE.html` — in a
 * webview that runs no script, with *Save Report…* (HTML or JSON). The
 * password is the live view's (the OS keychain), never written anywhere.
 * Refused in Restricted Mode, as the live view is.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  DRILL_LIMITS,
  type DrillOptions,
  type DrillPlan,
  type DrillResult,
  drillReportHtml,
  makePlan,
  planText,
  resultText,
  runDrill,
} from '../../health';
import type { ConnectionStore } from './connections';
import { confirmationError, drillOptionsOf, modeChoices, type Target, targetName, targetsOf, wholeNumberError } from './drillChoices';
import type { HealthItem, HealthTreeProvider } from './tree';

export const DRILL_VIEW_TYPE = 'redisHa.drillReport';
const TITLE = 'Redis HA: Failover Drill';

/** The Sentinel group or cluster shard of the item, or one picked from the last refresh. */
async function drillTarget(item: HealthItem | undefined, tree: HealthTreeProvider): Promise<Target | undefined> {
  if (item?.kind === 'shard') return { g: item.group, shard: item.shard };
  if (item?.kind === 'group' && item.group.kind === 'sentinel') return { g: item.group };
  const targets = targetsOf(item?.kind === 'group' ? [item.group] : (tree.current?.groups ?? []));
  if (!targets.length) {
    void vscode.window.showInformationMessage(
      'Redis HA: no Sentinel group or cluster shard in the live view yet — the drill runs on one of those.',
    );
    return undefined;
  }
  if (targets.length === 1) return targets[0];
  const pick = await vscode.window.showQuickPick(
    targets.map((t) => ({
      label: t.shard ? `shard ${t.shard.slots}` : t.g.name,
      description: `${t.g.connection} · primary ${t.shard ? t.shard.primary : (t.g.primary ?? '?')}`,
      t,
    })),
    { placeHolder: 'Sentinel group or cluster shard to run the failover drill on' },
  );
  return pick?.t;
}

async function askNumber(prompt: string, value: number, min: number, max: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: TITLE,
    prompt: `${prompt} (${min}–${max})`,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (v) => wholeNumberError(v, min, max),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** Mode, duration, rate and WAIT; undefined when a question was dismissed. */
async function askChoices(t: Target) {
  const primary = t.shard ? t.shard.primary : t.g.primary;
  const { choices, crashWhyNot } = modeChoices(primary, !!t.shard);
  const mode = await vscode.window.showQuickPick(choices, {
    title: TITLE,
    placeHolder: `How to cause the failover of '${targetName(t)}'${crashWhyNot ? ` — ${crashWhyNot}` : ''}`,
    ignoreFocusOut: true,
  });
  if (!mode) return undefined;
  const durationS = await askNumber('Seconds of writing', DRILL_LIMITS.defaultDurationS, 2, DRILL_LIMITS.maxDurationS);
  if (durationS === undefined) return undefined;
  const rate = await askNumber('Writes per second, all writers together', DRILL_LIMITS.defaultRate, 1, DRILL_LIMITS.maxRate);
  if (rate === undefined) return undefined;
  const replicas = Math.max(1, (t.shard ?? t.g).replicas.length);
  const wait = await vscode.window.showQuickPick(
    [
      { label: 'No WAIT', detail: 'every write is asynchronous, as most clients write', wait: undefined },
      {
        label: `WAIT ${replicas} 1000`,
        detail: `half of the writers wait for ${replicas} replica(s): their loss is counted apart`,
        wait: { replicas, timeoutMs: 1000 },
      },
    ],
    { title: TITLE, placeHolder: 'WAIT after each write?', ignoreFocusOut: true },
  );
  if (!wait) return undefined;
  return { mode: mode.mode, durationS, rate, wait: wait.wait };
}

/** The modal warning, then the group's name typed back: true only when both are done. */
async function confirmed(group: string, kind: DrillPlan['kind'], plan: string): Promise<boolean> {
  const go = await vscode.window.showWarningMessage(
    `Run a real failover of the ${kind === 'cluster' ? 'cluster shard' : 'Sentinel group'} '${group}'?`,
    {
      modal: true,
      detail: `The primary changes: clients of this ${kind === 'cluster' ? 'shard' : 'group'} see errors until they find the new one. Run drills on staging groups.\n\n${plan}`,
    },
    'Continue…',
  );
  if (go !== 'Continue…') return false;
  const typed = await vscode.window.showInputBox({
    title: TITLE,
    prompt: `Type the group's name '${group}' to run the drill`,
    placeHolder: group,
    ignoreFocusOut: true,
    validateInput: (v) => confirmationError(v, group),
  });
  return typed === group;
}

/** Saves the report where the user says: HTML when the name ends in .html, else JSON. */
async function saveReport(r: DrillResult): Promise<void> {
  const uri = await vscode.window.showSaveDialog({
    title: 'Save the drill report',
    defaultUri: vscode.Uri.file(`drill-${r.group.replace(/[^\w.-]+/g, '_')}-${r.id}.html`),
    filters: { HTML: ['html'], JSON: ['json'] },
  });
  if (!uri) return;
  const text = /\.html?$/i.test(uri.path)
    ? drillReportHtml(r, { nonce: randomBytes(16).toString('base64') })
    : `${JSON.stringify(r, null, 2)}\n`;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  vscode.window.setStatusBarMessage(`Saved ${uri.fsPath}`, 3000);
}

/** The report in a webview: no script, only the page's nonce'd style sheet. */
function showReport(r: DrillResult): void {
  const panel = vscode.window.createWebviewPanel(
    DRILL_VIEW_TYPE,
    `Drill: ${r.group}`,
    { viewColumn: vscode.ViewColumn.Active },
    {
      enableScripts: false,
      localResourceRoots: [],
    },
  );
  panel.webview.html = drillReportHtml(r, { nonce: randomBytes(16).toString('base64') });
}

export class DrillCommand implements vscode.Disposable {
  private channel?: vscode.OutputChannel;
  private running = false;

  constructor(
    private readonly store: ConnectionStore,
    private readonly tree: HealthTreeProvider,
  ) {}

  private output(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel('Redis HA Drill');
    return this.channel;
  }

  /** The options for a target: its Sentinels (or the shard's nodes), its name, the connection's user, keychain password and TLS settings. */
  private optionsFor(t: Target): Omit<DrillOptions, 'mode' | 'durationS' | 'rate' | 'wait'> | string {
    const { g, shard } = t;
    const spec = this.store.specs().find((s) => s.id === g.connection);
    if (!spec) return `the connection of '${g.name}' is gone`;
    if (!shard && !g.sentinels.length) return `no Sentinel of '${g.name}' is known yet`;
    if (shard && !shard.primary) return `the shard ${shard.slots} has no primary`;
    const timeoutMs = 2000;
    return drillOptionsOf({
      sentinels: shard ? [] : g.sentinels,
      cluster: shard ? [shard.primary as string, ...shard.replicas] : undefined,
      master: shard ? undefined : g.name,
      auth: { username: spec.username, password: this.store.password(spec.id), tls: spec.tls },
      mode: 'manual',
      durationS: DRILL_LIMITS.defaultDurationS,
      rate: DRILL_LIMITS.defaultRate,
      timeoutMs,
    });
  }

  async run(item?: HealthItem): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        'Redis HA: the failover drill runs only in a trusted workspace (Restricted Mode keeps the live view off).',
      );
      return;
    }
    if (this.running) {
      void vscode.window.showInformationMessage('Redis HA: a failover drill is running; wait for its report.');
      return;
    }
    const t = await drillTarget(item, this.tree);
    if (!t) return;
    const base = this.optionsFor(t);
    if (typeof base === 'string') {
      void vscode.window.showErrorMessage(`Redis HA: cannot run the drill: ${base}.`);
      return;
    }
    const c = await askChoices(t);
    if (!c) return;
    this.running = true;
    try {
      await this.plannedRun({ ...base, ...c });
    } finally {
      this.running = false;
    }
  }

  private async plannedRun(o: DrillOptions): Promise<void> {
    const out = this.output();
    let plan: Awaited<ReturnType<typeof makePlan>>;
    try {
      plan = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Redis HA: planning the drill…' },
        () => makePlan(o),
      );
    } catch (e) {
      void vscode.window.showErrorMessage(`Redis HA: the drill cannot start: ${(e as Error).message}`);
      return;
    }
    const text = planText(plan, o).replace(/\nTo run it: .*\n$/, '\n');
    out.appendLine(text);
    out.show(true);
    if (plan.refusals.length) {
      void vscode.window.showErrorMessage(`Redis HA: the drill is refused: ${plan.refusals.join('; ')}`);
      return;
    }
    if (!(await confirmed(plan.master, plan.kind, text))) return;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Failover drill '${plan.master}'`, cancellable: true },
      (progress, token) =>
        runDrill(o, plan, {
          interrupted: new Promise<void>((resolve) => token.onCancellationRequested(() => resolve())),
          progress: (line) => {
            out.appendLine(line);
            progress.report({ message: line });
          },
        }),
    );
    out.appendLine(resultText(result));
    showReport(result);
    const verdict = result.settled ? `${result.oldPrimary} → ${result.newPrimary}` : 'the group did not settle';
    const save = await vscode.window.showInformationMessage(
      `Redis HA: drill '${result.group}' done (${verdict}; ${result.rpo.lostWrites} acknowledged writes lost).`,
      'Save Report…',
    );
    if (save) await saveReport(result);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}

/** The command and its output channel, disposed with the extension. */
export function registerDrill(context: vscode.ExtensionContext, store: ConnectionStore, tree: HealthTreeProvider): void {
  const drill = new DrillCommand(store, tree);
  context.subscriptions.push(
    drill,
    vscode.commands.registerCommand('redisHa.runDrill', (item?: HealthItem) => drill.run(item)),
  );
}
