/** Rules about local persistence: is there any, what a crash costs, and whether the files can be trusted. */
import { duration, saveScheduleText, snapshotWindow } from '../model';
import { H, I, W, severityFor, targetLabel } from '../target';
import { enableAofFix, removeFix, setFix } from './common';
import type { Rule, RuleContext } from './types';

const REDIS = ['redis-conf'] as const;

function scheduleText(ctx: RuleContext): string {
  const rdb = ctx.model.persistence!.rdb;
  return `${saveScheduleText(rdb)}${rdb.fromDefault ? ', the default schedule' : ''}`;
}

export const persistenceDisabled: Rule = {
  id: 'persistence-disabled',
  languages: REDIS,
  description: 'Neither AOF nor RDB snapshots are on: a restart or crash loses every key.',
  severities: 'warning; nothing for rpo=none',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p || p.mode !== 'none') return;
    const aofLine = ctx.config.line('appendonly');
    const primary = ctx.model.replication?.role === 'primary';
    ctx.report({
      code: 'persistence-disabled',
      severity: severityFor(ctx.target, { none: 'off', snapshot: W, '1s': W, '0': W }),
      at: p.rdb.clearedBy ?? aofLine ?? 'top',
      message: `neither AOF nor RDB snapshots are on: a restart or crash loses every key${primary ? ', and if this node comes back as a primary its replicas copy the empty dataset and lose theirs too' : ''} (${targetLabel(ctx.target)})`,
      related: [
        ...(aofLine ? [{ at: aofLine, message: 'AOF is off here' }] : []),
        ...(p.rdb.clearedBy ? [{ at: p.rdb.clearedBy, message: 'snapshots are turned off here' }] : []),
      ],
      fixes: () => [
        enableAofFix(ctx, ctx.target.rpo !== 'snapshot'),
        removeFix('Turn RDB snapshots back on (remove the save lines: default schedule 1 h / 5 min / 1 min)', [...p.rdb.lines], ctx.target.rpo === 'snapshot'),
      ],
    });
  },
};

export const rdbOnly: Rule = {
  id: 'rdb-only',
  languages: REDIS,
  description: 'RDB snapshots without AOF: a crash loses the writes since the last snapshot (the schedule says how long).',
  severities: 'warning for rpo=1s and rpo=0; nothing for snapshot and none',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p || p.mode !== 'rdb') return;
    const w = snapshotWindow(p.rdb)!;
    const window = w.quietest === undefined
      ? `at least ${duration(w.busiest)}, and fewer than ${w.fewestChanges} changed keys are never saved at all`
      : w.quietest === w.busiest
        ? `up to ${duration(w.busiest)}`
        : `up to ${duration(w.busiest)} under heavy writes and ${duration(w.quietest)} when writes are rare`;
    const aofLine = ctx.config.line('appendonly');
    ctx.report({
      code: 'rdb-only',
      severity: severityFor(ctx.target, { none: 'off', snapshot: 'off', '1s': W, '0': W }),
      at: aofLine ?? p.rdb.lines[0] ?? 'top',
      message: `RDB snapshots without AOF: a crash loses every write since the last snapshot — ${window} (${scheduleText(ctx)}); ${targetLabel(ctx.target)} needs AOF`,
      related: p.rdb.lines.map((l) => ({ at: l, message: 'snapshot schedule' })),
      fixes: () => [enableAofFix(ctx, true)],
    });
  },
};

export const aofFsyncNo: Rule = {
  id: 'aof-fsync-no',
  languages: REDIS,
  description: '`appendfsync no`: how much a crash of the machine loses is left to the operating system (about 30 s on Linux).',
  severities: 'warning for rpo=1s and rpo=0; nothing for snapshot and none',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p || !p.aof || p.fsync !== 'no') return;
    const line = ctx.config.line('appendfsync');
    const want = ctx.target.rpo === '0' ? 'always' : 'everysec';
    ctx.report({
      code: 'aof-fsync-no',
      severity: severityFor(ctx.target, { none: 'off', snapshot: 'off', '1s': W, '0': W }),
      at: line ?? 'top',
      message: `appendfsync no: the AOF reaches the disk when the operating system flushes it (on Linux after about 30 s), so a power loss or kernel crash loses up to that much acknowledged data; ${targetLabel(ctx.target)} needs appendfsync ${want}`,
      fixes: () => [setFix(ctx, `Set appendfsync ${want}`, [['appendfsync', [want]]], true)],
    });
  },
};

export const aofFsyncEverysec: Rule = {
  id: 'aof-fsync-everysec',
  languages: REDIS,
  description: '`appendfsync everysec` when the target is rpo=0: a crash loses up to a second of acknowledged writes.',
  severities: 'warning for rpo=0 only',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p || !p.aof || p.fsync !== 'everysec') return;
    const line = ctx.config.line('appendfsync');
    ctx.report({
      code: 'aof-fsync-everysec',
      severity: severityFor(ctx.target, { none: 'off', snapshot: 'off', '1s': 'off', '0': W }),
      at: line ?? ctx.config.line('appendonly') ?? 'top',
      message: `appendfsync everysec${line ? '' : ' (the default)'}: the AOF is fsynced once per second, so a crash loses up to about 1 s of acknowledged writes (2 s when the disk stalls); rpo=0 needs appendfsync always`,
      fixes: () => [setFix(ctx, 'Set appendfsync always', [['appendfsync', ['always']]], true)],
    });
  },
};

