/**
 * Issue-5 figures: the refresh time of the live health model (every node
 * probed in parallel, each within its deadline) on the 6-node Sentinel group
 * and on the 3×2 cluster, with every node up and with one replica frozen by
 * SIGSTOP — once retrying the frozen node at every refresh (the refresh then
 * waits for its deadline), once with the monitor's backoff (it is skipped
 * between attempts and reported from its last failure).
 */
import { HealthMonitor, parseSeed } from '../health';
import { startCluster, startSentinelGroup } from '../test/support/topology';
import type { RunningServer } from '../test/support/redis';
import { measure } from './lib';

const DEADLINE_MS = 1000;

async function figures(label: string, seed: string, frozen: RunningServer): Promise<void> {
  const make = (backoff?: { baseMs: number; maxMs: number; authMs: number }) =>
    new HealthMonitor([parseSeed(seed)], { timeoutMs: DEADLINE_MS, backoff });
  const healthy = make();
  try {
    await measure(`${label}: refresh, all nodes up`, () => healthy.refresh(), { runs: 40, warmup: 5 });
  } finally {
    healthy.dispose();
  }
  const eager = make({ baseMs: 0, maxMs: 0, authMs: 60_000 });
  const patient = make();
  try {
    await eager.refresh();
    await patient.refresh();
    process.kill(frozen.pid, 'SIGSTOP');
    await measure(
      `${label}: refresh, 1 replica frozen, retried every refresh`,
      async () => {
        const s = await eager.refresh();
        if (s.nodes.find((n) => n.address === `127.0.0.1:${frozen.port}`)?.health !== 'unreachable')
          throw new Error('the frozen node was not reported unreachable');
      },
      { runs: 8, warmup: 1, note: `each refresh waits for the frozen node's ${DEADLINE_MS} ms deadline; the other nodes answer meanwhile` },
    );
    await measure(`${label}: refresh, 1 replica frozen, with backoff`, () => patient.refresh(), {
      runs: 30,
      warmup: 2,
      note: 'back-to-back refreshes: the frozen node is retried after 0, 1, 2, 4… s (max 30 s) and reported from its last failure in between',
    });
  } finally {
    process.kill(frozen.pid, 'SIGCONT');
    eager.dispose();
    patient.dispose();
  }
}

async function main(): Promise<void> {
  const group = await startSentinelGroup();
  try {
    await figures('Sentinel group (6 nodes)', `redis-sentinel://127.0.0.1:${group.sentinels[0].port}`, group.replicas[0]);
  } finally {
    await group.stop();
  }
  const cluster = await startCluster();
  try {
    const replica = cluster.nodes.find((n) => !cluster.primaryPorts.includes(n.port))!;
    await figures('cluster (3 primaries, 3 replicas)', `redis://127.0.0.1:${cluster.primaryPorts[0]}`, replica);
  } finally {
    await cluster.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
