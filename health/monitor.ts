/**
 * The health monitor: connections → links → probes → topology → model.
 * One refresh probes every known node of every connection in parallel (each
 * within its own deadline), discovers new nodes in further waves, and builds a
 * Snapshot. Used unchanged by the editor's tree view and by `redis-ha status`.
 * `dispose()` closes every connection; nothing else keeps the process alive.
 */
import { splitAddress } from './address';
import { describeSentinelMessage, SentinelSubscriber, SentinelSubscriptions, type SentinelMessage } from './events';
import { nodeTransitions, Timeline, type NodeMark } from './timeline';
import { HoldDowns } from './holddown';
import { addFlapping } from './flapping';
import { samplesOf, Series, type SeriesSample } from './series';
import { AllowList, vouchedMembers } from './trust';
import { buildConnection, isFailingOver } from './groups';
import { clusterTransitions, type ClusterMark } from './clusterWatch';
import { DEFAULT_BACKOFF, NodeLink, type Backoff, type Command } from './link';
import { probeNode, type NodeFacts, type NodeMemory } from './probe';
import { num, parseConfigGet } from './replies';
import { DEFAULT_TIMEOUT_MS, normalizeThresholds, type ConnectionSpec, type Thresholds } from './settings';
import { deriveTopology, renameAddresses, type Topology } from './topology';
import {
  addressOf,
  worstOf,
  type ConnectionStatus,
  type FailoverEvent,
  type GroupStatus,
  type NodeStatus,
  type Role,
  type Snapshot,
  type TimelineEvent,
} from './types';

export interface MonitorOptions {
  /** Deadline per node per refresh (ms). */
  timeoutMs?: number;
  thresholds?: Partial<Thresholds>;
  backoff?: Backoff;
  /** The password of a connection when its spec has none (the editor reads SecretStorage). */
  password?: (connectionId: string) => string | undefined;
  /** How long a node that vanished from every listing stays shown as unreachable (ms). */
  stickyMs?: number;
  /** At most this many discovery waves per refresh. */
  maxWaves?: number;
  /** Bytes one round trip to a node may receive (default: link.ts DEFAULT_MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
  /**
   * Addresses, CIDR ranges and host names the monitor may contact besides the
   * seeds (empty: any). See trust.ts; invalid entries are in `allowList.errors`.
   */
  allowedAddresses?: string[];
  /** Opt-in: the key the monitor writes on primaries and reads on replicas to measure lag (heartbeat.ts). Needs SET. */
  heartbeatKey?: string;
  now?: () => number;
}

interface NodeRuntime {
  host: string;
  port: number;
  link: NodeLink;
  mem: NodeMemory;
  /** The link sends the connection's credentials (the node is a seed or vouched for: trust.ts). */
  credentials: boolean;
}

interface Sample {
  offset: number;
  replid: string;
  at: number;
}

class ConnectionRuntime {
  readonly nodes = new Map<string, NodeRuntime>();
  topology?: Topology;
  readonly lastListed = new Map<string, number>();
  readonly roles = new Map<string, Role>();
  readonly samples = new Map<string, Sample>();
  readonly primaries = new Map<string, string>();
  /** A seed that Redis reports under another address (same run_id): shown under that address. */
  readonly seedAliases = new Map<string, { address: string; runId: string }>();
  /** Members the seeds' replies vouched for (trust.ts): the only non-seeds that receive the credentials. */
  readonly vouched = new Set<string>();
  /** What happened, Sentinel messages and transitions (timeline.ts). */
  readonly timeline = new Timeline();
  /** The groups' figures per refresh, for the charts (series.ts). */
  readonly series = new Series();
  /** Health, role and link of every node at the previous refresh. */
  readonly marks = new Map<string, NodeMark>();
  /** Epoch, state and failure flags of each cluster at the previous refresh (clusterWatch.ts). */
  readonly clusterMarks = new Map<string, ClusterMark>();
  /** The highest settled config-epoch the Sentinels report per group, and the refresh that last saw it. */
  readonly epochs = new Map<string, { epoch: number; at: number }>();
  /** Since when each held-down condition has lasted (holddown.ts). */
  readonly holdDowns = new HoldDowns();
  subscriptions?: SentinelSubscriptions;
  constructor(readonly spec: ConnectionSpec) {}
  get seeds(): string[] {
    return this.spec.seeds.map(addressOf);
  }
  dispose(): void {
    for (const n of this.nodes.values()) n.link.dispose();
    this.nodes.clear();
    this.subscriptions?.close();
  }
}

