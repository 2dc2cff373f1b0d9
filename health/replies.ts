/**
 * Parsers of the replies the monitor reads: INFO, CONFIG GET, SENTINEL
 * MASTERS / REPLICAS / SENTINELS / CKQUORUM, CLUSTER INFO / SHARDS / NODES.
 * Replies are taken as ioredis returns them over RESP2 (bulk strings, arrays,
 * integers). Every parser is total: unexpected shapes give empty results, never
 * an exception. Tested on replies captured from real servers
 * (test/fixtures/replies/).
 */
import { formatAddress } from './address';

export interface Info {
  /** Every `field:value` line, across sections. */
  fields: Record<string, string>;
  /** Section name (lower case, e.g. "replication") → its fields. */
  sections: Record<string, Record<string, string>>;
}

export function parseInfo(text: unknown): Info {
  const info: Info = { fields: {}, sections: {} };
  if (typeof text !== 'string') return info;
  let section: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line) continue;
    if (line.startsWith('#')) {
      const name = line.slice(1).trim().toLowerCase();
      section = info.sections[name] ??= {};
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const key = line.slice(0, i);
    const value = line.slice(i + 1);
    info.fields[key] = value;
    section[key] = value;
  }
  return info;
}

/** `a=1,b=2` (the value of slaveN, masterN, dbN lines) as a map. */
export function parseInfoList(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const part of value.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

export function num(v: string | number | undefined | null): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export interface ReplicaEntry {
  host: string;
  port: number;
  state: string;
  offset?: number;
  lag?: number;
}

/**
 * How much is taken from one reply: a node may advertise thousands of
 * replicas (a misconfiguration, or an attack) and the view must stay fast and
 * readable. What is left out is counted (`total`) and reported as a problem.
 */
export const LIMITS = {
  /** Replicas taken from one INFO replication, SENTINEL REPLICAS or cluster shard. */
  replicas: 256,
  /** Sentinels taken from one SENTINEL SENTINELS. */
  sentinels: 64,
  /** Masters taken from one SENTINEL MASTERS. */
  masters: 256,
  /** Nodes taken from one CLUSTER SHARDS / CLUSTER NODES (Redis Cluster is designed for up to 1,000). */
  clusterNodes: 1000,
  /** Nodes one connection probes. */
  members: 2000,
} as const;

/** A list cut at a limit, with how many the reply held. */
export type Capped<T> = T[] & { total: number };

function capped<T>(items: T[], total: number): Capped<T> {
  // not enumerable: the list still compares and serialises as a plain array
  return Object.defineProperty(items, 'total', { value: total, enumerable: false }) as Capped<T>;
}

export interface ReplicaList {
  /** The first LIMITS.replicas entries, in slaveN order. */
  entries: Capped<ReplicaEntry>;
  /** By `host:port` (IPv6 in brackets). */
  byAddress: Map<string, ReplicaEntry>;
}

const SLAVE_KEY = /^slave(\d+)$/;
const replicaLists = new WeakMap<Info, ReplicaList>();

/**
 * The `slaveN:` lines of a primary's INFO replication, read once per INFO
 * (linear in the reply; callers asking for one replica use `byAddress`).
 */
export function replicaList(info: Info): ReplicaList {
  const known = replicaLists.get(info);
  if (known) return known;
  const fields = info.sections.replication ?? info.fields;
  const indexed: Array<[number, string]> = [];
  for (const k of Object.keys(fields)) {
    const m = SLAVE_KEY.exec(k);
    if (m) indexed.push([Number(m[1]), fields[k]]);
  }
  indexed.sort((a, b) => a[0] - b[0]);
  const entries: ReplicaEntry[] = [];
  const byAddress = new Map<string, ReplicaEntry>();
  let total = 0;
  for (const [, value] of indexed) {
    const e = parseInfoList(value);
    const port = num(e.port);
    if (!e.ip || port === undefined) continue;
    total++;
    if (entries.length >= LIMITS.replicas) continue;
    const entry: ReplicaEntry = { host: e.ip, port, state: e.state ?? '', offset: num(e.offset), lag: num(e.lag) };
    entries.push(entry);
    byAddress.set(formatAddress(entry.host, entry.port), entry);
  }
  const list = { entries: capped(entries, total), byAddress };
  replicaLists.set(info, list);
  return list;
}

/** The `slaveN:` lines of a primary's INFO replication (at most LIMITS.replicas). */
export function replicasOf(info: Info): Capped<ReplicaEntry> {
  return replicaList(info).entries;
}

/** Total keys over the `dbN:keys=…` lines of INFO keyspace. */
export function keyCount(info: Info): number | undefined {
  const ks = info.sections.keyspace;
  if (!ks) return undefined;
  let n = 0;
  for (const v of Object.values(ks)) n += num(parseInfoList(v).keys) ?? 0;
  return n;
}

/** A RESP2 flat `[k1, v1, k2, v2, …]` array as a map (values stringified). */
export function flatMap(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const v = reply[i + 1];
    out[String(reply[i])] = Array.isArray(v) ? v.map(String).join(' ') : String(v);
  }
  return out;
}

