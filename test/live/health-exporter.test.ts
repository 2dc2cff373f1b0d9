/**
 * Feeding existing monitoring, on a real primary + replica:
 * - `redis-ha status --format openmetrics` and `--format nagios`: output and exit code;
 * - `redis-ha exporter` as a child process (dist/cli.js): /metrics in both
 *   formats, concurrent scrapes sharing one refresh, the HTTP bounds, a clean
 *   exit on SIGTERM that closes its connections to the nodes;
 * - Debian's prometheus package: `promtool check metrics` accepts a scrape, and
 *   a real Prometheus on 127.0.0.1 scrapes the exporter every second; through
 *   its HTTP API, redis_up is 1 for both nodes and the awesome-prometheus-alerts
 *   rule "Redis replication broken" (delta(redis_connected_slaves[1m]) < 0) is
 *   quiet, then fires once the replica is stopped — as an expression and as a
 *   loaded alerting rule.
 * CI installs prometheus (.ci/run): a missing binary fails this suite rather
 * than skipping it.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, runCli } from '../support/cli';
import { freePort, missingBinaries, startServer, stopProcess, tempDir, type RunningServer } from '../support/redis';
import { ask, parseInfo, waitFor } from '../support/topology';

const skip = missingBinaries();
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? 'prometheus';
const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';
/** The awesome-prometheus-alerts rule "Redis replication broken" (oliver006/redis_exporter section). */
const REPLICATION_BROKEN = 'delta(redis_connected_slaves[1m]) < 0';
/** "Redis missing master". */
const MISSING_MASTER = '(count(redis_instance_info{role="master"}) or vector(0)) < 1';

interface Spawned {
  child: ChildProcess;
  output: () => string;
}

/** Starts a long-running child and resolves once its output matches `ready`; kills it and rejects after the deadline. */
function spawnUntil(cmd: string, args: string[], ready: RegExp, timeoutMs = 20_000): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDISCLI_AUTH: '' } });
    let out = '';
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} did not become ready within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (b: Buffer) => {
      out += b;
      if (ready.test(out)) {
        clearTimeout(guard);
        resolve({ child, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(guard);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(guard);
      reject(new Error(`${cmd} exited (${code}) before it was ready:\n${out}`));
    });
  });
}

/** A raw HTTP exchange, for requests fetch will not send (a GET with a body). */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(request));
    let got = '';
    s.on('data', (b) => (got += b));
    s.on('end', () => resolve(got));
    s.on('error', reject);
    s.setTimeout(10_000, () => {
      s.destroy();
      reject(new Error(`no answer to ${JSON.stringify(request.slice(0, 40))}`));
    });
  });
}

/** A Prometheus HTTP API query; returns the result vector. */
async function query(port: number, expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await r.json()) as { status: string; data: { resultType: string; result: [] }; error?: string };
  assert.equal(body.status, 'success', body.error);
  return body.data.result;
}

