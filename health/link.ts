/**
 * One node's connection, under our own rules rather than ioredis' defaults:
 *
 * - one deadline per probe, ours, covering connect + every round trip of the
 *   probe (a SIGSTOPped node accepts TCP and keeps a "ready" connection, and
 *   INFO then never answers; ioredis' connectTimeout does not cover that);
 * - no automatic reconnects (a wrong password would loop forever): a failed
 *   probe drops the connection, and the next attempt waits for a backoff —
 *   none after a first failure, then doubling up to a cap; after an auth
 *   failure, a long one, reset when the credentials change;
 * - an `error` listener on every client, and a handler on every promise, so
 *   nothing is printed and no rejection goes unhandled;
 * - AUTH is sent by us, pipelined with the first probe of a connection (one
 *   round trip), so a password given to a node that needs none is harmless
 *   and ioredis never prints warnings.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Redis, type RedisOptions } from 'ioredis';
import { bareHost, formatAddress } from './address';
import type { TlsSettings } from './settings';

export type Command = [string, ...Array<string | number>];
/** A reply value, or the Error the server (or the connection) answered with. */
export type Reply = unknown;
export type Send = (commands: Command[]) => Promise<Reply[]>;

export type FailureKind =
  | 'refused'
  | 'timeout'
  | 'auth-failed'
  | 'auth-required'
  | 'no-permission'
  | 'loading'
  | 'busy'
  | 'tls'
  | 'closed'
  | 'too-large'
  | 'other';

export class ProbeFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface Backoff {
  /** Wait after the second consecutive failure; doubles after each further one. */
  baseMs: number;
  maxMs: number;
  /** Wait after an auth failure (doubles up to 10×). */
  authMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 30_000, authMs: 60_000 };

export interface LinkOptions {
  host: string;
  port: number;
  tls?: TlsSettings;
  username?: string;
  /** Read at each new connection, so a password entered later is used. */
  password?: () => string | undefined;
  timeoutMs: number;
  backoff?: Backoff;
  now?: () => number;
  readFile?: (path: string) => Buffer;
  /** Bytes one round trip may receive before the connection is dropped (default DEFAULT_MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
}

/**
 * The most one round trip may receive: far above any real probe (INFO of a
 * primary with 4,000 replicas is ~350 KB, CLUSTER NODES of 1,000 nodes
 * ~250 KB), far below what would hurt the editor's memory.
 */
export const DEFAULT_MAX_REPLY_BYTES = 32 * 1024 * 1024;

export type LinkResult<T> =
  | { ok: true; value: T; rttMs: number }
  | { ok: false; failure: ProbeFailure; rttMs?: number /** no attempt was made: backoff */; skipped: boolean; retryInMs?: number };

const AUTH_NOT_NEEDED = /no password is set|without any password configured/i;

export class NodeLink {
  private redis?: Redis;
  private connecting?: Promise<Redis>;
  private fresh = false;
  private lastSocketError?: Error;
  private failures = 0;
  private retryAt = 0;
  private lastFailure?: ProbeFailure;
  private disposed = false;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  /** Connections opened so far (tests count them to prove there is no reconnect storm). */
  connectionsOpened = 0;

  constructor(private readonly opts: LinkOptions) {
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.now = opts.now ?? Date.now;
  }

  /** The node's key: `host:port`, `[v6]:port`. */
  get address(): string {
    return formatAddress(this.opts.host, this.opts.port);
  }

  /** Forget the backoff (credentials changed, or the user asked to refresh now). */
  resetBackoff(): void {
    this.retryAt = 0;
    if (this.lastFailure?.kind.startsWith('auth')) this.failures = 0;
  }

