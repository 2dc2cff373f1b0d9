/**
 * Issue-13 figure: the exporter's scrape time for the 6-node Sentinel group
 * (1 primary, 2 replicas, 3 Sentinels on 127.0.0.1): an HTTP GET /metrics on
 * the exporter's own server, each scrape a full refresh of every node
 * (--min-interval 0), then the metrics rendered in the 0.0.4 text format; and
 * the rendering alone, from the same snapshot.
 */
import type { AddressInfo } from 'node:net';
import { Scraper, startExporterServer } from '../cli/exporter';
import { HealthMonitor, parseSeed, renderMetrics } from '../health';
import { startSentinelGroup } from '../test/support/topology';
import { measure } from './lib';

async function main(): Promise<void> {
  const group = await startSentinelGroup();
  const monitor = new HealthMonitor([parseSeed(`redis-sentinel://127.0.0.1:${group.sentinels[0].port}`)], { timeoutMs: 1000 });
  const scraper = new Scraper(() => monitor.refresh(), 0);
  const server = await startExporterServer(scraper, { host: '127.0.0.1', port: 0 }, (e) => console.error(e));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const size = (await (await fetch(url)).text()).length;
    await measure(
      'exporter: GET /metrics, Sentinel group (6 nodes), refresh on every scrape',
      async () => {
        const r = await fetch(url);
        const body = await r.text();
        if (r.status !== 200 || !body.includes('redis_up{')) throw new Error(`scrape failed: ${r.status}`);
      },
      { runs: 40, warmup: 5, note: `${size} bytes of metrics per scrape` },
    );
    const snap = await monitor.refresh();
    await measure('exporter: rendering alone (same group, 0.0.4 text format)', () => renderMetrics(snap, 'prometheus'), {
      runs: 200,
      warmup: 20,
    });
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    monitor.dispose();
    await group.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
