/**
 * `redis-ha exporter`: a long-running HTTP server (node:http) with the health
 * model as Prometheus metrics on /metrics. A scrape refreshes the model, at
 * most once per --min-interval however many scrapes arrive (concurrent scrapes
 * share the refresh in flight). It listens on a loopback address unless
 * --allow-remote says otherwise: the metrics name every node, group and seed of
 * the topology and the server has neither TLS nor authentication, so exposing
 * it is a decision to make, not a default. Requests are bounded (URL, headers,
 * no body, connections, time); SIGINT / SIGTERM close the server and every
 * connection to the nodes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import {
  AddressError,
  CONTENT_TYPES,
  HealthMonitor,
  SeedError,
  addFileDrift,
  escapeControl,
  failoverKey,
  formatAddress,
  parseAddress,
  renderMetrics,
  seedSecrets,
  type ExpositionFormat,
  type HostPort,
  type Snapshot,
} from '../health';
import { scrubbed, type CliIO } from './io';
import { STATUS_OPTIONS, UsageError, statusPlan, type StatusPlan } from './status';

export const EXPORTER_USAGE = `usage: redis-ha exporter [--listen HOST:PORT] [--allow-remote] [--min-interval MS]
                         [status options: --user --tls --ca --cert --key --servername --timeout
                          --allow --config --threshold] SEED...

Serves the health of the SEEDs' nodes, groups and clusters as Prometheus metrics until interrupted:
  /metrics  Prometheus text format 0.0.4, or OpenMetrics 1.0 when the Accept header asks for
            application/openmetrics-text. redis_exporter's metric names where the meaning is the same
            (redis_up, redis_connected_slaves, redis_master_link_up…, each with an addr="host:port" label),
            redis_ha_* for redis-ha's judgement (group health, findings, drift, failovers)
  /         a short page saying where the metrics are
  --listen HOST:PORT  where to listen (default 127.0.0.1:9121)
  --allow-remote      allow a non-loopback listen address; without it only 127.0.0.0/8, ::1 and
                      localhost are accepted (the metrics name the topology; there is no TLS nor auth)
  --min-interval MS   refresh at most once per MS milliseconds (default 1000); scrapes in between,
                      and scrapes during a refresh, get the same snapshot
Seeds and the other options are those of 'redis-ha status' (see redis-ha status --help).
`;

const DEFAULT_LISTEN = '127.0.0.1:9121';
export const MAX_URL_LENGTH = 2048;
export const MAX_CONNECTIONS = 64;
/** Failover counters kept for at most this many groups. */
const MAX_COUNTED_GROUPS = 10_000;

const { format: _format, watch: _watch, ...SHARED_OPTIONS } = STATUS_OPTIONS;
const EXPORTER_OPTIONS = {
  ...SHARED_OPTIONS,
  listen: { type: 'string', default: DEFAULT_LISTEN },
  'allow-remote': { type: 'boolean', default: false },
  'min-interval': { type: 'string' },
} as const;

/** True for 127.0.0.0/8, ::1, ::ffff:127.x and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false;
}

interface ExporterPlan {
  listen: HostPort;
  minIntervalMs: number;
  status: StatusPlan;
}

function exporterPlan(values: Record<string, unknown>, positionals: string[], envPassword: string | undefined): ExporterPlan {
  let listen: HostPort;
  try {
    listen = parseAddress(String(values.listen), 9121);
  } catch (e) {
    if (e instanceof AddressError) throw new UsageError(`--listen: ${e.message}`);
    throw e;
  }
  if (!values['allow-remote'] && !isLoopback(listen.host))
    throw new UsageError(
      `--listen ${formatAddress(listen.host, listen.port)} is not a loopback address; add --allow-remote to serve other hosts`,
    );
  let minIntervalMs = 1000;
  if (values['min-interval'] !== undefined) {
    minIntervalMs = Number(values['min-interval']);
    if (!Number.isInteger(minIntervalMs) || minIntervalMs < 0 || minIntervalMs > 3_600_000)
      throw new UsageError(`--min-interval needs milliseconds from 0 to 3600000, not '${values['min-interval']}'`);
  }
  const status = statusPlan({ ...(values as object), format: 'text' } as Parameters<typeof statusPlan>[0], positionals, envPassword);
  return { listen, minIntervalMs, status };
}

/**
 * Refresh on demand: a snapshot younger than minIntervalMs is served again,
 * a refresh in flight is shared. Counts the failovers each refresh noticed.
 */
export class Scraper {
  private last?: { snap: Snapshot; at: number };
  private inflight?: Promise<Snapshot>;
  readonly failovers = new Map<string, number>();
  refreshes = 0;

  constructor(
    private readonly refresh: () => Promise<Snapshot>,
    private readonly minIntervalMs: number,
  ) {}

  get(): Promise<Snapshot> {
    if (this.inflight) return this.inflight;
    if (this.last && Date.now() - this.last.at < this.minIntervalMs) return Promise.resolve(this.last.snap);
    const p = this.refresh().then((snap) => {
      this.refreshes++;
      for (const e of snap.events) {
        const g = snap.groups.find((x) => x.id === e.group);
        const key = failoverKey(e.connection, g?.name ?? e.group);
        if (this.failovers.has(key) || this.failovers.size < MAX_COUNTED_GROUPS)
          this.failovers.set(key, (this.failovers.get(key) ?? 0) + 1);
      }
      this.last = { snap, at: Date.now() };
      return snap;
    });
    this.inflight = p;
    const clear = () => {
      if (this.inflight === p) this.inflight = undefined;
    };
    p.then(clear, clear);
    return p;
  }
}