  /** Runs `work` on a ready connection within the deadline. Never throws. */
  async run<T>(work: (send: Send) => Promise<T>, timeoutMs = this.opts.timeoutMs): Promise<LinkResult<T>> {
    if (this.disposed) return { ok: false, failure: new ProbeFailure('closed', 'monitor closed'), skipped: true };
    const now = this.now();
    if (now < this.retryAt && this.lastFailure) {
      return { ok: false, failure: this.lastFailure, skipped: true, retryInMs: this.retryAt - now };
    }
    const started = performance.now();
    let phase: 'connect' | 'reply' = 'connect';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new ProbeFailure('timeout', phase === 'connect' ? `could not connect within ${timeoutMs} ms` : `no reply within ${timeoutMs} ms`),
        );
      }, timeoutMs);
    });
    const attempt = (async () => {
      const redis = await this.connected();
      phase = 'reply';
      return work((commands) => this.send(redis, commands));
    })();
    attempt.catch(() => undefined);
    try {
      const value = await Promise.race([attempt, deadline]);
      this.failures = 0;
      this.retryAt = 0;
      this.lastFailure = undefined;
      return { ok: true, value, rttMs: performance.now() - started };
    } catch (e) {
      const failure = this.toFailure(e);
      this.fail(failure);
      return { ok: false, failure, skipped: false, rttMs: performance.now() - started };
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.drop();
  }

  private drop(): void {
    const r = this.redis;
    this.redis = undefined;
    if (r) r.disconnect();
  }

  private connected(): Promise<Redis> {
    if (this.redis && this.redis.status === 'ready') return Promise.resolve(this.redis);
    // concurrent callers (a refresh and an "open INFO") share one connection attempt
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async connect(): Promise<Redis> {
    this.drop();
    this.lastSocketError = undefined;
    const redis = new Redis(redisOptions(this.opts));
    redis.on('error', (e: Error) => {
      this.lastSocketError = e;
    });
    this.redis = redis;
    this.fresh = true;
    this.connectionsOpened++;
    await redis.connect();
    if (this.disposed) {
      redis.disconnect();
      throw new ProbeFailure('closed', 'monitor closed');
    }
    return redis;
  }

  private async send(redis: Redis, commands: Command[]): Promise<Reply[]> {
    const pipeline = redis.pipeline();
    let preamble = 0;
    if (this.fresh) {
      const password = this.opts.password?.();
      if (password !== undefined) {
        pipeline.call('AUTH', ...(this.opts.username ? [this.opts.username, password] : [password]));
        preamble++;
      }
      pipeline.call('CLIENT', 'SETNAME', 'redis-ha');
      preamble++;
    }
    for (const [name, ...args] of commands) pipeline.call(name, ...args);
    // replies are bounded: past the limit the connection is dropped, the probe fails
    const limit = this.opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    const stream = (redis as unknown as { stream?: NodeJS.EventEmitter }).stream;
    let received = 0;
    let tooLarge = false;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit && !tooLarge) {
        tooLarge = true;
        redis.disconnect();
      }
    };
    stream?.on('data', count);
    let result: Awaited<ReturnType<typeof pipeline.exec>>;
    try {
      result = await pipeline.exec();
    } finally {
      stream?.off('data', count);
    }
    if (tooLarge)
      throw new ProbeFailure(
        'too-large',
        `the reply exceeded ${Math.round(limit / 1024)} KiB and was left unread (commands: ${commands.map((c) => c.slice(0, 2).join(' ')).join(', ')})`,
      );
    if (!result) throw new ProbeFailure('closed', 'the connection closed');
    const replies = result.map(([err, value]) => err ?? value);
    if (this.fresh && preamble === 2) {
      const auth = replies[0];
      if (auth instanceof Error && !AUTH_NOT_NEEDED.test(auth.message)) {
        throw new ProbeFailure('auth-failed', cleanMessage(auth.message));
      }
    }
    this.fresh = false;
    const out = replies.slice(preamble);
    for (const r of out) {
      if (!(r instanceof Error)) continue;
      if (/^NOAUTH\b/.test(r.message)) throw new ProbeFailure('auth-required', cleanMessage(r.message));
      if (/^BUSY\b/.test(r.message)) throw new ProbeFailure('busy', cleanMessage(r.message));
      if (/^LOADING\b/.test(r.message)) throw new ProbeFailure('loading', cleanMessage(r.message));
      if (r.message === 'Connection is closed.' || /^Command timed out/.test(r.message)) {
        throw this.lastSocketError ? this.toFailure(this.lastSocketError) : new ProbeFailure('closed', 'the connection closed');
      }
    }
    return out;
  }

  private toFailure(e: unknown): ProbeFailure {
    if (e instanceof ProbeFailure) return e;
    const err = this.lastSocketError ?? (e instanceof Error ? e : new Error(String(e)));
    const text = describeSocketError(err);
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'ECONNRESET' && !this.opts.tls)
      return new ProbeFailure('refused', `${text} (if the port speaks only TLS, use rediss:// or TLS in the settings)`);
    if (
      code === 'ECONNREFUSED' ||
      code === 'ECONNRESET' ||
      code === 'EHOSTUNREACH' ||
      code === 'ENETUNREACH' ||
      code === 'ENOTFOUND' ||
      code === 'EAI_AGAIN'
    )
      return new ProbeFailure('refused', text);
    if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(err.message))
      return new ProbeFailure('timeout', `could not connect within ${this.opts.timeoutMs} ms`);
    if (/SSL|TLS|certificate|self.signed|ERR_TLS|EPROTO/i.test(`${code} ${err.message}`)) {
      const trust = /certificate|self.signed|issuer/i.test(err.message)
        ? ' — trust its CA: the connection\'s "ca" setting, or NODE_EXTRA_CA_CERTS for redis-ha status'
        : '';
      return new ProbeFailure('tls', `TLS: ${cleanMessage(err.message)}${trust}`);
    }
    return new ProbeFailure('other', text);
  }

  private fail(f: ProbeFailure): void {
    if (f.kind !== 'busy') this.drop();
    this.failures++;
    this.lastFailure = f;
    this.retryAt = this.now() + backoffDelay(this.backoff, f.kind, this.failures);
  }
}

