/**
 * The live health view in the editor: wires the settings, the monitor, the
 * tree, the status bar, the documents and the commands. Refreshes run while
 * the view or a charts panel is visible (every `redisHa.health.refreshInterval` seconds), never
 * overlap, and stop when the view is hidden; everything is disposed with the
 * extension, and a removed connection's sockets close at once.
 */
import * as vscode from 'vscode';
import { HealthMonitor, type ConnectionSpec, type GroupStatus, type NodeStatus, type Snapshot } from '../../health';
import { healthSettingsFrom, settingKey, SETTINGS_SECTION, type EditorHealthSettings } from '../settings';
import { ChartPanels } from './charts';
import { ConfigComparison } from './compare';
import { ConnectionStore, connectionFlow, passwordFlow, pickConnection, removeFlow } from './connections';
import { registerDrill } from './drill';
import { INFO_SCHEME, InfoDocuments, LIVE_SCHEME, LiveConfigDocuments, infoUri } from './documents';
import { LiveHistory } from './history';
import { HealthTreeProvider, type HealthItem } from './tree';

export const VIEW_ID = 'redisHa.health';

function healthSettings(): EditorHealthSettings {
  return healthSettingsFrom(vscode.workspace.getConfiguration(SETTINGS_SECTION));
}

class LiveHealth implements vscode.Disposable {
  private monitor?: HealthMonitor;
  private monitorTimeout = 0;
  private monitorAllowed = '';
  private monitorHeartbeat: string | undefined;
  private specs: ConnectionSpec[] = [];
  private timer?: NodeJS.Timeout;
  private inflight?: Promise<void>;
  private disposed = false;
  private passwords = new Map<string, string | undefined>();
  private prompted = new Set<string>();
  private lastHealth = new Map<string, string>();
  /** The trust the log last reported (undefined before the first apply). */
  private loggedTrust?: boolean;
  /** The threshold settings the log last called invalid. */
  private loggedThresholds = '';
  private readonly chartsWatch: vscode.Disposable;
  private readonly status = vscode.window.createStatusBarItem('redisHa.health', vscode.StatusBarAlignment.Left, 10);

  constructor(
    private readonly store: ConnectionStore,
    private readonly tree: HealthTreeProvider,
    private readonly view: vscode.TreeView<HealthItem>,
    private readonly info: InfoDocuments,
    private readonly log: vscode.LogOutputChannel,
    private readonly history: LiveHistory,
    /** Disposed with the view. */
    private readonly charts: ChartPanels,
  ) {
    this.status.name = 'Redis HA health';
    this.chartsWatch = charts.onDidChangeVisibility(() => this.visibilityChanged());
    this.status.command = `${VIEW_ID}.focus`;
  }

  get current(): HealthMonitor | undefined {
    return this.monitor;
  }

  /** Settings, trust or passwords changed: reshape the monitor and refresh. */
  apply(): void {
    if (this.disposed) return;
    const { timeoutMs, thresholds, allowedAddresses, heartbeatKey, thresholdIssues } = healthSettings();
    if (thresholdIssues.join('\n') !== this.loggedThresholds) for (const m of thresholdIssues) this.log.warn(m);
    this.loggedThresholds = thresholdIssues.join('\n');
    this.specs = this.store.specs();
    this.logTrust();
    void vscode.commands.executeCommand('setContext', 'redisHa.hasConnections', this.specs.length > 0);
    if (!this.specs.length) {
      this.monitor?.dispose();
      this.monitor = undefined;
      this.tree.update(undefined, []);
      this.status.hide();
      this.stopTimer();
      return;
    }
    if (
      this.monitor &&
      (this.monitorTimeout !== timeoutMs || this.monitorAllowed !== allowedAddresses.join(',') || this.monitorHeartbeat !== heartbeatKey)
    ) {
      this.monitor.dispose();
      this.monitor = undefined;
    }
    if (!this.monitor) {
      this.monitor = new HealthMonitor(this.specs, {
        timeoutMs,
        thresholds,
        allowedAddresses,
        heartbeatKey,
        password: (id) => this.store.password(id),
      });
      this.monitorTimeout = timeoutMs;
      this.monitorHeartbeat = heartbeatKey;
      this.monitorAllowed = allowedAddresses.join(',');
      for (const e of this.monitor.allowList.errors) this.log.warn(`${settingKey('health.allowedAddresses')}: ${e}; the entry is ignored`);
    } else {
      this.monitor.setConnections(this.specs);
      this.monitor.setThresholds(thresholds);
    }
    for (const s of this.specs) {
      const p = this.store.password(s.id);
      if (this.passwords.has(s.id) && this.passwords.get(s.id) !== p) {
        this.monitor.credentialsChanged(s.id);
        this.prompted.delete(s.id);
      }
      this.passwords.set(s.id, p);
    }
    this.tree.update(this.tree.current && this.filterSnapshot(this.tree.current), this.specs);
    void this.refresh();
  }

