/**
 * From a connection's topology and its nodes' facts to the model: node
 * statuses (assess.ts), group findings — Sentinel flags, agreement, views,
 * CKQUORUM; cluster state, slot coverage, failing nodes, shards without
 * replicas; drift inside the group — and the connection's summary. Pure.
 */
import { assessNode, upstreamAddress } from './assess';
import { groupDrift } from './drift';
import { problem } from './findings';
import type { NodeFacts } from './probe';
import { num, type ClusterNodeView } from './replies';
import type { Thresholds } from './settings';
import type { GroupPlan, ShardPlan, Topology } from './topology';
import {
  addressOf,
  worstOf,
  type ConnectionStatus,
  type GroupStatus,
  type Health,
  type NodeStatus,
  type Problem,
  type Role,
  type ShardStatus,
} from './types';

export interface BuildInput {
  id: string;
  name: string;
  seeds: string[];
  topology: Topology;
  facts: ReadonlyMap<string, NodeFacts>;
  thresholds: Thresholds;
  rates: ReadonlyMap<string, number>;
  previousRoles: ReadonlyMap<string, Role>;
  /** Sentinel connections: the only master asked for. */
  master?: string;
  /**
   * Applied to the findings of every node that answered (by address) and of
   * every cluster whose view was read (by group id) before their health is
   * judged: the monitor's hold-downs (holddown.ts).
   */
  hold?: (subject: string, problems: Problem[]) => Problem[];
}

export interface Built {
  connection: ConnectionStatus;
  groups: GroupStatus[];
  nodes: NodeStatus[];
}

const answered = (f: NodeFacts | undefined): boolean => !!f && f.ok && !!f.info;

/** A group's health: its own findings, and its members' (an unreachable member is an error of a group that answers). */
function rollUp(own: Problem[], members: NodeStatus[]): Health {
  const anyAnswer = members.some((m) => m.health !== 'unreachable');
  const levels: Health[] = own.map((p) => p.level);
  for (const m of members) levels.push(m.health === 'unreachable' && anyAnswer ? 'error' : m.health);
  return worstOf(levels);
}

export function buildConnection(input: BuildInput): Built {
  const b = new ConnectionBuilder(input);
  const groups = input.topology.groups.map((g) => b.group(g));
  // members no group claims (seeds of an unknown kind, leftovers)
  for (const a of input.topology.members) if (!b.statuses.has(a)) b.nodeStatus(a, input.previousRoles.get(a) ?? 'unknown');
  const nodes = [...b.statuses.values()];
  return { connection: connectionStatus(input, groups, nodes), groups, nodes };
}

/** The cluster nodes as the node each cluster group was read from sees them, by address. */
function clusterViewOf(topology: Topology, facts: ReadonlyMap<string, NodeFacts>): Map<string, ClusterNodeView> {
  const view = new Map<string, ClusterNodeView>();
  for (const g of topology.groups) {
    if (g.kind === 'cluster' && g.viewFrom) {
      for (const n of facts.get(g.viewFrom)?.cluster?.view?.nodes ?? []) view.set(addressOf(n), n);
    }
  }
  return view;
}

/** One connection's groups and node statuses, each node assessed once, in the order the groups meet them. */
class ConnectionBuilder {
  readonly statuses = new Map<string, NodeStatus>();
  private readonly facts: ReadonlyMap<string, NodeFacts>;
  private readonly clusterView: Map<string, ClusterNodeView>;
  /** Keys of the Sentinel groups a Sentinel reports failing over. */
  private readonly failing: Set<string>;
  /** Each group's data members, built once (not per node: that was quadratic in the replicas). */
  private readonly dataMembers = new Map<GroupPlan, Set<string>>();

  constructor(private readonly input: BuildInput) {
    const { topology, facts } = input;
    this.facts = facts;
    this.clusterView = clusterViewOf(topology, facts);
    this.failing = new Set(topology.groups.filter((g) => g.kind === 'sentinel' && sentinelFailover(g, facts)).map((g) => g.key));
  }

