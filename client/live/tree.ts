/**
 * The tree view only maps the model: connection → group (→ shard) → nodes,
 * with problems as children of what they concern. Labels are stable
 * (`primary 127.0.0.1:6379`, `group mymaster`, `shard 0-5460`) and every
 * item has a contextValue, so menus, tests and users can find them.
 */
import * as vscode from 'vscode';
import {
  describeGroup,
  describeNode,
  fmtBytes,
  groupFailovers,
  fmtSeconds,
  groupLabel,
  shardLabel,
  type ConnectionSpec,
  type ConnectionStatus,
  type GroupStatus,
  type Health,
  type NodeState,
  type NodeStatus,
  type Problem,
  type ShardStatus,
  type Snapshot,
} from '../../health';

export type HealthItem =
  | { kind: 'connection'; connection: ConnectionStatus }
  | { kind: 'pending'; spec: ConnectionSpec }
  | { kind: 'group'; group: GroupStatus }
  | { kind: 'shard'; group: GroupStatus; shard: ShardStatus }
  | { kind: 'node'; node: NodeStatus; parent: string }
  | { kind: 'missing'; address: string; parent: string; connection: string }
  | { kind: 'problem'; problem: Problem; parent: string };

const COLORS: Record<Health, string> = {
  ok: 'testing.iconPassed',
  warning: 'problemsWarningIcon.foreground',
  error: 'problemsErrorIcon.foreground',
  unreachable: 'problemsErrorIcon.foreground',
};

function icon(name: string, health: Health): vscode.ThemeIcon {
  return new vscode.ThemeIcon(health === 'unreachable' ? 'debug-disconnect' : name, new vscode.ThemeColor(COLORS[health]));
}

const ROLE_ICONS: Record<NodeStatus['role'], string> = { primary: 'database', replica: 'mirror', sentinel: 'eye', unknown: 'question' };

/** A node that is not simply up shows its state rather than its role (the role stays in the label). */
const STATE_ICONS: Partial<Record<NodeState, string>> = {
  syncing: 'sync',
  loading: 'history',
  'no-permission': 'lock',
  'auth-failed': 'key',
  'auth-required': 'key',
  'not-allowed': 'shield',
  busy: 'watch',
  unreachable: 'debug-disconnect',
};

function nodeIcon(n: NodeStatus): vscode.ThemeIcon {
  const byState = n.state ? STATE_ICONS[n.state] : undefined;
  return byState ? new vscode.ThemeIcon(byState, new vscode.ThemeColor(COLORS[n.health])) : icon(ROLE_ICONS[n.role], n.health);
}

/** The state in words before the description, when it is neither "up" nor "unreachable" (whose message says it). */
function nodeDescription(n: NodeStatus): string {
  const d = describeNode(n);
  return n.state && n.state !== 'up' && n.state !== 'unreachable' ? `${n.state} · ${d}` : d;
}

export class HealthTreeProvider implements vscode.TreeDataProvider<HealthItem>, vscode.Disposable {
  private snapshot?: Snapshot;
  private pending: ConnectionSpec[] = [];
  private readonly changed = new vscode.EventEmitter<HealthItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  update(snapshot: Snapshot | undefined, specs: ConnectionSpec[]): void {
    this.snapshot = snapshot;
    const known = new Set(snapshot?.connections.map((c) => c.id));
    this.pending = specs.filter((s) => !known.has(s.id));
    this.changed.fire(undefined);
  }

  get current(): Snapshot | undefined {
    return this.snapshot;
  }