describe('monitoring output of a real primary + replica', { skip }, () => {
  let primary: RunningServer;
  let replica: RunningServer;
  let seed: string;
  before(async () => {
    primary = await startServer();
    replica = await startServer({ config: `replicaof 127.0.0.1 ${primary.port}` });
    seed = `redis://127.0.0.1:${primary.port}`;
    await waitFor('the replica link up', () =>
      ask(replica.port, async (r) => parseInfo(String(await r.call('INFO', 'replication'))).master_link_status === 'up'),
    );
  });
  after(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  test('status --format openmetrics: the topology as metrics, ending with # EOF; exit 0', async () => {
    const r = await runCli(['status', '--format', 'openmetrics', seed]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(r.stdout.endsWith('\n# EOF\n'), r.stdout.slice(-200));
    const p = `addr="127.0.0.1:${primary.port}",connection="${seed}",group="127.0.0.1:${primary.port}"`;
    const q = `addr="127.0.0.1:${replica.port}",connection="${seed}",group="127.0.0.1:${primary.port}"`;
    for (const line of [
      `redis_up{${p}} 1`,
      `redis_up{${q}} 1`,
      `redis_connected_slaves{${p}} 1`,
      `redis_master_link_up{${q},master_host="127.0.0.1",master_port="${primary.port}"} 1`,
      `redis_ha_group_health{connection="${seed}",group="127.0.0.1:${primary.port}",kind="replication"} 0`,
    ])
      assert.ok(r.stdout.split('\n').includes(line), `missing: ${line}\n${r.stdout}`);
    assert.match(r.stdout, new RegExp(`^redis_instance_info\\{${p.replace(/[.]/g, '\\.')},role="master",redis_version="7\\.`, 'm'));
  });

  test('status --format nagios: one OK line with lag perf data; exit 0', async () => {
    const r = await runCli(['status', '--format', 'nagios', seed]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^REDIS-HA OK - 2\/2 nodes answered, 1 group\(s\) \| 'nodes_answered'=2;;;0;2 'findings'=0;;;0 'refresh_time'=[0-9.]+s;;;0 /,
    );
    assert.match(r.stdout, /'lag_bytes'=\d+B;1048576;67108864 'lag_seconds'=\d+s;5;30 /);
    assert.match(r.stdout, new RegExp(`'127\\.0\\.0\\.1:${replica.port}_lag_bytes'=\\d+B;1048576;67108864`));
    assert.equal(r.stdout.split('\n').length, 2);
  });

  describe('the exporter, promtool and a real Prometheus', () => {
    let exporter: Spawned;
    let exporterPort: number;
    let prometheus: Spawned | undefined;
    let promDir: string | undefined;
    before(async () => {
      exporterPort = await freePort();
      exporter = await spawnUntil(
        process.execPath,
        [CLI, 'exporter', '--listen', `127.0.0.1:${exporterPort}`, '--min-interval', '500', '--timeout', '1000', seed],
        /listening on http:\/\/127\.0\.0\.1:\d+\/metrics/,
      );
    });
    after(async () => {
      if (prometheus) await stopProcess(prometheus.child, 'SIGTERM');
      if (exporter) await stopProcess(exporter.child);
      if (promDir) rmSync(promDir, { recursive: true, force: true });
    });

    test('the first, concurrent scrapes share one refresh', async () => {
      // the first scrapes the exporter gets: one refresh starts, the others wait for it
      const bodies = await Promise.all(
        Array.from({ length: 8 }, () => fetch(`http://127.0.0.1:${exporterPort}/metrics`).then((r) => r.text())),
      );
      const stamps = new Set(bodies.map((b) => /^redis_ha_refresh_timestamp_seconds (\S+)$/m.exec(b)?.[1]));
      assert.equal(stamps.size, 1, [...stamps].join(', '));
    });

    test('/metrics: the 0.0.4 text format by default, OpenMetrics when asked; / and the HTTP bounds', async () => {
      const plain = await fetch(`http://127.0.0.1:${exporterPort}/metrics`);
      assert.equal(plain.status, 200);
      assert.equal(plain.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const text = await plain.text();
      assert.match(text, new RegExp(`^redis_up\\{addr="127\\.0\\.0\\.1:${replica.port}",.*\\} 1$`, 'm'));
      assert.ok(!text.includes('# EOF'));
      const om = await fetch(`http://127.0.0.1:${exporterPort}/metrics`, {
        headers: { accept: 'application/openmetrics-text;version=1.0.0' },
      });
      assert.equal(om.headers.get('content-type'), 'application/openmetrics-text; version=1.0.0; charset=utf-8');
      assert.ok((await om.text()).endsWith('# EOF\n'));
      const index = await fetch(`http://127.0.0.1:${exporterPort}/`);
      assert.equal(index.status, 200);
      assert.match(await index.text(), /href="\/metrics"/);
      assert.equal((await fetch(`http://127.0.0.1:${exporterPort}/elsewhere`)).status, 404);
      assert.equal((await fetch(`http://127.0.0.1:${exporterPort}/metrics`, { method: 'POST', body: 'x' })).status, 405);
      assert.equal((await fetch(`http://127.0.0.1:${exporterPort}/metrics?${'a'.repeat(3000)}`)).status, 414);
      const withBody = await rawHttp(
        exporterPort,
        'GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
      );
      assert.match(withBody, /^HTTP\/1\.1 413 /);
      const hugeHeader = await rawHttp(exporterPort, `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
      assert.match(hugeHeader, /^HTTP\/1\.1 431 /);
    });

    test('promtool check metrics accepts a scrape', async () => {
      const body = await (await fetch(`http://127.0.0.1:${exporterPort}/metrics`)).text();
      const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 30_000 });
      assert.ifError(r.error); // ENOENT: install Debian's prometheus package (.ci/run does)
      assert.equal(r.status, 0, `promtool: ${r.stdout}${r.stderr}`);
    });

    test('Prometheus scrapes it; "Redis replication broken" is quiet, then fires when the replica stops', async () => {
      promDir = tempDir('redis-ha-prometheus-');
      const promPort = await freePort();
      writeFileSync(
        join(promDir, 'rules.yml'),
        `groups:\n  - name: awesome-prometheus-alerts-redis\n    rules:\n      - alert: RedisReplicationBroken\n        expr: ${REPLICATION_BROKEN}\n        for: 0m\n`,
      );
      writeFileSync(
        join(promDir, 'prometheus.yml'),
        `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${join(promDir, 'rules.yml')}\nscrape_configs:\n  - job_name: redis-ha\n    static_configs:\n      - targets: ['127.0.0.1:${exporterPort}']\n`,
      );
      prometheus = await spawnUntil(
        PROMETHEUS,
        [
          `--config.file=${join(promDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(promDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        /Server is ready to receive web requests/,
        60_000,
      );
      await waitFor('the exporter target up in Prometheus', async () => {
        const r = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/targets`)).json()) as {
          data: { activeTargets: Array<{ health: string; lastError: string }> };
        };
        return r.data.activeTargets.length === 1 && r.data.activeTargets[0].health === 'up';
      });
      const up = await query(promPort, 'redis_up');
      assert.deepEqual(
        up.map((s) => `${s.metric.addr} ${s.value[1]}`).sort(),
        [`127.0.0.1:${primary.port} 1`, `127.0.0.1:${replica.port} 1`].sort(),
      );
      // quiet: a few samples of connected_slaves = 1 in the window, and neither rule returns anything
      const primaryAddr = `127.0.0.1:${primary.port}`;
      await waitFor(
        '3 samples of redis_connected_slaves',
        async () => (await query(promPort, `count_over_time(redis_connected_slaves{addr="${primaryAddr}"}[1m]) >= 3`)).length === 1,
      );
      assert.deepEqual(await query(promPort, REPLICATION_BROKEN), []);
      assert.deepEqual(await query(promPort, MISSING_MASTER), []);
      const alerts = async () =>
        (
          (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/alerts`)).json()) as {
            data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
          }
        ).data.alerts;
      assert.deepEqual(await alerts(), []);

      await replica.stop();
      const firing = await waitFor('the replication-broken expression to fire', async () => {
        const r = await query(promPort, REPLICATION_BROKEN);
        return r.length ? r : undefined;
      });
      assert.deepEqual(
        firing.map((s) => s.metric.addr),
        [primaryAddr],
      );
      assert.ok(Number(firing[0].value[1]) < 0);
      const alert = await waitFor('the RedisReplicationBroken alert to fire', async () =>
        (await alerts()).find((a) => a.state === 'firing'),
      );
      assert.equal(alert.labels.alertname, 'RedisReplicationBroken');
      assert.equal(alert.labels.addr, primaryAddr);
      await waitFor(
        'redis_up 0 for the stopped replica',
        async () => (await query(promPort, `redis_up{addr="127.0.0.1:${replica.port}"} == 0`)).length === 1,
      );
      assert.deepEqual(await query(promPort, MISSING_MASTER), [], 'the primary is still there');
    });

    test('SIGTERM: the exporter stops cleanly and closes its connections to the nodes', async () => {
      const ours = async () =>
        ask(
          primary.port,
          async (r) =>
            String(await r.call('CLIENT', 'LIST'))
              .split('\n')
              .filter((l) => / name=redis-ha /.test(l)).length,
        );
      assert.ok((await ours()) > 0, 'the exporter holds a connection to the primary');
      const exited = new Promise<number | null>((resolve) => exporter.child.once('exit', (code) => resolve(code)));
      exporter.child.kill('SIGTERM');
      assert.equal(await exited, 0, exporter.output());
      assert.match(exporter.output(), /redis-ha exporter: stopped/);
      await waitFor('no redis-ha connection left on the primary', async () => (await ours()) === 0);
    });
  });
});
