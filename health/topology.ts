/**
 * Discovery: from the facts probed so far, which nodes make up a connection
 * and how they group. A Sentinel seed yields every group it monitors (primary,
 * replicas, Sentinels); a cluster node yields the cluster's shards (from the
 * most recent view, CLUSTER SHARDS or CLUSTER NODES); a plain node yields its
 * replication group (INFO replication followed up to the primary and down to
 * every replica). Pure functions: the monitor probes, this module decides.
 */
import type { NodeFacts } from './probe';
import { LIMITS, formatSlots, num, replicasOf, slotCount, type Capped, type ClusterNodeView } from './replies';
import { addressOf, type ConnectionKind, type GroupKind, type ShardMembers } from './types';

export interface ShardPlan extends ShardMembers {
  /** Node ids (cluster) of the shard's members, to place failed nodes next refresh. */
  memberIds: string[];
}

export interface GroupPlan {
  /** Unique within the connection: master name, "cluster", or the primary's address. */
  key: string;
  kind: GroupKind;
  name: string;
  primary?: string;
  replicas: string[];
  sentinels: string[];
  shards?: ShardPlan[];
  /** Cluster: the node whose view was used. */
  viewFrom?: string;
}

/** Something a reply listed beyond a limit (LIMITS in replies.ts): left out, and said so. */
export interface Truncation {
  /** The group it concerns (its key); the connection when undefined. */
  group?: string;
  message: string;
}

export interface Topology {
  kind: ConnectionKind;
  groups: GroupPlan[];
  truncated?: Truncation[];
  /** Every address that belongs to the connection (seeds included). */
  members: string[];
  /** Cluster node id → address, and address → id. */
  clusterIds?: Map<string, string>;
}

export interface DeriveInput {
  seeds: string[];
  /** The seed was declared a Sentinel. */
  sentinelSeed?: boolean;
  master?: string;
  facts: ReadonlyMap<string, NodeFacts>;
  previous?: Topology;
  /** Addresses that should stay members though nothing lists them now (recently seen, unreachable). */
  sticky?: ReadonlySet<string>;
  tls?: boolean;
}

const uniq = (xs: Iterable<string>) => [...new Set(xs)];

function reachable(f: NodeFacts | undefined): f is NodeFacts & { info: NonNullable<NodeFacts['info']> } {
  return !!f && f.ok && !!f.info;
}

export function detectKind(input: DeriveInput): ConnectionKind {
  for (const s of input.seeds) {
    const f = input.facts.get(s);
    if (reachable(f)) return f.mode === 'sentinel' ? 'sentinel' : f.mode === 'cluster' ? 'cluster' : 'replication';
  }
  // no seed answered: other members may have (the seed died)
  for (const f of input.facts.values()) {
    if (reachable(f) && input.previous?.members.includes(f.address)) {
      if (f.mode === 'cluster' && input.previous.kind === 'cluster') return 'cluster';
      if (f.mode !== 'sentinel' && input.previous.kind === 'replication') return 'replication';
      if (f.mode === 'sentinel' && input.previous.kind === 'sentinel') return 'sentinel';
    }
  }
  if (input.previous && input.previous.kind !== 'unknown') return input.previous.kind;
  return input.sentinelSeed ? 'sentinel' : 'unknown';
}

export function deriveTopology(input: DeriveInput): Topology {
  const kind = detectKind(input);
  let topo: Topology;
  if (kind === 'sentinel') topo = sentinelTopology(input);
  else if (kind === 'cluster') topo = clusterTopology(input);
  else if (kind === 'replication') topo = replicationTopology(input);
  else topo = { kind, groups: [], members: [...input.seeds] };
  const members = new Set(input.seeds);
  for (const m of topo.members) members.add(m);
  for (const s of input.sticky ?? []) members.add(s);
  topo.members = [...members];
  if (topo.members.length > LIMITS.members) capMembers(topo);
  return topo;
}

/** At most LIMITS.members nodes per connection (seeds and the first discovered kept), the rest left out and said so. */
function capMembers(topo: Topology): void {
  const total = topo.members.length;
  topo.members = topo.members.slice(0, LIMITS.members);
  const keep = new Set(topo.members);
  const only = (xs: string[]) => xs.filter((x) => keep.has(x));
  for (const g of topo.groups) {
    if (g.primary && !keep.has(g.primary)) g.primary = undefined;
    g.replicas = only(g.replicas);
    g.sentinels = only(g.sentinels);
    for (const sh of g.shards ?? []) {
      if (sh.primary && !keep.has(sh.primary)) sh.primary = undefined;
      sh.replicas = only(sh.replicas);
      sh.others = only(sh.others);
    }
  }
  (topo.truncated ??= []).push({ message: `the replies name ${total} nodes; only the first ${LIMITS.members} are monitored` });
}

