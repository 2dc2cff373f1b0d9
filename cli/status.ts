/**
 * `redis-ha status`: the editor's live health model for monitoring and
 * scripts. Exit codes follow monitoring plugins. Passwords come from the seed
 * or REDISCLI_AUTH and are never printed: seeds are shown redacted.
 */
import { parseArgs } from 'node:util';
import {
  AllowList,
  HealthMonitor,
  HistoryError,
  appendHistory,
  readHistory,
  SeedError,
  addFileDrift,
  escapeControl,
  exitCode,
  normalizeHeartbeatKey,
  parseSeed,
  seedSecrets,
  type ConnectionSpec,
  type Snapshot,
  type Thresholds,
  type TlsSettings,
  DEFAULT_THRESHOLDS,
  THRESHOLD_MAXIMA,
  thresholdIssues,
} from '../health';
import { DEFAULT_MAX_FILE_BYTES, readRegularFile } from '../server/files';
import { formatSnapshot, isStatusFormat, STATUS_FORMATS, type StatusFormat } from './formats';
import { scrubbed, type CliIO } from './io';

export const STATUS_USAGE = `usage: redis-ha status [--format text|json|openmetrics|nagios] [--watch SECONDS] [--user U] [--tls] [--ca FILE]
                       [--cert FILE --key FILE] [--servername NAME] [--timeout MS]
                       [--allow CIDR[,CIDR]] [--config FILE] [--heartbeat-key KEY] [--history FILE]
                       [--threshold NAME=VALUE]... SEED...

Reports the replication health of Redis / Valkey nodes, Sentinel groups and clusters.
A SEED is one address the topology is discovered from:
  redis://[[user]:password@]host:port       a node: its replication group, or its cluster
  rediss://…                                the same over TLS
  redis-sentinel://host:port[,host:port…][#master]
                                            Sentinels: every group they monitor (or only #master)
  host:port                                 same as redis://host:port
The password may also come from the REDISCLI_AUTH environment variable; it is never printed.
  --format F        text (default): an indented tree; json: one JSON document (one per line with --watch);
                    openmetrics: the metrics of 'redis-ha exporter' (OpenMetrics text, ends with # EOF);
                    nagios: one plugin line 'REDIS-HA OK - summary | perfdata' (lag thresholds as perf data)
  --watch SECONDS   refresh every SECONDS until interrupted (Ctrl-C)
  --user U          ACL user for seeds that do not name one
  --tls             use TLS for every seed
  --ca FILE         TLS: trust this PEM CA certificate (default: the system CAs; implies --tls)
  --cert FILE       TLS: PEM client certificate, for servers with tls-auth-clients (needs --key)
  --key FILE        TLS: PEM private key of the client certificate
  --servername NAME TLS: the name expected in the server certificate (SNI), when it is not the host
  --timeout MS      deadline per node per refresh (default 2000)
  --allow CIDR[,CIDR]
                    contact only these addresses besides the seeds: IPs, ranges (10.0.0.0/8, fd00::/8),
                    host names; repeatable. The password goes only to the seeds and to the nodes they
                    report as members of their group, whatever --allow says
  --config FILE     also compare every primary and replica with this redis.conf (drift is a warning;
                    ports, addresses, paths and passwords are left out: the file is a template)
  --heartbeat-key KEY
                    write the time into KEY on every primary (SET … EX 3600) and read it back on every
                    replica: lag measured by the data itself; needs write permission (off by default)
  --history FILE    keep the timeline (Sentinel events, failovers, health/role/link changes) in FILE as JSON
                    lines: read back at start (its last 1 MiB), each new event appended; the file is
                    rewritten with its newest 1000 entries past 4 MiB
  --threshold NAME=VALUE
                    a threshold of the health model, as the editor's redisHa.health.NAME setting (repeatable):
                    e.g. replicaLagSecondsError=60, holdDownLinkDownSeconds=30 (the hold-downs: how long a
                    replica's link may be down, a cluster fail or a node PFAIL before the finding takes its
                    full level; pending, a warning, before that)
Exit status: 0 all ok, 1 a warning, 2 an error or an unreachable node, 3 nothing could be reached or bad usage.
Node states (JSON "state", shown in the text instead of ok/WARNING/…): syncing and loading are warnings (1);
no-permission (NOPERM), auth-failed, auth-required, not-allowed, busy are errors (2); unreachable is 2, or 3 when
no node at all could be read.
`;

/**
 * The TLS settings the options ask for: --ca, --cert, --key, --servername each
 * imply TLS, as --tls does; undefined when none is given (a rediss:// seed
 * still uses TLS, with the system CAs).
 */
