/**
 * What the monitor asks each node, in as few round trips as Redis allows:
 * one pipeline per node per refresh once the node's kind is known (INFO with
 * the sections needed, CONFIG GET of the settings we judge, CLUSTER or
 * SENTINEL queries); a first contact needs one extra round trip to learn the
 * kind (we never send commands a node will refuse, so its error statistics
 * stay clean), and older servers get their fallbacks (INFO without sections,
 * CONFIG GET *, CLUSTER NODES), remembered per node.
 */
import { ProbeFailure, noPermission, type Command, type LinkResult, type NodeLink, type Reply, type Send } from './link';
import {
  parseCkquorum,
  parseClusterInfo,
  parseClusterNodes,
  parseClusterShards,
  parseConfigGet,
  parseInfo,
  parseSentinelMasters,
  parseSentinelReplicas,
  parseSentinelSentinels,
  type Ckquorum,
  type ClusterView,
  type Info,
  type SentinelInstance,
} from './replies';
import type { FailureKind } from './link';
import { heartbeat, type HeartbeatFacts } from './heartbeat';
import { counterSample, parseLatencyLatest, type CounterSample, type LatencyEntry } from './resources';

/** Settings read from every data node: the ones compared across a group, and the ones checks need. */
export const CONFIG_PARAMS = [
  'maxmemory',
  'maxmemory-policy',
  'maxmemory-samples',
  'maxmemory-eviction-tenacity',
  'appendonly',
  'appendfsync',
  'aof-use-rdb-preamble',
  'no-appendfsync-on-rewrite',
  'auto-aof-rewrite-percentage',
  'auto-aof-rewrite-min-size',
  'aof-timestamp-enabled',
  'save',
  'stop-writes-on-bgsave-error',
  'rdbcompression',
  'rdbchecksum',
  'min-replicas-to-write',
  'min-replicas-max-lag',
  'repl-backlog-size',
  'repl-backlog-ttl',
  'repl-timeout',
  'repl-ping-replica-period',
  'repl-diskless-sync',
  'repl-diskless-load',
  'replica-read-only',
  'replica-serve-stale-data',
  'replica-lazy-flush',
  'client-output-buffer-limit',
  'databases',
  'notify-keyspace-events',
  'lazyfree-lazy-eviction',
  'lazyfree-lazy-expire',
  'lazyfree-lazy-server-del',
  'lazyfree-lazy-user-del',
  'cluster-node-timeout',
  'cluster-require-full-coverage',
  'cluster-replica-validity-factor',
  'cluster-allow-reads-when-down',
  'cluster-allow-replica-migration',
  'cluster-migration-barrier',
  'maxclients',
];

const DATA_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'keyspace'];
const SENTINEL_SECTIONS = ['server', 'clients', 'sentinel'];

export type Mode = 'standalone' | 'cluster' | 'sentinel';

/** What we remember about a node between refreshes (its kind and which fallbacks it needs). */
export interface NodeMemory {
  mode?: Mode;
  /** INFO does not take several sections (before 7.0). */
  legacyInfo?: boolean;
  /** CONFIG GET takes one pattern (before 7.0): ask `*`. */
  configAll?: boolean;
  /** CONFIG GET refused (ACL, rename-command): epoch ms of the refusal. */
  configDeniedAt?: number;
  configDeniedMessage?: string;
  /** CLUSTER SHARDS unavailable: use CLUSTER NODES. */
  clusterNodes?: boolean;
  /** Sentinel master names seen last time. */
  masters?: string[];
  /** LATENCY LATEST refused (ACL, rename-command, unknown): epoch ms of the refusal; asked again after a minute. */
  latencyDeniedAt?: number;
  /** Primaries, with a heartbeat key: the times of the last writes (heartbeat.ts, at most HEARTBEAT_WRITES). */
  heartbeatWrites?: number[];
  /** The counters of the last successful probe (resources.ts): one fixed-size sample per node. */
  counters?: CounterSample;
}

