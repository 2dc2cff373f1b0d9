/**
 * The drill's plan: what the Sentinels report about the group (its nodes, its
 * live failover settings), the key space, the commands and the ACL
 * permissions — everything the dry run prints, read without writing anything.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { addressReply, type DrillAuth, fieldMap, infoFields, instanceAddresses, isLoopback, shortError, withClient } from './conn';

/** Seconds of failover work after down-after-milliseconds, as the durability model's FAILOVER_OVERHEAD_MS. */
export const FAILOVER_OVERHEAD_MS = 5000;

export const DRILL_LIMITS = {
  maxRate: 2000,
  defaultRate: 200,
  maxDurationS: 300,
  defaultDurationS: 30,
  maxWriters: 64,
  defaultWriters: 4,
  defaultMaxOtherOps: 100,
  /** Lost keys listed in the JSON report (the counts are always exact). */
  maxLostKeysListed: 10_000,
  /** Sentinel events kept. */
  maxEvents: 500,
};

export type DrillMode = 'manual' | 'crash';

export interface DrillOptions {
  /** Sentinel addresses (`host:port`) from the seed. */
  sentinels: string[];
  /** The master name (from the seed's #fragment or --group). */
  master?: string;
  auth: DrillAuth;
  mode: DrillMode;
  writers: number;
  /** Writes per second, all writers together. */
  rate: number;
  wait?: { replicas: number; timeoutMs: number };
  durationS: number;
  crashCmd?: string;
  maxOtherOps: number;
  force: boolean;
  timeoutMs: number;
}

export interface DrillPlan {
  id: string;
  master: string;
  sentinels: string[];
  primary: string;
  replicas: string[];
  keySpace: string;
  quorum?: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
  /** The model's RTO for this mode and these settings. */
  predictedRto: { minMs: number; maxMs: number };
  primaryOps?: number;
  primaryPid?: number;
  /** How the failover is caused, in words; undefined when nothing may cause it (crash without a way). */
  trigger?: string;
  commands: string[];
  acl: string[];
  /** Reasons the drill would refuse to run. */
  refusals: string[];
}

/** Asks the seed Sentinels in turn; the first that answers names the group. */
async function sentinelView(o: DrillOptions) {
  let last = 'no Sentinel given';
  for (const s of o.sentinels) {
    try {
      return await withClient(s, o.auth, o.timeoutMs, async (r) => {
        let master = o.master;
        if (!master) {
          const masters = (await r.call('SENTINEL', 'MASTERS')) as unknown[];
          const names = (Array.isArray(masters) ? masters.slice(0, 32) : []).map((m) => fieldMap(m).get('name')).filter(Boolean);
          if (names.length !== 1) throw new Error(`the Sentinels monitor ${names.length} groups: name one with #master in the seed`);
          master = names[0] as string;
        }
        const fields = fieldMap(await r.call('SENTINEL', 'MASTER', master));
        const primary = addressReply([fields.get('ip'), fields.get('port')]);
        if (!primary) throw new Error(`Sentinel ${s} does not know a group named '${master}'`);
        const replicas = instanceAddresses(await r.call('SENTINEL', 'REPLICAS', master));
        const others = instanceAddresses(await r.call('SENTINEL', 'SENTINELS', master));
        return { seed: s, master, fields, primary, replicas, sentinels: [s, ...others.filter((x) => x !== s)] };
      });
    } catch (e) {
      last = `${s}: ${shortError(e)}`;
    }
  }
  throw new Error(`no Sentinel answered (${last})`);
}

function num(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,12}$/.test(v) ? Number(v) : undefined;
}

/** The process `pid` runs on this machine and is a Redis or Valkey server. */
export function localRedisProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8');
    return /redis|valkey/i.test(comm);
  } catch {
    return false;
  }
}