/** CONFIG GET's reply (RESP2 flat array) as a map. */
export function parseConfigGet(reply: unknown): Record<string, string> {
  return flatMap(reply);
}

// ---------------------------------------------------------------- Sentinel

export interface SentinelInstance {
  name: string;
  host: string;
  port: number;
  flags: string[];
  /** Everything the Sentinel reports, as strings. */
  fields: Record<string, string>;
}

function instances(reply: unknown, limit: number): Capped<SentinelInstance> {
  const out: SentinelInstance[] = [];
  if (!Array.isArray(reply)) return capped(out, 0);
  let total = 0;
  for (const item of reply) {
    const f = flatMap(item);
    const port = num(f.port);
    if (!f.ip || port === undefined) continue;
    total++;
    if (out.length < limit)
      out.push({ name: f.name ?? `${f.ip}:${port}`, host: f.ip, port, flags: (f.flags ?? '').split(',').filter(Boolean), fields: f });
  }
  return capped(out, total);
}

/** SENTINEL MASTERS (or SENTINEL MASTER name wrapped in an array), at most LIMITS.masters. */
export const parseSentinelMasters = (reply: unknown) => instances(reply, LIMITS.masters);
/** SENTINEL REPLICAS name, at most LIMITS.replicas. */
export const parseSentinelReplicas = (reply: unknown) => instances(reply, LIMITS.replicas);
/** SENTINEL SENTINELS name, at most LIMITS.sentinels. */
export const parseSentinelSentinels = (reply: unknown) => instances(reply, LIMITS.sentinels);

export interface Ckquorum {
  ok: boolean;
  usable?: number;
  message: string;
}

/** SENTINEL CKQUORUM: `OK 3 usable Sentinels…` or an error `NOQUORUM 1 usable Sentinels…`. */
export function parseCkquorum(reply: unknown): Ckquorum {
  const text = reply instanceof Error ? reply.message : String(reply ?? '');
  const m = /(\d+) usable Sentinels?/i.exec(text);
  return { ok: !(reply instanceof Error) && /^OK\b/.test(text), usable: m ? Number(m[1]) : undefined, message: text.trim() };
}

// ---------------------------------------------------------------- Cluster

export interface ClusterNodeView {
  id: string;
  host: string;
  port: number;
  role: 'primary' | 'replica';
  /** For replicas: the id of their primary. */
  primaryId?: string;
  /** Slot ranges served (primaries), inclusive pairs. */
  slots: Array<[number, number]>;
  /** CLUSTER NODES: fail / pfail flags; CLUSTER SHARDS: health fail. */
  fail?: 'pfail' | 'fail';
  /** CLUSTER SHARDS health, or CLUSTER NODES link-state. */
  health?: string;
  linkState?: string;
  myself?: boolean;
  offset?: number;
  configEpoch?: number;
}

export interface ClusterView {
  /** At most LIMITS.clusterNodes. */
  nodes: ClusterNodeView[];
  /** Nodes the reply listed. */
  total: number;
  /** Which command it came from. */
  source: 'shards' | 'nodes';
}

/** CLUSTER INFO as a field map. */
export function parseClusterInfo(reply: unknown): Record<string, string> {
  return parseInfo(reply).fields;
}

/**
 * CLUSTER SHARDS: `[["slots",[a,b,…],"nodes",[[k,v,…],…]],…]`. A shard's
 * nodes are its primary and its replicas; `role` is master|replica.
 */
