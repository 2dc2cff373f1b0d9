/**
 * What a Redis Cluster changed between two refreshes, as timeline entries:
 * its current epoch (it grows with every election, manual failover, epoch
 * bump or slot-ownership conflict), its state (ok / fail) and each node's
 * failure flags (PFAIL: this node's view; FAIL: agreed by a majority of
 * primaries). Primary changes per shard are the monitor's own `primary`
 * entries; these say why, and catch a flap that is over before the next
 * refresh looks at the shards.
 */
import type { ClusterNodeView } from './replies';
import type { GroupStatus, TimelineEvent } from './types';
import { addressOf } from './types';

/** What the previous refresh saw of one cluster group. */
export interface ClusterMark {
  epoch?: number;
  state?: string;
  /** Node id → its failure flag ('' when none), for the nodes the view listed. */
  flags: Map<string, string>;
}

/** The most nodes whose flags are remembered per cluster (a view is already bounded by replies.ts). */
const MAX_NODES = 2000;

/**
 * Compares `g` (and the view it was built from) with `marks`, updates them in
 * place and returns the changes. The first refresh of a group records, it
 * reports nothing.
 */
export function clusterTransitions(
  marks: Map<string, ClusterMark>,
  g: GroupStatus,
  view: readonly ClusterNodeView[] | undefined,
  at: number,
): TimelineEvent[] {
  if (g.kind !== 'cluster') return [];
  const before = marks.get(g.id);
  // the highest epoch seen: a refresh whose view came from a node that lags behind is not a fall and then a rise
  const seen = g.cluster?.currentEpoch;
  const epoch = before?.epoch !== undefined && (seen === undefined || seen < before.epoch) ? before.epoch : seen;
  const now: ClusterMark = { epoch, state: g.cluster?.state, flags: new Map() };
  for (const n of view ?? []) {
    if (now.flags.size >= MAX_NODES) break;
    now.flags.set(n.id, n.fail ?? '');
  }
  // a refresh that got no view keeps the previous flags: a node is not "recovered" because nobody answered
  if (!view?.length && before) now.flags = before.flags;
  marks.set(g.id, now);
  if (!before) return [];
  const base = { at, connection: g.connection, group: g.id, source: 'refresh' as const };
  const out: TimelineEvent[] = [];
  if (before.epoch !== undefined && now.epoch !== undefined && now.epoch > before.epoch) {
    out.push({
      ...base,
      kind: 'cluster-epoch',
      level: 'info',
      from: String(before.epoch),
      to: String(now.epoch),
      cause: `the cluster's current epoch went from ${before.epoch} to ${now.epoch} (an election, a manual failover or an epoch bump)`,
    });
  }
  if (before.state && now.state && before.state !== now.state) {
    const bad = now.state !== 'ok';
    out.push({
      ...base,
      kind: 'cluster-state',
      level: bad ? 'error' : 'info',
      from: before.state,
      to: now.state,
      cause: `cluster_state is ${now.state} (was ${before.state})`,
    });
  }
  if (view?.length) for (const e of flagChanges(before.flags, view, base)) out.push(e);
  return out;
}

function flagChanges(
  before: ReadonlyMap<string, string>,
  view: readonly ClusterNodeView[],
  base: Pick<TimelineEvent, 'at' | 'connection' | 'group' | 'source'>,
): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  let n = 0;
  for (const v of view) {
    if (++n > MAX_NODES) break;
    const was = before.get(v.id);
    const is = v.fail ?? '';
    if (was === undefined || was === is) continue;
    const node = addressOf(v);
    const level = is === 'fail' ? 'error' : is === 'pfail' ? 'warning' : 'info';
    const words =
      is === 'fail' ? 'failed (FAIL: a majority of primaries agree)' : is === 'pfail' ? 'possibly failing (PFAIL)' : 'no longer flagged';
    out.push({
      ...base,
      node,
      kind: 'cluster-flags',
      level,
      from: was || 'none',
      to: is || 'none',
      cause: `${node} (${v.role}) is ${words}${was ? `, was ${was.toUpperCase()}` : ''}`,
    });
  }
  return out;
}