// ---------------------------------------------------------------- Sentinel

function sentinelTopology(input: DeriveInput): Topology {
  const sentinels = new Set<string>(input.seeds);
  const prevGroups = new Map((input.previous?.kind === 'sentinel' ? input.previous.groups : []).map((g) => [g.key, g]));
  for (const g of prevGroups.values()) for (const s of g.sentinels) sentinels.add(s);
  const answering: NodeFacts[] = [];
  for (const f of input.facts.values()) {
    if (reachable(f) && f.mode === 'sentinel' && f.sentinel) {
      answering.push(f);
      sentinels.add(f.address);
      for (const list of Object.values(f.sentinel.sentinels)) for (const s of list) sentinels.add(addressOf(s));
    }
  }
  // order: seeds first, so their view wins ties
  answering.sort((a, b) => rank(input.seeds, a.address) - rank(input.seeds, b.address));
  if (!answering.length) {
    // nobody to ask: keep the last known groups so their data nodes are still probed
    const groups = [...prevGroups.values()];
    return { kind: 'sentinel', groups, members: uniq([...sentinels, ...groups.flatMap(groupMembers)]) };
  }
  const truncated: Truncation[] = [];
  // each Sentinel's masters by name, read once
  const views = answering.map((f) => {
    const s = f.sentinel!;
    if (s.masters.length < (s.masters as Partial<Capped<unknown>>).total!) {
      truncated.push({
        message: `${f.address} monitors ${(s.masters as Capped<unknown>).total} masters; only the first ${LIMITS.masters} are shown`,
      });
    }
    return { f, byName: new Map(s.masters.map((m) => [m.name, m])) };
  });
  const names = new Set<string>();
  for (const v of views) for (const n of v.byName.keys()) if (!input.master || n === input.master) names.add(n);
  const groups: GroupPlan[] = [];
  for (const name of names) {
    const votes = new Map<string, number>();
    const replicas = new Set<string>();
    const groupSentinels = new Set<string>();
    const note = (what: string, list: unknown[] | undefined, from: string) => {
      const total = (list as Partial<Capped<unknown>> | undefined)?.total;
      if (list && total !== undefined && total > list.length)
        truncated.push({ group: name, message: `${from} lists ${total} ${what}; only the first ${list.length} are shown` });
    };
    for (const { f, byName } of views) {
      const m = byName.get(name);
      if (!m) continue;
      groupSentinels.add(f.address);
      const addr = addressOf(m);
      votes.set(addr, (votes.get(addr) ?? 0) + 1);
      const rs = f.sentinel!.replicas[name];
      const ss = f.sentinel!.sentinels[name];
      note('replicas', rs, f.address);
      note('Sentinels', ss, f.address);
      for (const r of rs ?? []) replicas.add(addressOf(r));
      for (const x of ss ?? []) if (groupSentinels.size < LIMITS.sentinels) groupSentinels.add(addressOf(x));
    }
    let primary: string | undefined;
    let best = 0;
    for (const [addr, n] of votes) if (n > best) [primary, best] = [addr, n];
    const pf = primary ? input.facts.get(primary) : undefined;
    if (reachable(pf)) {
      const listed = replicasOf(pf.info);
      note('replicas', listed, primary!);
      for (const r of listed) replicas.add(addressOf(r));
    }
    if (primary) replicas.delete(primary);
    let replicaList = [...replicas];
    if (replicaList.length > LIMITS.replicas) {
      truncated.push({
        group: name,
        message: `${replicaList.length} replicas are reported in all; only the first ${LIMITS.replicas} are shown`,
      });
      replicaList = replicaList.slice(0, LIMITS.replicas);
    }
    groups.push({ key: name, kind: 'sentinel', name, primary, replicas: replicaList, sentinels: [...groupSentinels] });
  }
  return { kind: 'sentinel', groups, members: uniq([...sentinels, ...groups.flatMap(groupMembers)]), truncated: dedupe(truncated) };
}