  private membersOf(g: GroupPlan): Set<string> {
    let set = this.dataMembers.get(g);
    if (!set) {
      set = new Set(g.replicas);
      if (g.primary) set.add(g.primary);
      this.dataMembers.set(g, set);
    }
    return set;
  }

  /** The status of the node at `address`, assessed the first time a group (or the leftovers) names it. */
  nodeStatus(address: string, placed: Role, group?: GroupPlan, shardPrimary?: string): NodeStatus {
    const existing = this.statuses.get(address);
    if (existing) return existing;
    const { input, facts } = this;
    const f = facts.get(address);
    const upAddr = upstreamAddress(f) ?? (placed === 'replica' ? (shardPrimary ?? group?.primary) : undefined);
    const plain = group && group.kind !== 'cluster';
    const cv = this.clusterView.get(address);
    const st = assessNode(address, f, {
      connection: input.id,
      thresholds: input.thresholds,
      // an unreachable node: where the topology puts it now, else the role it last reported
      placedRole: answered(f) ? undefined : placed !== 'unknown' ? placed : (input.previousRoles.get(address) ?? 'unknown'),
      groupPrimary: plain && placed !== 'sentinel' ? group.primary : undefined,
      groupMembers: plain ? this.membersOf(group) : undefined,
      failoverInProgress: group ? this.failing.has(group.key) : false,
      upstream: upAddr ? facts.get(upAddr) : undefined,
      writeRate: input.rates.get(address),
      upstreamWriteRate: upAddr ? input.rates.get(upAddr) : undefined,
      clusterFail: cv?.fail,
      clusterId: cv?.id,
    });
    if (group && placed !== 'sentinel') st.group = `${input.id}/${group.key}`;
    if (input.hold && answered(f)) {
      st.problems = input.hold(address, st.problems);
      st.health = worstOf(st.problems.map((p) => p.level));
    }
    this.statuses.set(address, st);
    return st;
  }

  group(g: GroupPlan): GroupStatus {
    const problems: Problem[] = [];
    for (const t of this.input.topology.truncated ?? []) if (t.group === g.key) problems.push(problem('list-truncated', t.message));
    const gs: GroupStatus = {
      id: `${this.input.id}/${g.key}`,
      connection: this.input.id,
      kind: g.kind,
      name: g.name,
      health: 'ok',
      problems,
      primary: g.primary,
      replicas: [...g.replicas],
      sentinels: [...g.sentinels],
    };
    if (g.kind === 'cluster') this.clusterGroup(g, gs);
    else this.replicatedGroup(g, gs);
    return gs;
  }

  /** A cluster: its shards, the cluster's own findings, drift across every node. */
  private clusterGroup(g: GroupPlan, gs: GroupStatus): void {
    const shards = (g.shards ?? []).map((s) => this.shard(g, s));
    gs.shards = shards;
    clusterFindings(g, this.facts, this.clusterView, gs.problems, gs);
    const all = shards.flatMap((s) => [...(s.primary ? [s.primary] : []), ...s.replicas, ...s.others]);
    for (const d of groupDrift(
      'cluster',
      all.map((a) => ({ address: a, config: this.facts.get(a)?.config })),
    ))
      gs.problems.push(d);
    if (this.input.hold && g.viewFrom && this.facts.get(g.viewFrom)?.ok) gs.problems = this.input.hold(gs.id, gs.problems);
    const own = rollUp(
      gs.problems,
      all.map((a) => this.statuses.get(a)!),
    );
    gs.health = worstOf([own, ...shards.map((s) => (s.health === 'unreachable' && own !== 'unreachable' ? 'error' : s.health))]);
  }