const MAX_WAVES = 4;
const STICKY_MS = 10 * 60 * 1000;

export class HealthMonitor {
  private runtimes = new Map<string, ConnectionRuntime>();
  private inflight?: Promise<Snapshot>;
  private disposed = false;
  private readonly timeoutMs: number;
  private thresholds: Thresholds;
  private readonly now: () => number;

  /** Where the monitor may connect besides the seeds. */
  readonly allowList: AllowList;

  constructor(
    specs: ConnectionSpec[],
    private readonly opts: MonitorOptions = {},
  ) {
    this.allowList = new AllowList(opts.allowedAddresses ?? []);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.thresholds = normalizeThresholds(opts.thresholds);
    this.now = opts.now ?? Date.now;
    this.setConnections(specs);
  }

  /** Adds, keeps or replaces connections; removed or changed ones have their connections closed. */
  setConnections(specs: ConnectionSpec[]): void {
    const next = new Map<string, ConnectionRuntime>();
    for (const spec of specs) {
      const old = this.runtimes.get(spec.id);
      if (old && JSON.stringify(old.spec) === JSON.stringify(spec)) next.set(spec.id, old);
      else {
        old?.dispose();
        next.set(spec.id, new ConnectionRuntime(spec));
      }
    }
    for (const [id, rt] of this.runtimes) if (!next.has(id)) rt.dispose();
    this.runtimes = next;
  }

  setThresholds(t: Partial<Thresholds>): void {
    this.thresholds = normalizeThresholds(t);
  }

  /** Credentials changed: retry that connection's nodes at the next refresh, whatever their backoff. */
  credentialsChanged(connectionId: string): void {
    const rt = this.runtimes.get(connectionId);
    if (!rt) return;
    for (const n of rt.nodes.values()) {
      n.link.dispose();
    }
    rt.nodes.clear();
    // resubscribed at the next refresh, with the new credentials
    rt.subscriptions?.close();
    rt.subscriptions = undefined;
  }

  /** Per Sentinel of a connection: whether our event subscription is up (and how often it subscribed). */
  subscriptions(connectionId: string): ReturnType<SentinelSubscriptions['state']> {
    return this.runtimes.get(connectionId)?.subscriptions?.state() ?? {};
  }

  /** The connection's timeline as kept so far (oldest first; at most TIMELINE_CAPACITY entries). */
  timeline(connectionId: string): TimelineEvent[] {
    return this.runtimes.get(connectionId)?.timeline.entries() ?? [];
  }

  /** The connection's chart samples (oldest first), only `group`'s when given; `fresh`: those recorded since the last such call. */
  samples(connectionId: string, opts: { group?: string; fresh?: boolean } = {}): SeriesSample[] {
    const series = this.runtimes.get(connectionId)?.series;
    return !series ? [] : opts.fresh ? series.takeFresh() : series.entries(opts.group);
  }

  /** Samples read back from a file: kept in the connection's series, not reported as fresh. */
  loadSamples(connectionId: string, samples: readonly SeriesSample[]): void {
    this.runtimes.get(connectionId)?.series.load(samples);
  }

  /** Entries read back from a history: remembered in the connection's timeline (for the failover summary), not reported as new. */
  loadHistory(events: readonly TimelineEvent[]): void {
    for (const rt of this.runtimes.values()) rt.timeline.load(events.filter((e) => e.connection === rt.spec.id));
  }

