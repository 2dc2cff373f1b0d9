/**
 * What the drill watches besides its writes: the Sentinels' event stream
 * (PSUBSCRIBE *, parsed and bounded as health/events.ts does) and the moment
 * the group has settled — a majority of the Sentinels name one new primary,
 * and it answers as a primary.
 */
import type { Redis } from 'ioredis';
import { parseSentinelMessage } from '../events';
import { addressReply, connect, type DrillAuth, withClient } from './conn';
import { DRILL_LIMITS } from './plan';

export interface DrillEvent {
  at: number;
  sentinel: string;
  kind: string;
  node?: string;
  detail?: string;
}

/** Subscribes to every Sentinel; events of other groups are dropped. */
export class EventWatch {
  readonly events: DrillEvent[] = [];
  private readonly subs: Redis[] = [];
  /** Called with the new primary of each +switch-master of the group. */
  onSwitch?: (to: string) => void;

  constructor(
    private readonly sentinels: string[],
    private readonly master: string,
    private readonly auth: DrillAuth,
    private readonly timeoutMs: number,
  ) {}

  async start(): Promise<void> {
    await Promise.all(this.sentinels.map((s) => this.subscribe(s).catch(() => undefined)));
  }

  private async subscribe(sentinel: string): Promise<void> {
    const r = await connect(sentinel, this.auth, this.timeoutMs);
    this.subs.push(r);
    // a subscriber connection has no command deadline: it waits for messages
    r.options.commandTimeout = undefined;
    r.on('pmessage', (_p: string, channel: string, message: string) => {
      const m = parseSentinelMessage(channel, message);
      if (!m || (m.master && m.master !== this.master) || this.events.length >= DRILL_LIMITS.maxEvents) return;
      const e: DrillEvent = { at: Date.now(), sentinel, kind: m.kind };
      if (m.from) {
        e.detail = `${m.from} -> ${m.to}`;
        if (m.kind === '+switch-master' && m.to) this.onSwitch?.(m.to);
      } else {
        e.node = m.node;
        if (m.detail) e.detail = m.detail;
      }
      this.events.push(e);
    });
    await r.psubscribe('*');
  }

  stop(): void {
    for (const r of this.subs) r.disconnect();
  }
}

/** How long the settle loops wait and whom they may trust. */
export interface SettleOptions {
  oldPrimary: string;
  vouched: Set<string>;
  auth: DrillAuth;
  timeoutMs: number;
  deadline: number;
  stopped: () => boolean;
}

/**
 * Polls until a majority of `voters` name, through `ask`, the same primary
 * other than `oldPrimary`, one the plan vouched for, and that node answers
 * ROLE as a master; the new primary, or undefined at the deadline (or when
 * `stopped()` says so). A voter that does not answer names nobody.
 */
export async function waitMajority(
  voters: string[],
  ask: (voter: string) => Promise<string | undefined>,
  opts: SettleOptions,
): Promise<{ primary: string; at: number } | undefined> {
  const majority = Math.floor(voters.length / 2) + 1;
  while (Date.now() < opts.deadline && !opts.stopped()) {
    const named = await Promise.all(voters.map((v) => ask(v).catch(() => undefined)));
    const counts = new Map<string, number>();
    for (const a of named) if (a && a !== opts.oldPrimary) counts.set(a, (counts.get(a) ?? 0) + 1);
    for (const [a, n] of counts) {
      if (n < majority || !opts.vouched.has(a)) continue;
      const role = await withClient(a, opts.auth, opts.timeoutMs, async (r) => (await r.call('ROLE')) as unknown[]).catch(() => undefined);
      if (Array.isArray(role) && role[0] === 'master') return { primary: a, at: Date.now() };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

/** Settled when a majority of the Sentinels name one new primary (GET-MASTER-ADDR-BY-NAME) and it is one. */
export function waitSettled(opts: SettleOptions & { sentinels: string[]; master: string }) {
  return waitMajority(
    opts.sentinels,
    (s) =>
      withClient(s, opts.auth, opts.timeoutMs, async (r) => addressReply(await r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', opts.master))),
    opts,
  );
}
