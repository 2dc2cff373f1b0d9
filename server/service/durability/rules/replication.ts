/**
 * Rules about replication: the write guard, replicas that accept writes, and
 * the buffers and timeouts that decide whether a replica resumes with a
 * partial resync or starts over with a full one. Facts from redis
 * src/replication.c and src/networking.c (7.0+ raises a replica hard limit
 * below the backlog to the backlog size; 6.2 does not).
 */
import { clause, guidance } from '../../../catalog/guidance';
import { I, OFF, W } from '../../severity';
import { familyOf } from '../../values';
import { EditBuilder, insertDirective, lineOf, quoteArg, replaceArgs } from '../edits';
import type { EffectiveConfig } from '../settings';
import { targetLabel } from '../target';
import { inGroup, MB, setFix, size } from './common';
import { always, rule, type Fix, type RuleContext } from './types';

const REDIS = ['redis-conf'] as const;
/** Below this, a backlog covers only seconds of a busy primary's writes (the guidance uses 64mb and 128mb). */
export const MIN_BACKLOG = 64 * MB;
/** Below this, a replica's output buffer cannot hold the writes that arrive during a full sync. */
export const MIN_REPLICA_HARD_LIMIT = 64 * MB;
/** Above this many seconds of tolerated lag, the write guard bounds little (the default is 10). */
export const MAX_GUARD_LAG = 10;

// Every rule here is about a node that replicates: a standalone one (role.ts) gets none of them.

export const replicaWritable = rule({
  id: 'replica-writable',
  languages: REDIS,
  title: '`replica-read-only no`: a replica accepts writes the primary never sees.',
  guidance: 'replica-read-only',
  directives: ['replica-read-only'],
  severity: always(W),
  milder: { when: 'the node is a primary or a cluster node (it becomes a replica on failover)', severity: always(I) },
  fix: 'Set replica-read-only yes',
  check(ctx) {
    if (ctx.config.bool('replica-read-only') || !inGroup(ctx)) return;
    const line = ctx.config.line('replica-read-only');
    const r = ctx.model.replication;
    const replica = r?.role === 'replica';
    ctx.report({
      milder: !replica,
      at: line ?? 'top',
      message: replica
        ? `replica-read-only no on a replica of ${r!.master!.host}:${r!.master!.port}: ${clause('replica-read-only')}; meanwhile clients reading it see data the primary does not have`
        : `replica-read-only no: this node accepts writes once it becomes a replica (a failover, a REPLICAOF) — ${clause('replica-read-only')}`,
      related: replica ? [{ at: r!.master!.line, message: 'this node is a replica' }] : [],
      fixes: () => [setFix(ctx, 'Set replica-read-only yes', [['replica-read-only', ['yes']]], true)],
    });
  },
});

export const replicationUnguarded = rule({
  id: 'replication-unguarded',
  languages: REDIS,
  title:
    'A primary with `min-replicas-to-write 0` (or `min-replicas-max-lag 0`) when the target is rpo=0: ' +
    'acknowledged writes can be lost on failover.',
  guidance: 'write-guard',
  directives: ['min-replicas-to-write'],
  severity: { none: OFF, snapshot: OFF, '1s': OFF, '0': W },
  fix: 'Refuse writes without an up-to-date replica (min-replicas-to-write 1, min-replicas-max-lag 10)',
  check(ctx) {
    const r = ctx.model.replication;
    if (r?.role !== 'primary' || r.guard || !inGroup(ctx)) return;
    const toWrite = ctx.config.line('min-replicas-to-write');
    const maxLag = ctx.config.line('min-replicas-max-lag');
    // replicas are asked for, so it is the zero lag bound that turns the guard off
    const lagOff = ctx.config.int('min-replicas-to-write') > 0;
    ctx.report({
      at: (lagOff ? maxLag : toWrite) ?? 'top',
      message: `${lagOff ? 'min-replicas-max-lag 0 turns the write guard off' : `min-replicas-to-write is 0${toWrite ? '' : ' (the default)'}`}: this primary acknowledges writes without waiting for any replica, for as long as a network partition lasts. ${guidance('async-gap')} rpo=0 needs min-replicas-to-write ≥ 1 with a lag bound; ${clause('wait')}`,
      related: lagOff && toWrite ? [{ at: toWrite, message: 'the guard asks for replicas here' }] : [],
      fixes: () => {
        const s: Array<[string, string[]]> = [];
        if (ctx.config.int('min-replicas-to-write') <= 0) s.push(['min-replicas-to-write', ['1']]);
        if (ctx.config.int('min-replicas-max-lag') <= 0) s.push(['min-replicas-max-lag', ['10']]);
        return [setFix(ctx, `Refuse writes without an up-to-date replica (${s.map(([n, a]) => `${n} ${a[0]}`).join(', ')})`, s, true)];
      },
    });
  },
});