/** OpenMetrics when the Accept header names it (as Prometheus does), else the 0.0.4 text format. */
export function negotiate(accept: string | undefined): ExpositionFormat {
  return accept && /application\/openmetrics-text/i.test(accept) ? 'openmetrics' : 'prometheus';
}

const INDEX_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>redis-ha exporter</title></head>
<body><h1>redis-ha exporter</h1><p>Replication health of Redis / Valkey nodes as Prometheus metrics: <a href="/metrics">/metrics</a></p></body></html>
`;

function reply(res: ServerResponse, status: number, type: string, body: string, head: boolean, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
  res.end(head ? undefined : body);
}

function handler(scraper: Scraper, onError: (e: unknown) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const head = req.method === 'HEAD';
    const text = 'text/plain; charset=utf-8';
    const url = req.url ?? '';
    if (url.length > MAX_URL_LENGTH) return reply(res, 414, text, 'URI too long\n', head, { Connection: 'close' });
    if (req.method !== 'GET' && !head)
      return reply(res, 405, text, 'only GET and HEAD\n', false, { Allow: 'GET, HEAD', Connection: 'close' });
    // no request has a body: one announced is refused and the connection closed unread
    if (req.headers['transfer-encoding'] || Number(req.headers['content-length'] ?? 0) > 0)
      return reply(res, 413, text, 'no request body expected\n', head, { Connection: 'close' });
    const path = url.split('?')[0];
    if (path === '/') return reply(res, 200, 'text/html; charset=utf-8', INDEX_PAGE, head);
    if (path !== '/metrics') return reply(res, 404, text, 'not found: try /metrics\n', head);
    const format = negotiate(req.headers.accept);
    scraper.get().then(
      (snap) => {
        const body = renderMetrics(snap, format, { failovers: scraper.failovers });
        reply(res, 200, CONTENT_TYPES[format], body, head);
      },
      (e) => {
        onError(e);
        reply(res, 500, text, 'the refresh failed\n', head);
      },
    );
  };
}

/** Starts the bounded HTTP server; resolves once it listens (rejects on EADDRINUSE…). */
export function startExporterServer(scraper: Scraper, listen: HostPort, onError: (e: unknown) => void): Promise<Server> {
  const server = createServer(
    { maxHeaderSize: 8192, requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 },
    handler(scraper, onError),
  );
  server.maxConnections = MAX_CONNECTIONS;
  server.maxHeadersCount = 64;
  server.maxRequestsPerSocket = 1000;
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    const status = e.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: listen.host, port: listen.port }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export async function runExporter(args: string[], rawIO: CliIO): Promise<number> {
  const io = scrubbed(rawIO, [...args.flatMap(seedSecrets), ...(rawIO.env.REDISCLI_AUTH ? [rawIO.env.REDISCLI_AUTH] : [])]);
  const usageError = (m: string) => {
    io.stderr(`redis-ha exporter: ${escapeControl(m)}\n\n${EXPORTER_USAGE}`);
    return 3;
  };
  let plan: ExporterPlan;
  try {
    const parsed = parseArgs({ args, allowPositionals: true, options: EXPORTER_OPTIONS });
    if (parsed.values.help) {
      io.stdout(EXPORTER_USAGE);
      return 0;
    }
    plan = exporterPlan(parsed.values, parsed.positionals, io.env.REDISCLI_AUTH);
  } catch (e) {
    if (e instanceof UsageError || e instanceof SeedError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      return usageError((e as Error).message);
    throw e;
  }
  // the signal handlers go in before the server listens: a SIGTERM from then on is a clean stop
  const interrupted = io.interrupted;
  const { status } = plan;
  const monitor = new HealthMonitor(status.specs, {
    timeoutMs: status.timeoutMs,
    allowedAddresses: status.allowedAddresses,
    thresholds: status.thresholds,
  });
  const scraper = new Scraper(async () => {
    const snap = await monitor.refresh();
    if (status.config) await addFileDrift(monitor, snap, status.config.text, status.config.path);
    return snap;
  }, plan.minIntervalMs);
  const onError = (e: unknown) =>
    io.stderr(`redis-ha exporter: refresh failed: ${escapeControl(e instanceof Error ? e.message : String(e))}\n`);
  let server: Server;
  try {
    server = await startExporterServer(scraper, plan.listen, onError);
  } catch (e) {
    monitor.dispose();
    io.stderr(
      `redis-ha exporter: cannot listen on ${formatAddress(plan.listen.host, plan.listen.port)}: ${escapeControl((e as Error).message)}\n`,
    );
    return 2;
  }
  const where = server.address();
  const shown =
    where && typeof where === 'object' ? formatAddress(where.address, where.port) : formatAddress(plan.listen.host, plan.listen.port);
  io.stderr(`redis-ha exporter: listening on http://${shown}/metrics\n`);
  await interrupted;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  monitor.dispose();
  io.stderr('redis-ha exporter: stopped\n');
  return 0;
}
