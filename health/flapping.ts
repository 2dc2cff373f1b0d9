/**
 * Flapping: a group whose roles, links or primary keep changing. Read from the
 * connection's timeline (timeline.ts) at each refresh, so it needs no state of
 * its own and sees the changes of a `--history` file too. Per group:
 *
 * - a *change* is a counted failover (whoever saw it: a Sentinel, a refresh, a
 *   config-epoch rise), or a `role`, `link` or `primary` entry; the role and
 *   link changes within 30 s of a counted failover belong to it (one failover
 *   is one change, however many nodes it moved);
 * - the group is flapping once 3 changes fall within less than 2 minutes and
 *   the 2 minutes are both used: at least one in the older minute and one in
 *   the newer, so a burst within a few seconds only counts once a minute has
 *   passed since its first change;
 * - it stays flapping until 2 minutes pass without a change.
 */
import { problem } from './findings';
import { fmtSeconds } from './format';
import { worst, type ConnectionStatus, type GroupStatus, type Problem, type TimelineEvent } from './types';

export const FLAPPING = Object.freeze({
  /** The window the changes must fall in (ms). */
  windowMs: 120_000,
  /** Its halves: at least one change in each. */
  minuteMs: 60_000,
  minChanges: 3,
  /** Role and link changes this close to a counted failover belong to it (ms). */
  foldMs: 30_000,
  /** Quiet time that ends a flapping spell (ms). */
  quietMs: 120_000,
});

const CHANGE_KINDS = new Set(['role', 'link', 'primary']);

export interface Flapping {
  group: string;
  /** When the group started counting as flapping (epoch ms). */
  since: number;
  /** The first change of the spell and the last one (epoch ms). */
  first: number;
  last: number;
  /** Changes since the spell began (a failover and what it folded count once), and how many were failovers. */
  changes: number;
  failovers: number;
}

/** The counted changes of each group, oldest first, failovers marked. */
export function groupChanges(entries: readonly TimelineEvent[], now: number): Map<string, Array<{ at: number; failover: boolean }>> {
  const failovers = new Map<string, number[]>();
  const others = new Map<string, number[]>();
  for (const e of entries) {
    if (!e.group || e.at > now) continue;
    if (e.failover) push(failovers, e.group, e.at);
    else if (CHANGE_KINDS.has(e.kind)) push(others, e.group, e.at);
  }
  const out = new Map<string, Array<{ at: number; failover: boolean }>>();
  const groups = new Set(failovers.keys());
  for (const g of others.keys()) groups.add(g);
  for (const group of groups) {
    const f = (failovers.get(group) ?? []).sort((a, b) => a - b);
    const changes = f.map((at) => ({ at, failover: true }));
    let i = 0;
    for (const at of (others.get(group) ?? []).sort((a, b) => a - b)) {
      // the failovers are sorted: skip those too old to fold `at`
      while (i < f.length && f[i] < at - FLAPPING.foldMs) i++;
      if (i < f.length && f[i] <= at + FLAPPING.foldMs) continue;
      changes.push({ at, failover: false });
    }
    out.set(
      group,
      changes.sort((a, b) => a.at - b.at),
    );
  }
  return out;
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The groups flapping at `now`, by group id. */
export function flappingGroups(entries: readonly TimelineEvent[], now: number): Map<string, Flapping> {
  const out = new Map<string, Flapping>();
  for (const [group, changes] of groupChanges(entries, now)) {
    const f = spell(changes, now);
    if (f) out.set(group, { group, ...f });
  }
  return out;
}

/** The flapping spell that is still running at `now` in one group's changes (oldest first), if any. */
function spell(changes: ReadonlyArray<{ at: number; failover: boolean }>, now: number): Omit<Flapping, 'group'> | undefined {
  const n = changes.length;
  if (n < FLAPPING.minChanges || now - changes[n - 1].at > FLAPPING.quietMs) return undefined;
  // the run of changes that ends with the last one, no two of them a quiet time apart
  let start = n - 1;
  while (start > 0 && changes[start].at - changes[start - 1].at <= FLAPPING.quietMs) start--;
  const k = FLAPPING.minChanges - 1;
  for (let i = start; i + k < n; i++) {
    const first = changes[i].at;
    const third = changes[i + k].at;
    // both minutes used: a window ending at `from` holds the first in its older minute, the third in its newer
    const from = Math.max(third, first + FLAPPING.minuteMs);
    if (third > first && third - first < FLAPPING.windowMs && from <= now) {
      let failovers = 0;
      for (let j = i; j < n; j++) if (changes[j].failover) failovers++;
      return { since: from, first, last: changes[n - 1].at, changes: n - i, failovers };
    }
  }
  return undefined;
}

/** The `flapping` finding of a group. */
export function flappingProblem(f: Flapping, now: number): Problem {
  const ago = (at: number) => fmtSeconds(Math.max(0, now - at) / 1000);
  const failovers = f.failovers ? ` (${f.failovers} failover${f.failovers === 1 ? '' : 's'})` : '';
  return problem(
    'flapping',
    `${f.changes} role, link or primary changes${failovers} in ${fmtSeconds((f.last - f.first) / 1000)}, the last ${ago(f.last)} ago: ` +
      `the group keeps changing; this clears after ${fmtSeconds(FLAPPING.quietMs / 1000)} without a change`,
  );
}

/** Adds the `flapping` finding to each flapping group of a connection (an error: the group's and the connection's health rise). */
export function addFlapping(
  entries: readonly TimelineEvent[],
  built: { connection: ConnectionStatus; groups: GroupStatus[] },
  now: number,
): void {
  const flapping = flappingGroups(entries, now);
  for (const g of built.groups) {
    const f = flapping.get(g.id);
    if (!f) continue;
    const p = flappingProblem(f, now);
    g.problems.push(p);
    g.health = worst(g.health, p.level);
    built.connection.health = worst(built.connection.health, p.level);
  }
}