export function tlsFromOptions(v: {
  tls?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
}): TlsSettings | undefined {
  if (!v.tls && !v.ca && !v.cert && !v.key && !v.servername) return undefined;
  const t: TlsSettings = {};
  if (v.ca) t.ca = v.ca;
  if (v.cert) t.cert = v.cert;
  if (v.key) t.key = v.key;
  if (v.servername) t.servername = v.servername;
  return t;
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`redis-ha status: ${escapeControl(message)}\n\n${STATUS_USAGE}`);
  return 3;
}

export const STATUS_OPTIONS = {
  format: { type: 'string', default: 'text' },
  watch: { type: 'string' },
  user: { type: 'string' },
  tls: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  config: { type: 'string' },
  history: { type: 'string' },
  allow: { type: 'string', multiple: true },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  servername: { type: 'string' },
  'heartbeat-key': { type: 'string' },
  threshold: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export type StatusValues = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof STATUS_OPTIONS }>
>['values'];

/** What the arguments ask for, checked: every file readable, every seed parsed. */
export interface StatusPlan {
  format: StatusFormat;
  watchSeconds?: number;
  timeoutMs?: number;
  allowedAddresses: string[];
  config?: { path: string; text: string };
  heartbeatKey?: string;
  history?: string;
  /** The --threshold options: only the thresholds given. */
  thresholds: Partial<Thresholds>;
  specs: ConnectionSpec[];
}

export class UsageError extends Error {}

export async function runStatus(args: string[], rawIO: CliIO): Promise<number> {
  // whatever is printed from here on, usage errors included, carries no password
  const io = scrubbed(rawIO, [...args.flatMap(seedSecrets), ...(rawIO.env.REDISCLI_AUTH ? [rawIO.env.REDISCLI_AUTH] : [])]);
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof STATUS_OPTIONS }>>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: STATUS_OPTIONS });
  } catch (e) {
    // parseArgs quotes the offending argument; a seed never reaches here as an option
    return usageError(io, (e as Error).message);
  }
  if (parsed.values.help) {
    io.stdout(STATUS_USAGE);
    return 0;
  }
  let plan: StatusPlan;
  try {
    plan = statusPlan(parsed.values, parsed.positionals, io.env.REDISCLI_AUTH);
  } catch (e) {
    if (e instanceof UsageError || e instanceof SeedError) return usageError(io, e.message);
    throw e;
  }
  const monitor = new HealthMonitor(plan.specs, {
    timeoutMs: plan.timeoutMs,
    allowedAddresses: plan.allowedAddresses,
    heartbeatKey: plan.heartbeatKey,
    thresholds: plan.thresholds,
  });
  const history = plan.history;
  if (history !== undefined) {
    try {
      const read = readHistory(history);
      for (const m of read.messages) io.stderr(`redis-ha status: ${escapeControl(m)}\n`);
      monitor.loadHistory(read.events);
    } catch (e) {
      monitor.dispose();
      if (e instanceof HistoryError) return usageError(io, e.message);
      throw e;
    }
  }
  const refresh = async () => {
    const snap = await monitor.refresh();
    if (plan.config) await addFileDrift(monitor, snap, plan.config.text, plan.config.path);
    if (history !== undefined) keepHistory(io, history, snap);
    return snap;
  };
  const print = (s: Snapshot) => io.stdout(formatSnapshot(plan.format, s).text);
  try {
    if (plan.watchSeconds === undefined) {
      const snap = await refresh();
      const out = formatSnapshot(plan.format, snap);
      io.stdout(out.text);
      return out.code;
    }
    return await watch(io, plan.watchSeconds, refresh, (s) => {
      if (plan.format === 'text') io.stdout('\n');
      print(s);
    });
  } finally {
    monitor.dispose();
  }
}

/** Appends the snapshot's new timeline entries; a file that cannot be written is said on stderr, the watch goes on. */
function keepHistory(io: CliIO, path: string, snap: Snapshot): void {
  try {
    appendHistory(path, snap.timeline ?? []);
  } catch (e) {
    if (!(e instanceof HistoryError)) throw e;
    io.stderr(`redis-ha status: ${escapeControl(e.message)}\n`);
  }
}