export const aofFsyncAlways: Rule = {
  id: 'aof-fsync-always',
  languages: REDIS,
  description: '`appendfsync always`: RPO ≈ 0 on a crash, paid for with a disk flush before every reply.',
  severities: 'information; a hint for rpo=0, which needs it',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p || !p.aof || p.fsync !== 'always') return;
    const line = ctx.config.line('appendfsync');
    const needed = ctx.target.rpo === '0';
    ctx.report({
      code: 'aof-fsync-always',
      severity: severityFor(ctx.target, { none: I, snapshot: I, '1s': I, '0': H }),
      at: line ?? 'top',
      message: `appendfsync always: every write waits for an fsync before it is acknowledged — RPO ≈ 0 on a crash, but write latency and throughput are bound by the disk (each write costs a flush)${needed ? '; this is what rpo=0 needs' : `; ${targetLabel(ctx.target)} is met by everysec at a fraction of the cost`}`,
      fixes: () => (needed ? [] : [setFix(ctx, 'Set appendfsync everysec (about 1 s of writes at risk on a crash)', [['appendfsync', ['everysec']]], true)]),
    });
  },
};

export const aofRewriteUnsynced: Rule = {
  id: 'aof-rewrite-unsynced',
  languages: REDIS,
  description: '`no-appendfsync-on-rewrite yes`: no fsync while a rewrite or snapshot runs, which widens the loss window (matters for rpo=0).',
  severities: 'warning for rpo=0, information for rpo=1s, nothing otherwise',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p || !p.aof || !p.noFsyncOnRewrite) return;
    const line = ctx.config.line('no-appendfsync-on-rewrite');
    ctx.report({
      code: 'aof-rewrite-unsynced',
      severity: severityFor(ctx.target, { none: 'off', snapshot: 'off', '1s': I, '0': W }),
      at: line ?? 'top',
      message: `no-appendfsync-on-rewrite yes: while a BGSAVE or AOF rewrite runs (seconds to minutes on a large dataset), the AOF is not fsynced, so a crash then can lose up to about 30 s of writes (Linux writeback) instead of ${p.fsync === 'always' ? 'none' : 'about 1 s'}`,
      fixes: () => [setFix(ctx, 'Set no-appendfsync-on-rewrite no', [['no-appendfsync-on-rewrite', ['no']]], true)],
    });
  },
};

export const aofWithoutPreamble: Rule = {
  id: 'aof-without-preamble',
  languages: REDIS,
  description: '`aof-use-rdb-preamble no`: restarts replay the whole command log (longer RTO).',
  severities: 'information',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p || !p.aof || p.preamble) return;
    const line = ctx.config.line('aof-use-rdb-preamble');
    ctx.report({
      code: 'aof-without-preamble',
      severity: I,
      at: line ?? 'top',
      message: 'aof-use-rdb-preamble no: a rewritten AOF holds every key as commands, so a restart replays them one by one — several times slower to load than an RDB preamble, which lengthens every restart (RTO) and makes the file larger',
      fixes: () => [setFix(ctx, 'Set aof-use-rdb-preamble yes', [['aof-use-rdb-preamble', ['yes']]], true)],
    });
  },
};

export const bgsaveErrorsIgnored: Rule = {
  id: 'bgsave-errors-ignored',
  languages: REDIS,
  description: '`stop-writes-on-bgsave-error no` with RDB on: failed snapshots go unnoticed.',
  severities: 'warning when RDB is the only persistence, information with AOF or for rpo=none',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p || !p.rdb.pairs.length || ctx.config.bool('stop-writes-on-bgsave-error')) return;
    const line = ctx.config.line('stop-writes-on-bgsave-error');
    ctx.report({
      code: 'bgsave-errors-ignored',
      severity: p.aof || ctx.target.rpo === 'none' ? I : W,
      at: line ?? 'top',
      message: `stop-writes-on-bgsave-error no: when a snapshot fails (full disk, permissions, fork refused), writes are still accepted and nothing else tells the clients; the last good snapshot only grows older${p.aof ? '' : ' — and without AOF it is all a crash leaves'}`,
      fixes: () => [setFix(ctx, 'Set stop-writes-on-bgsave-error yes', [['stop-writes-on-bgsave-error', ['yes']]], true)],
    });
  },
};

export const rdbChecksumOff: Rule = {
  id: 'rdb-checksum-off',
  languages: REDIS,
  description: '`rdbchecksum no`: snapshots, AOF preambles and full-sync transfers carry no checksum, so corruption loads silently.',
  severities: 'warning; information for rpo=none',
  check(ctx) {
    if (ctx.config.bool('rdbchecksum')) return;
    const line = ctx.config.line('rdbchecksum');
    ctx.report({
      code: 'rdb-checksum-off',
      severity: ctx.target.rpo === 'none' ? I : W,
      at: line ?? 'top',
      message: `rdbchecksum no: RDB files — snapshots, the AOF preamble, full-sync transfers to replicas — are written without a CRC64 and loaded without one, so a corrupt file is loaded as wrong data instead of being refused`,
      fixes: () => [setFix(ctx, 'Set rdbchecksum yes', [['rdbchecksum', ['yes']]], true)],
    });
  },
};

export const PERSISTENCE_RULES: readonly Rule[] = [
  persistenceDisabled, rdbOnly, aofFsyncNo, aofFsyncEverysec, aofFsyncAlways, aofRewriteUnsynced, aofWithoutPreamble, bgsaveErrorsIgnored, rdbChecksumOff,
];