  getChildren(item?: HealthItem): HealthItem[] {
    const s = this.snapshot;
    if (!item) {
      return [
        ...(s?.connections ?? []).map((connection): HealthItem => ({ kind: 'connection', connection })),
        ...this.pending.map((spec): HealthItem => ({ kind: 'pending', spec })),
      ];
    }
    if (!s) return [];
    const problems = (ps: Problem[], parent: string) => ps.map((problem): HealthItem => ({ kind: 'problem', problem, parent }));
    const nodeItem = (connection: string, address: string, parent: string): HealthItem => {
      const node = s.nodes.find((n) => n.connection === connection && n.address === address);
      return node ? { kind: 'node', node, parent } : { kind: 'missing', address, parent, connection };
    };
    switch (item.kind) {
      case 'connection': {
        const groups = s.groups.filter((g) => g.connection === item.connection.id);
        const loose = s.nodes.filter(
          (n) => n.connection === item.connection.id && !n.group && !groups.some((g) => g.sentinels.includes(n.address)),
        );
        return [
          ...problems(item.connection.problems, item.connection.id),
          ...groups.map((group): HealthItem => ({ kind: 'group', group })),
          ...loose.map((node): HealthItem => ({ kind: 'node', node, parent: item.connection.id })),
        ];
      }
      case 'group': {
        const g = item.group;
        if (g.kind === 'cluster')
          return [...problems(g.problems, g.id), ...(g.shards ?? []).map((shard): HealthItem => ({ kind: 'shard', group: g, shard }))];
        const addresses = [...(g.primary ? [g.primary] : []), ...g.replicas, ...g.sentinels];
        return [...problems(g.problems, g.id), ...addresses.map((a) => nodeItem(g.connection, a, g.id))];
      }
      case 'shard': {
        const sh = item.shard;
        const parent = `${item.group.id}#${sh.id}`;
        return [
          ...problems(sh.problems, parent),
          ...[...(sh.primary ? [sh.primary] : []), ...sh.replicas, ...sh.others].map((a) => nodeItem(item.group.connection, a, parent)),
        ];
      }
      case 'node':
        return problems(item.node.problems, `${item.parent}|${item.node.address}`);
      default:
        return [];
    }
  }

  getTreeItem(item: HealthItem): vscode.TreeItem {
    switch (item.kind) {
      case 'connection': {
        const c = item.connection;
        const t = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.Expanded);
        t.id = `connection:${c.id}`;
        t.contextValue = 'redisHa.connection';
        t.description = `${c.kind === 'unknown' ? 'not reached' : c.kind} · ${c.health}`;
        t.iconPath = icon('plug', c.health);
        t.tooltip = md(
          `**${esc(c.name)}** — ${c.health}\n\nSeed${c.seeds.length > 1 ? 's' : ''}: ${c.seeds.map((x) => `\`${x}\``).join(', ')}  \nKind: ${c.kind}${c.problems.length ? `\n\n${problemList(c.problems)}` : ''}`,
        );
        return t;
      }
      case 'pending': {
        const t = new vscode.TreeItem(item.spec.name, vscode.TreeItemCollapsibleState.None);
        // Not the connection's id: VS Code keeps the collapse state of an id, and this
        // leaf would make the connection arrive collapsed instead of expanded.
        t.id = `pending:${item.spec.id}`;
        t.contextValue = 'redisHa.connection';
        t.description = 'connecting…';
        t.iconPath = new vscode.ThemeIcon('loading~spin');
        return t;
      }
      case 'group': {
        const g = item.group;
        const t = new vscode.TreeItem(groupLabel(g), vscode.TreeItemCollapsibleState.Expanded);
        t.id = `group:${g.id}`;
        t.contextValue = `redisHa.group.${g.kind}`;
        t.description = [describeGroup(g), this.snapshot ? groupFailovers(this.snapshot, g.id) : ''].filter(Boolean).join(' · ');
        t.iconPath = icon(g.kind === 'cluster' ? 'circuit-board' : 'layers', g.health);
        t.tooltip = groupTooltip(g);
        return t;
      }
      case 'shard': {
        const sh = item.shard;
        const t = new vscode.TreeItem(shardLabel(sh), vscode.TreeItemCollapsibleState.Expanded);
        t.id = `shard:${item.group.id}#${sh.id}`;
        t.contextValue = 'redisHa.shard';
        t.description =
          sh.problems[0]?.message ?? `${sh.slotCount} slots · ${sh.replicas.length} replica${sh.replicas.length === 1 ? '' : 's'}`;
        t.iconPath = icon('symbol-array', sh.health);
        t.tooltip = md(
          `**${shardLabel(sh)}** — ${sh.health}\n\nPrimary: ${sh.primary ? `\`${sh.primary}\`` : 'none'}  \nReplicas: ${sh.replicas.map((r) => `\`${r}\``).join(', ') || 'none'}${sh.others.length ? `  \nOther members: ${sh.others.map((r) => `\`${r}\``).join(', ')}` : ''}${sh.problems.length ? `\n\n${problemList(sh.problems)}` : ''}`,
        );
        return t;
      }
      case 'node': {
        const n = item.node;
        const t = new vscode.TreeItem(
          `${n.role} ${n.address}`,
          n.problems.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        t.id = `node:${item.parent}|${n.address}`;
        t.contextValue = `redisHa.node.${n.role}`;
        t.description = nodeDescription(n);
        t.iconPath = nodeIcon(n);
        t.tooltip = nodeTooltip(n);
        return t;
      }
      case 'missing': {
        const t = new vscode.TreeItem(item.address, vscode.TreeItemCollapsibleState.None);
        t.id = `node:${item.parent}|${item.address}`;
        t.contextValue = 'redisHa.node.unknown';
        t.description = 'not probed yet';
        t.iconPath = new vscode.ThemeIcon('circle-outline');
        return t;
      }
      case 'problem':
        return problemItem(item.problem, item.parent);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A finding: its message, its code, a clock while it is pending (holddown.ts), else its level's icon. */
function problemItem(p: Problem, parent: string): vscode.TreeItem {
  const t = new vscode.TreeItem(p.message, vscode.TreeItemCollapsibleState.None);
  t.id = `problem:${parent}|${p.code}|${p.message}`;
  t.contextValue = 'redisHa.problem';
  t.description = p.code;
  t.iconPath = new vscode.ThemeIcon(
    p.pending ? 'clock' : p.level === 'warning' ? 'warning' : 'error',
    new vscode.ThemeColor(COLORS[p.level]),
  );
  const level = p.pending ? `pending: ${p.pending.level} from ${new Date(p.pending.until).toLocaleTimeString()}` : p.level;
  t.tooltip = md(`**${level}** \`${p.code}\`\n\n${esc(p.message)}`);
  return t;
}

function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function md(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text);
  m.supportThemeIcons = false;
  return m;
}

