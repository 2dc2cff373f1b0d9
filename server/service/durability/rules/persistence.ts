/** Rules about local persistence: is there any, what a crash costs, and whether the files can be trusted. */
import { clause } from '../../../catalog/guidance';
import { H, I, OFF, W } from '../../severity';
import { duration, saveScheduleText, snapshotWindow } from '../model';
import { declareHint, targetLabel } from '../target';
import { enableAofFix, removeFix, setFix } from './common';
import { always, rule, type RuleContext } from './types';

const REDIS = ['redis-conf'] as const;

function scheduleText(ctx: RuleContext): string {
  const rdb = ctx.model.persistence!.rdb;
  return `${saveScheduleText(rdb)}${rdb.fromDefault ? ', the default schedule' : ''}`;
}

export const persistenceDisabled = rule({
  id: 'persistence-disabled',
  languages: REDIS,
  title: 'Neither AOF nor RDB snapshots: a restart loses every key.',
  guidance: 'no-persistence',
  directives: ['appendonly'],
  severity: { none: OFF, snapshot: W, '1s': W, '0': W },
  fix: 'Enable AOF, or turn the default snapshot schedule back on (preferred for rpo=snapshot)',
  check(ctx) {
    const p = ctx.model.persistence;
    if (p?.mode !== 'none') return;
    const aofLine = ctx.config.line('appendonly');
    const primary = ctx.model.role?.role === 'primary' || ctx.model.role?.role === 'cluster';
    ctx.report({
      at: p.rdb.clearedBy ?? aofLine ?? 'top',
      message: `neither AOF nor RDB snapshots are on: ${clause('no-persistence')}${primary ? ', and if this node comes back as a primary its replicas copy the empty dataset and lose theirs too' : ''} (${targetLabel(ctx.target)})`,
      related: [
        ...(aofLine ? [{ at: aofLine, message: 'AOF is off here' }] : []),
        ...(p.rdb.clearedBy ? [{ at: p.rdb.clearedBy, message: 'snapshots are turned off here' }] : []),
      ],
      fixes: () => [
        enableAofFix(ctx, ctx.target.rpo !== 'snapshot'),
        removeFix(
          'Turn RDB snapshots back on (remove the save lines: default schedule 1 h / 5 min / 1 min)',
          [...p.rdb.lines],
          ctx.target.rpo === 'snapshot',
        ),
      ],
    });
  },
});

export const rdbOnly = rule({
  id: 'rdb-only',
  languages: REDIS,
  title: 'RDB snapshots without AOF: a crash loses the writes since the last snapshot (the schedule says how long).',
  guidance: 'rdb-only-loss',
  directives: ['appendonly', 'save'],
  severity: { none: OFF, snapshot: OFF, '1s': W, '0': W },
  fix: 'Enable AOF (appendonly yes, with the fsync policy the target needs)',
  check(ctx) {
    const p = ctx.model.persistence;
    if (p?.mode !== 'rdb') return;
    const w = snapshotWindow(p.rdb)!;
    const window =
      w.quietest === undefined
        ? `at least ${duration(w.busiest)}, and fewer than ${w.fewestChanges} changed keys are never saved at all`
        : w.quietest === w.busiest
          ? `up to ${duration(w.busiest)}`
          : `up to ${duration(w.busiest)} under heavy writes and ${duration(w.quietest)} when writes are rare`;
    const aofLine = ctx.config.line('appendonly');
    ctx.report({
      at: aofLine ?? p.rdb.lines[0] ?? 'top',
      message: `RDB snapshots without AOF: ${clause('rdb-only-loss')} — ${window} (${scheduleText(ctx)}); ${targetLabel(ctx.target)} needs AOF${ctx.target.implicit ? `. If snapshots are enough, ${declareHint('snapshot')}` : ''}`,
      related: p.rdb.lines.map((l) => ({ at: l, message: 'snapshot schedule' })),
      fixes: () => [enableAofFix(ctx, true)],
    });
  },
});

export const aofFsyncNo = rule({
  id: 'aof-fsync-no',
  languages: REDIS,
  title: '`appendfsync no`: how much a crash of the machine loses is left to the operating system.',
  guidance: 'fsync-no',
  directives: ['appendfsync'],
  severity: { none: OFF, snapshot: OFF, '1s': W, '0': W },
  fix: 'Set appendfsync everysec (always for rpo=0)',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p?.aof || p.fsync !== 'no') return;
    const line = ctx.config.line('appendfsync');
    const want = ctx.target.rpo === '0' ? 'always' : 'everysec';
    ctx.report({
      at: line ?? 'top',
      message: `appendfsync no: ${clause('fsync-no')}; ${targetLabel(ctx.target)} needs appendfsync ${want}`,
      fixes: () => [setFix(ctx, `Set appendfsync ${want}`, [['appendfsync', [want]]], true)],
    });
  },
});

export const aofFsyncEverysec = rule({
  id: 'aof-fsync-everysec',
  languages: REDIS,
  title: '`appendfsync everysec` when the target is rpo=0: a crash loses up to a second of acknowledged writes.',
  guidance: 'fsync-everysec',
  directives: ['appendfsync'],
  severity: { none: OFF, snapshot: OFF, '1s': OFF, '0': W },
  fix: 'Set appendfsync always',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p?.aof || p.fsync !== 'everysec') return;
    const line = ctx.config.line('appendfsync');
    ctx.report({
      at: line ?? ctx.config.line('appendonly') ?? 'top',
      message: `appendfsync everysec${line ? '' : ' (the default)'}: ${clause('fsync-everysec')} — up to 2 s when the disk stalls; rpo=0 needs appendfsync always`,
      fixes: () => [setFix(ctx, 'Set appendfsync always', [['appendfsync', ['always']]], true)],
    });
  },
});

