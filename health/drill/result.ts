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
    /** The verdict on the un-WAITed (and WAIT-short) writes alone, against the write guard's bound. */
    plainVerdict: Verdict;
    /** Seconds of writes the write guard lets a failover lose (min-replicas-max-lag + 1), when it is on. */
    boundSeconds?: number;
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
  /** When the failover's cause was done (a crash command returned); failoverAt for manual. */
  triggeredAt?: number;
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
  let confirmedSplit = 0;
  const old = x.log.addresses.indexOf(x.plan.primary);
  const after = x.triggeredAt ?? x.failoverAt;
  x.log.acks.forEach((a, i) => {
    const gone = x.lost?.[i] === true;
    const split = gone && a.node === old && after !== undefined && a.at >= after;
    const bucket = a.waited === undefined ? plain : a.waited >= (x.o.wait?.replicas ?? 1) ? confirmed : unconfirmed;
    if (split) {
      splitBrain++;
      if (bucket === confirmed) confirmedSplit++;
    }
    bucket.acked++;
    if (!gone) return;
    bucket.lost++;
    if (lostKeys.length < DRILL_LIMITS.maxLostKeysListed) lostKeys.push(keyOf(x.plan.keySpace.slice(0, -1), a.writer, a.seq));
    first = first === undefined ? a.at : Math.min(first, a.at);
    last = last === undefined ? a.at : Math.max(last, a.at);
  });
  return { plain, confirmed, unconfirmed, lostKeys, splitBrain, confirmedSplit, span: first === undefined ? 0 : (last as number) - first };
}

function verdictOf(ms: number, min: number, max: number): Verdict {
  return ms < min ? 'better' : ms > max ? 'worse' : 'within';
}

/** RTO: first failed write (after the failover began) to the first write the new primary acknowledged after it. */
function rtoOf(x: Inputs) {
  const from = x.failoverAt;
  if (from === undefined) return {};
  // the earliest attempt among those that failed once the failover began (a write to a frozen
  // primary was sent before its deadline told it failed)
  let firstFail: number | undefined;
  for (const f of x.log.failures) if (f.at >= from - 50 && (firstFail === undefined || f.sent < firstFail)) firstFail = f.sent;
  const old = x.log.addresses.indexOf(x.plan.primary);
  if (firstFail === undefined) {
    // no write failed: an outage of 0 when the writers went on on another node (they followed +switch-master)
    const moved = x.log.acks.some((a) => a.node !== old && a.at >= from);
    return moved ? { rtoMs: 0, seamless: true } : { none: true };
  }
  const back = x.log.acks
    .filter((a) => a.node !== old && a.at > firstFail)
    .reduce<number | undefined>((m, a) => (m === undefined || a.at < m ? a.at : m), undefined);
  const moved = x.log.discoveries.find((d) => d.at >= firstFail && d.address && d.address !== x.plan.primary)?.at;
  return { rtoMs: back === undefined ? undefined : back - firstFail, staleMs: moved === undefined ? undefined : moved - firstFail };
}

/**
 * Worse when more seconds of un-WAITed writes are lost than
 * min-replicas-max-lag allows (plus the second between two replica
 * acknowledgements, by which the primary's view of the lag is late); the note
 * says which setting explains it.
 */
function plainRpoVerdict(x: Inputs, l: ReturnType<typeof losses>, notes: string[]): Verdict {
  const live = x.plan.live;
  const lostPlain = l.plain.lost + l.unconfirmed.lost;
  if (!live || live.minReplicasToWrite === 0 || live.minReplicasMaxLag === 0 || lostPlain === 0) return 'within';
  const boundS = live.minReplicasMaxLag + 1;
  if (l.span / 1000 <= boundS) return 'within';
  notes.push(
    `${(l.span / 1000).toFixed(2)} s of writes were lost, more than min-replicas-max-lag ${live.minReplicasMaxLag} (+1 s between replica acknowledgements) allows: writes the old primary took after the switch count here (see the split-brain note), and so does a replica promoted although it was further behind than its peers`,
  );
  return 'worse';
}

/** Why the measured RTO is what it is, when it is not simply within the range; in the terms of the group's kind. */
function rtoReason(x: Inputs, l: ReturnType<typeof losses>, v: Verdict | 'seamless'): string | undefined {
  const cluster = x.plan.kind === 'cluster';
  const extra = x.plan.predictedRto.maxMs - x.plan.downAfterMs;
  if (v === 'seamless')
    return cluster
      ? 'no write failed: the writers moved to the new primary when the cluster showed it promoted'
      : 'no write failed: the writers moved to the new primary when Sentinel announced it (+switch-master)';
  if (v === 'better')
    return cluster
      ? 'writes came back before cluster-node-timeout: the first failure was not the crash (a manual failover only pauses writes)'
      : 'writes came back before the Sentinels could declare the primary down: the first failure was not the crash';
  if (v !== 'worse') return undefined;
  if (l.splitBrain > 0)
    return cluster
      ? `the old primary took ${l.splitBrain} writes after the failover, all lost, until it learnt from the cluster bus that its replica had been promoted`
      : `the writers stayed on (or went back to) the old primary, which took ${l.splitBrain} writes after the failover, all lost, until Sentinel made it a replica (+convert-to-slave): they ask Sentinel again only after an error; a client that follows +switch-master moves at the switch, and min-replicas-to-write makes the old primary refuse writes once its replicas leave`;
  return cluster
    ? `longer than cluster-node-timeout ${x.plan.downAfterMs} + ${extra} ms to agree on FAIL, elect and promote: see the events (a lost election is retried after ${x.plan.failoverTimeoutMs} ms)`
    : `longer than down-after-milliseconds ${x.plan.downAfterMs} + ${extra} ms of election and promotion: see the events (an aborted failover, a lost election, failover-timeout ${x.plan.failoverTimeoutMs})`;
}