function problemList(ps: Problem[]): string {
  return ps.map((p) => `- **${p.level}** \`${p.code}\` ${esc(p.message)}`).join('\n');
}

function row(label: string, value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : `| ${label} | ${typeof value === 'number' ? value : esc(value)} |\n`;
}

function nodeTooltip(n: NodeStatus): vscode.MarkdownString {
  const r = n.replication;
  const p = n.persistence;
  let table = '| | |\n|---|---|\n';
  table += row('Version', n.version ? `${n.product ?? 'redis'} ${n.version}` : undefined);
  table += row('Mode', n.mode);
  table += row('Reply time', n.rttMs !== undefined ? `${n.rttMs} ms` : undefined);
  table += row('Uptime', n.uptimeSeconds !== undefined ? fmtSeconds(n.uptimeSeconds) : undefined);
  table += row('Clients', n.connectedClients);
  table += row('Keys', n.keys);
  table += row(
    'Memory',
    n.usedMemory !== undefined ? `${fmtBytes(n.usedMemory)}${n.maxmemory ? ` of ${fmtBytes(n.maxmemory)}` : ''}` : undefined,
  );
  if (r) {
    table += row('Primary', r.primary);
    table += row(
      'Link',
      r.linkStatus ? `${r.linkStatus}${r.lastIoSecondsAgo !== undefined ? `, last IO ${r.lastIoSecondsAgo} s ago` : ''}` : undefined,
    );
    table += row('Sync in progress', r.syncInProgress ? 'yes' : undefined);
    table += row('Behind primary', r.offsetLagBytes !== undefined ? fmtBytes(r.offsetLagBytes) : undefined);
    table += row(
      'Last ACK',
      r.lagSeconds !== undefined ? `${r.lagSeconds} s ago${r.stateAtPrimary ? ` (${r.stateAtPrimary})` : ''}` : undefined,
    );
    table += row('Connected replicas', n.role === 'primary' ? r.connectedReplicas : undefined);
    table += row('min-replicas-to-write', r.minReplicasToWrite ? `${r.minReplicasToWrite} (good: ${r.goodReplicas ?? '?'})` : undefined);
    table += row(
      'Backlog',
      r.backlogSize !== undefined && n.role === 'primary'
        ? `${fmtBytes(r.backlogSize)}${r.backlogCoversSeconds !== undefined ? ` ≈ ${fmtSeconds(r.backlogCoversSeconds)} of writes` : ''}`
        : undefined,
    );
    table += row(
      'Partial / full syncs',
      r.partialSyncOk !== undefined && n.role === 'primary'
        ? `${r.partialSyncOk} ok, ${r.partialSyncErr ?? 0} refused, ${r.fullSyncs ?? 0} full`
        : undefined,
    );
  }
  if (p) {
    table += row(
      'AOF',
      p.aofEnabled
        ? `on, last write ${p.aofLastWriteStatus}, last rewrite ${p.aofLastBgrewriteStatus}${p.aofDelayedFsync ? `, ${p.aofDelayedFsync} delayed fsyncs` : ''}`
        : 'off',
    );
    table += row(
      'RDB',
      `last save ${p.rdbLastBgsaveStatus}${p.rdbLastSaveAgeSeconds !== undefined ? ` ${fmtSeconds(p.rdbLastSaveAgeSeconds)} ago` : ''}, ${p.rdbChangesSinceLastSave ?? '?'} changes since`,
    );
    table += row('Loading', p.loading ? `yes${p.loadingPercent !== undefined ? ` (${p.loadingPercent}%)` : ''}` : undefined);
  }
  if (n.cluster)
    table += row(
      'Cluster node',
      `${n.cluster.id?.slice(0, 12) ?? '?'}${n.cluster.state ? `, state ${n.cluster.state}` : ''}${n.cluster.failFlag ? `, ${n.cluster.failFlag.toUpperCase()}` : ''}`,
    );
  if (n.sentinel) table += row('Sentinel', `${n.sentinel.masters} master(s)${n.sentinel.tilt ? ', TILT' : ''}`);
  const head = `**${n.role} ${n.address}** — ${n.state && n.state !== 'up' ? `${n.state}, ` : ''}${n.health}${n.error ? `\n\n${esc(n.error)}` : ''}`;
  const notes = n.notes.length ? `\n\n${n.notes.map((x) => `- \`${x.code}\` ${esc(x.message)}`).join('\n')}` : '';
  return md(`${head}\n\n${table}${n.problems.length ? `\n${problemList(n.problems)}` : ''}${notes}`);
}

function groupTooltip(g: GroupStatus): vscode.MarkdownString {
  let text = `**${groupLabel(g)}** — ${g.health}\n\n`;
  if (g.primary) text += `Primary: \`${g.primary}\`  \n`;
  if (g.replicas.length) text += `Replicas: ${g.replicas.map((r) => `\`${r}\``).join(', ')}  \n`;
  if (g.sentinel) {
    text += `Sentinels: ${g.sentinels.length} known, ${g.sentinel.sentinelsSeen ?? '?'} seen; quorum ${g.sentinel.quorum ?? '?'}  \n`;
    if (g.sentinel.ckquorum) text += `CKQUORUM: ${esc(g.sentinel.ckquorum)}  \n`;
    if (g.sentinel.flags?.length) text += `Flags: ${g.sentinel.flags.join(', ')}  \n`;
  }
  if (g.cluster) {
    const c = g.cluster;
    text += `State: ${c.state ?? '?'} · slots ok ${c.slotsOk ?? '?'}/16384${c.slotsPfail ? `, ${c.slotsPfail} PFAIL` : ''}${c.slotsFail ? `, ${c.slotsFail} FAIL` : ''} · ${c.knownNodes ?? '?'} nodes · epoch ${c.currentEpoch ?? '?'}  \n`;
  }
  if (g.problems.length) text += `\n${problemList(g.problems)}`;
  return md(text);
}
