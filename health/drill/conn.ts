/**
 * Connections of the drill: one ioredis client per address, with the probes'
 * options (no ioredis reconnects, no offline queue: a failure is seen at once,
 * and the drill decides what to do next). Replies are hostile: every field is
 * read through the bounded helpers here.
 */
import { Redis } from 'ioredis';
import { bareHost, formatAddress, splitAddress } from '../address';
import { redisOptions } from '../link';
import type { TlsSettings } from '../settings';

/** How every connection of the drill is made: the ACL user, its password, and TLS when asked. */
export interface DrillAuth {
  username?: string;
  password?: string;
  tls?: TlsSettings;
}

/** A client for `address` (`host:port`), connected; rejects when it cannot connect. */
export async function connect(address: string, auth: DrillAuth, timeoutMs: number): Promise<Redis> {
  const { host, port } = splitAddress(address);
  const r = new Redis({ ...redisOptions({ host, port, timeoutMs, tls: auth.tls }), enableOfflineQueue: false, commandTimeout: timeoutMs });
  if (auth.username) r.options.username = auth.username;
  if (auth.password) r.options.password = auth.password;
  r.on('error', () => undefined);
  try {
    await r.connect();
  } catch (e) {
    r.disconnect();
    throw e;
  }
  return r;
}

/** Runs `fn` on a short-lived connection to `address`. */
export async function withClient<T>(address: string, auth: DrillAuth, timeoutMs: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = await connect(address, auth, timeoutMs);
  try {
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** `[ip, port]` as Sentinel answers get-master-addr-by-name, or undefined. */
export function addressReply(reply: unknown): string | undefined {
  if (!Array.isArray(reply) || reply.length !== 2) return undefined;
  const [ip, port] = reply;
  if (typeof ip !== 'string' || typeof port !== 'string') return undefined;
  if (!/^[0-9A-Za-z.:%_-]{1,255}$/.test(ip) || !/^\d{1,5}$/.test(port) || Number(port) > 65535) return undefined;
  return formatAddress(ip, Number(port));
}

/** A flat `[field, value, …]` reply (SENTINEL MASTER) as a map, at most `max` pairs. */
export function fieldMap(reply: unknown, max = 64): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length && i < max * 2; i += 2) {
    const k = reply[i];
    const v = reply[i + 1];
    if (typeof k === 'string' && typeof v === 'string' && k.length <= 64 && v.length <= 1024) out.set(k, v);
  }
  return out;
}

/** The `ip`/`port` of each entry of SENTINEL REPLICAS / SENTINELS, at most `max`. */
export function instanceAddresses(reply: unknown, max = 32): string[] {
  if (!Array.isArray(reply)) return [];
  const out: string[] = [];
  for (const entry of reply.slice(0, max)) {
    const f = fieldMap(entry);
    const a = addressReply([f.get('ip'), f.get('port')]);
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

/** `INFO` text as a field map (lines over 1 KiB and past 500 fields are ignored). */
export function infoFields(text: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof text !== 'string') return out;
  for (const line of text.split('\r\n').slice(0, 500)) {
    const i = line.indexOf(':');
    if (i > 0 && line.length < 1024 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** The host is this machine's loopback: the only place the drill signals a process itself. */
export function isLoopback(address: string): boolean {
  const h = bareHost(splitAddress(address).host).toLowerCase();
  return h === '127.0.0.1' || h === '::1' || h === 'localhost';
}

/** An error's message, one line, at most 120 characters, without control characters. */
export function shortError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/[\x00-\x1f\x7f]+/g, ' ').slice(0, 120);
}
