/**
 * The drill's figures from its logs, held against the durability model's
 * prediction for the group's live Sentinel settings, as text (a table) and
 * JSON. Counts are exact; the list of lost keys is bounded.
 */
import type { DrillEvent } from './observe';
import { buildTimeline, type DrillTimeline } from './timeline';
import { DRILL_LIMITS, type DrillOptions, type DrillPlan } from './plan';
import { keyOf, type WriterLog } from './writers';

export type Verdict = 'within' | 'worse' | 'better';

export interface LossCount {
  acked: number;
  lost: number;
}

export interface DrillResult {
  id: string;
  group: string;
  mode: string;
  oldPrimary: string;
  newPrimary?: string;
  settled: boolean;
  interrupted: boolean;
  durationMs: number;
  writes: { attempted: number; acked: number; failed: number };
  /** Acknowledged writes without WAIT, and how many of them are missing. */
  plain: LossCount;
  /** With --wait: writes WAIT confirmed on at least the replicas asked, and those it did not. */
  waited?: { confirmed: LossCount; unconfirmed: LossCount };
  rpo: {
    lostWrites: number;
    lostSeconds: number;
    /** Lost writes the old primary acknowledged after the failover began (it still took writes: split brain). */
    lostOnOldPrimaryAfterFailover: number;
    verdict: Verdict;
    predicted: string;
  };
  rto: { measuredMs?: number; predictedMs: { min: number; max: number }; verdict?: Verdict; why?: string };
  /** From the first failed write until discovery named another node. */
  discoveryStaleMs?: number;
  events: DrillEvent[];
  lostKeys: string[];
  keysDeleted?: number;
  notes: string[];
  /** Writes, losses and failures per time bucket, with the events and the failover's marks (the HTML report draws it). */
  timeline?: DrillTimeline;
}

interface Inputs {
  o: DrillOptions;
  plan: DrillPlan;
  log: WriterLog;
  lost?: boolean[];
  events: DrillEvent[];
  startedAt: number;
  failoverAt?: number;
  settled?: { primary: string; at: number };
  notes: string[];
  deleted?: number;
  interrupted: boolean;
}

function losses(x: Inputs) {
  const plain: LossCount = { acked: 0, lost: 0 };
  const confirmed: LossCount = { acked: 0, lost: 0 };
  const unconfirmed: LossCount = { acked: 0, lost: 0 };
  const lostKeys: string[] = [];
  let first: number | undefined;
  let last: number | undefined;
  let splitBrain = 0;
  const old = x.log.addresses.indexOf(x.plan.primary);
  x.log.acks.forEach((a, i) => {
    const gone = x.lost?.[i] === true;
    if (gone && a.node === old && x.failoverAt !== undefined && a.at >= x.failoverAt) splitBrain++;
    const bucket = a.waited === undefined ? plain : a.waited >= (x.o.wait?.replicas ?? 1) ? confirmed : unconfirmed;
    bucket.acked++;
    if (!gone) return;
    bucket.lost++;
    if (lostKeys.length < DRILL_LIMITS.maxLostKeysListed) lostKeys.push(keyOf(x.plan.keySpace.slice(0, -1), a.writer, a.seq));
    first = first === undefined ? a.at : Math.min(first, a.at);
    last = last === undefined ? a.at : Math.max(last, a.at);
  });
  return { plain, confirmed, unconfirmed, lostKeys, splitBrain, span: first === undefined ? 0 : (last as number) - first };
}

function verdictOf(ms: number, min: number, max: number): Verdict {
  return ms < min ? 'better' : ms > max ? 'worse' : 'within';
}

/** RTO: first failed write (after the failover began) to the first write the new primary acknowledged after it. */
function rtoOf(x: Inputs) {
  const from = x.failoverAt;
  if (from === undefined) return {};
  const firstFail = x.log.failures.find((f) => f.at >= from - 50)?.at;
  if (firstFail === undefined) return { none: true };
  const old = x.log.addresses.indexOf(x.plan.primary);
  const back = x.log.acks
    .filter((a) => a.node !== old && a.at > firstFail)
    .reduce<number | undefined>((m, a) => (m === undefined || a.at < m ? a.at : m), undefined);
  const moved = x.log.discoveries.find((d) => d.at >= firstFail && d.address && d.address !== x.plan.primary)?.at;
  return { rtoMs: back === undefined ? undefined : back - firstFail, staleMs: moved === undefined ? undefined : moved - firstFail };
}