export const replicaLagToleranceHigh = rule({
  id: 'replica-lag-tolerance-high',
  languages: REDIS,
  title: `\`min-replicas-max-lag\` above ${MAX_GUARD_LAG} s: the write guard lets a cut-off primary accept that many seconds of writes.`,
  guidance: 'guard-lag',
  directives: ['min-replicas-max-lag'],
  severity: { none: OFF, snapshot: I, '1s': I, '0': W },
  fix: `Set min-replicas-max-lag ${MAX_GUARD_LAG}`,
  check(ctx) {
    const g = ctx.model.replication?.guard;
    if (!g || g.maxLag <= MAX_GUARD_LAG) return;
    const line = ctx.config.line('min-replicas-max-lag');
    ctx.report({
      at: line ?? 'top',
      message: `min-replicas-max-lag ${g.maxLag}: a replica silent for up to ${g.maxLag} s still counts as up to date, so a primary cut off from its replicas keeps accepting up to ${g.maxLag} s of writes that the failover then loses`,
      fixes: () => [setFix(ctx, `Set min-replicas-max-lag ${MAX_GUARD_LAG}`, [['min-replicas-max-lag', [String(MAX_GUARD_LAG)]]], true)],
    });
  },
});

export const backlogSmall = rule({
  id: 'backlog-small',
  languages: REDIS,
  title: `\`repl-backlog-size\` below ${size(MIN_BACKLOG)}: a short disconnect forces a full resync.`,
  guidance: 'backlog',
  directives: ['repl-backlog-size'],
  severity: { none: OFF, snapshot: W, '1s': W, '0': W },
  fix: 'Set repl-backlog-size 128mb (64mb when the replica buffer limits are smaller)',
  check(ctx) {
    const backlog = ctx.config.bytes('repl-backlog-size');
    if (backlog >= MIN_BACKLOG || !inGroup(ctx)) return;
    const line = ctx.config.line('repl-backlog-size');
    ctx.report({
      at: line ?? 'top',
      message: `repl-backlog-size ${size(backlog)}${line ? '' : ' (the default)'}, about ${Math.max(1, Math.round(backlog / MB))} s of writes at 1 MB/s: ${clause('backlog')}`,
      fixes: () => {
        const lim = ctx.config.replicaLimits();
        const roomy = (v: number) => v === 0 || v >= 128 * MB;
        const value = roomy(lim.soft) && roomy(lim.hard) ? '128mb' : '64mb';
        return [setFix(ctx, `Set repl-backlog-size ${value}`, [['repl-backlog-size', [value]]], true)];
      },
    });
  },
});

export const replTimeoutTooLow = rule({
  id: 'repl-timeout-too-low',
  languages: REDIS,
  title: '`repl-timeout` not above `repl-ping-replica-period`: idle replication links time out.',
  guidance: 'repl-timeout',
  directives: ['repl-timeout', 'repl-ping-replica-period'],
  severity: always(W),
  fix: 'Set repl-timeout to three ping periods, at least 60 s',
  check(ctx) {
    const timeout = ctx.config.int('repl-timeout');
    const ping = ctx.config.int('repl-ping-replica-period');
    if (timeout > ping || !inGroup(ctx)) return;
    const tLine = ctx.config.line('repl-timeout');
    const pLine = ctx.config.line('repl-ping-replica-period');
    const value = Math.max(60, ping * 3);
    ctx.report({
      at: tLine ?? pLine ?? 'top',
      message: `repl-timeout ${timeout} s is not above repl-ping-replica-period ${ping} s: when no writes flow, the only traffic on the link is a ping every ${ping} s, so the link times out and the replica reconnects (and may resync) again and again`,
      related: tLine && pLine ? [{ at: pLine, message: 'the ping period' }] : [],
      fixes: () => [setFix(ctx, `Set repl-timeout ${value}`, [['repl-timeout', [String(value)]]], true)],
    });
  },
});