export function parseClusterShards(reply: unknown, tls = false): ClusterView {
  const nodes: ClusterNodeView[] = [];
  let total = 0;
  if (!Array.isArray(reply)) return { nodes, total, source: 'shards' };
  for (const shard of reply) {
    if (!Array.isArray(shard)) continue;
    let slotList: unknown[] = [];
    let nodeList: unknown[] = [];
    for (let i = 0; i + 1 < shard.length; i += 2) {
      if (shard[i] === 'slots' && Array.isArray(shard[i + 1])) slotList = shard[i + 1];
      if (shard[i] === 'nodes' && Array.isArray(shard[i + 1])) nodeList = shard[i + 1];
    }
    const slots: Array<[number, number]> = [];
    for (let i = 0; i + 1 < slotList.length; i += 2) {
      const a = num(slotList[i] as string),
        b = num(slotList[i + 1] as string);
      if (a !== undefined && b !== undefined) slots.push([a, b]);
    }
    const parsed = nodeList.map(flatMap).filter((f) => f.id);
    const primary = parsed.find((f) => f.role === 'master' && f.health !== 'fail') ?? parsed.find((f) => f.role === 'master');
    for (const f of parsed) {
      const port = num(tls ? (f['tls-port'] ?? f.port) : (f.port ?? f['tls-port']));
      const host = f.ip || f.endpoint || f.hostname;
      if (!host || port === undefined) continue;
      const isPrimary = f.role === 'master';
      if (total++ >= LIMITS.clusterNodes) continue;
      nodes.push({
        id: f.id,
        host,
        port,
        role: isPrimary ? 'primary' : 'replica',
        primaryId: isPrimary ? undefined : primary?.id,
        slots: isPrimary ? slots : [],
        fail: f.health === 'fail' ? 'fail' : undefined,
        health: f.health,
        offset: num(f['replication-offset']),
      });
    }
  }
  return { nodes, total, source: 'shards' };
}

/**
 * CLUSTER NODES: one line per node,
 * `<id> <ip:port@cport[,hostname]> <flags> <primary|-> <ping> <pong> <epoch> <link> <slot>…`.
 * Slot entries in brackets (migrating/importing) are left out.
 */
export function parseClusterNodes(reply: unknown): ClusterView {
  const nodes: ClusterNodeView[] = [];
  let total = 0;
  if (typeof reply !== 'string') return { nodes, total, source: 'nodes' };
  for (const line of reply.split('\n')) {
    const parts = line.trim().split(' ');
    if (parts.length < 8) continue;
    const [id, addr, flagText, primary, , , epoch, link, ...slotParts] = parts;
    const m = /^(.*):(\d+)(?:@\d+)?(?:,.*)?$/.exec(addr);
    if (!m?.[1]) continue;
    const flags = flagText.split(',');
    const slots: Array<[number, number]> = [];
    for (const s of slotParts) {
      if (s.startsWith('[')) continue;
      const r = /^(\d+)(?:-(\d+))?$/.exec(s);
      if (r) slots.push([Number(r[1]), Number(r[2] ?? r[1])]);
    }
    const isReplica = flags.includes('slave') || flags.includes('replica');
    if (total++ >= LIMITS.clusterNodes) continue;
    nodes.push({
      id,
      host: m[1].replace(/^\[(.*)\]$/, '$1'),
      port: Number(m[2]),
      role: isReplica ? 'replica' : 'primary',
      primaryId: isReplica && primary !== '-' ? primary : undefined,
      slots,
      fail: flags.includes('fail') ? 'fail' : flags.includes('fail?') ? 'pfail' : undefined,
      linkState: link,
      myself: flags.includes('myself'),
      configEpoch: num(epoch),
    });
  }
  return { nodes, total, source: 'nodes' };
}

/** "0-5460,5462" for inclusive slot ranges; "" when none. */
export function formatSlots(slots: ReadonlyArray<readonly [number, number]>): string {
  return [...slots]
    .sort((a, b) => a[0] - b[0])
    .map(([a, b]) => (a === b ? String(a) : `${a}-${b}`))
    .join(',');
}

export function slotCount(slots: ReadonlyArray<readonly [number, number]>): number {
  let n = 0;
  for (const [a, b] of slots) n += b - a + 1;
  return n;
}