function dedupe(ts: Truncation[]): Truncation[] | undefined {
  if (!ts.length) return undefined;
  const seen = new Set<string>();
  return ts.filter((t) => {
    const k = `${t.group ?? ''}\u0000${t.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function groupMembers(g: GroupPlan): string[] {
  return [...(g.primary ? [g.primary] : []), ...g.replicas, ...g.sentinels, ...(g.shards ?? []).flatMap((s) => s.others)];
}

function rank(seeds: string[], addr: string): number {
  const i = seeds.indexOf(addr);
  return i < 0 ? seeds.length : i;
}

// ---------------------------------------------------------------- plain replication

function upstreamOf(f: NodeFacts | undefined): string | undefined {
  if (!reachable(f) || f.info.fields.role !== 'slave') return undefined;
  const host = f.info.fields.master_host;
  const port = num(f.info.fields.master_port);
  return host && port !== undefined ? addressOf({ host, port }) : undefined;
}

function replicationTopology(input: DeriveInput): Topology {
  const members = new Set<string>(input.seeds);
  // up: from every seed to the top of its chain
  const tops = new Set<string>();
  for (const seed of input.seeds) {
    let at = seed;
    const seen = new Set<string>([at]);
    for (let hops = 0; hops < 10; hops++) {
      const up = upstreamOf(input.facts.get(at));
      if (!up || seen.has(up)) break;
      seen.add(up);
      members.add(up);
      at = up;
    }
    tops.add(at);
  }
  // down: every replica listed by a member, recursively (a queue read by index: linear)
  const queue = [...members];
  const truncated: Truncation[] = [];
  for (let qi = 0; qi < queue.length; qi++) {
    const a = queue[qi];
    const f = input.facts.get(a);
    if (!reachable(f)) continue;
    const listed = replicasOf(f.info);
    if (listed.total > listed.length)
      truncated.push({ message: `${a} lists ${listed.total} replicas; only the first ${listed.length} are shown` });
    for (const r of listed) {
      const ra = addressOf(r);
      if (!members.has(ra)) {
        members.add(ra);
        queue.push(ra);
      }
    }
  }
  // a replica read this refresh (so a member until now, or a seed) that still names a member as its
  // primary stays, though that primary no longer lists it: its link is down, which is what to show
  for (const [a, f] of input.facts) {
    const up = upstreamOf(f);
    if (!members.has(a) && up && members.has(up)) members.add(a);
  }
  for (const s of input.sticky ?? []) members.add(s);
  const topList = [...tops];
  const primary = topList.find((t) => reachable(input.facts.get(t)) && input.facts.get(t)!.info!.fields.role === 'master') ?? topList[0];
  const replicas = [...members].filter((m) => m !== primary);
  const key = primary ?? input.seeds[0];
  return {
    kind: 'replication',
    groups: [{ key, kind: 'replication', name: key, primary, replicas, sentinels: [] }],
    members: [...members],
    truncated: dedupe(truncated.map((t) => ({ ...t, group: key }))),
  };
}

// ---------------------------------------------------------------- cluster

function clusterTopology(input: DeriveInput): Topology {
  const best = freshestClusterView(input);
  if (!best) {
    const prev = input.previous?.kind === 'cluster' ? input.previous : undefined;
    return { kind: 'cluster', groups: prev?.groups ?? [], members: prev?.members ?? [...input.seeds], clusterIds: prev?.clusterIds };
  }
  const view = best.cluster!.view!.nodes.filter((n) => n.host);
  const ids = new Map<string, string>();
  for (const n of view) ids.set(n.id, addressOf(n));
  const truncated: Truncation[] = [];
  const total = best.cluster!.view!.total;
  if (total > view.length)
    truncated.push({ group: 'cluster', message: `${best.address} lists ${total} cluster nodes; only the first ${view.length} are shown` });
  const builder = new ShardBuilder(truncated);
  builder.addSlotOwners(view);
  builder.addLeftovers(view, previousShardOf(input.previous));
  const shards = builder.shards;
  const shown = new Set(shards.flatMap((sh) => [...(sh.primary ? [sh.primary] : []), ...sh.replicas, ...sh.others]));
  const group: GroupPlan = {
    key: 'cluster',
    kind: 'cluster',
    name: 'cluster',
    primary: undefined,
    replicas: [],
    sentinels: [],
    shards,
    viewFrom: best.address,
  };
  return { kind: 'cluster', groups: [group], members: uniq([...input.seeds, ...shown]), clusterIds: ids, truncated: dedupe(truncated) };
}

/** The freshest view: highest current epoch among the nodes that gave one; seeds win ties. */
function freshestClusterView(input: DeriveInput): NodeFacts | undefined {
  let best: NodeFacts | undefined;
  let bestEpoch = -1;
  const candidates = [...input.facts.values()].filter((f) => reachable(f) && f.mode === 'cluster' && f.cluster?.view?.nodes.length);
  candidates.sort((a, b) => rank(input.seeds, a.address) - rank(input.seeds, b.address));
  for (const f of candidates) {
    const epoch = num(f.cluster!.info.cluster_current_epoch) ?? 0;
    if (epoch > bestEpoch) [best, bestEpoch] = [f, epoch];
  }
  return best;
}

/** The shard each node id was in at the previous refresh (a failed primary stays where it was). */
function previousShardOf(previous: Topology | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of previous?.groups[0]?.shards ?? []) for (const id of s.memberIds) out.set(id, s.id);
  return out;
}

function firstSlot(n: ClusterNodeView): number {
  let min = Infinity;
  for (const [a] of n.slots) if (a < min) min = a;
  return min;
}

/** The shards of one cluster view, in slot order, then the shards of nodes that own no slot. */
class ShardBuilder {
  readonly shards: ShardPlan[] = [];
  private readonly shardOfMember = new Map<string, ShardPlan>();
  private readonly shardById = new Map<string, ShardPlan>();

  constructor(private readonly truncated: Truncation[]) {}

  private place(shard: ShardPlan, id: string): void {
    shard.memberIds.push(id);
    this.shardOfMember.set(id, shard);
  }

  /** One shard per primary that owns slots, with its replicas (the first LIMITS.replicas of them). */
  addSlotOwners(view: ClusterNodeView[]): void {
    // one pass to index replicas by primary: linear in the view
    const replicasOfPrimary = new Map<string, ClusterNodeView[]>();
    for (const n of view) {
      if (n.role !== 'replica' || !n.primaryId) continue;
      const list = replicasOfPrimary.get(n.primaryId);
      if (list) list.push(n);
      else replicasOfPrimary.set(n.primaryId, [n]);
    }
    const primaries = view.filter((n) => n.role === 'primary' && n.slots.length > 0).map((n) => ({ n, first: firstSlot(n) }));
    primaries.sort((a, b) => a.first - b.first);
    for (const { n: p } of primaries) {
      const all = replicasOfPrimary.get(p.id) ?? [];
      const reps = all.slice(0, LIMITS.replicas);
      const slots = formatSlots(p.slots);
      if (all.length > reps.length)
        this.truncated.push({
          group: 'cluster',
          message: `shard ${slots} has ${all.length} replicas; only the first ${reps.length} are shown`,
        });
      const shard: ShardPlan = {
        id: slots,
        slots,
        slotCount: slotCount(p.slots),
        primary: addressOf(p),
        replicas: reps.map(addressOf),
        others: [],
        memberIds: [],
      };
      this.place(shard, p.id);
      for (const r of reps) this.place(shard, r.id);
      for (const r of all.slice(reps.length)) this.shardOfMember.set(r.id, shard);
      this.shards.push(shard);
      this.shardById.set(shard.id, shard);
    }
  }

  /**
   * Nodes without slots and not attached to a slot owner — a failed former
   * primary, an empty primary, orphans: with the shard of the primary they
   * name or the one they were in, else in a shard of their own.
   */
  addLeftovers(view: ClusterNodeView[], prevShardOf: ReadonlyMap<string, string>): void {
    const leftovers = view.filter((n) => !this.shardOfMember.has(n.id));
    const bySlotless = new Map<string, ShardPlan>();
    for (const n of leftovers) {
      const ownerShard = n.primaryId ? this.shardOfMember.get(n.primaryId) : undefined;
      const prevShard = prevShardOf.get(n.id);
      const target = ownerShard ?? (prevShard !== undefined ? this.shardById.get(prevShard) : undefined);
      if (target) {
        if (n.role === 'replica' && ownerShard) target.replicas.push(addressOf(n));
        else target.others.push(addressOf(n));
        this.place(target, n.id);
        continue;
      }
      const key = n.role === 'primary' ? n.id : (n.primaryId ?? n.id);
      let shard = bySlotless.get(key);
      if (!shard) {
        shard = { id: `no-slots:${key.slice(0, 8)}`, slots: '', slotCount: 0, replicas: [], others: [], memberIds: [] };
        bySlotless.set(key, shard);
        this.shards.push(shard);
      }
      if (n.role === 'primary') shard.primary = addressOf(n);
      else shard.replicas.push(addressOf(n));
      this.place(shard, n.id);
    }
  }
}

/**
 * The topology with addresses renamed (a seed written `localhost:26379` that
 * Redis reports as `127.0.0.1:26379`), lists de-duplicated, renamed-away
 * addresses dropped from the members.
 */
export function renameAddresses(topo: Topology, rename: ReadonlyMap<string, string>): Topology {
  if (!rename.size) return topo;
  const r = (a: string) => rename.get(a) ?? a;
  const list = (xs: string[]) => uniq(xs.map(r));
  return {
    ...topo,
    members: uniq(topo.members.map(r)),
    groups: topo.groups.map((g) => ({
      ...g,
      primary: g.primary && r(g.primary),
      replicas: list(g.replicas).filter((x) => x !== r(g.primary ?? '')),
      sentinels: list(g.sentinels),
      viewFrom: g.viewFrom && r(g.viewFrom),
      shards: g.shards?.map((s) => ({ ...s, primary: s.primary && r(s.primary), replicas: list(s.replicas), others: list(s.others) })),
    })),
  };
}
