/**
 * A Snapshot as a Nagios / Icinga plugin result: one line
 * `REDIS-HA OK|WARNING|CRITICAL|UNKNOWN - summary | perfdata` and the plugin
 * exit code (0, 1, 2, 3: the same as `redis-ha status`). Perf data follows the
 * plugin guidelines: `'label'=value[UOM];warn;crit;min;max`, the warning and
 * critical thresholds those of health/settings.ts. Pure.
 */
import { exitCode, escapeControl } from './report';
import { DEFAULT_THRESHOLDS, type Thresholds } from './settings';
import { HEALTH_LEVELS, type Problem, type Snapshot } from './types';

export const NAGIOS_STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** Per-replica perf data beyond this many replicas is left out (the worst values are always given). */
export const MAX_PERF_REPLICAS = 32;
/** The summary is cut at this many characters. */
export const MAX_SUMMARY = 300;

/** A perf data label: quoted, a quote inside doubled, `=` (which ends a label) replaced. */
export function perfLabel(label: string): string {
  return `'${escapeControl(label).replace(/'/g, "''").replace(/=/g, '_')}'`;
}

function perf(label: string, value: number, uom = '', warn?: number, crit?: number, min?: number, max?: number): string {
  const tail = [warn, crit, min, max].map((v) => (v === undefined ? '' : String(v)));
  while (tail.length && tail[tail.length - 1] === '') tail.pop();
  return `${perfLabel(label)}=${value}${uom}${tail.length ? `;${tail.join(';')}` : ''}`;
}

/** Text safe on the status line: no control characters, no '|' (it starts the perf data). */
function safe(text: string): string {
  return escapeControl(text).replace(/\|/g, '/');
}

/** Every finding with where it was made, worst first. */
function findings(s: Snapshot): Array<{ where: string; p: Problem }> {
  const out: Array<{ where: string; p: Problem }> = [];
  for (const c of s.connections) for (const p of c.problems) out.push({ where: c.id, p });
  for (const g of s.groups) {
    for (const p of g.problems) out.push({ where: g.id, p });
    for (const sh of g.shards ?? []) for (const p of sh.problems) out.push({ where: `${g.id} shard ${sh.slots}`, p });
  }
  for (const n of s.nodes) for (const p of n.problems) out.push({ where: n.address, p });
  return out.sort((a, b) => HEALTH_LEVELS.indexOf(b.p.level) - HEALTH_LEVELS.indexOf(a.p.level));
}

function summary(s: Snapshot, all: Array<{ where: string; p: Problem }>): string {
  const up = s.nodes.filter((n) => n.health !== 'unreachable').length;
  let text = `${up}/${s.nodes.length} nodes answered, ${s.groups.length} group(s)`;
  if (!s.connections.some((c) => c.reachable)) text = 'no node could be reached';
  if (all.length) {
    const first = all[0];
    text += `; ${first.p.code} at ${first.where}: ${first.p.message}`;
    if (all.length > 1) text += ` (+${all.length - 1} more)`;
  }
  const clean = safe(text);
  return clean.length > MAX_SUMMARY ? `${clean.slice(0, MAX_SUMMARY - 1)}…` : clean;
}

function perfData(s: Snapshot, t: Thresholds): string[] {
  const out = [
    perf('nodes_answered', s.nodes.filter((n) => n.health !== 'unreachable').length, '', undefined, undefined, 0, s.nodes.length),
    perf('findings', findings(s).length, '', undefined, undefined, 0),
    perf('refresh_time', Math.round(s.durationMs) / 1000, 's', undefined, undefined, 0),
  ];
  const replicas = s.nodes.filter((n) => n.role === 'replica' && n.replication);
  const bytes = replicas.map((n) => n.replication?.offsetLagBytes).filter((v): v is number => v !== undefined);
  const secs = replicas.map((n) => n.replication?.lagSeconds).filter((v): v is number => v !== undefined);
  const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  if (bytes.length) out.push(perf('lag_bytes', max(bytes), 'B', t.replicaLagBytesWarning, t.replicaLagBytesError));
  if (secs.length) out.push(perf('lag_seconds', max(secs), 's', t.replicaLagSecondsWarning, t.replicaLagSecondsError));
  for (const n of replicas.slice(0, MAX_PERF_REPLICAS)) {
    const r = n.replication!;
    if (r.offsetLagBytes !== undefined)
      out.push(perf(`${n.address}_lag_bytes`, r.offsetLagBytes, 'B', t.replicaLagBytesWarning, t.replicaLagBytesError));
    if (r.lagSeconds !== undefined)
      out.push(perf(`${n.address}_lag_seconds`, r.lagSeconds, 's', t.replicaLagSecondsWarning, t.replicaLagSecondsError));
  }
  return out;
}

/** The plugin output (one line, newline-terminated) and its exit code. */
export function renderNagios(s: Snapshot, thresholds: Thresholds = DEFAULT_THRESHOLDS): { text: string; code: 0 | 1 | 2 | 3 } {
  const code = exitCode(s);
  const line = `REDIS-HA ${NAGIOS_STATES[code]} - ${summary(s, findings(s))} | ${perfData(s, thresholds).join(' ')}`;
  return { text: `${line}\n`, code };
}
