/**
 * A drill on one shard of a Redis Cluster: the shard the seed node belongs
 * to, a key space whose hash tag puts every key in one of that shard's slots,
 * discovery as a cluster client does it (CLUSTER NODES of a known node, then
 * MOVED redirects), CLUSTER FAILOVER sent to a replica of the shard, and the
 * nodes' failure flags, roles and epochs watched as the drill's events.
 * Replies are hostile: they go through the bounded parser of replies.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { formatAddress } from '../address';
import { type ClusterNodeView, parseClusterInfo, parseClusterNodes } from '../replies';
import { connect, type DrillAuth, fieldMap, shortError, withClient } from './conn';
import { type DrillEvent, type SettleOptions, waitMajority } from './observe';

/** CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0), the checksum Redis Cluster hashes keys with. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The cluster slot of `key`: only the part between the first `{` and the next `}` counts, when it is not empty. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  let part = key;
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) part = key.slice(open + 1, close);
  }
  return crc16(new TextEncoder().encode(part)) % 16384;
}

const inSlots = (slots: ReadonlyArray<readonly [number, number]>, slot: number) => slots.some(([a, b]) => slot >= a && slot <= b);
const addressOfNode = (n: ClusterNodeView) => formatAddress(n.host, n.port);

/** The primary that serves `slot` in a CLUSTER NODES view, unless it is flagged failing. */
export function ownerOf(view: readonly ClusterNodeView[], slot: number): string | undefined {
  const n = view.find((x) => x.role === 'primary' && x.fail === undefined && inSlots(x.slots, slot));
  return n ? addressOfNode(n) : undefined;
}

/** The shard the drill works on, as the seed node's CLUSTER NODES describes it. */
export interface ClusterShard {
  seed: string;
  primary: string;
  replicas: string[];
  /** Every node of the cluster (the addresses the drill may contact). */
  nodes: string[];
  slots: Array<[number, number]>;
  /** A node outside the shard to watch the cluster from (the first replica when there is none). */
  observer?: string;
}

/** Reads the seed's CLUSTER NODES; the shard of the seed node (of its primary when it is a replica). */
export async function clusterShard(seeds: string[], auth: DrillAuth, timeoutMs: number): Promise<ClusterShard> {
  let last = 'no node given';
  for (const seed of seeds) {
    try {
      const view = await withClient(seed, auth, timeoutMs, async (r) => {
        const info = parseClusterInfo(await r.call('CLUSTER', 'INFO').catch(() => ''));
        if (info.cluster_state === undefined) throw new Error(`${seed} is not a cluster node (cluster support is disabled)`);
        return parseClusterNodes(await r.call('CLUSTER', 'NODES'));
      });
      return shardOf(seed, view.nodes);
    } catch (e) {
      last = `${seed}: ${shortError(e)}`;
    }
  }
  throw new Error(`no cluster node answered (${last})`);
}

function shardOf(seed: string, nodes: ClusterNodeView[]): ClusterShard {
  const me = nodes.find((n) => n.myself);
  if (!me) throw new Error(`${seed} did not list itself in CLUSTER NODES`);
  const primary = me.role === 'primary' ? me : nodes.find((n) => n.id === me.primaryId);
  if (!primary) throw new Error(`${seed} is a replica of a primary it does not list`);
  const replicas = nodes.filter((n) => n.role === 'replica' && n.primaryId === primary.id);
  const outside = nodes.find((n) => n.id !== primary.id && n.primaryId !== primary.id && n.fail === undefined);
  return {
    seed,
    primary: addressOfNode(primary),
    replicas: replicas.map(addressOfNode),
    nodes: nodes.map(addressOfNode),
    slots: primary.slots,
    observer: outside ? addressOfNode(outside) : replicas[0] ? addressOfNode(replicas[0]) : undefined,
  };
}

/** A drill id whose hash tag lands in one of `slots`; undefined when the shard serves no slot. */
export function idInSlots(slots: ReadonlyArray<readonly [number, number]>): { id: string; slot: number } | undefined {
  if (!slots.length) return undefined;
  // a shard serving one slot in 16384 is found within a few tens of thousands of tries
  for (let i = 0; i < 200_000; i++) {
    const id = randomBytes(4).toString('hex');
    const slot = keySlot(`{${id}}`);
    if (inSlots(slots, slot)) return { id, slot };
  }
  return undefined;
}

/** CLUSTER NODE-TIMEOUT of `node` (CONFIG GET), or undefined when it may not be read. */
export async function nodeTimeout(r: Redis): Promise<number | undefined> {
  try {
    const v = fieldMap(await r.call('CONFIG', 'GET', 'cluster-node-timeout'), 2).get('cluster-node-timeout');
    return v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
  } catch {
    return undefined;
  }
}

