/**
 * Real Redis topologies on 127.0.0.1 for live tests, benchmarks and the demo:
 * a Sentinel group (a primary, its replicas, three Sentinels) and a Redis
 * Cluster (primaries with replicas, made by `redis-cli --cluster create`).
 * Every process is started on a free port and stopped by PID; readiness is
 * read from the servers themselves (INFO, SENTINEL, CLUSTER INFO), polled
 * until the condition holds or a deadline passes — never a fixed sleep.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { freePort, startServer, type RunningServer } from './redis';

export const REDIS_CLI = process.env.REDIS_CLI_BIN ?? 'redis-cli';

/** A short-lived connection for one question; never retries, never throws on connect. */
export async function ask<T>(
  port: number,
  fn: (r: Redis) => Promise<T>,
  opts: { password?: string; timeoutMs?: number; user?: string; tls?: TestTls } = {},
): Promise<T> {
  const r = new Redis({
    ...(opts.tls ? { tls: { ca: readFileSync(`${opts.tls.dir}/ca.crt`) } } : {}),
    // no ready check: it would wait for a node loading its dataset to finish
    host: '127.0.0.1',
    port,
    username: opts.user,
    password: opts.password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: opts.timeoutMs ?? 2000,
    commandTimeout: opts.timeoutMs ?? 2000,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

/** `INFO <section>` as a field map. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export interface SentinelGroup {
  masterName: string;
  primary: RunningServer;
  replicas: RunningServer[];
  sentinels: RunningServer[];
  /** Every process of the group, data nodes first. */
  all(): RunningServer[];
  /** Stops every process that is still running (by PID) and removes their directories. */
  stop(): Promise<void>;
}

export interface SentinelGroupOptions {
  masterName?: string;
  replicas?: number;
  sentinels?: number;
  quorum?: number;
  /** sentinel down-after-milliseconds (default 1000, so failovers in tests take seconds). */
  downAfterMs?: number;
  failoverTimeoutMs?: number;
  /** Extra redis.conf lines for every data node (e.g. 'enable-debug-command local'). */
  nodeConfig?: string;
  /** requirepass/masterauth on the data nodes and auth-pass on the Sentinels. */
  password?: string;
  /** TLS only, everywhere (port 0, tls-port, tls-replication): the certificates of test/support/tls.ts. */
  tls?: TestTls;
}

/** A directory holding ca.crt, node.crt and node.key (test/support/tls.ts makeCerts). */
export interface TestTls {
  dir: string;
}

/** The lines that make a server (or a Sentinel) listen on `port` with TLS only and replicate over TLS. */
function tlsLines(t: TestTls | undefined, port: number): string {
  if (!t) return '';
  return `port 0\ntls-port ${port}\ntls-cert-file ${t.dir}/node.crt\ntls-key-file ${t.dir}/node.key\ntls-ca-cert-file ${t.dir}/ca.crt\ntls-auth-clients no\ntls-replication yes\n`;
}

/** Starts a primary, its replicas and Sentinels monitoring it; resolves when every Sentinel sees them all. */
export async function startSentinelGroup(opts: SentinelGroupOptions = {}): Promise<SentinelGroup> {
  const masterName = opts.masterName ?? 'mymaster';
  const nReplicas = opts.replicas ?? 2;
  const nSentinels = opts.sentinels ?? 3;
  const quorum = opts.quorum ?? Math.floor(nSentinels / 2) + 1;
  const auth = opts.password ? `requirepass ${opts.password}\nmasterauth ${opts.password}\n` : '';
  const started: RunningServer[] = [];
  const group: SentinelGroup = {
    masterName,
    primary: undefined as unknown as RunningServer,
    replicas: [],
    sentinels: [],
    all: () => [group.primary, ...group.replicas, ...group.sentinels].filter(Boolean),
    stop: async () => {
      await Promise.all(started.map((s) => s.stop()));
    },
  };
  try {
    const node = async (extra = '') => {
      const port = await freePort();
      const s = await startServer({ port, config: `${auth}${opts.nodeConfig ?? ''}\n${tlsLines(opts.tls, port)}${extra}` });
      started.push(s);
      return s;
    };
    group.primary = await node();
    const primaryPort = group.primary.port;
    group.replicas = await Promise.all(Array.from({ length: nReplicas }, () => node(`replicaof 127.0.0.1 ${primaryPort}`)));
    await waitFor('the replicas to be in sync', () =>
      ask(
        primaryPort,
        async (r) => {
          const info = parseInfo(await r.info('replication'));
          const online = Object.entries(info).filter(([k, v]) => /^slave\d+$/.test(k) && v.includes('state=online')).length;
          return online === nReplicas;
        },
        { password: opts.password, tls: opts.tls },
      ),
    );
    const sentinelConf = [
      `sentinel monitor ${masterName} 127.0.0.1 ${primaryPort} ${quorum}`,
      `sentinel down-after-milliseconds ${masterName} ${opts.downAfterMs ?? 1000}`,
      `sentinel failover-timeout ${masterName} ${opts.failoverTimeoutMs ?? 10_000}`,
      `sentinel parallel-syncs ${masterName} 1`,
      opts.password ? `sentinel auth-pass ${masterName} ${opts.password}` : '',
    ].join('\n');
    group.sentinels = await Promise.all(
      Array.from({ length: nSentinels }, async () => {
        const port = await freePort();
        const s = await startServer({ sentinel: true, port, config: `${sentinelConf}\n${tlsLines(opts.tls, port)}` });
        started.push(s);
        return s;
      }),
    );
    for (const s of group.sentinels) {
      await waitFor(
        `Sentinel ${s.port} to see ${nReplicas} replicas and ${nSentinels - 1} other Sentinels`,
        () =>
          ask(
            s.port,
            async (r) => {
              const replicas = (await r.call('SENTINEL', 'REPLICAS', masterName)) as unknown[];
              const sentinels = (await r.call('SENTINEL', 'SENTINELS', masterName)) as unknown[];
              return replicas.length === nReplicas && sentinels.length === nSentinels - 1;
            },
            { tls: opts.tls },
          ),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    }
    return group;
  } catch (e) {
    await group.stop();
    throw e;
  }
}

/** The primary's address as the Sentinel at `sentinelPort` reports it. */
export async function sentinelPrimary(sentinelPort: number, masterName: string, tls?: TestTls): Promise<{ host: string; port: number }> {
  const [host, port] = (await ask(sentinelPort, (r) => r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName), { tls })) as [
    string,
    string,
  ];
  return { host, port: Number(port) };
}

export interface RedisClusterTopology {
  nodes: RunningServer[];
  /** Ports of the nodes created as primaries, in slot order (as --cluster create assigns them). */
  primaryPorts: number[];
  all(): RunningServer[];
  stop(): Promise<void>;
}

/**
 * Starts `primaries × (1 + replicasPerPrimary)` cluster nodes and joins them
 * with `redis-cli --cluster create`; resolves when every node reports
 * cluster_state:ok and knows every other node.
 */
export async function startCluster(
  opts: { primaries?: number; replicasPerPrimary?: number; nodeTimeoutMs?: number; nodeConfig?: string } = {},
): Promise<RedisClusterTopology> {
  const nPrimaries = opts.primaries ?? 3;
  const perPrimary = opts.replicasPerPrimary ?? 1;
  const total = nPrimaries * (1 + perPrimary);
  const nodes: RunningServer[] = [];
  const topo: RedisClusterTopology = {
    nodes,
    primaryPorts: [],
    all: () => nodes,
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
  try {
    // cluster bus ports are port + 10000: pick ports whose bus port is free too
    const ports: number[] = [];
    while (ports.length < total) {
      const p = await freePort();
      if (p + 10000 > 65535 || ports.includes(p)) continue;
      if (await portFree(p + 10000)) ports.push(p);
    }
    const conf = `cluster-enabled yes\ncluster-config-file nodes.conf\ncluster-node-timeout ${opts.nodeTimeoutMs ?? 2000}\nappendonly no\n${opts.nodeConfig ?? ''}`;
    nodes.push(...(await Promise.all(ports.map((port) => startServer({ port, config: conf })))));
    const args = ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(perPrimary), '--cluster-yes'];
    const out = await run(REDIS_CLI, args, 60_000);
    if (out.code !== 0) throw new Error(`redis-cli --cluster create failed (${out.code}):\n${out.output}`);
    for (const n of nodes) {
      await waitFor(
        `cluster node ${n.port} to report cluster_state:ok with ${total} nodes`,
        () =>
          ask(n.port, async (r) => {
            const info = parseInfo((await r.call('CLUSTER', 'INFO')) as string);
            return info.cluster_state === 'ok' && Number(info.cluster_known_nodes) === total;
          }),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    }
    // every replica attached to its primary
    await waitFor(
      'every cluster replica to be in sync',
      async () => {
        let synced = 0;
        const primaries: number[] = [];
        for (const n of nodes) {
          const info = parseInfo(await ask(n.port, (r) => r.info('replication')));
          if (info.role === 'master') primaries.push(n.port);
          else if (info.master_link_status === 'up') synced++;
        }
        topo.primaryPorts = primaries;
        return synced === total - nPrimaries && primaries.length === nPrimaries;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    return topo;
  } catch (e) {
    await topo.stop();
    throw e;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code: code ?? 1, output });
    });
    child.on('error', (e) => {
      clearTimeout(t);
      resolve({ code: 1, output: String(e) });
    });
  });
}
