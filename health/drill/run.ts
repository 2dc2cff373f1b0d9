/**
 * Runs a planned drill: writers, the failover, the wait for the group to
 * settle, the read-back of every acknowledged key from the new primary and
 * the cleanup of the key space — which also runs when the drill is
 * interrupted (Ctrl-C): writers stop, keys are deleted, a partial result is
 * returned.
 */
import { spawn } from 'node:child_process';
import type { Redis } from 'ioredis';
import { type DrillAuth, shortError, withClient } from './conn';
import { ClusterWatch, waitClusterSettled } from './cluster';
import { EventWatch, waitSettled } from './observe';
import { DRILL_LIMITS, type DrillOptions, type DrillPlan, localRedisProcess } from './plan';
import { buildResult, type DrillResult } from './result';
import { keyOf, type WriterLog, Writers } from './writers';

export interface DrillHooks {
  /** Resolves when the drill must stop early (Ctrl-C). */
  interrupted?: Promise<void>;
  /** Called after the read-back, before the key space is deleted (tests re-read the keys here). */
  beforeCleanup?: (ctx: { log: WriterLog; prefix: string; primary?: string }) => Promise<void>;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
}

const BATCH = 500;

/** Runs `cmd` through `sh -c` (killed after 30 s); throws unless it exits 0. */
async function shell(cmd: string, flag: string): Promise<void> {
  const code = await new Promise<number>((resolve) => {
    const child = spawn('sh', ['-c', cmd], { stdio: 'ignore' });
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (c) => {
      clearTimeout(t);
      resolve(c ?? 1);
    });
    child.on('error', () => {
      clearTimeout(t);
      resolve(127);
    });
  });
  if (code !== 0) throw new Error(`${flag} exited with status ${code}`);
}

interface Triggered {
  what: string;
  /** freeze: thaws the node (idempotent; never throws). */
  resume?: () => Promise<string | undefined>;
}

/** Thaws once: a SIGCONT, or --resume-cmd; a note when that failed. */
function resumer(o: DrillOptions, pid: number | undefined): () => Promise<string | undefined> {
  let done: Promise<string | undefined> | undefined;
  return () => {
    done ??= (async () => {
      try {
        if (o.crashCmd) await shell(o.resumeCmd as string, '--resume-cmd');
        else process.kill(pid as number, 'SIGCONT');
        return undefined;
      } catch (e) {
        return `the frozen primary could not be resumed: ${shortError(e)} — resume it by hand`;
      }
    })();
    return done;
  };
}

/** Causes the failover; what was done (and, for freeze, how to undo it), or throws. */
async function trigger(o: DrillOptions, plan: DrillPlan): Promise<Triggered> {
  if (o.mode === 'manual' && plan.cluster) {
    const replica = plan.replicas[0];
    await withClient(replica, o.auth, o.timeoutMs, (r) => r.call('CLUSTER', 'FAILOVER'));
    return { what: `CLUSTER FAILOVER on ${replica}` };
  }
  if (o.mode === 'manual') {
    await withClient(plan.sentinels[0], o.auth, o.timeoutMs, (r) => r.call('SENTINEL', 'FAILOVER', plan.master));
    return { what: `SENTINEL FAILOVER ${plan.master}` };
  }
  const freeze = o.mode === 'freeze';
  const pid = plan.primaryPid;
  if (o.crashCmd) {
    const resume = freeze ? resumer(o, undefined) : undefined;
    await shell(o.crashCmd, '--crash-cmd').catch(async (e) => {
      await resume?.();
      throw e;
    });
    return { what: '--crash-cmd', resume };
  }
  if (pid === undefined || !localRedisProcess(pid)) throw new Error('the primary process is not on this machine');
  process.kill(pid, freeze ? 'SIGSTOP' : 'SIGKILL');
  return freeze ? { what: `SIGSTOP to PID ${pid}`, resume: resumer(o, pid) } : { what: `SIGKILL to PID ${pid}` };
}

/** Reads every acknowledged key back; the keys missing or holding another value. */
async function readBack(r: Redis, log: WriterLog, prefix: string): Promise<boolean[]> {
  const lost: boolean[] = new Array(log.acks.length).fill(false);
  for (let i = 0; i < log.acks.length; i += BATCH) {
    const slice = log.acks.slice(i, i + BATCH);
    const values = await r.mget(slice.map((a) => keyOf(prefix, a.writer, a.seq)));
    slice.forEach((a, j) => {
      if (values[j] !== String(a.seq)) lost[i + j] = true;
    });
  }
  return lost;
}

/** SCAN + UNLINK of the key space; the count deleted. */
export async function cleanup(address: string, auth: DrillAuth, timeoutMs: number, pattern: string): Promise<number> {
  return withClient(address, auth, timeoutMs, async (r) => {
    let cursor = '0';
    let deleted = 0;
    for (let rounds = 0; rounds < 100_000; rounds++) {
      const [next, keys] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      for (let i = 0; i < keys.length; i += BATCH) deleted += await r.unlink(...keys.slice(i, i + BATCH));
      cursor = next;
      if (cursor === '0') break;
    }
    return deleted;
  });
}

/** Resolves after `ms`, or earlier when `stop()` holds (polled every 50 ms). */
async function until(ms: number, stop: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && !stop()) await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, end - Date.now()))));
}

async function thaw(resume: Triggered['resume'], notes: string[], say: (l: string) => void): Promise<void> {
  if (!resume) return;
  const failed = await resume();
  if (failed) {
    if (!notes.includes(failed)) notes.push(failed);
  } else say('resumed: the frozen primary runs again');
}

