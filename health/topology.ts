/**
 * Discovery: from the facts probed so far, which nodes make up a connection
 * and how they group. A Sentinel seed yields every group it monitors (primary,
 * replicas, Sentinels); a cluster node yields the cluster's shards (from the
 * most recent view, CLUSTER SHARDS or CLUSTER NODES); a plain node yields its
 * replication group (INFO replication followed up to the primary and down to
 * every replica). Pure functions: the monitor probes, this module decides.
 */
import type { NodeFacts } from './probe';
import { formatSlots, num, replicasOf, slotCount, type ClusterNodeView } from './replies';
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

export interface Topology {
  kind: ConnectionKind;
  groups: GroupPlan[];
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
  const members = new Set([...input.seeds, ...topo.members]);
  for (const s of input.sticky ?? []) members.add(s);
  topo.members = [...members];
  return topo;
}

// ---------------------------------------------------------------- Sentinel

function sentinelTopology(input: DeriveInput): Topology {
  const sentinels = new Set<string>(input.seeds);
  const prevGroups = new Map((input.previous?.kind === 'sentinel' ? input.previous.groups : []).map((g) => [g.key, g]));
  for (const g of prevGroups.values()) g.sentinels.forEach((s) => sentinels.add(s));
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
  const names = uniq(answering.flatMap((f) => f.sentinel!.masters.map((m) => m.name))).filter((n) => !input.master || n === input.master);
  if (!answering.length) {
    // nobody to ask: keep the last known groups so their data nodes are still probed
    const groups = [...prevGroups.values()];
    return { kind: 'sentinel', groups, members: uniq([...sentinels, ...groups.flatMap(groupMembers)]) };
  }
  const groups: GroupPlan[] = [];
  for (const name of names) {
    const votes = new Map<string, number>();
    const replicas = new Set<string>();
    const groupSentinels = new Set<string>();
    for (const f of answering) {
      const m = f.sentinel!.masters.find((x) => x.name === name);
      if (!m) continue;
      groupSentinels.add(f.address);
      const addr = addressOf(m);
      votes.set(addr, (votes.get(addr) ?? 0) + 1);
      for (const r of f.sentinel!.replicas[name] ?? []) replicas.add(addressOf(r));
      for (const s of f.sentinel!.sentinels[name] ?? []) groupSentinels.add(addressOf(s));
    }
    let primary: string | undefined;
    let best = 0;
    for (const [addr, n] of votes) if (n > best) [primary, best] = [addr, n];
    const pf = primary ? input.facts.get(primary) : undefined;
    if (reachable(pf)) for (const r of replicasOf(pf.info)) replicas.add(addressOf(r));
    if (primary) replicas.delete(primary);
    groups.push({ key: name, kind: 'sentinel', name, primary, replicas: [...replicas], sentinels: [...groupSentinels] });
  }
  return { kind: 'sentinel', groups, members: uniq([...sentinels, ...groups.flatMap(groupMembers)]) };
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
  // down: every replica listed by a member, recursively
  const queue = [...members];
  while (queue.length) {
    const a = queue.shift()!;
    const f = input.facts.get(a);
    if (!reachable(f)) continue;
    for (const r of replicasOf(f.info)) {
      const ra = addressOf(r);
      if (!members.has(ra)) {
        members.add(ra);
        queue.push(ra);
      }
    }
  }
  for (const s of input.sticky ?? []) members.add(s);
  const topList = [...tops];
  const primary = topList.find((t) => reachable(input.facts.get(t)) && input.facts.get(t)!.info!.fields.role === 'master') ?? topList[0];
  const replicas = [...members].filter((m) => m !== primary);
  return {
    kind: 'replication',
    groups: [{ key: primary ?? input.seeds[0], kind: 'replication', name: primary ?? input.seeds[0], primary, replicas, sentinels: [] }],
    members: [...members],
  };
}

// ---------------------------------------------------------------- cluster

function clusterTopology(input: DeriveInput): Topology {
  // the freshest view: highest current epoch among the nodes that gave one; seeds win ties
  let best: NodeFacts | undefined;
  let bestEpoch = -1;
  const candidates = [...input.facts.values()].filter((f) => reachable(f) && f.mode === 'cluster' && f.cluster?.view?.nodes.length);
  candidates.sort((a, b) => rank(input.seeds, a.address) - rank(input.seeds, b.address));
  for (const f of candidates) {
    const epoch = num(f.cluster!.info.cluster_current_epoch) ?? 0;
    if (epoch > bestEpoch) [best, bestEpoch] = [f, epoch];
  }
  if (!best) {
    const prev = input.previous?.kind === 'cluster' ? input.previous : undefined;
    return { kind: 'cluster', groups: prev?.groups ?? [], members: prev?.members ?? [...input.seeds], clusterIds: prev?.clusterIds };
  }
  const view = best.cluster!.view!.nodes.filter((n) => n.host);
  const ids = new Map<string, string>();
  for (const n of view) ids.set(n.id, addressOf(n));
  const prevShardOf = new Map<string, string>();
  for (const s of input.previous?.groups[0]?.shards ?? []) for (const id of s.memberIds) prevShardOf.set(id, s.id);

  const primaries = view.filter((n) => n.role === 'primary' && n.slots.length > 0);
  const shards: ShardPlan[] = [];
  const placed = new Set<string>();
  for (const p of primaries.sort((a, b) => Math.min(...a.slots.map((s) => s[0])) - Math.min(...b.slots.map((s) => s[0])))) {
    const reps = view.filter((n) => n.role === 'replica' && n.primaryId === p.id);
    const slots = formatSlots(p.slots);
    shards.push({
      id: slots,
      slots,
      slotCount: slotCount(p.slots),
      primary: addressOf(p),
      replicas: reps.map(addressOf),
      others: [],
      memberIds: [p.id, ...reps.map((r) => r.id)],
    });
    placed.add(p.id);
    reps.forEach((r) => placed.add(r.id));
  }
  // nodes without slots and not attached to a slot owner: a failed former primary, an empty primary, orphans
  const leftovers: ClusterNodeView[] = view.filter((n) => !placed.has(n.id));
  const bySlotless = new Map<string, ShardPlan>();
  for (const n of leftovers) {
    const ownerShard = n.primaryId ? shards.find((s) => s.memberIds.includes(n.primaryId!)) : undefined;
    const prevShard = prevShardOf.get(n.id);
    const target = ownerShard ?? shards.find((s) => s.id === prevShard);
    if (target) {
      if (n.role === 'replica' && ownerShard) target.replicas.push(addressOf(n));
      else target.others.push(addressOf(n));
      target.memberIds.push(n.id);
      continue;
    }
    const key = n.role === 'primary' ? n.id : n.primaryId ?? n.id;
    let shard = bySlotless.get(key);
    if (!shard) {
      shard = { id: `no-slots:${key.slice(0, 8)}`, slots: '', slotCount: 0, replicas: [], others: [], memberIds: [] };
      bySlotless.set(key, shard);
      shards.push(shard);
    }
    if (n.role === 'primary') shard.primary = addressOf(n);
    else shard.replicas.push(addressOf(n));
    shard.memberIds.push(n.id);
  }
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
  return { kind: 'cluster', groups: [group], members: uniq([...input.seeds, ...view.map(addressOf)]), clusterIds: ids };
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
