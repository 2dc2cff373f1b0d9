/**
 * The drill's writers: N loops that find the primary as a client does (asking
 * the Sentinels `get-master-addr-by-name`, again after every failed write),
 * SET numbered keys at a bounded rate and log every acknowledgement with its
 * time, and — for the WAIT half, when asked — how many replicas WAIT counted.
 */
import type { Redis } from 'ioredis';
import { askOwner, movedTo } from './cluster';
import { addressReply, connect, type DrillAuth, shortError } from './conn';

export interface Ack {
  writer: number;
  seq: number;
  /** When the reply came (ms since the epoch). */
  at: number;
  /** Index into WriterLog.addresses: the node that acknowledged. */
  node: number;
  /** The WAIT writers: replicas WAIT reported (-1 when WAIT itself failed). */
  waited?: number;
}

export interface WriteFailure {
  /** When the failure was seen. */
  at: number;
  /** When the failed attempt began (a write to a frozen node fails only at its deadline). */
  sent: number;
  node?: string;
  error: string;
}

export interface Discovery {
  at: number;
  address?: string;
}

export interface WriterLog {
  acks: Ack[];
  failures: WriteFailure[];
  discoveries: Discovery[];
  addresses: string[];
  attempts: number;
}

export interface WriterOptions {
  prefix: string;
  sentinels: string[];
  master: string;
  /** Addresses the Sentinels (or CLUSTER NODES) reported in the plan: no other is contacted. */
  vouched: Set<string>;
  /** A cluster shard: discovery asks the nodes in turn who serves `slot`, and MOVED replies are followed. */
  cluster?: { slot: number; nodes: string[] };
  auth: DrillAuth;
  writers: number;
  rate: number;
  wait?: { replicas: number; timeoutMs: number };
  timeoutMs: number;
}

export const keyOf = (prefix: string, writer: number, seq: number) => `${prefix}${writer}:${seq}`;

/** Failures and discoveries kept (each loop retries at most every 20 ms). */
const MAX_LOG = 50_000;

export class Writers {
  readonly log: WriterLog = { acks: [], failures: [], discoveries: [], addresses: [], attempts: 0 };
  private stopped = false;
  private loops: Promise<void>[] = [];
  private sentinelTurn = 0;
  /** --follow-switch: the primary the last +switch-master named. */
  private switchedTo?: string;

  constructor(private readonly o: WriterOptions) {}

  start(): void {
    for (let w = 0; w < this.o.writers; w++) this.loops.push(this.loop(w));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /**
   * A +switch-master for the group (--follow-switch): each writer on another
   * node drops its connection before its next write and asks Sentinel again,
   * as clients that subscribe to Sentinel events do.
   */
  follow(address: string): void {
    if (this.o.vouched.has(address)) this.switchedTo = address;
  }

  /** Whether writer `w` runs WAIT after each write: the odd writers, or the only one. */
  waits(w: number): boolean {
    return !!this.o.wait && (this.o.writers === 1 || w % 2 === 1);
  }

  private nodeIndex(address: string): number {
    let i = this.log.addresses.indexOf(address);
    if (i < 0) i = this.log.addresses.push(address) - 1;
    return i;
  }

  /** Asks the Sentinels (a cluster's nodes) in turn, one each call, for the primary's address. */
  async discover(): Promise<string | undefined> {
    const c = this.o.cluster;
    if (c) {
      const address = await askOwner(c.nodes[this.sentinelTurn++ % c.nodes.length], this.o.auth, this.o.timeoutMs, c.slot);
      if (this.log.discoveries.length < MAX_LOG) this.log.discoveries.push({ at: Date.now(), address });
      return address;
    }
    const s = this.o.sentinels[this.sentinelTurn++ % this.o.sentinels.length];
    let address: string | undefined;
    try {
      const r = await connect(s, this.o.auth, this.o.timeoutMs);
      try {
        address = addressReply(await r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.o.master));
      } finally {
        r.disconnect();
      }
    } catch {
      address = undefined;
    }
    if (this.log.discoveries.length < MAX_LOG) this.log.discoveries.push({ at: Date.now(), address });
    return address;
  }

  private fail(node: string | undefined, e: unknown, sent: number): void {
    if (this.log.failures.length < MAX_LOG) this.log.failures.push({ at: Date.now(), sent, node, error: shortError(e) });
  }

  private async loop(w: number): Promise<void> {
    const interval = (1000 * this.o.writers) / this.o.rate;
    let next = Date.now() + (interval * w) / this.o.writers;
    let client: Redis | undefined;
    let node: string | undefined;
    let seq = 0;
    /** Where a MOVED reply sent the last write: the next one goes there at once, without discovery. */
    let redirect: string | undefined;
    while (!this.stopped) {
      const delay = next - Date.now();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      next = Math.max(next + interval, Date.now() - interval);
      if (this.stopped) break;
      const sent = Date.now();
      if (client && this.switchedTo && node !== this.switchedTo) {
        client.disconnect();
        client = undefined;
      }
      try {
        if (!client) {
          node = redirect ?? (await this.discover());
          redirect = undefined;
          if (!node) throw new Error(this.o.cluster ? 'no cluster node named the primary of the slot' : 'no Sentinel named a primary');
          if (!this.o.vouched.has(node)) throw new Error(`${node} is not a node the Sentinels reported in the plan`);
          client = await connect(node, this.o.auth, this.o.timeoutMs + (this.o.wait?.timeoutMs ?? 0));
        }
        seq++;
        this.log.attempts++;
        await client.set(keyOf(this.o.prefix, w, seq), String(seq));
        const ack: Ack = { writer: w, seq, at: Date.now(), node: this.nodeIndex(node as string) };
        if (this.waits(w)) ack.waited = await this.wait(client);
        this.log.acks.push(ack);
      } catch (e) {
        this.fail(node, e, sent);
        client?.disconnect();
        client = undefined;
        redirect = this.o.cluster ? movedTo(e) : undefined;
        // a redirect is followed at once, as a cluster client does; anything else waits 20 ms
        next = redirect ? Date.now() : Math.max(next, Date.now() + 20);
      }
    }
    client?.disconnect();
  }

  private async wait(client: Redis): Promise<number> {
    const o = this.o.wait as { replicas: number; timeoutMs: number };
    try {
      const n = await client.call('WAIT', String(o.replicas), String(o.timeoutMs));
      return typeof n === 'number' ? n : -1;
    } catch {
      return -1;
    }
  }
}