  /**
   * Says in the log why the view stays empty in Restricted Mode, and when
   * trust lifts it: the view's welcome text says so too, but the log is where
   * one looks for why nothing connects.
   */
  private logTrust(): void {
    const trusted = vscode.workspace.isTrusted;
    if (trusted === this.loggedTrust) return;
    if (!trusted)
      this.log.info('Restricted Mode: the live view ignores redisHa.connections and opens no connection until the workspace is trusted');
    // VS Code grants trust before it hands over the restricted settings: the connections arrive with the
    // configuration change that follows, so they are not counted here
    else if (this.loggedTrust === false) this.log.info('the workspace is trusted: the live view uses redisHa.connections');
    this.loggedTrust = trusted;
  }

  /** Someone looks: the tree view or a charts panel is visible. */
  private get watched(): boolean {
    return this.view.visible || this.charts.visible;
  }

  /** One refresh now (shared if one runs), then the next one scheduled while the view or a charts panel is visible. */
  refresh(): Promise<void> {
    this.stopTimer();
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = undefined;
      this.schedule();
    });
    return this.inflight;
  }

  retryNow(): Promise<void> {
    this.monitor?.retryNow();
    return this.refresh();
  }

  visibilityChanged(): void {
    if (this.watched) void this.refresh();
    else {
      this.stopTimer();
      this.renderStatus(this.tree.current);
    }
  }

  private schedule(): void {
    this.stopTimer();
    if (this.disposed || !this.monitor || !this.watched) return;
    this.timer = setTimeout(() => void this.refresh(), healthSettings().intervalMs);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async doRefresh(): Promise<void> {
    const monitor = this.monitor;
    if (!monitor) return;
    let snap: Snapshot;
    this.history.load(monitor, this.specs);
    try {
      snap = await monitor.refresh();
    } catch (e) {
      if (monitor === this.monitor) this.log.error(`refresh failed: ${(e as Error).message}`);
      return;
    }
    if (monitor !== this.monitor || this.disposed) return;
    this.history.save(monitor, snap, this.specs);
    snap = this.filterSnapshot(snap);
    this.tree.update(snap, this.specs);
    this.charts.update(snap.groups);
    this.renderStatus(snap);
    this.info.refreshOpen();
    this.logTransitions(snap);
    for (const e of snap.events) {
      const conn = snap.connections.find((c) => c.id === e.connection);
      const where = `${e.shard ? `shard ${e.shard} of ` : ''}${e.group.slice(e.connection.length + 1)}${conn ? ` ('${conn.name}')` : ''}`;
      const text = `failover in ${where}: the primary is now ${e.to}${e.from ? ` (was ${e.from})` : ''}`;
      this.log.warn(text);
      void vscode.window
        .showWarningMessage(`Redis HA: ${text}.`, 'Show')
        .then((c) => c && vscode.commands.executeCommand(`${VIEW_ID}.focus`));
    }
    this.promptForPasswords(snap);
  }

  /** Connections removed while a refresh ran are not shown. */
  private filterSnapshot(s: Snapshot): Snapshot {
    const ids = new Set(this.specs.map((x) => x.id));
    return {
      ...s,
      connections: s.connections.filter((c) => ids.has(c.id)),
      groups: s.groups.filter((g) => ids.has(g.connection)),
      nodes: s.nodes.filter((n) => ids.has(n.connection)),
    };
  }

  private renderStatus(s: Snapshot | undefined): void {
    if (!s || !this.specs.length) {
      this.status.hide();
      return;
    }
    const count = (h: string) =>
      s.nodes.filter((n) => n.health === h).length + s.groups.filter((g) => g.health === h && g.problems.some((p) => p.level === h)).length;
    const parts = (['unreachable', 'error', 'warning'] as const)
      .map((h) => [h, count(h)] as const)
      .filter(([, n]) => n > 0)
      .map(([h, n]) => `${n} ${h}`);
    const icon =
      s.health === 'ok'
        ? '$(pass-filled)'
        : s.health === 'warning'
          ? '$(warning)'
          : s.health === 'unreachable'
            ? '$(debug-disconnect)'
            : '$(error)';
    this.status.text = `${icon} Redis ${parts.length ? parts.join(', ') : 'ok'}`;
    this.status.backgroundColor =
      s.health === 'ok'
        ? undefined
        : new vscode.ThemeColor(s.health === 'warning' ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
    const md = new vscode.MarkdownString(
      `**Redis HA** — worst health: ${s.health}\n\n${s.connections.map((c) => `- ${c.name}: ${c.health}`).join('\n')}\n\nLast refresh ${new Date(s.at).toLocaleTimeString()}${this.watched ? '' : ' (paused while the view is hidden)'}`,
    );
    this.status.tooltip = md;
    this.status.show();
  }

  private logTransitions(s: Snapshot): void {
    for (const n of s.nodes) {
      const key = `${n.connection}|${n.address}`;
      const before = this.lastHealth.get(key);
      if (before !== undefined && before !== n.health) {
        this.log.info(
          `${n.role} ${n.address} (${n.connection}): ${before} → ${n.health}${n.problems.length ? `: ${n.problems.map((p) => `[${p.code}] ${p.message}`).join('; ')}` : ''}`,
        );
      }
      this.lastHealth.set(key, n.health);
    }
  }

  private promptForPasswords(s: Snapshot): void {
    for (const c of s.connections) {
      if (this.prompted.has(c.id)) continue;
      const n = s.nodes.find(
        (x) => x.connection === c.id && x.problems.some((p) => p.code === 'auth-required' || p.code === 'auth-failed'),
      );
      if (!n) continue;
      this.prompted.add(c.id);
      const wrong = n.problems.some((p) => p.code === 'auth-failed');
      const reason = `${n.address} ${wrong ? 'refused the password' : 'requires a password'}`;
      void vscode.window.showWarningMessage(`Redis HA: '${c.name}': ${reason}.`, 'Enter Password').then((choice) => {
        if (choice) void passwordFlow(this.store, c.id, reason);
      });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimer();
    this.monitor?.dispose();
    this.monitor = undefined;
    this.status.dispose();
    this.chartsWatch.dispose();
    this.charts.dispose();
  }
}

/** A group of the last refresh, picked (the only one without asking). */
async function pickGroup(groups: readonly GroupStatus[]): Promise<GroupStatus | undefined> {
  if (groups.length <= 1) {
    if (!groups.length)
      void vscode.window.showInformationMessage('Redis HA: no group to chart yet — add a connection, or wait for the first refresh.');
    return groups[0];
  }
  const pick = await vscode.window.showQuickPick(
    groups.map((g) => ({ label: g.id, description: `${g.kind} · ${g.health}`, g })),
    { placeHolder: 'Group whose charts to show' },
  );
  return pick?.g;
}

/** The charts of the item's group (a shard's: its cluster's), or of a group picked. */
async function showCharts(item: HealthItem | undefined, tree: HealthTreeProvider, charts: ChartPanels): Promise<void> {
  const g = item?.kind === 'group' || item?.kind === 'shard' ? item.group : await pickGroup(tree.current?.groups ?? []);
  if (g) charts.show(g);
}

function connectionIdOf(item: HealthItem | undefined): string | undefined {
  return item?.kind === 'connection' ? item.connection.id : item?.kind === 'pending' ? item.spec.id : undefined;
}

/** Add, edit and remove connections, and set a password: each from the view's item or a pick. */
function registerConnectionCommands(command: (id: string, fn: (...args: never[]) => unknown) => void, store: ConnectionStore): void {
  command('redisHa.addConnection', () => connectionFlow(store));
  command('redisHa.editConnection', async (item?: HealthItem) => {
    const found = await pickConnection(store, 'Connection to edit', connectionIdOf(item));
    if (found) await connectionFlow(store, found);
  });
  command('redisHa.removeConnection', (item?: HealthItem) => removeFlow(store, connectionIdOf(item)));
  command('redisHa.setPassword', async (item?: HealthItem) => {
    const id = connectionIdOf(item) ?? (item?.kind === 'node' ? item.node.connection : undefined);
    await passwordFlow(store, id);
  });
}

/** Registers the view, status bar, documents and commands; every disposable goes to context.subscriptions. */
export function registerLiveHealth(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const store = new ConnectionStore(context.secrets, log);
  const tree = new HealthTreeProvider();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  let live: LiveHealth | undefined;
  const info = new InfoDocuments(() => live?.current);
  const liveConfig = new LiveConfigDocuments();
  const compare = new ConfigComparison(liveConfig);
  const charts = new ChartPanels(context.extensionUri, () => live?.current);
  const health = (live = new LiveHealth(store, tree, view, info, log, new LiveHistory(context.globalStorageUri.fsPath, log), charts));
  context.subscriptions.push(
    store,
    tree,
    view,
    info,
    liveConfig,
    compare,
    health,
    vscode.workspace.registerTextDocumentContentProvider(INFO_SCHEME, info),
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, liveConfig),
    store.onDidChange(() => health.apply()),
    view.onDidChangeVisibility(() => health.visibilityChanged()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.health`)) health.apply();
    }),
  );

  const snapshotNodes = (filter: (n: NodeStatus) => boolean = () => true) => (tree.current?.nodes ?? []).filter(filter);
  const pickNode = async (placeHolder: string, filter?: (n: NodeStatus) => boolean): Promise<NodeStatus | undefined> => {
    const nodes = snapshotNodes(filter);
    if (!nodes.length) {
      void vscode.window.showInformationMessage('Redis HA: no node to choose yet — add a connection, or wait for the first refresh.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      nodes.map((n) => ({ label: `${n.role} ${n.address}`, description: `${n.connection} · ${n.health}`, n })),
      { placeHolder },
    );
    return pick?.n;
  };
  const nodeOf = (item: HealthItem | undefined): NodeStatus | undefined => (item?.kind === 'node' ? item.node : undefined);
  const isData = (n: NodeStatus) => n.role === 'primary' || n.role === 'replica';

  const command = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  command('redisHa.refresh', () => health.retryNow());
  registerConnectionCommands(command, store);
  command('redisHa.copyAddress', async (item?: HealthItem) => {
    const address =
      item?.kind === 'group'
        ? item.group.primary
        : item?.kind === 'shard'
          ? item.shard.primary
          : item?.kind === 'connection'
            ? item.connection.seeds.join(',')
            : (nodeOf(item) ?? (await pickNode('Node whose address to copy')))?.address;
    if (!address) return;
    await vscode.env.clipboard.writeText(address);
    vscode.window.setStatusBarMessage(`Copied ${address}`, 3000);
  });
  command('redisHa.openInfo', async (item?: HealthItem) => {
    const n = nodeOf(item) ?? (await pickNode('Node whose INFO to open'));
    if (!n) return;
    const doc = await vscode.workspace.openTextDocument(infoUri(n.connection, n.address));
    await vscode.window.showTextDocument(doc, { preview: true });
  });
  command('redisHa.compareWithConfig', async (item?: HealthItem) => {
    const n = nodeOf(item) ?? (await pickNode('Live node to compare with a redis.conf', isData));
    const monitor = health.current;
    if (!n || !monitor) return;
    if (!isData(n)) {
      void vscode.window.showInformationMessage(`Redis HA: ${n.address} is a ${n.role}; compare a primary or a replica with a redis.conf.`);
      return;
    }
    await compare.run(monitor, n);
  });
  command('redisHa.showCharts', (item?: HealthItem) => showCharts(item, tree, charts));
  registerDrill(context, store, tree);

  void store.reload();
}
