/**
 * Connection settings, seeds and thresholds: what the editor settings and the
 * CLI's arguments turn into before the monitor starts. Passwords are carried
 * here only in memory, never rendered: every printable form is redacted.
 */
import { AddressError, bareHost, parseAddress } from './address';
import { addressOf, type HostPort } from './types';

export interface Thresholds {
  /** A probe slower than this (ms) is a warning (`slow-reply`). */
  slowReplyMs: number;
  replicaLagBytesWarning: number;
  replicaLagBytesError: number;
  replicaLagSecondsWarning: number;
  replicaLagSecondsError: number;
  /** master_last_io_seconds_ago above this is a warning (primaries ping every 10 s by default). */
  lastIoSecondsWarning: number;
  /** The backlog should hold at least this many seconds of the current write rate. */
  backlogMinSeconds: number;
  /** With RDB as the only persistence: age of the last snapshot (with changes since) that warns. */
  rdbMaxAgeSeconds: number;
  /** Age of the last RDB snapshot that is an error whatever the persistence (backups are RDB files). */
  backupMaxAgeSeconds: number;
  /** used_memory as a percentage of maxmemory (or of the host memory) that warns, and that is an error. */
  memoryWarningPercent: number;
  memoryErrorPercent: number;
  /** mem_fragmentation_ratio above this warns… */
  fragmentationRatioWarning: number;
  /** …and neither it nor the "swapping" rule applies below this RSS (bytes). */
  fragmentationMinRssBytes: number;
  /** The AOF this many times the size at which auto-rewrite should have started warns. */
  aofGrowthFactor: number;
  /** connected_clients at this percentage of maxclients warns. */
  clientsWarningPercent: number;
  /** latest_fork_usec above this many milliseconds warns. */
  forkWarningMs: number;
  /** A LATENCY LATEST event at least this slow (ms) in the last 5 minutes warns. */
  latencyWarningMs: number;
  /** Hold-downs (holddown.ts): how long a condition lasts before its finding takes its full level; pending (a warning) before. */
  holdDownLinkDownSeconds: number;
  holdDownClusterStateSeconds: number;
  holdDownPfailSeconds: number;
}

/** Defaults; also those of the `redisHa.health.*` settings, which package.json gets from client/settings.ts (npm run generate:manifest). */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  slowReplyMs: 500,
  replicaLagBytesWarning: 1024 * 1024,
  replicaLagBytesError: 64 * 1024 * 1024,
  replicaLagSecondsWarning: 5,
  replicaLagSecondsError: 30,
  lastIoSecondsWarning: 20,
  backlogMinSeconds: 60,
  rdbMaxAgeSeconds: 3600,
  backupMaxAgeSeconds: 48 * 3600,
  memoryWarningPercent: 70,
  memoryErrorPercent: 90,
  fragmentationRatioWarning: 1.5,
  fragmentationMinRssBytes: 64 * 1024 * 1024,
  aofGrowthFactor: 2,
  clientsWarningPercent: 90,
  forkWarningMs: 500,
  latencyWarningMs: 100,
  holdDownLinkDownSeconds: 120,
  holdDownClusterStateSeconds: 300,
  holdDownPfailSeconds: 300,
});

/** The longest hold-down accepted (a day); a larger value is clamped. */
export const MAX_HOLD_DOWN_SECONDS = 24 * 3600;

/** Upper bounds of thresholds whose unit has one (a percentage); a larger value is clamped. */
export const THRESHOLD_MAXIMA: Readonly<Partial<Record<keyof Thresholds, number>>> = Object.freeze({
  memoryWarningPercent: 100,
  memoryErrorPercent: 100,
  clientsWarningPercent: 100,
  holdDownLinkDownSeconds: MAX_HOLD_DOWN_SECONDS,
  holdDownClusterStateSeconds: MAX_HOLD_DOWN_SECONDS,
  holdDownPfailSeconds: MAX_HOLD_DOWN_SECONDS,
});

/** Keeps the known keys that hold finite non-negative numbers (clamped to THRESHOLD_MAXIMA); the rest take the defaults. */
export function normalizeThresholds(partial: unknown): Thresholds {
  const out: Thresholds = { ...DEFAULT_THRESHOLDS };
  if (partial && typeof partial === 'object') {
    for (const key of Object.keys(DEFAULT_THRESHOLDS) as Array<keyof Thresholds>) {
      const v = (partial as Record<string, unknown>)[key];
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[key] = Math.min(v, THRESHOLD_MAXIMA[key] ?? v);
    }
  }
  return out;
}