  private shard(g: GroupPlan, s: ShardPlan): ShardStatus {
    const cv = this.clusterView;
    const members: NodeStatus[] = [];
    if (s.primary) members.push(this.nodeStatus(s.primary, cv.get(s.primary)?.role ?? 'primary', g));
    for (const r of s.replicas) members.push(this.nodeStatus(r, 'replica', g, s.primary));
    for (const o of s.others) members.push(this.nodeStatus(o, cv.get(o)?.role ?? 'unknown', g));
    for (const m of members) m.shard = s.id;
    const sp: Problem[] = [];
    const liveReplicas = s.replicas.filter((r) => this.statuses.get(r)?.health !== 'unreachable' && cv.get(r)?.fail !== 'fail');
    if (s.primary && s.slotCount > 0 && liveReplicas.length === 0) {
      sp.push(
        problem(
          'no-replicas',
          `shard ${s.slots}: ${s.replicas.length ? 'no working replica' : 'no replica'} — if ${s.primary} fails, slots ${s.slots} go offline`,
        ),
      );
    }
    if (!s.primary && s.slotCount > 0) sp.push(problem('primary-unknown', `shard ${s.slots} has no primary`));
    const shard: ShardStatus = {
      id: s.id,
      slots: s.slots,
      slotCount: s.slotCount,
      primary: s.primary,
      replicas: [...s.replicas],
      others: [...s.others],
      health: 'ok',
      problems: sp,
    };
    shard.health = rollUp(sp, members);
    return shard;
  }

  /** A Sentinel group or a plain primary with replicas. */
  private replicatedGroup(g: GroupPlan, gs: GroupStatus): void {
    const { facts } = this;
    const problems = gs.problems;
    const members: NodeStatus[] = [];
    if (g.primary) members.push(this.nodeStatus(g.primary, 'primary', g));
    for (const r of g.replicas) members.push(this.nodeStatus(r, 'replica', g));
    const dataMembers = [...members];
    for (const s of g.sentinels) members.push(this.nodeStatus(s, 'sentinel', g));
    if (!g.primary) problems.push(problem('primary-unknown', 'no node acts as the primary of this group'));
    if (g.kind === 'sentinel') sentinelFindings(g, facts, problems, gs);
    const pf = g.primary ? facts.get(g.primary) : undefined;
    if (g.kind === 'sentinel' && answered(pf) && (num(pf!.info!.fields.connected_slaves) ?? 0) === 0) {
      problems.push(problem('no-replicas', `the primary ${g.primary} has no connected replica: nothing to fail over to`));
    }
    for (const d of groupDrift(
      g.kind,
      dataMembers.map((m) => ({ address: m.address, config: facts.get(m.address)?.config })),
    ))
      problems.push(d);
    gs.health = rollUp(problems, members);
  }
}

/** Why no node of the connection could be read, from its first seed's failure. */
function unreachableProblem(input: BuildInput): Problem {
  const { facts } = input;
  const why = input.seeds.map((s) => `${s}: ${facts.get(s)?.failure?.message ?? 'no answer'}`).join('; ');
  const kind = facts.get(input.seeds[0])?.failure?.kind;
  const code =
    kind === 'timeout'
      ? 'node-timeout'
      : kind === 'auth-failed' || kind === 'auth-required' || kind === 'no-permission'
        ? kind
        : kind === 'busy'
          ? 'node-busy'
          : 'node-unreachable';
  return problem(code, `no node of this connection could be read (${why})`);
}

/** The connection's own findings and health, from its groups and the nodes no group holds. */
function connectionStatus(input: BuildInput, groups: GroupStatus[], nodes: NodeStatus[]): ConnectionStatus {
  const { topology, facts } = input;
  // reached: some node answered (a node loading its dataset answers, with LOADING)
  const reachable = nodes.some((n) => {
    const f = facts.get(n.address);
    return (n.health !== 'unreachable' && f?.ok) || f?.failure?.kind === 'loading';
  });
  const cproblems: Problem[] = [];
  const groupKeys = new Set(topology.groups.map((g) => g.key));
  for (const t of topology.truncated ?? [])
    if (t.group === undefined || !groupKeys.has(t.group)) cproblems.push(problem('list-truncated', t.message));
  const unknownMaster = missingMaster(input);
  if (unknownMaster) cproblems.push(unknownMaster);
  if (!reachable) cproblems.push(unreachableProblem(input));
  const loose = nodes.filter((n) => !n.group).map((n): Health => (n.health === 'unreachable' ? 'error' : n.health));
  return {
    id: input.id,
    name: input.name,
    kind: topology.kind,
    seeds: input.seeds,
    health: reachable ? worstOf([...cproblems.map((p) => p.level), ...groups.map((g) => g.health), ...loose]) : 'unreachable',
    problems: cproblems,
    groups: groups.map((g) => g.id),
    reachable,
  };
}