export interface NodeFacts {
  address: string;
  host: string;
  port: number;
  ok: boolean;
  failure?: { kind: FailureKind | 'not-allowed'; message: string; skipped: boolean; retryInMs?: number };
  /** Credentials were withheld from this node, and why (trust.ts). */
  withheld?: string;
  rttMs?: number;
  /** Epoch ms when the probe ended. */
  at: number;
  info?: Info;
  mode?: Mode;
  config?: Record<string, string>;
  configError?: string;
  /** LATENCY LATEST (bounded: resources.ts LATENCY_EVENTS); absent when refused. */
  latency?: LatencyEntry[];
  /** With a heartbeat key: what was written or read (heartbeat.ts). */
  heartbeat?: HeartbeatFacts;
  /** The counters of this node's previous successful probe, to see what rose since. */
  previous?: CounterSample;
  cluster?: { info: Record<string, string>; myId?: string; view?: ClusterView; viewError?: string };
  sentinel?: {
    masters: SentinelInstance[];
    replicas: Record<string, SentinelInstance[]>;
    sentinels: Record<string, SentinelInstance[]>;
    ckquorum: Record<string, Ckquorum>;
  };
}

const CONFIG_RETRY_MS = 60_000;

function isError(r: Reply): r is Error {
  return r instanceof Error;
}

function infoCommand(mem: NodeMemory, sections: string[]): Command {
  return mem.legacyInfo ? ['INFO'] : ['INFO', ...sections];
}

function modeOf(info: Info): Mode {
  const m = info.fields.redis_mode;
  return m === 'sentinel' ? 'sentinel' : m === 'cluster' || info.fields.cluster_enabled === '1' ? 'cluster' : 'standalone';
}

/** Data-node commands after INFO: CONFIG GET, LATENCY LATEST and, for cluster nodes, the cluster's view. */
function dataCommands(mem: NodeMemory, mode: Mode, now: number): { commands: Command[]; config: boolean; latency: boolean } {
  const commands: Command[] = [];
  const config = !(mem.configDeniedAt !== undefined && now - mem.configDeniedAt < CONFIG_RETRY_MS);
  if (config) commands.push(mem.configAll ? ['CONFIG', 'GET', '*'] : ['CONFIG', 'GET', ...CONFIG_PARAMS]);
  const latency = !(mem.latencyDeniedAt !== undefined && now - mem.latencyDeniedAt < CONFIG_RETRY_MS);
  if (latency) commands.push(['LATENCY', 'LATEST']);
  if (mode === 'cluster') {
    commands.push(['CLUSTER', 'INFO'], ['CLUSTER', 'MYID'], mem.clusterNodes ? ['CLUSTER', 'NODES'] : ['CLUSTER', 'SHARDS']);
  }
  return { commands, config, latency };
}

function sentinelCommands(masters: string[]): Command[] {
  const out: Command[] = [];
  for (const m of masters) out.push(['SENTINEL', 'REPLICAS', m], ['SENTINEL', 'SENTINELS', m], ['SENTINEL', 'CKQUORUM', m]);
  return out;
}

function wantedMasters(all: SentinelInstance[], only?: string): string[] {
  return all.map((m) => m.name).filter((n) => !only || n === only);
}

/** Reads CONFIG GET's reply into facts, learning the fallbacks it needs. Returns true to ask again with `*`. */
function takeConfig(facts: NodeFacts, mem: NodeMemory, reply: Reply, now: number): boolean {
  if (!isError(reply)) {
    const all = parseConfigGet(reply);
    facts.config = mem.configAll ? Object.fromEntries(CONFIG_PARAMS.filter((k) => k in all).map((k) => [k, all[k]])) : all;
    mem.configDeniedAt = undefined;
    return false;
  }
  if (!mem.configAll && /wrong number of arguments|Unknown subcommand/i.test(reply.message)) {
    mem.configAll = true;
    return true;
  }
  mem.configDeniedAt = now;
  mem.configDeniedMessage = reply.message;
  facts.configError = reply.message;
  return false;
}

