/**
 * `redis-ha drill`: a failover drill on a Sentinel group or a cluster shard —
 * writers through Sentinel discovery or cluster redirects, a manual failover
 * or a crash of the primary, then the
 * acknowledged writes that were lost (RPO) and how long writes failed (RTO),
 * against what the group's Sentinel settings predict. A dry run (the plan)
 * unless --yes and --group NAME (the group's name typed back) are given.
 * Passwords come from the seed or REDISCLI_AUTH and are never printed.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DRILL_LIMITS,
  drillReportHtml,
  type DrillOptions,
  escapeControl,
  makePlan,
  parseSeed,
  planText,
  resultText,
  runDrill,
  SeedError,
  seedSecrets,
} from '../health';
import { scrubbed, type CliIO } from './io';
import { checkedTls, UsageError } from './status';

export const DRILL_USAGE = `usage: redis-ha drill --mode manual|crash|freeze [--writers N] [--rate R] [--wait N,TIMEOUT] [--duration S]
                      [--crash-cmd CMD [--resume-cmd CMD]] [--max-other-ops N] [--force] [--follow-switch]
                      [--user U] [--tls] [--ca FILE] [--cert FILE --key FILE] [--servername NAME] [--timeout MS]
                      [--report FILE] [--format text|json] [--yes --group NAME] SEED

Measures a Sentinel group's or a cluster shard's real RPO (acknowledged writes lost) and RTO (how long
writes fail) across a failover, and holds them against the durability model's prediction for its live
settings. SEED is redis-sentinel://[[user]:password@]host:port[,host:port…][#master] for a Sentinel
group, or redis://[[user]:password@]host:port (rediss:// for TLS) of a cluster node: the drill works
on that node's shard, its keys carry a hash tag in one of the shard's slots, writers follow MOVED
replies, and the group name to type back is the shard primary's address. The password, also from
REDISCLI_AUTH, is sent only to the Sentinels, the nodes they report, or the nodes CLUSTER NODES lists;
it is never printed.
Without --yes it is a dry run: it prints the plan (nodes, key space, commands, ACL permissions) and
changes nothing. Run it on a staging group: the failover is real.
  --mode M          manual: SENTINEL FAILOVER <group> (a cluster: CLUSTER FAILOVER on a replica); crash: --crash-cmd, or SIGKILL of the primary when
                    it runs on 127.0.0.1/::1 and its INFO process_id is a Redis process on this machine;
                    freeze: the same with SIGSTOP, and SIGCONT once the group has settled (or on Ctrl-C):
                    the old primary comes back as a stale primary, as after a long GC pause or a VM stall
  --crash-cmd CMD   crash or freeze: run CMD through 'sh -c' (e.g. 'docker kill redis-1', 'docker pause
                    redis-1', a kill over SSH); must exit 0
  --resume-cmd CMD  freeze with --crash-cmd: the command that thaws the node (e.g. 'docker unpause redis-1')
  --writers N       concurrent writers (default ${DRILL_LIMITS.defaultWriters}, at most ${DRILL_LIMITS.maxWriters})
  --rate R          writes per second, all writers together (default ${DRILL_LIMITS.defaultRate}, at most ${DRILL_LIMITS.maxRate})
  --wait N,TIMEOUT  half of the writers (the odd ones) run WAIT N TIMEOUT after each write; the loss is then
                    split into writes WAIT confirmed on N replicas and the others
  --duration S      seconds of writing (default ${DRILL_LIMITS.defaultDurationS}, at most ${DRILL_LIMITS.maxDurationS}); the failover comes after
                    a quarter of it (at most 5 s); writing goes on until the new primary takes writes
  --max-other-ops N refuse when the primary serves more than N ops/s before the drill (default ${DRILL_LIMITS.defaultMaxOtherOps})
  --force           run despite that traffic
  --follow-switch   writers move to the new primary at Sentinel's +switch-master (as clients that subscribe
                    to Sentinel do), not only after a failed write: compare the writes lost to the old primary
  --user U          ACL user when the seed names none
  --tls, --ca FILE, --cert FILE --key FILE, --servername NAME
                    TLS to the Sentinels and the nodes, as for status (each of them implies --tls)
  --timeout MS      deadline of each command and connection (default 2000)
  --format F        text (default): a table; json: one JSON document
  --report FILE     also write the report to FILE: a self-contained HTML page with the timeline when FILE
                    ends in .html, the JSON report otherwise
  --yes --group G   run it: G must be the group's Sentinel master name (a cluster: the shard primary's host:port)
Keys are redis-ha:drill:<id>:<writer>:<seq> ({<id>} in a cluster), deleted at the end (SCAN + UNLINK), also on Ctrl-C.
Exit status: 0 done (or the dry run), 1 a figure is worse than predicted, 2 the drill failed or was refused,
3 bad usage.
`;

const OPTIONS = {
  mode: { type: 'string' },
  writers: { type: 'string' },
  rate: { type: 'string' },
  wait: { type: 'string' },
  duration: { type: 'string' },
  'crash-cmd': { type: 'string' },
  'resume-cmd': { type: 'string' },
  'max-other-ops': { type: 'string' },
  force: { type: 'boolean', default: false },
  'follow-switch': { type: 'boolean', default: false },
  user: { type: 'string' },
  tls: { type: 'boolean', default: false },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  servername: { type: 'string' },
  timeout: { type: 'string' },
  format: { type: 'string', default: 'text' },
  report: { type: 'string' },
  yes: { type: 'boolean', default: false },
  group: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>['values'];

function int(v: string | undefined, name: string, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!/^\d{1,9}$/.test(v) || n < min || n > max) throw new UsageError(`${name} needs a whole number from ${min} to ${max}, not '${v}'`);
  return n;
}

/** The options checked; throws UsageError or SeedError. */
export function drillOptions(values: Values, positionals: string[], envPassword: string | undefined): DrillOptions {
  if (values.mode !== 'manual' && values.mode !== 'crash' && values.mode !== 'freeze')
    throw new UsageError(`--mode must be manual, crash or freeze, not '${values.mode ?? ''}'`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  if (positionals.length !== 1)
    throw new UsageError('give one SEED: redis-sentinel://… for a Sentinel group, redis://host:port for a cluster shard');
  const spec = parseSeed(positionals[0]);
  const seeds = spec.seeds.map((s) => (s.host.includes(':') ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`));
  const checked = checkedTls(values);
  const tls = spec.tls || checked ? { ...spec.tls, ...checked } : undefined;
  let wait: DrillOptions['wait'];
  if (values.wait !== undefined) {
    const m = /^(\d{1,2}),(\d{1,6})$/.exec(values.wait);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1 || Number(m[2]) > 60_000)
      throw new UsageError(`--wait needs N,TIMEOUT (replicas 1–99, milliseconds 1–60000), not '${values.wait}'`);
    wait = { replicas: Number(m[1]), timeoutMs: Number(m[2]) };
  }
  if (values['crash-cmd'] !== undefined && (values.mode === 'manual' || !values['crash-cmd'].trim()))
    throw new UsageError('--crash-cmd needs --mode crash or freeze, and a command');
  if (values['resume-cmd'] !== undefined && (values.mode !== 'freeze' || !values['crash-cmd'] || !values['resume-cmd'].trim()))
    throw new UsageError('--resume-cmd needs --mode freeze, --crash-cmd and a command');
  return {
    sentinels: spec.sentinel ? seeds : [],
    cluster: spec.sentinel ? undefined : seeds,
    master: spec.master,
    auth: { username: spec.username ?? values.user, password: spec.password ?? (envPassword || undefined), tls },
    mode: values.mode,
    writers: int(values.writers, '--writers', DRILL_LIMITS.defaultWriters, 1, DRILL_LIMITS.maxWriters),
    rate: int(values.rate, '--rate', DRILL_LIMITS.defaultRate, 1, DRILL_LIMITS.maxRate),
    wait,
    durationS: int(values.duration, '--duration', DRILL_LIMITS.defaultDurationS, 2, DRILL_LIMITS.maxDurationS),
    crashCmd: values['crash-cmd'],
    resumeCmd: values['resume-cmd'],
    maxOtherOps: int(values['max-other-ops'], '--max-other-ops', DRILL_LIMITS.defaultMaxOtherOps, 0, 10_000_000),
    force: values.force,
    followSwitch: values['follow-switch'],
    timeoutMs: int(values.timeout, '--timeout', 2000, 50, 60_000),
  };
}

export async function runDrillCommand(args: string[], rawIO: CliIO): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS, strict: true }));
  } catch (e) {
    rawIO.stderr(`redis-ha drill: ${escapeControl((e as Error).message)}\n\n${DRILL_USAGE}`);
    return 3;
  }
  if (values.help) {
    rawIO.stdout(DRILL_USAGE);
    return 0;
  }
  const io = scrubbed(rawIO, [...positionals.flatMap((p) => seedSecrets(p)), rawIO.env.REDISCLI_AUTH ?? '']);
  let o: DrillOptions;
  try {
    o = drillOptions(values, positionals, rawIO.env.REDISCLI_AUTH);
  } catch (e) {
    if (!(e instanceof UsageError || e instanceof SeedError)) throw e;
    io.stderr(`redis-ha drill: ${escapeControl(e.message)}\n\n${DRILL_USAGE}`);
    return 3;
  }
  return drill(o, values, io);
}

async function drill(o: DrillOptions, values: Values, io: CliIO): Promise<number> {
  let plan: Awaited<ReturnType<typeof makePlan>>;
  try {
    plan = await makePlan(o);
  } catch (e) {
    io.stderr(`redis-ha drill: ${escapeControl((e as Error).message)}\n`);
    return 2;
  }
  if (!values.yes) {
    io.stdout(values.format === 'json' ? `${JSON.stringify({ dryRun: true, plan }, null, 2)}\n` : planText(plan, o));
    return 0;
  }
  if (values.group !== plan.master) {
    io.stderr(`redis-ha drill: --group must repeat the group's name '${escapeControl(plan.master)}' to run the drill\n`);
    return 3;
  }
  if (plan.refusals.length) {
    io.stderr(`redis-ha drill: refused:\n${plan.refusals.map((r) => `  ${escapeControl(r)}`).join('\n')}\n`);
    return 2;
  }
  const result = await runDrill(o, plan, { interrupted: io.interrupted, progress: (l) => io.stderr(`${escapeControl(l)}\n`) });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (values.report) {
    try {
      const html = /\.html?$/i.test(values.report);
      writeFileSync(values.report, html ? drillReportHtml(result, { nonce: randomBytes(16).toString('base64') }) : json, { mode: 0o600 });
    } catch (e) {
      io.stderr(`redis-ha drill: cannot write --report ${escapeControl(values.report)}: ${escapeControl((e as Error).message)}\n`);
    }
  }
  io.stdout(values.format === 'json' ? json : resultText(result));
  if (!result.settled || result.rto.measuredMs === undefined) return 2;
  return result.rpo.verdict === 'worse' || result.rto.verdict === 'worse' ? 1 : 0;
}
