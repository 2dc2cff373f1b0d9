/**
 * The choices of *Run Failover Drill…* that need no editor: the modes a group
 * allows, the checks of the numbers typed, the group's name typed back, and
 * the options they make. Kept apart from drill.ts (no `vscode` import) so
 * unit tests read them directly.
 */
import {
  DRILL_LIMITS,
  isLoopback,
  type DrillAuth,
  type DrillMode,
  type DrillOptions,
  type GroupStatus,
  type ShardStatus,
} from '../../health';

export interface ModeChoice {
  mode: DrillMode;
  label: string;
  detail: string;
}

/** Manual always; crash only when the primary runs on this machine's loopback (the drill SIGKILLs its process). */
export function modeChoices(primary: string | undefined, cluster = false): { choices: ModeChoice[]; crashWhyNot?: string } {
  const choices: ModeChoice[] = [
    cluster
      ? {
          mode: 'manual',
          label: 'manual',
          detail: 'CLUSTER FAILOVER on a replica of the shard: it takes over once in sync; no process is stopped',
        }
      : { mode: 'manual', label: 'manual', detail: 'SENTINEL FAILOVER: the Sentinels promote a replica; no process is stopped' },
  ];
  if (primary && isLoopback(primary)) {
    choices.push({ mode: 'crash', label: 'crash', detail: `SIGKILL of the primary's process (${primary}, on this machine)` });
    return { choices };
  }
  return {
    choices,
    crashWhyNot: `crash is offered only for a primary on 127.0.0.1/::1 (this one is ${primary ?? 'unknown'}): use the CLI's --crash-cmd for others`,
  };
}

/** undefined when `text` is a whole number from min to max, else what is wrong (an InputBox's validateInput). */
export function wholeNumberError(text: string, min: number, max: number): string | undefined {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t) || Number(t) < min || Number(t) > max) return `a whole number from ${min} to ${max}`;
  return undefined;
}

/** undefined when the name typed is exactly the group's, else the reminder (an InputBox's validateInput). */
export function confirmationError(typed: string, group: string): string | undefined {
  return typed === group ? undefined : `Type the group's name '${group}' exactly to run the drill`;
}

export interface DrillChoices {
  sentinels: string[];
  /** A cluster shard: its nodes (the drill works on the shard of the first that answers). */
  cluster?: string[];
  master?: string;
  auth: DrillAuth;
  mode: DrillMode;
  durationS: number;
  rate: number;
  wait?: { replicas: number; timeoutMs: number };
  timeoutMs: number;
}

/** The options of the run: the CLI's defaults where the editor asks nothing (writers, the traffic limit). */
export function drillOptionsOf(c: DrillChoices): DrillOptions {
  return {
    sentinels: c.sentinels,
    cluster: c.cluster,
    master: c.master,
    auth: c.auth,
    mode: c.mode,
    writers: Math.min(DRILL_LIMITS.defaultWriters, c.rate),
    rate: c.rate,
    wait: c.wait,
    durationS: c.durationS,
    maxOtherOps: DRILL_LIMITS.defaultMaxOtherOps,
    force: false,
    timeoutMs: c.timeoutMs,
  };
}

/** What a drill runs on: a Sentinel group, or one shard of a cluster. */
export interface Target {
  g: GroupStatus;
  shard?: ShardStatus;
}

export const targetName = (t: Target) => (t.shard ? (t.shard.primary ?? '?') : t.g.name);

/** The targets of the last refresh: every Sentinel group and every cluster shard with a primary. */
export function targetsOf(groups: readonly GroupStatus[]): Target[] {
  return groups.flatMap((g): Target[] =>
    g.kind === 'sentinel' ? [{ g }] : g.kind === 'cluster' ? (g.shards ?? []).filter((s) => s.primary).map((shard) => ({ g, shard })) : [],
  );
}
