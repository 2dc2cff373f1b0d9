/**
 * Sentinel events: a subscriber connection per Sentinel (`PSUBSCRIBE *`), so
 * a failover is known when it happens, not only when a refresh notices a new
 * primary (a failover and a failback between two refreshes look like nothing).
 *
 * A Sentinel publishes on a channel named after the event (`+sdown`,
 * `+switch-master`…) a message in one of two formats:
 *
 * - instance details: `<type> <name> <ip> <port> [@ <master> <ip> <port>] [extra…]`
 *   where type is master, slave or sentinel (the part after `@` names the
 *   master of a replica or a Sentinel);
 * - `+switch-master <master> <old ip> <old port> <new ip> <new port>`, and
 *   `+tilt` / `-tilt` whose message is `#tilt mode entered|exited`.
 *
 * Everything received is hostile until bounded: a channel or a message over
 * its limit, a field count over its limit, a malformed address or an event we
 * do not track is ignored. The connection follows the probes' rules (link.ts):
 * our own AUTH (only when the probes would send the password), the same TLS
 * options, no ioredis reconnects — we reconnect with the probes' backoff.
 */
import { Redis } from 'ioredis';
import { formatAddress } from './address';
import { backoffDelay, DEFAULT_BACKOFF, redisOptions, type Backoff } from './link';
import type { TlsSettings } from './settings';
import type { EventLevel } from './types';

export const EVENT_LIMITS = {
  /** Longest channel name accepted. */
  channel: 64,
  /** Longest message accepted (an instance-details message is ~150 characters). */
  message: 1024,
  /** Most space-separated fields in a message. */
  fields: 16,
  /** Bytes received without a complete message before the connection is dropped. */
  pendingBytes: 64 * 1024,
};

/** The events we keep; others (`+slave`, `+new-epoch`, `+vote-for-leader`…) are ignored. */
const TRACKED =
  /^(?:\+switch-master|[+-]sdown|[+-]odown|\+failover-state-[a-z-]{1,40}|\+failover-end|\+failover-end-for-timeout|-failover-abort-[a-z-]{1,40}|[+-]tilt|\+convert-to-slave|\+reboot)$/;

const TYPES = new Set(['master', 'slave', 'sentinel']);
const HOST = /^[0-9A-Za-z.:%_-]{1,255}$/;
const NAME = /^[\x21-\x7e]{1,255}$/;

export interface SentinelMessage {
  /** The channel: `+switch-master`, `+sdown`… */
  kind: string;
  level: EventLevel;
  /** The master (group) name the event concerns. */
  master?: string;
  /** master | slave | sentinel (instance-details messages). */
  type?: string;
  /** The instance concerned, `host:port`. */
  node?: string;
  /** +switch-master: old and new primary. */
  from?: string;
  to?: string;
  /** What follows the instance details (`#quorum 2/2`), printable ASCII only. */
  detail?: string;
}

function address(host: string | undefined, port: string | undefined): string | undefined {
  if (!host || !port || !HOST.test(host) || !/^\d{1,5}$/.test(port) || Number(port) > 65535) return undefined;
  return formatAddress(host, Number(port));
}

function levelOf(kind: string): EventLevel {
  if (kind.startsWith('-failover-abort-')) return 'error';
  if (kind === '+switch-master') return 'warning';
  return 'info';
}

/** One published message as a typed event, or undefined (untracked, over a limit, malformed). */
export function parseSentinelMessage(channel: unknown, message: unknown): SentinelMessage | undefined {
  if (typeof channel !== 'string' || typeof message !== 'string') return undefined;
  if (channel.length > EVENT_LIMITS.channel || message.length > EVENT_LIMITS.message || !TRACKED.test(channel)) return undefined;
  const fields = message.split(' ');
  if (fields.length > EVENT_LIMITS.fields) return undefined;
  const kind = channel;
  const level = levelOf(kind);
  if (kind === '+switch-master') {
    if (fields.length !== 5 || !NAME.test(fields[0])) return undefined;
    const from = address(fields[1], fields[2]);
    const to = address(fields[3], fields[4]);
    if (!from || !to) return undefined;
    return { kind, level, master: fields[0], node: to, from, to };
  }
  if (kind === '+tilt' || kind === '-tilt') {
    return /^#tilt mode (?:entered|exited)$/.test(message) ? { kind, level } : undefined;
  }
  return instanceDetails(kind, level, fields);
}