export const replicaBufferSmall = rule({
  id: 'replica-buffer-small',
  languages: REDIS,
  title: 'The replica output buffer limit is below the backlog, or too small to hold the writes of a full sync.',
  guidance: 'replica-buffer',
  directives: ['client-output-buffer-limit'],
  severity: { none: I, snapshot: W, '1s': W, '0': W },
  milder: { when: 'only a 7.0+ hard limit is below the backlog (the server uses the backlog size instead)', severity: always(I) },
  fix: 'Set the replica class to limits that fit the backlog and a full sync (at least 512mb 128mb 60)',
  check(ctx) {
    if (!inGroup(ctx)) return;
    const lim = ctx.config.replicaLimits();
    const backlog = ctx.config.bytes('repl-backlog-size');
    const v6 = familyOf(ctx.config.version) === 'v6';
    const reasons: string[] = [];
    let serious = false;
    // Redis 8 (repl-rdb-channel) and Valkey (dual-channel replication) send the snapshot on a channel of its
    // own and stream the writes meanwhile to the replica, which buffers them itself, up to
    // replica-full-sync-buffer-limit (Redis 8; 0 = this hard limit)
    const channel = rdbChannel(ctx.config);
    const syncBuffer = ctx.config.has('replica-full-sync-buffer-limit') ? ctx.config.bytes('replica-full-sync-buffer-limit') : 0;
    const where = channel
      ? `on the replica (${channel.name}), up to ${syncBuffer > 0 ? `replica-full-sync-buffer-limit ${size(syncBuffer)}` : 'this hard limit'}`
      : 'for the replica on the primary';
    if (lim.hard > 0 && lim.hard < MIN_REPLICA_HARD_LIMIT && !(channel && syncBuffer >= MIN_REPLICA_HARD_LIMIT)) {
      serious = true;
      reasons.push(
        `a hard limit of ${size(lim.hard)} is too small for a full sync: the writes that arrive while the snapshot is produced and sent are buffered ${where}, and past ${size(lim.hard)} the replica is dropped and the sync starts over, possibly forever`,
      );
    }
    if (channel && syncBuffer > 0 && syncBuffer < MIN_REPLICA_HARD_LIMIT) {
      serious = true;
      reasons.push(
        `replica-full-sync-buffer-limit ${size(syncBuffer)} is too small for a full sync: the writes streamed to the replica while it loads the snapshot are buffered there, and past ${size(syncBuffer)} the sync fails and starts over`,
      );
    }
    if (lim.soft > 0 && lim.seconds > 0 && lim.soft < backlog) {
      serious = true;
      reasons.push(
        `the soft limit ${size(lim.soft)} is below repl-backlog-size ${size(backlog)}: a replica catching up after a partial resync is dropped once it is ${size(lim.soft)} behind for ${lim.seconds} s, though the backlog holds ${size(backlog)}`,
      );
    }
    if (lim.hard > 0 && lim.hard < backlog) {
      if (v6) serious = true;
      reasons.push(
        v6
          ? `the hard limit ${size(lim.hard)} is below repl-backlog-size ${size(backlog)}: a partial resync succeeds and the replica is dropped at once`
          : `the hard limit ${size(lim.hard)} is below repl-backlog-size ${size(backlog)}: redis-server silently uses ${size(backlog)} instead, so the line does not say what happens`,
      );
    }
    if (!reasons.length) return;
    const backlogLine = ctx.config.line('repl-backlog-size');
    ctx.report({
      milder: !serious,
      at: lim.from ? (lim.classArg !== undefined ? { line: lim.from, arg: lim.classArg } : lim.from) : (backlogLine ?? 'top'),
      message: `replica output buffer limit${lim.from ? '' : ` (the default ${size(lim.hard)} ${size(lim.soft)} ${lim.seconds})`}: ${reasons.join('; and ')}`,
      related: backlogLine && lim.from ? [{ at: backlogLine, message: 'the backlog size' }] : [],
      fixes: () => [replicaLimitsFix(ctx, ctx.config)],
    });
  },
});

/** The separate snapshot channel of a full sync, when the version has one and the file leaves it on. */
function rdbChannel(c: EffectiveConfig): { name: string } | undefined {
  for (const name of ['repl-rdb-channel', 'dual-channel-replication-enabled']) {
    if (c.has(name) && c.bool(name) && c.bool('repl-diskless-sync')) return { name: `${name} yes` };
  }
  return undefined;
}

/** Sets the replica class of client-output-buffer-limit to limits that fit the backlog and a full sync. */
export function replicaLimitsFix(ctx: RuleContext, c: EffectiveConfig): Fix {
  const backlog = c.bytes('repl-backlog-size');
  const lim = c.replicaLimits();
  const hard = Math.max(512 * MB, 2 * backlog);
  const soft = Math.max(128 * MB, backlog);
  const values = [size(hard), size(soft), String(lim.seconds > 0 ? lim.seconds : 60)];
  const b = new EditBuilder();
  setReplicaLimits(b, ctx, values);
  return { title: `Set the replica output buffer limits to ${values.join(' ')}`, edit: b.build(), preferred: true };
}