/** The measured RTO against the model's range, with the reason when it is not within. */
function rtoFigure(x: Inputs, l: ReturnType<typeof losses>, r: ReturnType<typeof rtoOf>): DrillResult['rto'] {
  const p = x.plan.predictedRto;
  const rto: DrillResult['rto'] = { measuredMs: r.rtoMs, predictedMs: { min: p.minMs, max: p.maxMs } };
  if (r.rtoMs !== undefined) {
    rto.verdict = verdictOf(r.rtoMs, p.minMs, p.maxMs);
    const why = rtoReason(x, l, 'seamless' in r ? 'seamless' : rto.verdict);
    if (why) rto.why = why;
  } else if ('none' in r) rto.why = 'no write failed: the failover was not seen by the writers';
  else if (x.failoverAt === undefined) rto.why = 'no failover was made';
  else {
    const last = x.log.failures.at(-1);
    rto.why = `no write succeeded on a new primary${last ? ` (the last write failed with: ${last.error})` : ''}`;
  }
  return rto;
}

export function buildResult(x: Inputs): DrillResult {
  const l = losses(x);
  const r = rtoOf(x);
  const rto = rtoFigure(x, l, r);
  const lostWrites = l.plain.lost + l.confirmed.lost + l.unconfirmed.lost;
  const waitedAsked = x.o.wait !== undefined;
  const notes = [...x.notes];
  const plainVerdict = plainRpoVerdict(x, l, notes);
  const live = x.plan.live;
  const rpo: DrillResult['rpo'] = {
    lostWrites,
    lostSeconds: l.span / 1000,
    lostOnOldPrimaryAfterFailover: l.splitBrain,
    predicted: x.plan.predictedRpo,
    verdict: l.confirmed.lost > 0 ? 'worse' : plainVerdict,
    plainVerdict,
  };
  if (live && live.minReplicasToWrite > 0 && live.minReplicasMaxLag > 0) rpo.boundSeconds = live.minReplicasMaxLag + 1;
  if (l.splitBrain > 0 && x.plan.kind === 'cluster')
    notes.push(
      `${l.splitBrain} lost writes were acknowledged by the old primary after the failover began: it served its slots until it learnt of the promotion from the cluster bus; min-replicas-to-write makes a primary cut off from its replicas refuse writes`,
    );
  else if (l.splitBrain > 0)
    notes.push(
      `${l.splitBrain} lost writes were acknowledged by the old primary after the failover began: a client that asks Sentinel again only after an error keeps writing to it until Sentinel turns it into a replica (+convert-to-slave); min-replicas-to-write on the primary, or reacting to +switch-master, closes that window`,
    );
  if (l.confirmedSplit > 0)
    notes.push(
      `${l.confirmedSplit} writes WAIT confirmed on ${x.o.wait?.replicas} replica(s) were taken by the old primary after the failover began and lost: a replica Sentinel had not yet moved to the new primary confirmed them, then dropped them in its resync. WAIT protects a write only if the promoted replica is one that confirmed it; min-replicas-to-write or writers that follow +switch-master shorten that window`,
    );
  if (l.confirmed.lost > l.confirmedSplit)
    notes.push(
      `${l.confirmed.lost - l.confirmedSplit} writes WAIT confirmed on ${x.o.wait?.replicas} replica(s) were lost: the promoted replica was not one that had them`,
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

/** Rows of the figures table (figure, measured, predicted, verdict): the text table's and the HTML page's. */
export function figureRows(r: DrillResult): string[][] {
  const rows: string[][] = [];
  const bound = r.rpo.boundSeconds === undefined ? 'some (async)' : `≤ ${r.rpo.boundSeconds} s of writes`;
  rows.push(['lost writes, no WAIT', `${r.plain.lost} of ${r.plain.acked}`, bound, r.rpo.plainVerdict]);
  if (r.waited) {
    const { confirmed, unconfirmed } = r.waited;
    rows.push(['lost writes, WAIT confirmed', `${confirmed.lost} of ${confirmed.acked}`, '0', confirmed.lost ? 'worse' : 'within']);
    rows.push(['lost writes, WAIT short', `${unconfirmed.lost} of ${unconfirmed.acked}`, bound, r.rpo.plainVerdict]);
  }
  if (r.rpo.lostOnOldPrimaryAfterFailover > 0)
    rows.push(['  of which on the old primary after the failover', String(r.rpo.lostOnOldPrimaryAfterFailover), '', '']);
  const boundS = r.rpo.boundSeconds === undefined ? '' : `≤ ${r.rpo.boundSeconds}.00 s`;
  rows.push(['RPO, seconds of traffic', s(r.rpo.lostSeconds * 1000), boundS, '']);
  rows.push(['RTO (writes failing)', s(r.rto.measuredMs), `${s(r.rto.predictedMs.min)}–${s(r.rto.predictedMs.max)}`, r.rto.verdict ?? '—']);
  rows.push(['discovery on old primary', s(r.discoveryStaleMs), '', '']);
  return rows;
}

/** The result as a table and the events, for a terminal. */
export function resultText(r: DrillResult): string {
  const rows: string[][] = [['figure', 'measured', 'predicted', 'verdict'], ...figureRows(r)];
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