/** Discovers the group and writes the plan; sends only reads (SENTINEL, INFO). */
export async function makePlan(o: DrillOptions): Promise<DrillPlan> {
  const v = await sentinelView(o);
  const downAfterMs = num(v.fields.get('down-after-milliseconds')) ?? 30_000;
  const failoverTimeoutMs = num(v.fields.get('failover-timeout')) ?? 180_000;
  const refusals: string[] = [];
  let primaryOps: number | undefined;
  let primaryPid: number | undefined;
  try {
    const info = await withClient(v.primary, o.auth, o.timeoutMs, async (r) => infoFields(await r.info()));
    primaryOps = num(info.get('instantaneous_ops_per_sec'));
    primaryPid = num(info.get('process_id'));
    if (info.get('role') !== 'master') refusals.push(`${v.primary} is not a primary (role ${info.get('role') ?? '?'})`);
  } catch (e) {
    refusals.push(`the primary ${v.primary} does not answer: ${shortError(e)}`);
  }
  if (primaryOps !== undefined && primaryOps > o.maxOtherOps && !o.force) {
    refusals.push(`the primary serves ${primaryOps} ops/s, above --max-other-ops ${o.maxOtherOps} (use --force on a staging group only)`);
  }
  let trigger: string | undefined;
  if (o.mode === 'manual') trigger = `SENTINEL FAILOVER ${v.master} (sent to ${v.seed})`;
  else if (o.crashCmd) trigger = `sh -c <--crash-cmd> (the command given)`;
  else if (isLoopback(v.primary) && primaryPid !== undefined && localRedisProcess(primaryPid))
    trigger = `SIGKILL to PID ${primaryPid} (the primary's process_id, on this machine)`;
  else refusals.push('crash needs --crash-cmd, or a primary on 127.0.0.1/::1 whose process_id is a Redis process on this machine');
  const id = randomBytes(4).toString('hex');
  const keySpace = `redis-ha:drill:${id}:*`;
  const predictedRto =
    o.mode === 'manual' ? { minMs: 0, maxMs: FAILOVER_OVERHEAD_MS } : { minMs: downAfterMs, maxMs: downAfterMs + FAILOVER_OVERHEAD_MS };
  const quorum = num(v.fields.get('quorum'));
  return {
    id,
    master: v.master,
    sentinels: v.sentinels,
    primary: v.primary,
    replicas: v.replicas,
    keySpace,
    quorum,
    downAfterMs,
    failoverTimeoutMs,
    predictedRto,
    primaryOps,
    primaryPid,
    trigger,
    commands: commandsOf(o, v.master, keySpace),
    acl: aclOf(o),
    refusals,
  };
}

function commandsOf(o: DrillOptions, master: string, keySpace: string): string[] {
  const w = o.wait ? `, then WAIT ${o.wait.replicas} ${o.wait.timeoutMs} (half of the writers)` : '';
  return [
    `Sentinels: SENTINEL GET-MASTER-ADDR-BY-NAME ${master} (discovery, re-asked after each failed write); PSUBSCRIBE * (events)`,
    `primary: SET ${keySpace.slice(0, -1)}<writer>:<seq> <seq>${w} — ${o.writers} writers, ${o.rate} writes/s in all, ${o.durationS} s`,
    o.mode === 'manual'
      ? `Sentinel: SENTINEL FAILOVER ${master}`
      : 'crash: the command given with --crash-cmd, or SIGKILL of the local primary process',
    `new primary: MGET of every acknowledged key (batches of 500), then SCAN MATCH ${keySpace} + UNLINK (cleanup)`,
  ];
}

function aclOf(o: DrillOptions): string[] {
  const sentinel = [
    '+sentinel|get-master-addr-by-name',
    '+sentinel|master',
    '+sentinel|masters',
    '+sentinel|replicas',
    '+sentinel|sentinels',
    '+psubscribe',
  ];
  if (o.mode === 'manual') sentinel.push('+sentinel|failover');
  const data = ['+info', '+set', '+mget', '+scan', '+unlink', '+role', '~redis-ha:drill:*'];
  if (o.wait) data.splice(2, 0, '+wait');
  return [`data nodes: ${data.join(' ')}`, `Sentinels: ${sentinel.join(' ')}`];
}

/** The plan as text (the dry run's output). No password appears in it. */
export function planText(p: DrillPlan, o: DrillOptions): string {
  const lines = [
    `Failover drill plan for Sentinel group '${p.master}' (dry run: nothing is written, no failover)`,
    `  primary     ${p.primary}${p.primaryOps !== undefined ? `  (${p.primaryOps} ops/s now)` : ''}`,
    `  replicas    ${p.replicas.join(', ') || '(none)'}`,
    `  sentinels   ${p.sentinels.join(', ')}${p.quorum !== undefined ? `  (quorum ${p.quorum})` : ''}`,
    `  mode        ${o.mode}: ${p.trigger ?? 'no way to cause it (see below)'}`,
    `  key space   ${p.keySpace}  (deleted at the end, also on Ctrl-C)`,
    `  predicted   RTO ${(p.predictedRto.minMs / 1000).toFixed(1)}–${(p.predictedRto.maxMs / 1000).toFixed(1)} s (down-after-milliseconds ${p.downAfterMs}, failover-timeout ${p.failoverTimeoutMs})`,
    '  commands',
    ...p.commands.map((c) => `    ${c}`),
    '  ACL permissions needed',
    ...p.acl.map((c) => `    ${c}`),
  ];
  for (const r of p.refusals) lines.push(`  REFUSED: ${r}`);
  lines.push(`To run it: --yes --group ${p.master}`);
  return `${lines.join('\n')}\n`;
}