/** LATENCY LATEST's events; a refusal (NOPERM, unknown or renamed command) is quiet and remembered for a minute. */
function takeLatency(facts: NodeFacts, mem: NodeMemory, reply: Reply, now: number): void {
  if (isError(reply)) {
    mem.latencyDeniedAt = now;
    return;
  }
  mem.latencyDeniedAt = undefined;
  facts.latency = parseLatencyLatest(reply);
}

function takeCluster(facts: NodeFacts, mem: NodeMemory, replies: Reply[], tls: boolean): boolean {
  const [infoR, idR, viewR] = replies;
  facts.cluster = { info: isError(infoR) ? {} : parseClusterInfo(infoR), myId: isError(idR) ? undefined : String(idR) };
  if (isError(viewR)) {
    if (!mem.clusterNodes) {
      mem.clusterNodes = true;
      return true;
    }
    facts.cluster.viewError = viewR.message;
  } else {
    facts.cluster.view = mem.clusterNodes ? parseClusterNodes(viewR) : parseClusterShards(viewR, tls);
  }
  return false;
}

async function probeSentinel(
  send: Send,
  facts: NodeFacts,
  mem: NodeMemory,
  only: string | undefined,
  infoFirst: Reply | undefined,
): Promise<void> {
  const known = (mem.masters ?? []).filter((n) => !only || n === only);
  const cmds: Command[] = [];
  if (infoFirst === undefined) cmds.push(infoCommand(mem, SENTINEL_SECTIONS));
  cmds.push(['SENTINEL', 'MASTERS']);
  for (const c of sentinelCommands(known)) cmds.push(c); // one per monitored master: input-sized
  const replies = await send(cmds);
  let i = 0;
  if (infoFirst === undefined) {
    const r = replies[i++];
    if (!isError(r)) facts.info = parseInfo(r);
  }
  const mastersReply = replies[i++];
  if (isError(mastersReply) && /^NOPERM\b/.test(mastersReply.message)) throw noPermission(mastersReply, 'sentinel|masters');
  const masters = isError(mastersReply) ? [] : parseSentinelMasters(mastersReply);
  const s: NonNullable<NodeFacts['sentinel']> = { masters, replicas: {}, sentinels: {}, ckquorum: {} };
  const take = (names: string[], rs: Reply[], offset: number) => {
    names.forEach((name, k) => {
      const [rep, sen, ck] = rs.slice(offset + 3 * k, offset + 3 * k + 3);
      s.replicas[name] = isError(rep) ? [] : parseSentinelReplicas(rep);
      s.sentinels[name] = isError(sen) ? [] : parseSentinelSentinels(sen);
      s.ckquorum[name] = parseCkquorum(ck);
    });
  };
  take(known, replies, i);
  const wanted = wantedMasters(masters, only);
  const missing = wanted.filter((n) => !known.includes(n));
  if (missing.length) take(missing, await send(sentinelCommands(missing)), 0);
  mem.masters = wanted;
  facts.sentinel = s;
}

/** A node remembered as a Sentinel is asked as one; when it no longer is, it is forgotten and the next probe starts over. */
async function probeRememberedSentinel(send: Send, facts: NodeFacts, mem: NodeMemory, master: string | undefined): Promise<void> {
  await probeSentinel(send, facts, mem, master, undefined);
  facts.mode = facts.info ? modeOf(facts.info) : 'sentinel';
  if (facts.mode === 'sentinel') {
    mem.mode = 'sentinel';
    return;
  }
  mem.mode = undefined;
  mem.masters = undefined;
  facts.sentinel = undefined;
}

