/**
 * Hold-down times: a finding whose condition often clears by itself (a
 * replica's link that drops for a few seconds, a cluster that is briefly not
 * ok while it fails a node over) takes its full level only once the condition
 * has lasted its hold-down (a threshold of settings.ts). Before that it is
 * *pending*: shown as a warning, with `pending: {since, until, level}` and a
 * message that says so — never as ok. A condition already present the first
 * time a node or group is read gets its full level at once: how long it has
 * lasted is not known. When the condition clears, its pending state is
 * dropped; the next occurrence starts a new hold-down. Pure apart from the
 * state it keeps; the monitor keeps one HoldDowns per connection.
 */
import type { FindingCode } from './findings';
import { fmtSeconds } from './format';
import type { Thresholds } from './settings';
import type { Health, Problem } from './types';

export interface HoldDownRule {
  /** The threshold that holds the hold-down, in seconds. */
  readonly threshold: keyof Thresholds & `holdDown${string}`;
  /** The level the finding takes once the hold-down has elapsed. */
  readonly level: Exclude<Health, 'ok' | 'unreachable'>;
}

/** The findings with a hold-down. */
export const HOLD_DOWNS: Readonly<Partial<Record<FindingCode, HoldDownRule>>> = Object.freeze({
  'replica-link-down': { threshold: 'holdDownLinkDownSeconds', level: 'error' },
  'cluster-state-fail': { threshold: 'holdDownClusterStateSeconds', level: 'error' },
  'cluster-slots-pfail': { threshold: 'holdDownPfailSeconds', level: 'warning' },
});

/** The level a finding shows while it is pending. */
export const PENDING_LEVEL = 'warning' satisfies Problem['level'];

/** A subject (node or group) unseen for this long is forgotten, with its conditions: longer than any hold-down. */
const FORGET_MS = 25 * 3600 * 1000;

interface Condition {
  /** When the condition was first seen; -Infinity when it was present at the subject's first reading. */
  since: number;
  /** The last refresh that read the subject. */
  seen: number;
}

/** The per-connection state: since when each held-down condition has been present, and which subjects were read before. */
export class HoldDowns {
  private readonly conditions = new Map<string, Condition>();
  /** Subjects (node addresses, group ids) read by an earlier refresh, with the time of the last one. */
  private readonly known = new Map<string, number>();
  private now = 0;
  private thresholds?: Thresholds;
  /** The subjects read by the current refresh. */
  private readonly current = new Set<string>();

  /** Starts a refresh at `now` with these thresholds. */
  begin(now: number, thresholds: Thresholds): void {
    this.now = now;
    this.thresholds = thresholds;
    this.current.clear();
  }

  /**
   * The subject's findings with the hold-downs applied (the others unchanged).
   * Call once per refresh for every node that answered and every group: a
   * subject that is not read keeps its conditions as they were.
   */
  apply(subject: string, problems: Problem[]): Problem[] {
    const t = this.thresholds;
    if (!t) throw new Error('HoldDowns.apply before begin');
    const firstReading = !this.known.has(subject) && !this.current.has(subject);
    this.current.add(subject);
    const present = new Set<string>();
    const out = problems.map((p) => {
      const rule = HOLD_DOWNS[p.code as FindingCode];
      if (!rule) return p;
      const key = `${subject}\n${p.code}`;
      present.add(key);
      let c = this.conditions.get(key);
      if (!c) {
        c = { since: firstReading ? Number.NEGATIVE_INFINITY : this.now, seen: this.now };
        this.conditions.set(key, c);
      }
      c.seen = this.now;
      return pending(p, c.since, t[rule.threshold] * 1000, this.now);
    });
    // conditions of this subject that are gone: their pending state is dropped
    for (const code of Object.keys(HOLD_DOWNS)) {
      const key = `${subject}\n${code}`;
      if (!present.has(key)) this.conditions.delete(key);
    }
    return out;
  }

  /** Ends the refresh: the subjects read become known; subjects unread for a day are forgotten. */
  end(): void {
    for (const s of this.current) this.known.set(s, this.now);
    for (const [s, at] of this.known) if (this.now - at > FORGET_MS) this.known.delete(s);
    for (const [k, c] of this.conditions) if (this.now - c.seen > FORGET_MS) this.conditions.delete(k);
    this.current.clear();
  }

  /** How many conditions are held (tests; bounded by the subjects × the rules). */
  get size(): number {
    return this.conditions.size;
  }
}

/** The finding as shown `now`: pending while the condition, present since `since`, is younger than `holdMs`. */
export function pending(p: Problem, since: number, holdMs: number, now: number): Problem {
  if (!(holdMs > 0) || now - since >= holdMs) return p;
  const until = since + holdMs;
  return {
    code: p.code,
    level: PENDING_LEVEL,
    message: `pending for ${fmtSeconds((now - since) / 1000)}, ${p.level} after ${fmtSeconds(holdMs / 1000)}: ${p.message}`,
    pending: { since, until, level: p.level },
  };
}