/** Changes the replica tuple of the line that sets it (other classes on the line untouched), or adds a line. */
export function setReplicaLimits(b: EditBuilder, ctx: Pick<RuleContext, 'config' | 'root'>, values: string[]): void {
  const lim = ctx.config.replicaLimits();
  if (lim.from && lim.classArg !== undefined) {
    const a = lim.from.line.args;
    b.replace(lim.from.file, a[lim.classArg + 1].start, a[lim.classArg + 3].end, values.map(quoteArg).join(' '));
  } else if (lim.from) {
    // the quoted single-argument form ("replica 256mb 64mb 60 pubsub …"): rewrite the string
    const words = lim.from.line.args[0].value.trim().split(/\s+/);
    for (let i = 0; i + 3 < words.length; i += 4) {
      if (/^(replica|slave)$/i.test(words[i])) words.splice(i + 1, 3, ...values);
    }
    replaceArgs(b, lim.from.file, lim.from.line, [words.join(' ')]);
  } else {
    insertDirective(
      b,
      ctx.config,
      ctx.root,
      { name: 'client-output-buffer-limit', lines: [lineOf('client-output-buffer-limit', ['replica', ...values])] },
      { used: new Set() },
    );
  }
}

/** The repl-diskless-load words that empty the replica before the new dataset has arrived (Redis 8.6, Valkey 8.1). */
const FLUSH_FIRST = new Set(['flushdb', 'flush-before-load']);

export const disklessLoadEmptiesReplica = rule({
  id: 'diskless-load-empties-replica',
  languages: REDIS,
  title: '`repl-diskless-load flushdb` (Redis 8.6+) / `flush-before-load` (Valkey 8.1+): a failed full sync leaves the replica empty.',
  guidance: 'diskless-load-flush',
  directives: ['repl-diskless-load'],
  severity: { none: OFF, snapshot: I, '1s': W, '0': W },
  fix: 'Set repl-diskless-load swapdb (or disabled)',
  check(ctx) {
    const mode = ctx.config.enumValue('repl-diskless-load');
    if (!FLUSH_FIRST.has(mode) || !inGroup(ctx)) return;
    const line = ctx.config.line('repl-diskless-load');
    ctx.report({
      at: line ?? 'top',
      message: `repl-diskless-load ${mode}: ${clause('diskless-load-flush')}. swapdb keeps the old data until the new one is complete (memory for both); disabled goes through a file on disk`,
      fixes: () => [
        setFix(
          ctx,
          'Set repl-diskless-load swapdb (keep the old data until the new one is loaded; needs memory for both)',
          [['repl-diskless-load', ['swapdb']]],
          true,
        ),
        setFix(ctx, 'Set repl-diskless-load disabled (load from a file on disk)', [['repl-diskless-load', ['disabled']]], false),
      ],
    });
  },
});

export const evictionLosesData = rule({
  id: 'eviction-loses-data',
  languages: REDIS,
  title: 'An evicting `maxmemory-policy` when the target is rpo=0: keys are deleted when memory is full.',
  guidance: 'eviction',
  directives: ['maxmemory-policy'],
  severity: { none: OFF, snapshot: OFF, '1s': OFF, '0': W },
  milder: { when: 'maxmemory is 0 (nothing is evicted yet)', severity: { none: OFF, snapshot: OFF, '1s': OFF, '0': I } },
  fix: 'Set maxmemory-policy noeviction',
  check(ctx) {
    const policy = ctx.config.enumValue('maxmemory-policy');
    if (!policy || policy === 'noeviction') return;
    const line = ctx.config.line('maxmemory-policy');
    const max = ctx.config.bytes('maxmemory');
    const maxLine = ctx.config.line('maxmemory');
    ctx.report({
      milder: max === 0,
      at: line ?? 'top',
      message: `maxmemory-policy ${policy}: ${max > 0 ? `when memory reaches maxmemory ${size(max)}` : 'once a maxmemory is set (none is now)'}, Redis deletes ${policy.startsWith('volatile') ? 'keys that have a TTL' : 'any keys'} to make room — data lost without any crash; ${targetLabel(ctx.target)} needs noeviction, which makes writes fail with an OOM error instead`,
      related: maxLine ? [{ at: maxLine, message: 'the memory limit' }] : [],
      fixes: () => [setFix(ctx, 'Set maxmemory-policy noeviction', [['maxmemory-policy', ['noeviction']]], true)],
    });
  },
});

export const REPLICATION_RULES = [
  replicaWritable,
  replicationUnguarded,
  replicaLagToleranceHigh,
  backlogSmall,
  replTimeoutTooLow,
  replicaBufferSmall,
  disklessLoadEmptiesReplica,
  evictionLosesData,
] as const;