/** `<type> <name> <ip> <port> [@ <master> <ip> <port>] [extra…]`. */
function instanceDetails(kind: string, level: EventLevel, fields: string[]): SentinelMessage | undefined {
  const [type, name, ip, port] = fields;
  if (!TYPES.has(type) || !name || !NAME.test(name)) return undefined;
  const node = address(ip, port);
  if (!node) return undefined;
  let rest = fields.slice(4);
  let master: string | undefined = type === 'master' ? name : undefined;
  if (rest[0] === '@') {
    if (rest.length < 4 || !NAME.test(rest[1]) || !address(rest[2], rest[3])) return undefined;
    master = rest[1];
    rest = rest.slice(4);
  } else if (type !== 'master') return undefined;
  const out: SentinelMessage = { kind, level, type, node, master };
  const detail = rest.join(' ');
  if (detail && /^[\x20-\x7e]{1,200}$/.test(detail)) out.detail = detail;
  return out;
}

const WORDS: Record<string, string> = {
  '+sdown': 'is subjectively down',
  '-sdown': 'is no longer subjectively down',
  '+odown': 'is objectively down (the quorum agrees)',
  '-odown': 'is no longer objectively down',
  '+failover-end': 'failover ended',
  '+failover-end-for-timeout': 'failover ended by its timeout (some replicas may not be reconfigured)',
  '+tilt': 'entered TILT mode (it stops acting: its clock or the system stalled)',
  '-tilt': 'left TILT mode',
  '+convert-to-slave': 'was reconfigured as a replica',
  '+reboot': 'was restarted',
};

const TYPE_WORDS: Record<string, string> = { master: 'primary', slave: 'replica', sentinel: 'Sentinel' };

/** The event in words, naming the Sentinel that published it. */
export function describeSentinelMessage(m: SentinelMessage, sentinel: string): string {
  const by = `(Sentinel ${sentinel})`;
  if (m.kind === '+switch-master') return `failover of ${m.master}: the primary is now ${m.to} (was ${m.from}) ${by}`;
  if (m.kind === '+tilt' || m.kind === '-tilt') return `Sentinel ${sentinel} ${WORDS[m.kind]}`;
  const what = `${TYPE_WORDS[m.type ?? ''] ?? m.type} ${m.node}${m.type !== 'master' && m.master ? ` of ${m.master}` : ''}`;
  let words = WORDS[m.kind];
  if (!words && m.kind.startsWith('+failover-state-')) words = `failover state: ${m.kind.slice('+failover-state-'.length)}`;
  if (!words && m.kind.startsWith('-failover-abort-')) words = `failover aborted: ${m.kind.slice('-failover-abort-'.length)}`;
  return `${what} ${words}${m.detail ? ` ${m.detail}` : ''} ${by}`;
}

export interface SubscriberOptions {
  host: string;
  port: number;
  tls?: TlsSettings;
  username?: string;
  /** Read at each connection; undefined: no AUTH (the probes would not send it either). */
  password?: () => string | undefined;
  timeoutMs: number;
  backoff?: Backoff;
  onMessage: (m: SentinelMessage, at: number) => void;
  now?: () => number;
}

const AUTH_NOT_NEEDED = /no password is set|without any password configured/i;

/** A subscription to one Sentinel's events, reconnected with the probes' backoff until closed. */
export class SentinelSubscriber {
  private redis?: Redis;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private failures = 0;
  /** Subscribed now. */
  subscribed = false;
  /** Successful subscriptions so far (a reconnect adds one). */
  subscriptions = 0;
  lastError?: string;

  constructor(private readonly opts: SubscriberOptions) {}

  get address(): string {
    return formatAddress(this.opts.host, this.opts.port);
  }

  start(): void {
    if (!this.closed && !this.redis && !this.timer) void this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.drop();
  }

  private drop(): void {
    const r = this.redis;
    this.redis = undefined;
    this.subscribed = false;
    if (r) {
      r.removeAllListeners('close');
      r.disconnect();
    }
  }