export function buildResult(x: Inputs): DrillResult {
  const l = losses(x);
  const r = rtoOf(x);
  const p = x.plan.predictedRto;
  const rto: DrillResult['rto'] = { measuredMs: r.rtoMs, predictedMs: { min: p.minMs, max: p.maxMs } };
  if (r.rtoMs !== undefined) {
    rto.verdict = verdictOf(r.rtoMs, p.minMs, p.maxMs);
    if (rto.verdict === 'worse')
      rto.why = `longer than down-after-milliseconds ${x.plan.downAfterMs} + ${p.maxMs - x.plan.downAfterMs} ms of election and promotion: see the events (an aborted failover, a lost election, failover-timeout ${x.plan.failoverTimeoutMs})`;
    if (rto.verdict === 'better')
      rto.why = 'writes came back before the Sentinels could declare the primary down: the first failure was not the crash';
  } else if ('none' in r) rto.why = 'no write failed: the failover was not seen by the writers';
  else rto.why = x.failoverAt === undefined ? 'no failover was made' : 'no write succeeded on a new primary';
  const lostWrites = l.plain.lost + l.confirmed.lost + l.unconfirmed.lost;
  const waitedAsked = x.o.wait !== undefined;
  const rpo: DrillResult['rpo'] = {
    lostWrites,
    lostSeconds: l.span / 1000,
    lostOnOldPrimaryAfterFailover: l.splitBrain,
    predicted: waitedAsked
      ? '0 for writes WAIT confirmed; un-WAITed writes inside the replication lag may be lost'
      : 'writes inside the replication lag may be lost (asynchronous replication)',
    verdict: l.confirmed.lost > 0 ? 'worse' : 'within',
  };
  const notes = [...x.notes];
  if (l.splitBrain > 0)
    notes.push(
      `${l.splitBrain} lost writes were acknowledged by the old primary after the failover began: a client that asks Sentinel again only after an error keeps writing to it until Sentinel turns it into a replica (+convert-to-slave); min-replicas-to-write on the primary, or reacting to +switch-master, closes that window`,
    );
  if (l.confirmed.lost > 0)
    notes.push(
      `${l.confirmed.lost} writes WAIT confirmed on ${x.o.wait?.replicas} replica(s) were lost: the promoted replica was not one that had them`,
    );
  const result: DrillResult = {
    id: x.plan.id,
    group: x.plan.master,
    mode: x.o.mode,
    oldPrimary: x.plan.primary,
    newPrimary: x.settled?.primary,
    settled: !!x.settled,
    interrupted: x.interrupted,
    durationMs: Date.now() - x.startedAt,
    writes: { attempted: x.log.attempts, acked: x.log.acks.length, failed: x.log.failures.length },
    plain: l.plain,
    rpo,
    rto,
    discoveryStaleMs: r.staleMs,
    events: x.events,
    lostKeys: l.lostKeys,
    keysDeleted: x.deleted,
    notes,
    timeline: buildTimeline(x),
  };
  if (waitedAsked) result.waited = { confirmed: l.confirmed, unconfirmed: l.unconfirmed };
  if (!x.lost) result.notes.push('the acknowledged writes could not be read back: the loss counts are unknown');
  return result;
}

const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);

/** The result as a table and the events, for a terminal. */
export function resultText(r: DrillResult): string {
  const rows: string[][] = [['figure', 'measured', 'predicted', 'verdict']];
  rows.push(['lost writes, no WAIT', `${r.plain.lost} of ${r.plain.acked}`, 'some (async)', r.plain.lost ? 'within' : 'within']);
  if (r.waited) {
    rows.push(['lost writes, WAIT confirmed', `${r.waited.confirmed.lost} of ${r.waited.confirmed.acked}`, '0', r.rpo.verdict]);
    rows.push(['lost writes, WAIT short', `${r.waited.unconfirmed.lost} of ${r.waited.unconfirmed.acked}`, 'some (async)', 'within']);
  }
  rows.push(['RPO, seconds of traffic', s(r.rpo.lostSeconds * 1000), '', '']);
  rows.push(['RTO (writes failing)', s(r.rto.measuredMs), `${s(r.rto.predictedMs.min)}–${s(r.rto.predictedMs.max)}`, r.rto.verdict ?? '—']);
  rows.push(['discovery on old primary', s(r.discoveryStaleMs), '', '']);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const table = rows.map((row) => `  ${row.map((v, c) => v.padEnd(widths[c])).join('  ')}`.trimEnd());
  const lines = [
    `Failover drill '${r.group}' (${r.mode}): ${r.oldPrimary} -> ${r.newPrimary ?? '(not settled)'}, ${(r.durationMs / 1000).toFixed(1)} s`,
    `  writes: ${r.writes.attempted} sent, ${r.writes.acked} acknowledged, ${r.writes.failed} failed; keys deleted: ${r.keysDeleted ?? '—'}`,
    ...table,
  ];
  if (r.rto.why) lines.push(`  RTO: ${r.rto.why}`);
  if (r.events.length) lines.push('  events (seconds from the first)');
  const t0 = r.events[0]?.at ?? 0;
  for (const e of r.events.slice(0, 40))
    lines.push(`    +${((e.at - t0) / 1000).toFixed(2)} s  ${e.sentinel}  ${e.kind} ${e.node ?? ''} ${e.detail ?? ''}`.trimEnd());
  if (r.events.length > 40) lines.push(`    … ${r.events.length - 40} more (see --format json)`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}
