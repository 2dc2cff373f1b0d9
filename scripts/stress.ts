/**
 * npm run stress: the language server and the status loop held under load for
 * minutes — not part of `npm test` or CI.
 *
 *   npm run stress -- [--minutes 3] [--edits 100000] [--max-growth-mb 256] [--no-build]
 *
 * 1. dist/server.js (over stdio, as VS Code speaks to it) gets random edits —
 *    incremental changes (1 to 8 per didChange, as typing sends them) and now
 *    and then a full sync, on three documents (the 100 KB stock redis.conf one
 *    time in ten, a sentinel.conf, a valkey.conf) — with hover, completion and
 *    document symbols asked every 25 edits, a document closed and reopened
 *    every 5,000 edits; at least --edits edits, and edits go on until the time is up.
 * 2. `dist/cli.js status --watch 0.5 --format json` runs against a flapping group
 *    of real redis-server processes on 127.0.0.1 free ports: a primary and two
 *    replicas; one replica is killed and restarted, the other SIGSTOPped and
 *    SIGCONTed, in turns, for --minutes.
 * Reports the RSS of the server and the CLI at the start (after a warm-up) and
 * at the end, the edits made and the status rounds read. Exit 1 when the server
 * or the CLI exited, an edit went unanswered, the server logged an error, the
 * status loop stopped reporting, or the server's RSS grew by more than
 * --max-growth-mb. Every process it started is stopped by its PID — also on
 * Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT, startServer as startLsp, type TestServer } from '../test/support/lsp';
import { randomConfig, rng } from '../test/support/navigation';
import { startServer as startRedis, type RunningServer } from '../test/support/redis';
import { ask, parseInfo, waitFor } from '../test/support/topology';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    edits: { type: 'string', default: '100000' },
    'max-growth-mb': { type: 'string', default: '256' },
    seed: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const MINUTES = Number(values.minutes);
const EDITS = Number(values.edits);
const MAX_GROWTH_MB = Number(values['max-growth-mb']);
const SEED = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
if (!(MINUTES > 0) || !(EDITS >= 0) || !(MAX_GROWTH_MB > 0) || !Number.isFinite(SEED)) {
  console.error('usage: npm run stress -- [--minutes N] [--edits N] [--max-growth-mb N] [--seed N] [--no-build]');
  process.exit(2);
}

// ------------------------------------------------------------------ every process, by PID

const started = new Set<ChildProcess>();
const dirs = new Set<string>();
function killAllSync() {
  for (const c of started) {
    if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) continue;
    try {
      process.kill(c.pid, 'SIGCONT');
      process.kill(c.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
process.once('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping every process started`);
    killAllSync();
    process.exit(130);
  });
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : NaN;
  } catch {
    return NaN;
  }
}

const failures: string[] = [];
const fail = (why: string) => {
  if (!failures.includes(why)) failures.push(why);
  console.error(`FAIL: ${why}`);
};
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

function within<T>(p: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

// ------------------------------------------------------------------ the flapping group

async function redisNode(config = '', port?: number): Promise<RunningServer> {
  const s = await startRedis({ config, port });
  started.add(s.child);
  dirs.add(s.dir);
  return s;
}

async function onlineReplicas(primaryPort: number): Promise<number> {
  const info = parseInfo(await ask(primaryPort, (r) => r.info('replication'), { timeoutMs: 1000 }));
  return Object.entries(info).filter(([k, v]) => /^slave\d+$/.test(k) && v.includes('state=online')).length;
}

async function flap(primary: RunningServer, replicas: RunningServer[], until: number, stats: { kills: number; stops: number }) {
  const r = rng(SEED ^ 0x5eed);
  let turn = 0;
  while (Date.now() < until) {
    const pause = 1000 + Math.floor(r() * 3000); // how long a node stays down: the fault itself
    if (turn++ % 2 === 0) {
      // kill one replica and start it again on its port
      const victim = replicas[0];
      await victim.stop();
      started.delete(victim.child);
      stats.kills++;
      await new Promise((res) => setTimeout(res, pause));
      replicas[0] = await redisNode(`replicaof 127.0.0.1 ${primary.port}`, victim.port);
    } else {
      // freeze the other one
      const frozen = replicas[1];
      process.kill(frozen.pid, 'SIGSTOP');
      stats.stops++;
      await new Promise((res) => setTimeout(res, pause));
      process.kill(frozen.pid, 'SIGCONT');
    }
    // the group heals before the next fault: both replicas back online
    await waitFor('both replicas online again', async () => (await onlineReplicas(primary.port)) === replicas.length, {
      timeoutMs: 60_000,
      intervalMs: 100,
    }).catch((e: Error) => fail(e.message));
  }
}

// ------------------------------------------------------------------ the status loop

function statusLoop(primaryPort: number) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'cli.js'), 'status', '--format', 'json', '--watch', '0.5', '--timeout', '1000', `redis://127.0.0.1:${primaryPort}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started.add(child);
  const stats = { rounds: 0, degraded: 0, lastAt: Date.now(), exited: undefined as string | undefined };
  let buf = '';
  child.stdout!.on('data', (b: Buffer) => {
    buf += b.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        const s = JSON.parse(line) as { nodes?: Array<{ state?: string }>; groups?: unknown };
        stats.rounds++;
        stats.lastAt = Date.now();
        if (/"state":"(unreachable|syncing|loading)"/.test(line) || /"health":"error"/.test(line)) stats.degraded++;
        void s;
      } catch {
        fail(`status printed a line that is not JSON: ${line.slice(0, 200)}`);
      }
    }
  });
  child.stderr!.on('data', () => undefined);
  child.once('exit', (code, signal) => (stats.exited = `status exited (code ${code}, signal ${signal})`));
  return { child, stats };
}

// ------------------------------------------------------------------ the editor

interface Doc {
  uri: string;
  languageId: string;
  initial: string;
  doc: TextDocument;
}

async function editLoop(
  server: TestServer,
  until: number,
  stats: { edits: number; notifications: number; requests: number; reopens: number },
  onWarm: () => void,
) {
  const r = rng(SEED);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const stock = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');
  const docs: Doc[] = [
    { uri: 'file:///stress/redis.conf', languageId: 'redis-conf', initial: stock, doc: undefined as unknown as TextDocument },
    {
      uri: 'file:///stress/sentinel.conf',
      languageId: 'sentinel-conf',
      initial: 'sentinel monitor mymaster 127.0.0.1 6379 2\nsentinel down-after-milliseconds mymaster 5000\n',
      doc: undefined as unknown as TextDocument,
    },
    {
      uri: 'file:///stress/valkey.conf',
      languageId: 'redis-conf',
      initial: randomConfig(r, 40),
      doc: undefined as unknown as TextDocument,
    },
  ];
  const open = (d: Doc) => {
    d.doc = TextDocument.create(d.uri, d.languageId, 1, d.initial);
    server.open(d.uri, d.languageId, d.initial, 1);
  };
  docs.forEach(open);
  let warm = false;
  let nextQuestion = 25,
    nextReopen = 5000,
    nextLog = 10_000;
  while (stats.edits < EDITS || Date.now() < until) {
    // the 100 KB stock file one time in ten (each change re-analyses it all), the small files otherwise
    const d = r() < 0.1 ? docs[0] : docs[1 + Math.floor(r() * 2)];
    // 1 to 8 changes in one notification, as an editor sends them when typing fast
    const changes: Array<{
      range?: { start: { line: number; character: number }; end: { line: number; character: number } };
      text: string;
    }> = [];
    const n = 1 + Math.floor(r() * 8);
    for (let i = 0; i < n; i++) {
      const text = d.doc.getText();
      let change: (typeof changes)[number];
      if (text.length > 400_000 || r() < 0.002) {
        change = { text: r() < 0.5 ? d.initial : randomConfig(r, 60) }; // a full sync now and then keeps the size bounded
      } else {
        const at = Math.floor(r() * (text.length + 1));
        const del = r() < 0.5 ? 0 : Math.floor(r() * 40);
        const insert =
          r() < 0.3
            ? randomConfig(r, 3)
            : pick(['', ' ', '\n', '"', '#', 'yes', 'no', '1gb', 'save 60 1\n', 'appendonly ', '\t', 'é', '\r\n', 'x']);
        change = { range: { start: d.doc.positionAt(at), end: d.doc.positionAt(Math.min(text.length, at + del)) }, text: insert };
      }
      // applied one by one, as the server applies them: each range is in terms of the text before it
      d.doc = TextDocument.update(d.doc, [change], d.doc.version);
      changes.push(change);
    }
    d.doc = TextDocument.update(d.doc, [], d.doc.version + 1);
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: d.uri, version: d.doc.version },
      contentChanges: changes,
    });
    stats.edits += n;
    stats.notifications++;
    if (stats.edits >= nextQuestion) {
      nextQuestion += 25;
      // a question after every 25 edits: the server must keep up (and this paces the edits)
      const p = d.doc.positionAt(Math.floor(r() * (d.doc.getText().length + 1)));
      const method = pick(['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol']);
      await within(server.request(method, d.uri, method === 'textDocument/documentSymbol' ? {} : { position: p }), method);
      stats.requests++;
    }
    if (stats.edits >= nextReopen) {
      nextReopen += 5000;
      // close one document and open it again: its state must be freed and rebuilt
      const c = pick(docs);
      void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: c.uri } });
      open(c);
      stats.reopens++;
    }
    if (!warm && stats.edits >= 5000) {
      warm = true;
      onWarm();
    }
    if (stats.edits >= nextLog && (nextLog += 10_000)) log(`${stats.edits} edits, server RSS ${rssMb(server.child.pid)} MB`);
  }
  // settle: the diagnostics of every document's last version
  for (const d of docs) {
    const version = d.doc.version;
    const last = server.diagnostics(d.uri, (p) => p.version === version);
    const check = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' };
    d.doc = TextDocument.update(d.doc, [check], version + 1);
    const settled = server.diagnostics(d.uri, (p) => p.version === version + 1);
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: d.uri, version: version + 1 },
      contentChanges: [check],
    });
    void last;
    await within(settled, `diagnostics of ${d.uri}`);
  }
}

// ------------------------------------------------------------------ main

async function main() {
  if (!values['no-build']) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) process.exit(1);
  }
  log(`seed ${SEED}; ${MINUTES} min, at least ${EDITS} edits; bound: the server's RSS may grow by ${MAX_GROWTH_MB} MB`);
  const primary = await redisNode();
  const replicas = [await redisNode(`replicaof 127.0.0.1 ${primary.port}`), await redisNode(`replicaof 127.0.0.1 ${primary.port}`)];
  await waitFor('the replicas in sync', async () => (await onlineReplicas(primary.port)) === 2, { timeoutMs: 30_000 });
  log(`group: primary ${primary.port} (pid ${primary.pid}), replicas ${replicas.map((x) => `${x.port} (pid ${x.pid})`).join(', ')}`);

  const server = await startLsp({ targetVersion: 'auto' });
  started.add(server.child);
  let serverExit: string | undefined;
  server.child.once('exit', (code, signal) => (serverExit = `the language server exited (code ${code}, signal ${signal})`));
  const logged: string[] = [];
  server.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
    if (m.type === 1) logged.push(m.message);
  });
  const status = statusLoop(primary.port);
  log(`language server pid ${server.child.pid}, status loop pid ${status.child.pid}`);

  const t0 = Date.now();
  const until = t0 + MINUTES * 60_000;
  const editStats = { edits: 0, notifications: 0, requests: 0, reopens: 0 };
  const flapStats = { kills: 0, stops: 0 };
  const rss = { serverStart: NaN, cliStart: NaN, serverPeak: 0, cliPeak: 0 };
  const sampler = setInterval(() => {
    rss.serverPeak = Math.max(rss.serverPeak, rssMb(server.child.pid) || 0);
    rss.cliPeak = Math.max(rss.cliPeak, rssMb(status.child.pid) || 0);
    if (Date.now() - status.stats.lastAt > 15_000) fail(`no status round for ${Math.round((Date.now() - status.stats.lastAt) / 1000)} s`);
  }, 1000);
  const warmed = () => {
    rss.serverStart = rssMb(server.child.pid);
    rss.cliStart = rssMb(status.child.pid);
    log(`start (after 5,000 edits): server RSS ${rss.serverStart} MB, status RSS ${rss.cliStart} MB`);
  };

  await Promise.all([
    editLoop(server, until, editStats, warmed).catch((e: Error) => fail(`edits: ${e.message}`)),
    flap(primary, replicas, until, flapStats).catch((e: Error) => fail(`flapping: ${e.message}`)),
  ]);
  clearInterval(sampler);
  const end = { server: rssMb(server.child.pid), cli: rssMb(status.child.pid) };
  const seconds = Math.round((Date.now() - t0) / 1000);
  if (serverExit) fail(serverExit);
  if (status.stats.exited) fail(status.stats.exited);
  if (logged.length) fail(`the server logged ${logged.length} error(s), the first: ${logged[0].slice(0, 300)}`);
  if (status.stats.rounds < 2) fail('the status loop reported fewer than 2 rounds');
  const growth = end.server - rss.serverStart;
  if (!(growth <= MAX_GROWTH_MB)) fail(`the server's RSS grew by ${Math.round(growth)} MB (bound ${MAX_GROWTH_MB} MB)`);

  const report = {
    seed: SEED,
    seconds,
    edits: editStats.edits,
    notifications: editStats.notifications,
    requests: editStats.requests,
    reopens: editStats.reopens,
    statusRounds: status.stats.rounds,
    degradedRounds: status.stats.degraded,
    replicaKills: flapStats.kills,
    replicaStops: flapStats.stops,
    serverRssMb: { start: rss.serverStart, end: end.server, peak: rss.serverPeak },
    statusRssMb: { start: rss.cliStart, end: end.cli, peak: rss.cliPeak },
    ok: failures.length === 0,
  };
  console.log(
    `\nstress: ${report.edits} edits in ${report.notifications} didChange notifications (${report.requests} requests, ${report.reopens} reopens) and ${report.statusRounds} status rounds ` +
      `(${report.degradedRounds} with a node down or syncing) in ${seconds} s; ${report.replicaKills} replica kills, ${report.replicaStops} SIGSTOPs`,
  );
  console.log(
    `server RSS: ${rss.serverStart} MB at start, ${end.server} MB at end (peak ${rss.serverPeak} MB); status RSS: ${rss.cliStart} → ${end.cli} MB (peak ${rss.cliPeak} MB)`,
  );
  console.log(JSON.stringify(report));
  await server.stop().catch(() => undefined);
  killAllSync();
  if (failures.length) {
    console.error(`\nstress FAILED:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  console.log('stress passed');
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  killAllSync();
  process.exit(1);
});