  /** Forget every backoff (the user asked for a refresh). */
  retryNow(): void {
    for (const rt of this.runtimes.values()) for (const n of rt.nodes.values()) n.link.resetBackoff();
  }

  /** One refresh of every connection; concurrent callers share it. */
  refresh(): Promise<Snapshot> {
    if (this.disposed) return Promise.reject(new Error('the health monitor is closed'));
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Connections opened so far per node (tests use it to show there is no reconnect storm). */
  connectionsOpened(connectionId: string): Record<string, number> {
    const rt = this.runtimes.get(connectionId);
    return Object.fromEntries([...(rt?.nodes ?? new Map<string, NodeRuntime>())].map(([a, n]) => [a, n.link.connectionsOpened]));
  }

  /** Runs commands on one node of a connection (INFO document, compare with config). Throws a clear Error. */
  async command(connectionId: string, address: string, commands: Command[]): Promise<unknown[]> {
    const rt = this.runtimes.get(connectionId);
    if (!rt) throw new Error(`no connection '${connectionId}'`);
    if (!rt.seeds.includes(address) && !this.allowList.allows(splitAddress(address).host))
      throw new Error(`${address}: outside the allowed addresses (${this.allowList.entries.join(', ')})`);
    const node = this.node(rt, address);
    node.link.resetBackoff();
    const r = await node.link.run((send) => send(commands));
    if (!r.ok) throw new Error(`${address}: ${r.failure.message}`);
    return r.value;
  }

  /** The node's full INFO text. */
  async info(connectionId: string, address: string): Promise<string> {
    const [reply] = await this.command(connectionId, address, [['INFO', 'everything']]);
    if (reply instanceof Error) {
      const [plain] = await this.command(connectionId, address, [['INFO']]);
      if (plain instanceof Error) throw new Error(`${address}: ${plain.message}`);
      return String(plain);
    }
    return String(reply);
  }

  /** The node's `CONFIG GET *`. */
  async config(connectionId: string, address: string): Promise<Record<string, string>> {
    const [reply] = await this.command(connectionId, address, [['CONFIG', 'GET', '*']]);
    if (reply instanceof Error) throw new Error(`${address}: CONFIG GET refused: ${reply.message}`);
    return parseConfigGet(reply);
  }

  dispose(): void {
    this.disposed = true;
    for (const rt of this.runtimes.values()) rt.dispose();
    this.runtimes.clear();
  }

  /** Whether the connection has a password at all (the editor's may come later from the keychain). */
  private hasPassword(rt: ConnectionRuntime): boolean {
    return (rt.spec.password ?? this.opts.password?.(rt.spec.id)) !== undefined;
  }

  private trusted(rt: ConnectionRuntime, address: string): boolean {
    return rt.seeds.includes(address) || rt.vouched.has(address);
  }

  /** The node's runtime; its link is rebuilt when whether it may receive credentials changed. */
  private node(rt: ConnectionRuntime, address: string, credentials = this.trusted(rt, address)): NodeRuntime {
    let n = rt.nodes.get(address);
    if (n && n.credentials !== credentials) {
      n.link.dispose();
      n = { ...n, link: this.link(rt, n.host, n.port, credentials), credentials };
      rt.nodes.set(address, n);
    }
    if (!n) {
      const { host, port } = splitAddress(address);
      n = { host, port, mem: {}, credentials, link: this.link(rt, host, port, credentials) };
      rt.nodes.set(address, n);
    }
    return n;
  }

  private link(rt: ConnectionRuntime, host: string, port: number, credentials: boolean): NodeLink {
    const spec = rt.spec;
    return new NodeLink({
      host,
      port,
      tls: spec.tls,
      username: credentials ? spec.username : undefined,
      password: () => (credentials ? (spec.password ?? this.opts.password?.(spec.id)) : undefined),
      timeoutMs: this.timeoutMs,
      backoff: this.opts.backoff ?? DEFAULT_BACKOFF,
      now: this.now,
      maxReplyBytes: this.opts.maxReplyBytes,
    });
  }

  private async probe(rt: ConnectionRuntime, address: string, knownSentinels: ReadonlySet<string>): Promise<NodeFacts> {
    const seed = rt.seeds.includes(address);
    if (!seed && !this.allowList.allows(splitAddress(address).host)) {
      rt.nodes.get(address)?.link.dispose();
      rt.nodes.delete(address);
      const { host, port } = splitAddress(address);
      const message = `not contacted: ${host} is outside the allowed addresses (${this.allowList.entries.join(', ')})`;
      return { address, host, port, ok: false, at: this.now(), failure: { kind: 'not-allowed', message, skipped: true } };
    }
    const n = this.node(rt, address);
    const facts = await probeNode(n.link, n.host, n.port, n.mem, {
      sentinelHint: (rt.spec.sentinel && seed) || knownSentinels.has(address),
      master: rt.spec.master,
      tls: !!rt.spec.tls,
      now: this.now,
      heartbeatKey: this.opts.heartbeatKey,
    });
    if (!n.credentials && this.hasPassword(rt)) {
      facts.withheld = `the connection's password was not sent to ${address}: no seed vouches for it as a member (${rt.spec.sentinel ? 'a seed Sentinel does not report it for the master' : "it was named only by another node's reply"}), and a node can announce any address`;
    }
    return facts;
  }

  private async doRefresh(): Promise<Snapshot> {
    const at = this.now();
    const started = performance.now();
    const results = await Promise.all([...this.runtimes.values()].map((rt) => this.refreshConnection(rt)));
    const connections: ConnectionStatus[] = [];
    const groups: GroupStatus[] = [];
    const nodes: NodeStatus[] = [];
    const events: FailoverEvent[] = [];
    const timeline: TimelineEvent[] = [];
    const failovers: NonNullable<Snapshot['failovers']> = [];
    for (const r of results) {
      connections.push(r.connection);
      for (const g of r.groups) groups.push(g);
      for (const n of r.nodes) nodes.push(n);
      for (const e of r.events) events.push(e);
      for (const e of r.timeline) timeline.push(e);
      for (const f of r.failovers) failovers.push(f);
    }
    timeline.sort((a, b) => a.at - b.at);
    return {
      at,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      health: worstOf([...connections.map((c) => c.health), ...groups.map((g) => g.health), ...nodes.map((n) => n.health)]),
      connections,
      groups,
      nodes,
      events,
      timeline,
      failovers,
    };
  }

  private async refreshConnection(rt: ConnectionRuntime) {
    const facts = new Map<string, NodeFacts>();
    const seeds = rt.seeds;
    const derive = (sticky?: Set<string>) =>
      deriveTopology({
        seeds,
        sentinelSeed: rt.spec.sentinel,
        master: rt.spec.master,
        facts,
        previous: rt.topology,
        sticky,
        tls: !!rt.spec.tls,
      });
    const aliasTargets = new Set([...rt.seedAliases.values()].map((x) => x.address));
    let wave = [...new Set([...seeds, ...(rt.topology?.members ?? [])])].filter((a) => seeds.includes(a) || !aliasTargets.has(a));
    let topo: Topology = derive();
    for (let i = 0; i < (this.opts.maxWaves ?? MAX_WAVES) && wave.length; i++) {
      const knownSentinels = new Set<string>();
      for (const t of [rt.topology, topo])
        if (t?.kind === 'sentinel') for (const g of t.groups) for (const x of g.sentinels) knownSentinels.add(x);
      const probed = await Promise.all(wave.map((a) => this.probe(rt, a, knownSentinels)));
      for (const f of probed) facts.set(f.address, f);
      this.resolveSeedAliases(rt, facts);
      topo = derive();
      for (const a of vouchedMembers(topo.kind, seeds, facts, rt.spec.master)) rt.vouched.add(a);
      wave = topo.members.filter((a) => !facts.has(a));
      if (this.disposed) break;
    }
    // nodes that vanished from every listing stay visible for a while, as unreachable
    const now = this.now();
    for (const a of topo.members) rt.lastListed.set(a, now);
    const listed = new Set(topo.members);
    const sticky = new Set(
      (rt.topology?.members ?? []).filter(
        (a) => !listed.has(a) && !facts.get(a)?.ok && now - (rt.lastListed.get(a) ?? 0) < (this.opts.stickyMs ?? STICKY_MS),
      ),
    );
    if (sticky.size) topo = derive(sticky);
    topo = renameAddresses(topo, new Map([...rt.seedAliases].map(([seed, x]) => [seed, x.address])));
    const members = new Set(topo.members);
    for (const a of rt.vouched) if (!members.has(a)) rt.vouched.delete(a);
    for (const [a, n] of rt.nodes) {
      if (!members.has(a) && !seeds.includes(a)) {
        rt.vouched.delete(a);
        n.link.dispose();
        rt.nodes.delete(a);
        rt.lastListed.delete(a);
      }
    }
    rt.topology = topo;
    const rates = this.rates(rt, facts);
    rt.holdDowns.begin(now, this.thresholds);
    const built = buildConnection({
      id: rt.spec.id,
      name: rt.spec.name,
      seeds,
      topology: topo,
      facts,
      thresholds: this.thresholds,
      rates,
      previousRoles: rt.roles,
      master: rt.spec.master,
      hold: (subject, problems) => rt.holdDowns.apply(subject, problems),
    });
    rt.holdDowns.end();
    for (const n of built.nodes) if (facts.get(n.address)?.ok && n.role !== 'unknown') rt.roles.set(n.address, n.role);
    this.syncSubscriptions(rt, topo);
    this.failovers(rt, built.groups, now);
    this.configEpochs(rt, topo, facts, now);
    for (const e of nodeTransitions(rt.marks, built.nodes, now)) rt.timeline.add(e);
    for (const s of samplesOf(built.groups, built.nodes, now)) rt.series.add(s);
    const view = topo.kind === 'cluster' && topo.groups[0]?.viewFrom ? facts.get(topo.groups[0].viewFrom)?.cluster?.view?.nodes : undefined;
    for (const g of built.groups) for (const e of clusterTransitions(rt.clusterMarks, g, view, now)) rt.timeline.add(e);
    addFlapping(rt.timeline.entries(), built, now);
    const timeline = rt.timeline.takeFresh();
    const events: FailoverEvent[] = timeline.filter((e) => e.failover && e.group && e.to).map((e) => failoverEvent(e));
    return { ...built, events, timeline, failovers: rt.timeline.summary(now) };
  }

  /** A subscriber per Sentinel the topology lists (and we may contact); those that left are closed. */
  private syncSubscriptions(rt: ConnectionRuntime, topo: Topology): void {
    if (this.disposed) return;
    const seedOf = new Map([...rt.seedAliases].map(([seed, x]) => [x.address, seed]));
    const wanted = new Map<string, boolean>();
    if (topo.kind === 'sentinel')
      for (const g of topo.groups)
        for (const s of g.sentinels) {
          const a = seedOf.get(s) ?? s;
          if (rt.seeds.includes(a) || this.allowList.allows(splitAddress(a).host)) wanted.set(a, this.trusted(rt, a));
        }
    if (!wanted.size && !rt.subscriptions) return;
    rt.subscriptions ??= new SentinelSubscriptions((a, credentials) => this.subscriber(rt, a, credentials));
    rt.subscriptions.sync(wanted);
  }

  private subscriber(rt: ConnectionRuntime, address: string, credentials: boolean): SentinelSubscriber {
    const { host, port } = splitAddress(address);
    const spec = rt.spec;
    return new SentinelSubscriber({
      host,
      port,
      tls: spec.tls,
      username: credentials ? spec.username : undefined,
      password: credentials ? () => spec.password ?? this.opts.password?.(spec.id) : undefined,
      timeoutMs: this.timeoutMs,
      backoff: this.opts.backoff ?? DEFAULT_BACKOFF,
      now: this.now,
      onMessage: (m, at) => this.sentinelMessage(rt, address, m, at),
    });
  }

  /** A Sentinel's message into the timeline; the first +switch-master of a failover (3 Sentinels send one each) counts it. */
  private sentinelMessage(rt: ConnectionRuntime, sentinel: string, m: SentinelMessage, at: number): void {
    if (this.disposed || (rt.spec.master && m.master && m.master !== rt.spec.master)) return;
    const group = m.master ? `${rt.spec.id}/${m.master}` : undefined;
    const e: TimelineEvent = {
      at,
      connection: rt.spec.id,
      node: m.node ?? sentinel,
      kind: m.kind,
      level: m.level,
      cause: describeSentinelMessage(m, sentinel),
      source: 'sentinel',
      sentinel,
    };
    if (group) e.group = group;
    if (m.from) e.from = m.from;
    if (m.to) e.to = m.to;
    if (m.kind === '+switch-master' && group) {
      const last = rt.timeline.lastFailover(group);
      if (!(last && last.to === m.to && (last.from === undefined || last.from === m.from))) e.failover = true;
    }
    rt.timeline.add(e);
  }

  /**
   * A seed written differently from how Redis reports it (`localhost:26379` vs
   * `127.0.0.1:26379`, found by equal run_id) is probed once, under the seed,
   * and its facts are shown under the reported address.
   */
  private resolveSeedAliases(rt: ConnectionRuntime, facts: Map<string, NodeFacts>): void {
    const seeds = rt.seeds;
    for (const seed of seeds) {
      const f = facts.get(seed);
      const runId = f?.ok ? f.info?.fields.run_id : undefined;
      const known = rt.seedAliases.get(seed);
      if (known && runId && runId !== known.runId) rt.seedAliases.delete(seed);
      if (!rt.seedAliases.has(seed) && runId) {
        for (const [a, other] of facts) {
          if (a !== seed && !seeds.includes(a) && other.ok && other.info?.fields.run_id === runId) {
            rt.seedAliases.set(seed, { address: a, runId });
            rt.nodes.get(a)?.link.dispose();
            rt.nodes.delete(a);
            break;
          }
        }
      }
      const alias = rt.seedAliases.get(seed);
      if (alias && f) facts.set(alias.address, { ...f, address: alias.address, ...splitAddress(alias.address) });
    }
  }

  /** Replication stream rate per primary: offset growth since the previous refresh, or INFO's instantaneous figure. */
  private rates(rt: ConnectionRuntime, facts: Map<string, NodeFacts>): Map<string, number> {
    const out = new Map<string, number>();
    for (const f of facts.values()) {
      const x = f.ok ? f.info?.fields : undefined;
      if (x?.role !== 'master') continue;
      const offset = num(x.master_repl_offset);
      if (offset === undefined) continue;
      const prev = rt.samples.get(f.address);
      const sample = { offset, replid: x.master_replid ?? '', at: f.at };
      rt.samples.set(f.address, sample);
      if (prev && prev.replid === sample.replid && sample.at - prev.at >= 200 && offset >= prev.offset) {
        out.set(f.address, ((offset - prev.offset) * 1000) / (sample.at - prev.at));
      } else {
        const kbps = num(x.instantaneous_output_repl_kbps);
        const replicas = num(x.connected_slaves) ?? 0;
        if (kbps !== undefined && replicas > 0) out.set(f.address, (kbps * 1024) / replicas);
      }
    }
    return out;
  }

  /** A new primary seen by this refresh: a `primary` entry, counted as a failover unless a Sentinel already announced it. */
  private failovers(rt: ConnectionRuntime, groups: GroupStatus[], at: number): void {
    const check = (key: string, group: string, primary: string | undefined, shard?: string) => {
      if (!primary) return;
      const prev = rt.primaries.get(key);
      rt.primaries.set(key, primary);
      if (!prev || prev === primary) return;
      const last = shard ? undefined : rt.timeline.lastFailover(group);
      const e: TimelineEvent = {
        at,
        connection: rt.spec.id,
        group,
        node: primary,
        kind: 'primary',
        level: 'warning',
        cause: `the primary of ${group.slice(rt.spec.id.length + 1)}${shard ? ` shard ${shard}` : ''} is now ${primary} (was ${prev})`,
        source: 'refresh',
        from: prev,
        to: primary,
      };
      if (shard) e.shard = shard;
      if (!(last && last.to === primary)) e.failover = true;
      rt.timeline.add(e);
    };
    for (const g of groups) {
      if (g.kind === 'cluster')
        for (const s of g.shards ?? []) {
          if (s.slotCount > 0) check(`${g.id}#${s.id}`, g.id, s.primary, s.id);
        }
      else check(g.id, g.id, g.primary);
    }
  }

  /**
   * The config-epoch of each Sentinel master (SENTINEL MASTERS, highest of the
   * Sentinels' views): it grows with each completed failover, so a rise is a
   * failover even when no message arrived and the primary looks the same
   * (a failover and a failback between two refreshes). The epoch rises while
   * the failover is still running, before +switch-master: a rise is judged only
   * once no Sentinel reports a failover in progress, and counted only when
   * nothing else counted a failover of the group since the epoch was last seen.
   */
  private configEpochs(rt: ConnectionRuntime, topo: Topology, facts: ReadonlyMap<string, NodeFacts>, at: number): void {
    if (topo.kind !== 'sentinel') return;
    for (const g of topo.groups) {
      let epoch: number | undefined;
      let running = false;
      for (const s of g.sentinels) {
        const f = facts.get(s);
        const m = f?.ok ? f.sentinel?.masters.find((x) => x.name === g.name) : undefined;
        if (m && isFailingOver(m)) running = true;
        const e = num(m?.fields['config-epoch']);
        if (e !== undefined && (epoch === undefined || e > epoch)) epoch = e;
      }
      const id = `${rt.spec.id}/${g.key}`;
      const prev = rt.epochs.get(id);
      if (epoch === undefined || running || (prev && epoch < prev.epoch)) continue;
      rt.epochs.set(id, { epoch, at });
      if (!prev || epoch === prev.epoch) continue;
      const last = rt.timeline.lastFailover(id);
      const e: TimelineEvent = {
        at,
        connection: rt.spec.id,
        group: id,
        kind: 'config-epoch',
        level: 'warning',
        cause: `the config-epoch of ${g.name} went from ${prev.epoch} to ${epoch}: a failover completed`,
        source: 'refresh',
      };
      if (g.primary) e.node = e.to = g.primary;
      if (!last || last.at < prev.at) e.failover = true;
      rt.timeline.add(e);
    }
  }
}

/** A timeline entry counted as a failover, as the Snapshot's `events` have always shown one. */
function failoverEvent(e: TimelineEvent): FailoverEvent {
  const out: FailoverEvent = { kind: 'failover', connection: e.connection, group: e.group!, to: e.to!, at: e.at };
  if (e.shard) out.shard = e.shard;
  if (e.from) out.from = e.from;
  out.source = e.source === 'sentinel' ? 'sentinel' : e.kind === 'config-epoch' ? 'config-epoch' : 'refresh';
  if (e.sentinel) out.sentinel = e.sentinel;
  return out;
}
