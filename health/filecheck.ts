/**
 * Compares every reachable data node of a snapshot with one redis.conf (a
 * template for the group: node-specific settings are left out) and adds the
 * drift to the nodes as `file-drift*` problems. Used by `redis-ha status --config`.
 */
import { fileDrift, versionIdFor } from './drift';
import { problem } from './findings';
import type { HealthMonitor } from './monitor';
import { worstOf, type Snapshot } from './types';

export async function addFileDrift(monitor: HealthMonitor, snap: Snapshot, text: string, fileName: string): Promise<void> {
  const targets = snap.nodes.filter((n) => (n.role === 'primary' || n.role === 'replica') && n.version);
  await Promise.all(
    targets.map(async (n) => {
      let live: Record<string, string>;
      try {
        live = await monitor.config(n.connection, n.address);
      } catch (e) {
        n.notes.push({ code: 'config-unavailable', message: `not compared with ${fileName}: ${(e as Error).message}` });
        return;
      }
      const drift = fileDrift(text, live, versionIdFor(n.product, n.version), { skipNodeSpecific: true });
      for (const item of drift.items)
        n.problems.push(
          problem(item.code, `${fileName}:${item.code === 'file-drift-unset' ? '' : `${item.range.start.line + 1}: `}${item.message}`),
        );
      n.health = worstOf([n.health, ...n.problems.map((p) => p.level)]);
    }),
  );
  for (const g of snap.groups) {
    const members = snap.nodes.filter((n) => n.group === g.id);
    g.health = worstOf([g.health, ...members.map((m) => (m.health === 'unreachable' ? 'error' : m.health))]);
  }
  for (const c of snap.connections) {
    c.health = worstOf([c.health, ...snap.groups.filter((g) => g.connection === c.id).map((g) => g.health)]);
  }
  snap.health = worstOf([snap.health, ...snap.nodes.map((n) => n.health), ...snap.groups.map((g) => g.health)]);
}