  private async connect(): Promise<void> {
    let redis: Redis;
    try {
      redis = new Redis(redisOptions({ ...this.opts, password: undefined }));
    } catch (e) {
      return this.failed(undefined, e, false);
    }
    this.redis = redis;
    let lastSocketError: Error | undefined;
    redis.on('error', (e: Error) => {
      lastSocketError = e;
    });
    redis.on('close', () => this.failed(redis, lastSocketError ?? new Error('the connection closed'), false));
    try {
      await this.subscribe(redis);
    } catch (e) {
      return this.failed(redis, lastSocketError ?? e, /auth/i.test((e as Error).message));
    }
  }

  private async subscribe(redis: Redis): Promise<void> {
    const deadline = setTimeout(() => redis.disconnect(), this.opts.timeoutMs);
    try {
      await redis.connect();
      const password = this.opts.password?.();
      if (password !== undefined) {
        const args = this.opts.username ? [this.opts.username, password] : [password];
        await redis.call('AUTH', ...args).catch((e: Error) => {
          if (!AUTH_NOT_NEEDED.test(e.message)) throw new Error('auth failed');
        });
      }
      await redis.call('CLIENT', 'SETNAME', 'redis-ha-events').catch(() => undefined);
      this.watchPending(redis);
      redis.on('pmessage', (_pattern: string, channel: string, message: string) => {
        const m = parseSentinelMessage(channel, message);
        if (m) this.opts.onMessage(m, (this.opts.now ?? Date.now)());
      });
      await redis.psubscribe('*');
    } finally {
      clearTimeout(deadline);
    }
    if (this.closed || this.redis !== redis) {
      redis.disconnect();
      return;
    }
    this.failures = 0;
    this.lastError = undefined;
    this.subscribed = true;
    this.subscriptions++;
  }

  /** A message that never ends (bytes without a complete message) drops the connection. */
  private watchPending(redis: Redis): void {
    const stream = (redis as unknown as { stream?: NodeJS.EventEmitter }).stream;
    let pending = 0;
    stream?.on('data', (chunk: Buffer) => {
      pending += chunk.length;
      if (pending > EVENT_LIMITS.pendingBytes) redis.disconnect();
    });
    redis.on('pmessage', () => {
      pending = 0;
    });
  }

  private failed(redis: Redis | undefined, e: unknown, auth: boolean): void {
    if (this.closed || (redis && this.redis !== redis)) return;
    this.drop();
    this.failures++;
    this.lastError = e instanceof Error ? e.message : String(e);
    // the probes retry at once after a first failure; a subscription waits at least baseMs
    const backoff = this.opts.backoff ?? DEFAULT_BACKOFF;
    const wait = Math.max(backoff.baseMs, backoffDelay(backoff, auth ? 'auth-failed' : 'refused', this.failures + 1));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) void this.connect();
    }, wait);
    this.timer.unref();
  }
}

/** The subscribers of one connection, kept in step with the Sentinels its topology lists. */
export class SentinelSubscriptions {
  private readonly subs = new Map<string, { sub: SentinelSubscriber; credentials: boolean }>();

  constructor(private readonly make: (address: string, credentials: boolean) => SentinelSubscriber) {}

  /** Starts a subscriber per new Sentinel, closes those of Sentinels that left (or whose credentials rule changed). */
  sync(wanted: ReadonlyMap<string, boolean>): void {
    for (const [a, s] of this.subs) {
      if (wanted.get(a) !== s.credentials) {
        s.sub.close();
        this.subs.delete(a);
      }
    }
    for (const [a, credentials] of wanted) {
      if (this.subs.has(a)) continue;
      const sub = this.make(a, credentials);
      this.subs.set(a, { sub, credentials });
      sub.start();
    }
  }

  /** Per Sentinel: subscribed now, and how many times it subscribed. */
  state(): Record<string, { subscribed: boolean; subscriptions: number; lastError?: string }> {
    const out: Record<string, { subscribed: boolean; subscriptions: number; lastError?: string }> = {};
    for (const [a, { sub }] of this.subs)
      out[a] = { subscribed: sub.subscribed, subscriptions: sub.subscriptions, lastError: sub.lastError };
    return out;
  }

  close(): void {
    for (const s of this.subs.values()) s.sub.close();
    this.subs.clear();
  }
}