/** The cluster questions again, with CLUSTER NODES for a node that refused CLUSTER SHARDS. */
const CLUSTER_WITH_NODES: Command[] = [
  ['CLUSTER', 'INFO'],
  ['CLUSTER', 'MYID'],
  ['CLUSTER', 'NODES'],
];

/**
 * Probes one node through its link: never throws; a failure becomes facts
 * with `ok: false` and the reason.
 */
export async function probeNode(
  link: NodeLink,
  host: string,
  port: number,
  mem: NodeMemory,
  opts: { sentinelHint?: boolean; master?: string; tls?: boolean; now?: () => number; heartbeatKey?: string },
): Promise<NodeFacts> {
  const now = opts.now ?? Date.now;
  const address = link.address;
  const facts: NodeFacts = { address, host, port, ok: false, at: 0 };
  const result: LinkResult<void> = await link.run(async (send) => {
    const mode = mem.mode ?? (opts.sentinelHint ? 'sentinel' : undefined);
    if (mode === 'sentinel') return probeRememberedSentinel(send, facts, mem, opts.master);
    let replies: Reply[];
    let infoReply: Reply;
    let planned: ReturnType<typeof dataCommands> | undefined;
    if (mode) {
      planned = dataCommands(mem, mode, now());
      replies = await send([infoCommand(mem, DATA_SECTIONS), ...planned.commands]);
      infoReply = replies[0];
    } else {
      // first contact: the kind is unknown; a data node ignores the sentinel section, a Sentinel the others
      replies = await send([infoCommand(mem, [...DATA_SECTIONS, 'sentinel'])]);
      infoReply = replies[0];
    }
    if (isError(infoReply) && !mem.legacyInfo && /syntax|wrong number/i.test(infoReply.message)) {
      mem.legacyInfo = true;
      infoReply = (await send([['INFO']]))[0];
    }
    if (isError(infoReply) && /^NOPERM\b/.test(infoReply.message)) throw noPermission(infoReply, 'info');
    if (isError(infoReply)) throw new ProbeFailure('other', `INFO refused: ${infoReply.message}`);
    facts.info = parseInfo(infoReply);
    const actual = modeOf(facts.info);
    facts.mode = actual;
    if (actual === 'sentinel') {
      mem.mode = 'sentinel';
      await probeSentinel(send, facts, mem, opts.master, infoReply);
      return;
    }
    if (!planned || actual !== mode) {
      mem.mode = actual;
      planned = dataCommands(mem, actual, now());
      replies = [infoReply, ...(await send(planned.commands))];
    }
    let i = 1;
    if (planned.config) {
      if (takeConfig(facts, mem, replies[i++], now())) takeConfig(facts, mem, (await send([['CONFIG', 'GET', '*']]))[0], now());
    } else {
      facts.configError = mem.configDeniedMessage;
    }
    if (planned.latency) takeLatency(facts, mem, replies[i++], now());
    if (actual === 'cluster' && takeCluster(facts, mem, replies.slice(i, i + 3), !!opts.tls)) {
      takeCluster(facts, mem, await send(CLUSTER_WITH_NODES), !!opts.tls);
    }
    if (opts.heartbeatKey) facts.heartbeat = await heartbeat(send, opts.heartbeatKey, facts.info, mem, now);
  });
  facts.at = now();
  if (result.ok) {
    facts.ok = true;
    facts.rttMs = result.rttMs;
    if (facts.info && facts.mode !== 'sentinel') {
      facts.previous = mem.counters;
      mem.counters = counterSample(facts.info, facts.at);
    }
  } else {
    facts.failure = { kind: result.failure.kind, message: result.failure.message, skipped: result.skipped, retryInMs: result.retryInMs };
    facts.rttMs = result.rttMs;
    // a partial answer is no answer: the node is judged on its failure alone
    facts.info = undefined;
    facts.config = undefined;
    facts.cluster = undefined;
    facts.sentinel = undefined;
    facts.mode = mem.mode;
  }
  return facts;
}