export const aofFsyncAlways = rule({
  id: 'aof-fsync-always',
  languages: REDIS,
  title: '`appendfsync always`: RPO ≈ 0 on a crash, paid for with a disk flush before every reply.',
  guidance: 'fsync-always',
  directives: ['appendfsync'],
  severity: { none: I, snapshot: I, '1s': I, '0': H },
  fix: 'Set appendfsync everysec (none for rpo=0, which needs always)',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p?.aof || p.fsync !== 'always') return;
    const line = ctx.config.line('appendfsync');
    const needed = ctx.target.rpo === '0';
    ctx.report({
      at: line ?? 'top',
      message: `appendfsync always: ${clause('fsync-always')} — write latency and throughput are bound by the disk${needed ? '; this is what rpo=0 needs' : `; ${targetLabel(ctx.target)} is met by everysec at a fraction of the cost`}`,
      fixes: () =>
        needed
          ? []
          : [setFix(ctx, 'Set appendfsync everysec (about 1 s of writes at risk on a crash)', [['appendfsync', ['everysec']]], true)],
    });
  },
});

export const aofRewriteUnsynced = rule({
  id: 'aof-rewrite-unsynced',
  languages: REDIS,
  title: '`no-appendfsync-on-rewrite yes`: no fsync while a rewrite or snapshot runs, which widens the loss window (matters for rpo=0).',
  guidance: 'rewrite-unsynced',
  directives: ['no-appendfsync-on-rewrite'],
  severity: { none: OFF, snapshot: OFF, '1s': I, '0': W },
  fix: 'Set no-appendfsync-on-rewrite no',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p?.aof || !p.noFsyncOnRewrite) return;
    const line = ctx.config.line('no-appendfsync-on-rewrite');
    ctx.report({
      at: line ?? 'top',
      message: `no-appendfsync-on-rewrite yes: ${clause('rewrite-unsynced')} — on Linux up to about 30 s of writes instead of ${p.fsync === 'always' ? 'none' : 'about 1 s'}, and a BGSAVE or AOF rewrite runs for seconds to minutes on a large dataset`,
      fixes: () => [setFix(ctx, 'Set no-appendfsync-on-rewrite no', [['no-appendfsync-on-rewrite', ['no']]], true)],
    });
  },
});

export const aofWithoutPreamble = rule({
  id: 'aof-without-preamble',
  languages: REDIS,
  title: '`aof-use-rdb-preamble no`: restarts replay the whole command log (longer RTO).',
  guidance: 'aof-preamble',
  directives: ['aof-use-rdb-preamble'],
  severity: always(I),
  fix: 'Set aof-use-rdb-preamble yes',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p?.aof || p.preamble) return;
    const line = ctx.config.line('aof-use-rdb-preamble');
    ctx.report({
      at: line ?? 'top',
      message: `aof-use-rdb-preamble no: a rewritten AOF holds only commands — ${clause('aof-preamble')}`,
      fixes: () => [setFix(ctx, 'Set aof-use-rdb-preamble yes', [['aof-use-rdb-preamble', ['yes']]], true)],
    });
  },
});

export const bgsaveErrorsIgnored = rule({
  id: 'bgsave-errors-ignored',
  languages: REDIS,
  title: '`stop-writes-on-bgsave-error no` with RDB on: failed snapshots go unnoticed.',
  guidance: 'bgsave-error',
  directives: ['stop-writes-on-bgsave-error'],
  severity: { none: I, snapshot: W, '1s': W, '0': W },
  milder: { when: 'AOF is on too', severity: always(I) },
  fix: 'Set stop-writes-on-bgsave-error yes',
  check(ctx) {
    const p = ctx.model.persistence;
    if (!p?.rdb.pairs.length || ctx.config.bool('stop-writes-on-bgsave-error')) return;
    const line = ctx.config.line('stop-writes-on-bgsave-error');
    ctx.report({
      milder: p.aof,
      at: line ?? 'top',
      message: `stop-writes-on-bgsave-error no: ${clause('bgsave-error')}${p.aof ? '' : ' — and without AOF it is all a crash leaves'}`,
      fixes: () => [setFix(ctx, 'Set stop-writes-on-bgsave-error yes', [['stop-writes-on-bgsave-error', ['yes']]], true)],
    });
  },
});

export const rdbChecksumOff = rule({
  id: 'rdb-checksum-off',
  languages: REDIS,
  title: '`rdbchecksum no`: a corrupt RDB file (or AOF preamble) is loaded without detection.',
  guidance: 'rdb-checksum',
  directives: ['rdbchecksum'],
  severity: { none: I, snapshot: W, '1s': W, '0': W },
  fix: 'Set rdbchecksum yes',
  check(ctx) {
    if (ctx.config.bool('rdbchecksum')) return;
    const line = ctx.config.line('rdbchecksum');
    ctx.report({
      at: line ?? 'top',
      message: `rdbchecksum no: ${clause('rdb-checksum')}`,
      fixes: () => [setFix(ctx, 'Set rdbchecksum yes', [['rdbchecksum', ['yes']]], true)],
    });
  },
});

export const PERSISTENCE_RULES = [
  persistenceDisabled,
  rdbOnly,
  aofFsyncNo,
  aofFsyncEverysec,
  aofFsyncAlways,
  aofRewriteUnsynced,
  aofWithoutPreamble,
  bgsaveErrorsIgnored,
  rdbChecksumOff,
] as const;
