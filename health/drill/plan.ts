/**
 * The drill's plan: what the Sentinels report about the group (its nodes, its
 * live failover settings), the key space, the commands and the ACL
 * permissions — everything the dry run prints, read without writing anything.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { formatSlots } from '../replies';
import { type ClusterShard, clusterShard, idInSlots, nodeTimeout } from './cluster';
import { clusterAcl, clusterCommands } from './clusterPlan';
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

export type DrillMode = 'manual' | 'crash' | 'freeze';

export interface DrillOptions {
  /** Sentinel addresses (`host:port`) from the seed (empty for a cluster). */
  sentinels: string[];
  /** The master name (from the seed's #fragment or --group). */
  master?: string;
  /** A Redis Cluster: the seed nodes; the drill works on the shard of the first that answers. */
  cluster?: string[];
  auth: DrillAuth;
  mode: DrillMode;
  writers: number;
  /** Writes per second, all writers together. */
  rate: number;
  wait?: { replicas: number; timeoutMs: number };
  durationS: number;
  /** crash and freeze: the command that causes it (run by `sh -c`). */
  crashCmd?: string;
  /** freeze with --crash-cmd: the command that resumes the frozen node. */
  resumeCmd?: string;
  maxOtherOps: number;
  /** Writers move to the new primary at +switch-master, not only after an error. */
  followSwitch?: boolean;
  force: boolean;
  timeoutMs: number;
}

export interface DrillPlan {
  id: string;
  kind: 'sentinel' | 'cluster';
  /** The group's name: the Sentinel master name, or a cluster shard's primary address. */
  master: string;
  sentinels: string[];
  /** A cluster: every node (the only addresses contacted), the drill's slot and the node the events come from. */
  cluster?: { nodes: string[]; slot: number; slots: string; observer?: string };
  primary: string;
  replicas: string[];
  keySpace: string;
  quorum?: number;
  /** down-after-milliseconds, or a cluster's cluster-node-timeout. */
  downAfterMs: number;
  failoverTimeoutMs: number;
  /** The settings the predicted RTO comes from, in words. */
  rtoBasis: string;
  /** The model's RTO for this mode and these settings. */
  predictedRto: { minMs: number; maxMs: number };
  primaryOps?: number;
  primaryPid?: number;
  /** The primary's live settings that bound the loss (CONFIG GET), when it allowed reading them. */
  live?: LiveSettings;
  /** The model's RPO for a failover of this group, in words. */
  predictedRpo: string;
  /** How the failover is caused, in words; undefined when nothing may cause it (crash without a way). */
  trigger?: string;
  commands: string[];
  acl: string[];
  /** Reasons the drill would refuse to run. */
  refusals: string[];
}

/** The settings of the primary that bound what a failover loses. */
export interface LiveSettings {
  minReplicasToWrite: number;
  minReplicasMaxLag: number;
  appendonly: boolean;
  appendfsync: string;
}

/** CONFIG GET of the write guard and persistence; undefined when the user may not (NOPERM) or a reply is odd. */
async function liveSettings(r: Redis): Promise<LiveSettings | undefined> {
  try {
    const get = async (name: string) => fieldMap(await r.call('CONFIG', 'GET', name), 4).get(name);
    const [toWrite, maxLag, aof, fsync] = await Promise.all(
      ['min-replicas-to-write', 'min-replicas-max-lag', 'appendonly', 'appendfsync'].map(get),
    );
    const n = num(toWrite);
    const lag = num(maxLag);
    if (n === undefined || lag === undefined || aof === undefined || fsync === undefined) return undefined;
    return { minReplicasToWrite: n, minReplicasMaxLag: lag, appendonly: aof === 'yes', appendfsync: fsync };
  } catch {
    return undefined;
  }
}