/** The event source (Sentinel subscriptions or cluster polling) and the writers of a drill. */
function observers(o: DrillOptions, plan: DrillPlan) {
  const c = plan.cluster;
  const vouched = new Set([plan.primary, ...plan.replicas, ...plan.sentinels, ...(c?.nodes ?? [])]);
  const prefix = plan.keySpace.slice(0, -1);
  const events = c
    ? new ClusterWatch(
        [c.observer, ...c.nodes].filter((n): n is string => !!n && n !== plan.primary),
        new Set([plan.primary, ...plan.replicas]),
        o.auth,
        o.timeoutMs,
        DRILL_LIMITS.maxEvents,
      )
    : new EventWatch(plan.sentinels, plan.master, o.auth, o.timeoutMs);
  const writers = new Writers({
    ...o,
    prefix,
    master: plan.master,
    sentinels: plan.sentinels,
    vouched,
    cluster: c ? { slot: c.slot, nodes: c.nodes } : undefined,
  });
  return { vouched, events, writers };
}

export async function runDrill(o: DrillOptions, plan: DrillPlan, hooks: DrillHooks = {}): Promise<DrillResult> {
  let interrupted = false;
  hooks.interrupted?.then(() => (interrupted = true));
  const stop = () => interrupted;
  const say = hooks.progress ?? (() => undefined);
  const c = plan.cluster;
  const { vouched, events, writers } = observers(o, plan);
  await events.start();
  if (o.followSwitch) events.onSwitch = (to) => writers.follow(to);
  const startedAt = Date.now();
  const notes: string[] = [];
  let failoverAt: number | undefined;
  let triggeredAt: number | undefined;
  let settled: { primary: string; at: number } | undefined;
  let resume: Triggered['resume'];
  writers.start();
  say(`drill ${plan.id}: ${o.writers} writers at ${o.rate} writes/s on ${plan.primary}`);
  try {
    await until(Math.min((o.durationS * 1000) / 4, 5000), stop);
    if (!interrupted) {
      failoverAt = Date.now();
      const t = await trigger(o, plan);
      resume = t.resume;
      triggeredAt = o.mode === 'manual' ? failoverAt : Date.now();
      say(`failover: ${t.what}`);
      const settleMs = plan.downAfterMs + Math.min(plan.failoverTimeoutMs, 60_000) + 10_000;
      const deadline = failoverAt + settleMs;
      settled = c
        ? await waitClusterSettled({ ...o, nodes: c.nodes, slot: c.slot, oldPrimary: plan.primary, vouched, deadline, stopped: stop })
        : await waitSettled({
            ...o,
            sentinels: plan.sentinels,
            master: plan.master,
            oldPrimary: plan.primary,
            vouched,
            deadline,
            stopped: stop,
          });
      if (settled) say(`settled: ${settled.primary} is the primary`);
      else notes.push(interrupted ? 'interrupted before the group settled' : `the group did not settle within ${settleMs} ms`);
      // a frozen primary thaws once the group has a new one: it comes back as a stale primary
      await thaw(resume, notes, say);
      resume = undefined;
      // keep writing until the duration is over and the new primary has taken writes for a second
      const idx = () => (settled ? writers.log.addresses.indexOf(settled.primary) : -1);
      const recovered = () =>
        Date.now() - (settled?.at ?? 0) >= 1000 && writers.log.acks.some((a) => a.node === idx() && a.at >= (settled?.at ?? 0));
      await until(Math.max(0, startedAt + o.durationS * 1000 - Date.now()), stop);
      if (settled) await until(10_000, () => stop() || recovered());
    }
  } catch (e) {
    notes.push(`the drill stopped early: ${shortError(e)}`);
  } finally {
    await thaw(resume, notes, say);
    await writers.stop();
    await events.stop();
  }
  if (interrupted) notes.push('interrupted (Ctrl-C): partial result');
  let target = settled?.primary ?? (failoverAt === undefined ? plan.primary : await writers.discover());
  if (target && !vouched.has(target)) {
    notes.push(`the Sentinels name ${target}, which they did not report in the plan: not contacted`);
    target = undefined;
  }
  const { lost, deleted } = await readBackAndClean(o, plan, writers.log, { target, failedOver: failoverAt !== undefined, notes, hooks });
  return buildResult({
    o,
    plan,
    log: writers.log,
    lost,
    events: events.events,
    startedAt,
    failoverAt,
    triggeredAt,
    settled,
    notes,
    deleted,
    interrupted,
  });
}

/** Reads the acknowledged keys back from `target`, lets the test hook look, then deletes the key space. */
async function readBackAndClean(
  o: DrillOptions,
  plan: DrillPlan,
  log: WriterLog,
  x: { target?: string; failedOver: boolean; notes: string[]; hooks: DrillHooks },
): Promise<{ lost?: boolean[]; deleted?: number }> {
  const { target, notes } = x;
  const prefix = plan.keySpace.slice(0, -1);
  let lost: boolean[] | undefined;
  if (target) {
    try {
      lost = await withClient(target, o.auth, o.timeoutMs, (r) => readBack(r, log, prefix));
    } catch (e) {
      notes.push(`the read-back from ${target} failed: ${shortError(e)}`);
    }
  }
  await x.hooks.beforeCleanup?.({ log, prefix, primary: target });
  let deleted: number | undefined;
  if (target) {
    try {
      deleted = await cleanup(target, o.auth, o.timeoutMs, plan.keySpace);
    } catch (e) {
      notes.push(`the cleanup on ${target} failed: ${shortError(e)} — delete ${plan.keySpace} by hand`);
    }
  }
  // the old primary keeps the writes it took after the switch until Sentinel turns it into a replica
  if (target !== plan.primary && x.failedOver) {
    const more = await cleanup(plan.primary, o.auth, o.timeoutMs, plan.keySpace).catch(() => 0);
    if (more) deleted = (deleted ?? 0) + more;
  }
  return { lost, deleted };
}
