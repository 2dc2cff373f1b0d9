/**
 * The opt-in heartbeat key: on every refresh the monitor writes its clock
 * (epoch ms) on each primary with SET and reads the key back on each replica
 * with GET. All timestamps are the monitor's own clock, so the hosts' clocks
 * do not matter. The replica's value V names the newest write it has; the
 * primary's memory keeps its last HEARTBEAT_WRITES write times. At the read
 * time R the replica lacks the first write after V, so it is at least
 * R − (that write's time) behind — exact to one round trip, and 0 when V is
 * the newest write made before R. When V is older than every remembered write
 * (or the replica never got one), the figure is a lower bound.
 * Needs SET on the primary for the monitor's ACL user: a refusal (NOPERM, OOM
 * with a full noeviction node…) is the `heartbeat-failed` warning, never a
 * probe failure. In a cluster the key lives in one slot: only the shard that
 * owns it answers (MOVED elsewhere is quiet).
 */
import { fmtSeconds } from './format';
import { problem } from './findings';
import type { Command, Reply, Send } from './link';
import type { Info } from './replies';
import type { Thresholds } from './settings';
import type { NodeStatus, ReplicationFacts } from './types';

/** Write times a primary remembers (64 refreshes: over 5 minutes at the default 5 s). */
export const HEARTBEAT_WRITES = 64;
/** The key expires this long after the last write, so it does not outlive the monitoring. */
const HEARTBEAT_TTL_SECONDS = 3600;
export const MAX_HEARTBEAT_KEY = 256;

/** A usable key name from a setting or an argument: 1–256 characters, no control characters; else undefined. */
export function normalizeHeartbeatKey(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '' || v.length > MAX_HEARTBEAT_KEY) return undefined;
  return /[\x00-\x1f\x7f]/.test(v) ? undefined : v;
}

export interface HeartbeatFacts {
  /** Primaries: the remembered write times, oldest first (this refresh's last). */
  writes?: number[];
  /** Replicas: the value read (null: no key), and when the reply came (monitor's clock, epoch ms). */
  read?: number | null;
  readAt?: number;
  /** The command was refused. */
  error?: string;
}

/** SET on a primary, GET on a replica; facts for the node, write times kept in `memory` (bounded). */
export async function heartbeat(
  send: Send,
  key: string,
  info: Info,
  memory: { heartbeatWrites?: number[] },
  now: () => number,
): Promise<HeartbeatFacts | undefined> {
  const role = info.fields.role;
  if (role !== 'master' && role !== 'slave') return undefined;
  const sentAt = now();
  const cmd: Command = role === 'master' ? ['SET', key, String(sentAt), 'EX', String(HEARTBEAT_TTL_SECONDS)] : ['GET', key];
  const [reply]: Reply[] = await send([cmd]);
  if (reply instanceof Error) {
    if (/^(MOVED|ASK|CROSSSLOT|CLUSTERDOWN)\b/.test(reply.message)) return undefined;
    const hint = /^NOPERM\b/.test(reply.message)
      ? ` (the heartbeat needs ${role === 'master' ? 'SET' : 'GET'} on the key for the monitor's ACL user)`
      : '';
    return { error: `${role === 'master' ? 'SET' : 'GET'} of the heartbeat key refused${hint}: ${reply.message.slice(0, 200)}` };
  }
  if (role === 'master') {
    const writes = (memory.heartbeatWrites ?? []).slice(-(HEARTBEAT_WRITES - 1));
    writes.push(sentAt);
    memory.heartbeatWrites = writes;
    return { writes: [...writes] };
  }
  const text = reply === null || reply === undefined ? null : String(reply).slice(0, 32);
  const v = text === null ? null : Number(text);
  return { read: v !== null && Number.isFinite(v) ? v : null, readAt: now() };
}

/** Seconds the replica is behind by the heartbeat, and whether that is only a lower bound. */
export function heartbeatLag(
  read: number | null,
  readAt: number,
  writes: readonly number[],
): { seconds: number; atLeast: boolean } | undefined {
  const known = writes.filter((w) => w <= readAt);
  if (!known.length) return undefined;
  if (read !== null && read >= known[known.length - 1]) return { seconds: 0, atLeast: false };
  const next = known.find((w) => read === null || w > read)!;
  return { seconds: Math.round((readAt - next) / 100) / 10, atLeast: read === null || read < known[0] };
}

/** The heartbeat findings of a node: a refused command on any node; the lag of a replica against its primary's writes. */
export function heartbeatFindings(
  own: HeartbeatFacts | undefined,
  upstream: HeartbeatFacts | undefined,
  upAddress: string | undefined,
  st: NodeStatus,
  t: Thresholds,
  r: ReplicationFacts,
): void {
  if (own?.error) {
    st.problems.push(problem('heartbeat-failed', own.error));
    return;
  }
  if (own?.readAt === undefined || own.read === undefined || !upstream?.writes) return;
  const lag = heartbeatLag(own.read, own.readAt, upstream.writes);
  if (!lag) return;
  r.heartbeatLagSeconds = lag.seconds;
  const level = lag.seconds > t.replicaLagSecondsError ? 'error' : lag.seconds > t.replicaLagSecondsWarning ? 'warning' : undefined;
  if (!level) return;
  const seen =
    own.read === null
      ? 'has no heartbeat at all'
      : `has the heartbeat written ${fmtSeconds((own.readAt - own.read) / 1000)} before the read`;
  st.problems.push(
    problem(
      'replica-heartbeat-lag',
      `${lag.atLeast ? 'at least ' : ''}${lag.seconds} s behind ${upAddress ?? 'its primary'} by the heartbeat key: it ${seen} (${level} threshold ${level === 'error' ? t.replicaLagSecondsError : t.replicaLagSecondsWarning} s)`,
      level,
    ),
  );
}