/** The options checked in the order they are reported, then the seeds; throws UsageError (or SeedError) at the first problem. */
export function statusPlan(values: StatusValues, positionals: string[], envPassword: string | undefined): StatusPlan {
  if (!isStatusFormat(values.format)) throw new UsageError(`--format must be ${STATUS_FORMATS.join(', ')}, not '${values.format}'`);
  let watchSeconds: number | undefined;
  if (values.watch !== undefined) {
    watchSeconds = Number(values.watch);
    if (!Number.isFinite(watchSeconds) || watchSeconds <= 0)
      throw new UsageError(`--watch needs a number of seconds greater than 0, not '${values.watch}'`);
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 600_000)
      throw new UsageError(`--timeout needs milliseconds from 50 to 600000, not '${values.timeout}'`);
  }
  if (!positionals.length) throw new UsageError('no SEED given');
  const allowedAddresses = (values.allow ?? [])
    .flatMap((a) => a.split(','))
    .map((a) => a.trim())
    .filter(Boolean);
  const allowList = new AllowList(allowedAddresses);
  if (allowList.errors.length) throw new UsageError(`--allow: ${allowList.errors.join('; ')}`);
  let config: StatusPlan['config'];
  if (values.config !== undefined) {
    // only a regular file, up to the size limit: --config /dev/zero or a FIFO must not hang the command
    const r = readRegularFile(values.config, DEFAULT_MAX_FILE_BYTES);
    if (!r.ok) throw new UsageError(`cannot read --config ${values.config}: ${r.message}`);
    config = { path: values.config, text: r.text };
  }
  const heartbeatKey = values['heartbeat-key'] === undefined ? undefined : normalizeHeartbeatKey(values['heartbeat-key']);
  if (values['heartbeat-key'] !== undefined && heartbeatKey === undefined)
    throw new UsageError('--heartbeat-key needs a key name of 1 to 256 characters without control characters');
  const thresholds = thresholdOptions(values.threshold ?? []);
  const tls = checkedTls(values);
  const specs = specsFromSeeds(positionals, { user: values.user, tls, password: envPassword });
  if (values.history === '') throw new UsageError('--history needs a file name');
  const history = values.history;
  return { format: values.format, watchSeconds, timeoutMs, allowedAddresses, config, heartbeatKey, history, thresholds, specs };
}

/** `--threshold NAME=VALUE`: a known threshold and a number within its bounds, or a UsageError. */
export function thresholdOptions(options: readonly string[]): Partial<Thresholds> {
  const out: Record<string, number> = {};
  for (const o of options) {
    const eq = o.indexOf('=');
    const name = (eq < 0 ? o : o.slice(0, eq)).trim();
    if (!Object.hasOwn(DEFAULT_THRESHOLDS, name))
      throw new UsageError(`--threshold: unknown threshold '${name}' (known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')})`);
    const text = eq < 0 ? '' : o.slice(eq + 1).trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (thresholdIssues({ [name]: value }).length) {
      const max = THRESHOLD_MAXIMA[name as keyof Thresholds];
      throw new UsageError(`--threshold ${name} needs a number ${max === undefined ? '≥ 0' : `from 0 to ${max}`}, not '${text}'`);
    }
    out[name] = value;
  }
  return out as Partial<Thresholds>;
}

/** The TLS options, with a client certificate and its key given together and every PEM file readable. */
export function checkedTls(values: Parameters<typeof tlsFromOptions>[0]): TlsSettings | undefined {
  const tls = tlsFromOptions(values);
  if (!tls) return undefined;
  if (!!tls.cert !== !!tls.key)
    throw new UsageError(
      tls.cert ? '--cert needs --key (the private key of the client certificate)' : '--key needs --cert (the client certificate)',
    );
  for (const which of ['ca', 'cert', 'key'] as const) {
    const path = tls[which];
    if (!path) continue;
    const r = readRegularFile(path, DEFAULT_MAX_FILE_BYTES);
    if (!r.ok) throw new UsageError(`cannot read --${which} ${path}: ${r.message}`);
  }
  return tls;
}

/** One connection per seed, with --user, the TLS options and REDISCLI_AUTH where the seed names none; ids made unique. */
export function specsFromSeeds(seeds: string[], defaults: { user?: string; tls?: TlsSettings; password?: string }): ConnectionSpec[] {
  const specs: ConnectionSpec[] = [];
  for (const seed of seeds) {
    const spec = parseSeed(seed);
    if (defaults.user && !spec.username) spec.username = defaults.user;
    if (defaults.tls) spec.tls = { ...spec.tls, ...defaults.tls };
    if (spec.password === undefined && defaults.password) spec.password = defaults.password;
    let id = spec.id;
    for (let k = 2; specs.some((s) => s.id === id); k++) id = `${spec.id} (${k})`;
    spec.id = id;
    specs.push(spec);
  }
  return specs;
}

/**
 * --watch: a refresh every `seconds` until interrupted. The first Ctrl-C (or a
 * closed stdout) ends the loop at once, even in the middle of a refresh: the
 * caller then closes every connection, which ends that refresh. Returns the
 * exit code of the last snapshot printed (3 when none was).
 */
async function watch(io: CliIO, seconds: number, refresh: () => Promise<Snapshot>, print: (s: Snapshot) => void): Promise<number> {
  const interrupted = io.interrupted.then(() => undefined);
  let stop = false;
  void interrupted.then(() => (stop = true));
  let code: number = 3;
  while (!stop) {
    const started = Date.now();
    const pending = refresh();
    pending.catch(() => undefined);
    const snap = await Promise.race([pending, interrupted]);
    if (!snap || stop) break;
    print(snap);
    code = exitCode(snap);
    const wait = Math.max(0, seconds * 1000 - (Date.now() - started));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([interrupted, new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)))]);
    clearTimeout(timer);
  }
  return code;
}