/** What the durability model says a failover loses, for these settings. */
export function rpoPrediction(live: LiveSettings | undefined, wait: DrillOptions['wait']): string {
  const waited = wait ? `0 for writes WAIT confirmed on ${wait.replicas}; ` : '';
  if (!live) return `${waited}un-WAITed writes inside the replication lag (CONFIG GET not allowed: the write guard is unknown)`;
  if (live.minReplicasToWrite > 0 && live.minReplicasMaxLag > 0)
    return `${waited}un-WAITed writes inside the replication lag, at most ${live.minReplicasMaxLag} s of them (min-replicas-to-write ${live.minReplicasToWrite}, min-replicas-max-lag ${live.minReplicasMaxLag})`;
  return `${waited}un-WAITed writes inside the replication lag, with no bound (min-replicas-to-write ${live.minReplicasToWrite}: nothing stops a primary whose replicas fall behind)`;
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

/** What discovery found, the same for a Sentinel group and a cluster shard. */
interface GroupView {
  seed: string;
  master: string;
  primary: string;
  replicas: string[];
  sentinels: string[];
  downAfterMs?: number;
  failoverTimeoutMs?: number;
  quorum?: number;
  shard?: ClusterShard;
}

async function groupView(o: DrillOptions): Promise<GroupView> {
  if (o.cluster) {
    const shard = await clusterShard(o.cluster, o.auth, o.timeoutMs);
    return { seed: shard.seed, master: shard.primary, primary: shard.primary, replicas: shard.replicas, sentinels: [], shard };
  }
  const v = await sentinelView(o);
  return {
    ...v,
    downAfterMs: num(v.fields.get('down-after-milliseconds')) ?? 30_000,
    failoverTimeoutMs: num(v.fields.get('failover-timeout')) ?? 180_000,
    quorum: num(v.fields.get('quorum')),
  };
}

/** The primary's INFO (traffic, process id, role), its live settings and, in a cluster, its node timeout. */
async function primaryFacts(o: DrillOptions, v: GroupView, refusals: string[]) {
  const f: { ops?: number; pid?: number; live?: LiveSettings; nodeTimeoutMs?: number } = {};
  try {
    const info = await withClient(v.primary, o.auth, o.timeoutMs, async (r) => {
      f.live = await liveSettings(r);
      if (v.shard) f.nodeTimeoutMs = await nodeTimeout(r);
      return infoFields(await r.info());
    });
    f.ops = num(info.get('instantaneous_ops_per_sec'));
    f.pid = num(info.get('process_id'));
    if (info.get('role') !== 'master') refusals.push(`${v.primary} is not a primary (role ${info.get('role') ?? '?'})`);
  } catch (e) {
    refusals.push(`the primary ${v.primary} does not answer: ${shortError(e)}`);
  }
  if (f.ops !== undefined && f.ops > o.maxOtherOps && !o.force) {
    refusals.push(`the primary serves ${f.ops} ops/s, above --max-other-ops ${o.maxOtherOps} (use --force on a staging group only)`);
  }
  return f;
}

/** A cluster's key space: a hash tag in one of the shard's slots, so every key lives on the shard (and MGET works). */
function clusterKeys(shard: ClusterShard, refusals: string[]) {
  if (!shard.replicas.length) refusals.push(`the shard of ${shard.primary} has no replica: a failover would leave its slots unserved`);
  const pick = idInSlots(shard.slots);
  if (!pick) refusals.push(`${shard.primary} serves no slot`);
  const id = pick?.id ?? randomBytes(4).toString('hex');
  const cluster = { nodes: shard.nodes, slot: pick?.slot ?? -1, slots: formatSlots(shard.slots), observer: shard.observer };
  return { id, keySpace: `redis-ha:drill:{${id}}:*`, cluster };
}

/** Discovers the group and writes the plan; sends only reads (SENTINEL or CLUSTER NODES, INFO, CONFIG GET). */
export async function makePlan(o: DrillOptions): Promise<DrillPlan> {
  const v = await groupView(o);
  const refusals: string[] = [];
  const f = await primaryFacts(o, v, refusals);
  const trigger = triggerOf(o, v, f.pid, refusals);
  let id = randomBytes(4).toString('hex');
  let keySpace = `redis-ha:drill:${id}:*`;
  let cluster: DrillPlan['cluster'];
  if (v.shard) ({ id, keySpace, cluster } = clusterKeys(v.shard, refusals));
  // a cluster replica starts its election once its primary is FAIL: cluster-node-timeout, as down-after-milliseconds
  const downAfterMs = v.downAfterMs ?? f.nodeTimeoutMs ?? 15_000;
  const failoverTimeoutMs = v.failoverTimeoutMs ?? Math.max(2 * downAfterMs, 2000);
  const predictedRto =
    o.mode === 'manual' ? { minMs: 0, maxMs: FAILOVER_OVERHEAD_MS } : { minMs: downAfterMs, maxMs: downAfterMs + FAILOVER_OVERHEAD_MS };
  const rtoBasis = v.shard
    ? `cluster-node-timeout ${downAfterMs}${f.nodeTimeoutMs === undefined ? ' (the default: CONFIG GET was not allowed)' : ''}`
    : `down-after-milliseconds ${downAfterMs}, failover-timeout ${failoverTimeoutMs}`;
  return {
    id,
    kind: v.shard ? 'cluster' : 'sentinel',
    master: v.master,
    sentinels: v.sentinels,
    cluster,
    primary: v.primary,
    replicas: v.replicas,
    keySpace,
    quorum: v.quorum,
    downAfterMs,
    failoverTimeoutMs,
    rtoBasis,
    predictedRto,
    primaryOps: f.ops,
    primaryPid: f.pid,
    live: f.live,
    predictedRpo: rpoPrediction(f.live, o.wait),
    trigger,
    commands: v.shard ? clusterCommands(o, v.shard, keySpace) : commandsOf(o, v.master, keySpace),
    acl: v.shard ? clusterAcl(o) : aclOf(o),
    refusals,
  };
}

/** How the failover is caused, in words; a refusal is added when there is no way. */
function triggerOf(o: DrillOptions, v: GroupView, pid: number | undefined, refusals: string[]) {
  const primary = v.primary;
  if (o.mode === 'manual')
    return v.shard ? `CLUSTER FAILOVER (sent to the replica ${v.replicas[0] ?? '—'})` : `SENTINEL FAILOVER ${v.master} (sent to ${v.seed})`;
  if (o.crashCmd) {
    if (o.mode === 'freeze' && !o.resumeCmd) refusals.push('freeze with --crash-cmd needs --resume-cmd, the command that thaws the node');
    return o.mode === 'freeze'
      ? 'sh -c <--crash-cmd> to freeze, sh -c <--resume-cmd> once the group has settled (the commands given)'
      : 'sh -c <--crash-cmd> (the command given)';
  }
  if (isLoopback(primary) && pid !== undefined && localRedisProcess(pid))
    return o.mode === 'freeze'
      ? `SIGSTOP to PID ${pid} (the primary's process_id, on this machine), SIGCONT once the group has settled or the drill ends`
      : `SIGKILL to PID ${pid} (the primary's process_id, on this machine)`;
  refusals.push(`${o.mode} needs --crash-cmd, or a primary on 127.0.0.1/::1 whose process_id is a Redis process on this machine`);
  return undefined;
}

function commandsOf(o: DrillOptions, master: string, keySpace: string): string[] {
  const w = o.wait ? `, then WAIT ${o.wait.replicas} ${o.wait.timeoutMs} (half of the writers)` : '';
  return [
    `Sentinels: SENTINEL GET-MASTER-ADDR-BY-NAME ${master} (discovery, re-asked after each failed write${o.followSwitch ? ' and at each +switch-master' : ''}); PSUBSCRIBE * (events)`,
    `primary: SET ${keySpace.slice(0, -1)}<writer>:<seq> <seq>${w} — ${o.writers} writers, ${o.rate} writes/s in all, ${o.durationS} s`,
    o.mode === 'manual'
      ? `Sentinel: SENTINEL FAILOVER ${master}`
      : o.mode === 'crash'
        ? 'crash: the command given with --crash-cmd, or SIGKILL of the local primary process'
        : 'freeze: --crash-cmd then --resume-cmd, or SIGSTOP then SIGCONT of the local primary process (also on Ctrl-C)',
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
    // Redis 7 gives a new user no channel (acl-pubsub-default resetchannels): the events need them all
    '&*',
  ];
  if (o.mode === 'manual') sentinel.push('+sentinel|failover');
  const data = ['+info', '+set', '+mget', '+scan', '+unlink', '+role', '~redis-ha:drill:*'];
  if (o.wait) data.splice(2, 0, '+wait');
  return [
    `data nodes: ${data.join(' ')}`,
    `Sentinels: ${sentinel.join(' ')}`,
    'optional, primary: +config|get (reads min-replicas-*, appendonly, appendfsync: the bound of the predicted RPO)',
  ];
}

/** The plan as text (the dry run's output). No password appears in it. */
export function planText(p: DrillPlan, o: DrillOptions): string {
  const c = p.cluster;
  const lines = [
    `Failover drill plan for ${c ? 'cluster shard' : 'Sentinel group'} '${p.master}' (dry run: nothing is written, no failover)`,
    `  primary     ${p.primary}${p.primaryOps !== undefined ? `  (${p.primaryOps} ops/s now)` : ''}`,
    `  replicas    ${p.replicas.join(', ') || '(none)'}`,
    c
      ? `  cluster     ${c.nodes.length} nodes; the shard serves slots ${c.slots}, the drill's keys are in slot ${c.slot}; events from ${c.observer ?? '—'}`
      : `  sentinels   ${p.sentinels.join(', ')}${p.quorum !== undefined ? `  (quorum ${p.quorum})` : ''}`,
    `  mode        ${o.mode}: ${p.trigger ?? 'no way to cause it (see below)'}`,
    `  key space   ${p.keySpace}  (deleted at the end, also on Ctrl-C)`,
    `  predicted   RPO ${p.predictedRpo}`,
    `              RTO ${(p.predictedRto.minMs / 1000).toFixed(1)}–${(p.predictedRto.maxMs / 1000).toFixed(1)} s (${p.rtoBasis})`,
    '  commands',
    ...p.commands.map((c) => `    ${c}`),
    '  ACL permissions needed',
    ...p.acl.map((c) => `    ${c}`),
  ];
  for (const r of p.refusals) lines.push(`  REFUSED: ${r}`);
  lines.push(`To run it: --yes --group ${p.master}`);
  return `${lines.join('\n')}\n`;
}