/**
 * How long to wait after the `failures`-th consecutive failure: none after a
 * first one, then baseMs doubling up to maxMs; after an auth failure authMs,
 * doubling up to 10×; BUSY none. Shared by the probes and the Sentinel subscriptions.
 */
export function backoffDelay(b: Backoff, kind: FailureKind, failures: number): number {
  if (kind === 'auth-failed' || kind === 'auth-required') return Math.min(b.authMs * 10, b.authMs * 2 ** (failures - 1));
  if (kind === 'busy') return 0;
  return failures <= 1 ? 0 : Math.min(b.maxMs, b.baseMs * 2 ** (failures - 2));
}

/**
 * A NOPERM reply as a clear failure naming what our ACL user may not run:
 * Redis 7.0 says "NOPERM this user has no permissions to run the 'info'
 * command", 7.2+ "NOPERM User x has no permissions to run the 'info' command".
 */
export function noPermission(reply: Error, asked: string): ProbeFailure {
  const m = /'([^']+)' command/.exec(reply.message);
  const command = (m ? m[1] : asked).replace(/\|/g, ' ').toUpperCase();
  return new ProbeFailure(
    'no-permission',
    `the connection's ACL user may not run ${command} (grant it with ACL SETUSER <user> +${(m ? m[1] : asked).toLowerCase()}): ${cleanMessage(reply.message)}`,
  );
}

/** The ioredis options of one node's connection: our deadlines and no retries; TLS files read now. */
export function redisOptions(o: LinkOptions): RedisOptions {
  const options: RedisOptions = {
    // brackets are notation only: the socket layer takes the bare IPv6 address
    host: bareHost(o.host),
    port: o.port,
    lazyConnect: true,
    enableReadyCheck: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    enableOfflineQueue: true,
    connectTimeout: o.timeoutMs,
    // a backstop only: our deadline is what the caller sees
    commandTimeout: o.timeoutMs * 2,
    disableClientInfo: true,
    keepAlive: 10_000,
    noDelay: true,
  };
  if (o.tls) options.tls = tlsOptions(o.tls, o.readFile ?? readFileSync);
  return options;
}

const TLS_FILES = { ca: 'CA certificate', cert: 'client certificate', key: 'client key' } as const;

/** Why a file cannot be read, in words. */
export function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EISDIR'
      ? 'it is a directory'
      : code === 'EACCES'
        ? 'permission denied'
        : (e as Error).message;
}

/**
 * Node's TLS options from the settings: the PEM files read, a client
 * certificate only with its key, and a clear ProbeFailure('tls') naming the
 * setting and the file when one cannot be read.
 */
export function tlsOptions(
  t: TlsSettings,
  read: (path: string) => Buffer = readFileSync,
): { ca?: Buffer; cert?: Buffer; key?: Buffer; servername?: string } {
  if (!!t.cert !== !!t.key) {
    throw new ProbeFailure(
      'tls',
      `TLS: a client certificate needs its key: set both "cert" and "key" (--cert and --key), not only "${t.cert ? 'cert' : 'key'}"`,
    );
  }
  const file = (which: keyof typeof TLS_FILES): Buffer | undefined => {
    const path = t[which];
    if (!path) return undefined;
    try {
      return read(path);
    } catch (e) {
      throw new ProbeFailure(
        'tls',
        `TLS: cannot read the ${TLS_FILES[which]} '${path}' ("${which}" setting, --${which}): ${unreadable(e)}`,
      );
    }
  };
  const out: { ca?: Buffer; cert?: Buffer; key?: Buffer; servername?: string } = {};
  const ca = file('ca'),
    cert = file('cert'),
    key = file('key');
  if (ca) out.ca = ca;
  if (cert) out.cert = cert;
  if (key) out.key = key;
  if (t.servername) out.servername = t.servername;
  return out;
}

function cleanMessage(m: string): string {
  return m.replace(/\s+/g, ' ').trim();
}

function describeSocketError(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on that port)';
    case 'ECONNRESET':
      return 'connection reset by the node';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return cleanMessage(e.message === 'Connection is closed.' ? 'the connection closed' : e.message);
  }
}