/**
 * What normalizeThresholds does not take as written, one message per key: a
 * value that is not a finite number ≥ 0 (the default is used instead) or one
 * above its maximum (clamped). `source` names the keys in the messages
 * (`redisHa.health.` in the editor, `--threshold ` in the CLI).
 */
export function thresholdIssues(partial: unknown, source = ''): string[] {
  const out: string[] = [];
  if (!partial || typeof partial !== 'object') return out;
  for (const key of Object.keys(DEFAULT_THRESHOLDS) as Array<keyof Thresholds>) {
    const v = (partial as Record<string, unknown>)[key];
    if (v === undefined || v === null) continue;
    const max = THRESHOLD_MAXIMA[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      out.push(
        `${source}${key}: ${typeof v === 'number' ? v : typeof v} is not a number ≥ 0; the default ${DEFAULT_THRESHOLDS[key]} is used`,
      );
    else if (max !== undefined && v > max) out.push(`${source}${key}: ${v} is above the maximum ${max}; ${max} is used`);
  }
  return out;
}

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_REFRESH_SECONDS = 5;

export interface TlsSettings {
  /** Paths of PEM files. */
  ca?: string;
  cert?: string;
  key?: string;
  /** SNI / certificate name when it differs from the host. */
  servername?: string;
}

/** One configured connection: a seed from which the monitor discovers the topology. */
export interface ConnectionSpec {
  /** Stable key (the name in settings, the seed text in the CLI). */
  id: string;
  name: string;
  seeds: HostPort[];
  /** The seed is declared a Sentinel (redis-sentinel://); otherwise the kind is detected. */
  sentinel?: boolean;
  /** Only this Sentinel master (the #fragment of a redis-sentinel:// seed, or `master` in settings). */
  master?: string;
  tls?: TlsSettings;
  username?: string;
  /** Kept in memory only (CLI seeds and REDISCLI_AUTH); the editor passes passwords via SecretStorage. */
  password?: string;
}

export class SeedError extends Error {}

const DEFAULT_PORT = 6379;
const DEFAULT_SENTINEL_PORT = 26379;

function parseHostPort(text: string, defaultPort: number, seedForMessage: string): HostPort {
  try {
    return parseAddress(text, defaultPort);
  } catch (e) {
    if (e instanceof AddressError) throw new SeedError(`'${seedForMessage}': ${e.message}`);
    throw e;
  }
}

/**
 * Percent-decoding that never fails: valid `%XX` sequences are decoded, any
 * other '%' stays as written, so a raw password such as `50%off` works.
 */
function decode(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
}

/**
 * A seed cut into its parts the one way both parseSeed and redactSeed use:
 * the user info runs to the LAST '@' (a raw password may contain '/', '@',
 * ':', '#', '%'), the #master fragment follows the host part.
 */
interface SeedParts {
  scheme?: string;
  /** Text before the last '@', undecoded; undefined when there is no '@'. */
  userinfo?: string;
  /** host:port[,host:port…][/path][?query] */
  hosts: string;
  fragment?: string;
}

function splitSeed(seed: string): SeedParts {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(seed);
  let rest = m ? m[2] : seed;
  const parts: SeedParts = { hosts: '' };
  if (m) parts.scheme = m[1].toLowerCase();
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    parts.userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    parts.fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  parts.hosts = rest;
  return parts;
}

/**
 * `user:password`, `:password`, or — as redis-cli and ioredis read it — a
 * user info without ':' is a password alone.
 */
function splitUserinfo(userinfo: string): { username?: string; password?: string } {
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { password: decode(userinfo) || undefined };
  return { username: decode(userinfo.slice(0, colon)) || undefined, password: decode(userinfo.slice(colon + 1)) || undefined };
}

/** The seed with any password replaced by `***`, safe for messages. */
export function redactSeed(seed: string): string {
  const p = splitSeed(seed);
  let out = p.scheme !== undefined ? `${seed.slice(0, seed.indexOf('://'))}://` : '';
  if (p.userinfo !== undefined) {
    const colon = p.userinfo.indexOf(':');
    out += colon < 0 ? (p.userinfo ? '***@' : '@') : `${p.userinfo.slice(0, colon)}:***@`;
  }
  out += p.hosts;
  if (p.fragment !== undefined) out += `#${p.fragment}`;
  return out;
}

/**
 * The secrets a seed carries, as written and decoded: the CLI keeps them out
 * of everything it prints, even where a message would quote its arguments.
 */
export function seedSecrets(seed: string): string[] {
  const p = splitSeed(seed);
  if (p.userinfo === undefined) return [];
  const colon = p.userinfo.indexOf(':');
  const raw = colon < 0 ? p.userinfo : p.userinfo.slice(colon + 1);
  return [raw, decode(raw)].filter((x) => x !== '');
}

/**
 * Parses a CLI seed: `redis://[[user]:password@]host:port`, `rediss://…` (TLS),
 * `redis-sentinel://[[user]:password@]host:port[,host:port…][#master]`, or a
 * bare `host:port`. Messages never contain the password.
 */
export function parseSeed(seed: string): ConnectionSpec {
  const shown = redactSeed(seed);
  const p = splitSeed(seed);
  const scheme = p.scheme;
  if (scheme !== undefined && !['redis', 'rediss', 'redis-sentinel', 'rediss-sentinel'].includes(scheme)) {
    throw new SeedError(`'${shown}': unknown scheme '${scheme}://'; use redis://, rediss:// or redis-sentinel://`);
  }
  const sentinel = scheme === 'redis-sentinel' || scheme === 'rediss-sentinel';
  let master: string | undefined;
  if (p.fragment !== undefined) {
    if (!sentinel) throw new SeedError(`'${shown}': a #master name is only meaningful in a redis-sentinel:// seed`);
    master = decode(p.fragment) || undefined;
  }
  const { username, password } = p.userinfo !== undefined ? splitUserinfo(p.userinfo) : {};
  let rest = p.hosts;
  // a path (/db) or query is accepted and ignored: health does not depend on the database
  rest = rest.replace(/[/?].*$/, '');
  const hosts = rest.split(',').filter((h) => h !== '');
  if (!hosts.length) throw new SeedError(`'${shown}': no host:port`);
  if (hosts.length > 1 && !sentinel) throw new SeedError(`'${shown}': several addresses are only accepted in a redis-sentinel:// seed`);
  const seeds = hosts.map((h) => parseHostPort(h, sentinel ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT, shown));
  const spec: ConnectionSpec = {
    id: shown,
    name: sentinel ? `sentinel ${seeds.map(addressOf).join(',')}${master ? `#${master}` : ''}` : seeds.map(addressOf).join(','),
    seeds,
  };
  if (sentinel) spec.sentinel = true;
  if (master) spec.master = master;
  if (scheme === 'rediss' || scheme === 'rediss-sentinel') spec.tls = {};
  if (username) spec.username = username;
  if (password) spec.password = password;
  return spec;
}

/** A connection as written in the `redisHa.connections` setting. */
export interface ConnectionSetting {
  name?: unknown;
  host?: unknown;
  port?: unknown;
  tls?: unknown;
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
  servername?: unknown;
  username?: unknown;
  master?: unknown;
}

/** Turns one settings entry into a spec, or explains what is wrong with it. */
export function connectionFromSetting(raw: ConnectionSetting, index: number): ConnectionSpec | { error: string } {
  const label = typeof raw?.name === 'string' && raw.name.trim() ? `'${raw.name.trim()}'` : `#${index + 1}`;
  if (!raw || typeof raw !== 'object') return { error: `redisHa.connections ${label}: expected an object with host and port` };
  const host = typeof raw.host === 'string' ? bareHost(raw.host) : '';
  if (!host) return { error: `redisHa.connections ${label}: "host" is missing` };
  if (!/^[A-Za-z0-9._:%-]+$/.test(host))
    return { error: `redisHa.connections ${label}: "host" '${host}' is not a host name or IP address` };
  const port = raw.port === undefined ? DEFAULT_PORT : Number(raw.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { error: `redisHa.connections ${label}: "port" must be a number from 1 to 65535` };
  const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : addressOf({ host, port });
  const spec: ConnectionSpec = { id: name, name, seeds: [{ host, port }] };
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  if (raw.tls === true || str(raw.ca) || str(raw.cert) || str(raw.key)) {
    spec.tls = {};
    if (str(raw.ca)) spec.tls.ca = str(raw.ca);
    if (str(raw.cert)) spec.tls.cert = str(raw.cert);
    if (str(raw.key)) spec.tls.key = str(raw.key);
    if (str(raw.servername)) spec.tls.servername = str(raw.servername);
  }
  if (str(raw.username)) spec.username = str(raw.username);
  if (str(raw.master)) spec.master = str(raw.master);
  return spec;
}