/** The address a `MOVED <slot> <host:port>` error redirects to, else undefined. */
export function movedTo(e: unknown): string | undefined {
  const m = /^MOVED \d{1,5} (\S{1,300})$/.exec(e instanceof Error ? e.message : '');
  if (!m) return undefined;
  const colon = m[1].lastIndexOf(':');
  const host = m[1].slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(m[1].slice(colon + 1));
  if (colon < 1 || !/^[0-9A-Za-z.:%_-]{1,255}$/.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return formatAddress(host, port);
}

/** The owner of `slot` according to `node`'s CLUSTER NODES; undefined when it does not answer or names none. */
export async function askOwner(node: string, auth: DrillAuth, timeoutMs: number, slot: number): Promise<string | undefined> {
  try {
    return await withClient(node, auth, timeoutMs, async (r) => ownerOf(parseClusterNodes(await r.call('CLUSTER', 'NODES')).nodes, slot));
  } catch {
    return undefined;
  }
}

/** Settled when a majority of the nodes other than the old primary name one new owner of `slot` and it is a primary. */
export function waitClusterSettled(opts: SettleOptions & { nodes: string[]; slot: number }) {
  const voters = opts.nodes.filter((n) => n !== opts.oldPrimary);
  return waitMajority(voters, (n) => askOwner(n, opts.auth, opts.timeoutMs, opts.slot), opts);
}

interface Seen {
  role: string;
  fail: string;
  epoch?: number;
}

/**
 * The cluster's side of the drill's events: CLUSTER NODES and CLUSTER INFO
 * of one observer every 250 ms (the next node when it stops answering), with
 * each change of a node's failure flag, role or config epoch, and of the
 * cluster's state, as an event. A cluster has no event stream to subscribe to.
 */
export class ClusterWatch {
  readonly events: DrillEvent[] = [];
  /** Called with a node of the shard that became a primary. */
  onSwitch?: (to: string) => void;
  private seen = new Map<string, Seen>();
  private state?: string;
  private stopped = false;
  private loop?: Promise<void>;
  private client?: Redis;
  private clientOf?: string;

  constructor(
    private readonly observers: string[],
    private readonly shard: Set<string>,
    private readonly auth: DrillAuth,
    private readonly timeoutMs: number,
    private readonly maxEvents: number,
  ) {}

  async start(): Promise<void> {
    await this.poll(0).catch(() => undefined);
    this.loop = this.run();
  }

  /** Ends the polling; resolves once the observer's connection is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    let turn = 0;
    while (!this.stopped) {
      await new Promise((r) => setTimeout(r, 250));
      if (this.stopped) break;
      try {
        await this.poll(turn);
      } catch {
        turn++;
      }
    }
    this.client?.disconnect();
  }

  private async poll(turn: number): Promise<void> {
    const observer = this.observers[turn % this.observers.length];
    if (this.clientOf !== observer) {
      this.client?.disconnect();
      this.client = undefined;
    }
    try {
      this.client ??= await connect(observer, this.auth, this.timeoutMs);
      this.clientOf = observer;
      const [nodes, info] = await Promise.all([this.client.call('CLUSTER', 'NODES'), this.client.call('CLUSTER', 'INFO')]);
      this.compare(observer, parseClusterNodes(nodes).nodes, parseClusterInfo(info).cluster_state);
    } catch (e) {
      this.client?.disconnect();
      this.client = undefined;
      throw e;
    }
  }

  private push(e: DrillEvent): void {
    if (this.events.length < this.maxEvents) this.events.push(e);
  }

  private compare(observer: string, view: ClusterNodeView[], state: string | undefined): void {
    const at = Date.now();
    const first = this.seen.size === 0;
    if (state !== undefined && state !== this.state) {
      if (this.state !== undefined) this.push({ at, sentinel: observer, kind: `cluster_state:${state}`.slice(0, 40) });
      this.state = state;
    }
    for (const n of view) {
      const address = addressOfNode(n);
      const now: Seen = { role: n.role, fail: n.fail ?? '', epoch: n.configEpoch };
      const was = this.seen.get(address);
      this.seen.set(address, now);
      if (first || !was) continue;
      if (was.fail !== now.fail) this.push({ at, sentinel: observer, kind: now.fail ? `+${now.fail}` : `-${was.fail}`, node: address });
      if (was.role !== now.role) {
        this.push({ at, sentinel: observer, kind: now.role === 'primary' ? '+promoted' : '+demoted', node: address });
        if (now.role === 'primary' && this.shard.has(address)) this.onSwitch?.(address);
      }
      if (this.shard.has(address) && was.epoch !== undefined && now.epoch !== undefined && now.epoch !== was.epoch)
        this.push({ at, sentinel: observer, kind: '+config-epoch', node: address, detail: `${was.epoch} -> ${now.epoch}` });
    }
  }
}