/** A Sentinel connection asked for one master that none of the Sentinels that answered monitors. */
function missingMaster(input: BuildInput): Problem | undefined {
  const { master, topology, facts } = input;
  if (!master || topology.kind !== 'sentinel' || topology.groups.some((g) => g.name === master)) return undefined;
  const views: string[] = [];
  for (const f of facts.values()) {
    if (!f.ok || f.mode !== 'sentinel' || !f.sentinel) continue;
    const names = f.sentinel.masters.map((m) => m.name);
    const shown = names.length > 20 ? `${names.slice(0, 20).join(', ')} and ${names.length - 20} more` : names.join(', ');
    views.push(`${f.address} monitors ${shown || 'no master at all'}`);
  }
  if (!views.length) return undefined;
  return problem('sentinel-master-unknown', `no Sentinel that answered monitors a master named '${master}' (${views.join('; ')})`);
}

function maxOf(xs: number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

export function isFailingOver(m: { flags: string[]; fields: Record<string, string> }): boolean {
  return m.flags.includes('failover_in_progress') || (!!m.fields['failover-state'] && m.fields['failover-state'] !== 'none');
}

/** A reachable Sentinel of the group reports a failover in progress. */
function sentinelFailover(g: GroupPlan, facts: ReadonlyMap<string, NodeFacts>): boolean {
  return g.sentinels.some((s) => {
    const m = facts.get(s)?.sentinel?.masters.find((x) => x.name === g.name);
    return !!m && isFailingOver(m);
  });
}

function sentinelFindings(g: GroupPlan, facts: ReadonlyMap<string, NodeFacts>, problems: Problem[], gs: GroupStatus): void {
  const views: Array<{ sentinel: string; master: NonNullable<NodeFacts['sentinel']>['masters'][number]; f: NodeFacts }> = [];
  for (const s of g.sentinels) {
    const f = facts.get(s);
    const m = f?.ok ? f.sentinel?.masters.find((x) => x.name === g.name) : undefined;
    if (m) views.push({ sentinel: s, master: m, f: f! });
  }
  if (!views.length) return;
  const flags = new Set(views.flatMap((v) => v.master.flags));
  const sdown = views.filter((v) => v.master.flags.includes('s_down')).map((v) => v.sentinel);
  const odown = views.filter((v) => v.master.flags.includes('o_down')).map((v) => v.sentinel);
  const failing = views.filter((v) => isFailingOver(v.master));
  const primaries = new Map<string, string[]>();
  for (const v of views) {
    const a = addressOf(v.master);
    const list = primaries.get(a);
    if (list) list.push(v.sentinel);
    else primaries.set(a, [v.sentinel]);
  }
  gs.sentinel = {
    quorum: num(views[0].master.fields.quorum),
    sentinelsSeen: maxOf(views.map((v) => (num(v.master.fields['num-other-sentinels']) ?? 0) + 1)),
    replicasSeen: maxOf(views.map((v) => num(v.master.fields['num-slaves']) ?? 0)),
    flags: [...flags],
    failoverInProgress: failing.length > 0,
  };
  if (odown.length)
    problems.push(
      problem(
        'sentinel-odown',
        `the primary ${g.primary} is objectively down (o_down) according to ${odown.join(', ')}: a failover is due`,
      ),
    );
  else if (sdown.length)
    problems.push(
      problem(
        'sentinel-sdown',
        `${sdown.join(', ')} ${sdown.length === 1 ? 'considers' : 'consider'} the primary ${g.primary} down (s_down)`,
      ),
    );
  if (failing.length)
    problems.push(
      problem(
        'failover-in-progress',
        `a failover is in progress (${failing.map((v) => `${v.sentinel}: ${v.master.fields['failover-state'] ?? 'failover_in_progress'}`).join(', ')})`,
      ),
    );
  if (primaries.size > 1) {
    problems.push(
      problem(
        'sentinels-disagree',
        `Sentinels report different primaries: ${[...primaries].map(([a, ss]) => `${a} by ${ss.join(', ')}`).join('; ')}`,
      ),
    );
  }
  for (const v of views) {
    const sentinels = (num(v.master.fields['num-other-sentinels']) ?? 0) + 1;
    const replicas = num(v.master.fields['num-slaves']) ?? 0;
    if (sentinels < g.sentinels.length || replicas < g.replicas.length) {
      problems.push(
        problem(
          'sentinel-partial-view',
          `${v.sentinel} sees ${sentinels} of ${g.sentinels.length} Sentinels and ${replicas} of ${g.replicas.length} replicas`,
        ),
      );
    }
  }
  const ck = views.map((v) => ({ sentinel: v.sentinel, q: v.f.sentinel?.ckquorum[g.name] })).filter((x) => x.q);
  const bad = ck.filter((x) => !x.q!.ok);
  gs.sentinel.ckquorum = (bad[0] ?? ck[0])?.q?.message;
  if (bad.length)
    problems.push(problem('sentinel-no-quorum', `SENTINEL CKQUORUM on ${bad.map((b) => b.sentinel).join(', ')}: ${bad[0].q!.message}`));
  if (g.sentinels.length < 3)
    problems.push(
      problem(
        'sentinel-count',
        `only ${g.sentinels.length} Sentinel(s) watch this group: use at least 3, an odd number, on separate hosts`,
      ),
    );
}

function clusterFindings(
  g: GroupPlan,
  facts: ReadonlyMap<string, NodeFacts>,
  view: Map<string, ClusterNodeView>,
  problems: Problem[],
  gs: GroupStatus,
): void {
  const from = g.viewFrom ? facts.get(g.viewFrom) : undefined;
  const info = from?.cluster?.info ?? {};
  gs.cluster = {
    state: info.cluster_state,
    slotsAssigned: num(info.cluster_slots_assigned),
    slotsOk: num(info.cluster_slots_ok),
    slotsPfail: num(info.cluster_slots_pfail),
    slotsFail: num(info.cluster_slots_fail),
    knownNodes: num(info.cluster_known_nodes),
    size: num(info.cluster_size),
    currentEpoch: num(info.cluster_current_epoch),
  };
  const failingState = [...facts.values()].filter((f) => f.ok && f.cluster?.info.cluster_state === 'fail').map((f) => f.address);
  if (failingState.length)
    problems.push(problem('cluster-state-fail', `cluster_state:fail on ${failingState.join(', ')}: those nodes refuse queries`));
  const c = gs.cluster;
  const uncovered = c.slotsAssigned !== undefined ? 16384 - c.slotsAssigned : 0;
  if (uncovered > 0 || (c.slotsFail ?? 0) > 0) {
    const parts = [
      uncovered > 0 ? `${uncovered} slot(s) unassigned` : '',
      (c.slotsFail ?? 0) > 0 ? `${c.slotsFail} slot(s) on failed primaries` : '',
    ].filter(Boolean);
    problems.push(
      problem('cluster-slots-uncovered', `${parts.join(', ')} (as ${g.viewFrom} sees it): keys in those slots cannot be served`),
    );
  }
  if ((c.slotsPfail ?? 0) > 0)
    problems.push(problem('cluster-slots-pfail', `${c.slotsPfail} slot(s) belong to a node suspected down (PFAIL)`));
  for (const [addr, n] of view) {
    if (n.fail === 'fail')
      problems.push(problem('cluster-node-fail', `${addr} (${n.role}, id ${n.id.slice(0, 8)}) is marked FAIL by the cluster`));
  }
}
