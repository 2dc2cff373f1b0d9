/**
 * Rules about Sentinel failover: who may declare the primary down, how fast,
 * how replicas resync afterwards, and whether the Sentinel can log in to the
 * primary at all (a -NOAUTH reply to PING does not count as a valid reply).
 * The number of Sentinels is only known when the file lists `known-sentinel`
 * lines (a running Sentinel writes them); a fresh file says nothing about it.
 */
import { nodesOnPort } from '../../crossfile/workspace';
import { EditBuilder, insertLinesAfter, lastLineOfMaster, lineOf, replaceToken, setSentinelOption } from '../edits';
import { clause } from '../../../catalog/guidance';
import { I, W } from '../../severity';
import { durationMs, rtoText, type SentinelFailover } from '../model';
import { always, rule, type Fix, type RuleContext } from './types';

const SENTINEL = ['sentinel-conf'] as const;
/** Below two ping periods, one slow reply or short blip triggers a failover. */
export const MIN_DOWN_AFTER_MS = 2000;
/** Above the default, failover is slower than Sentinel's own default. */
export const MAX_DOWN_AFTER_MS = 30_000;
/** The guidance's example. */
export const GUIDANCE_DOWN_AFTER_MS = 5000;

function each(ctx: RuleContext, f: (m: SentinelFailover) => void) {
  for (const m of ctx.model.sentinel ?? []) f(m);
}

function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

function quorumFix(_ctx: RuleContext, m: SentinelFailover, q: number, title: string): Fix {
  const b = new EditBuilder();
  replaceToken(b, m.monitor.file, m.monitor.line.args[4], String(q));
  return { title, edit: b.build(), preferred: true };
}

function optionFix(ctx: RuleContext, m: SentinelFailover, sub: string, value: string, title: string, preferred = true): Fix {
  const b = new EditBuilder();
  setSentinelOption(b, ctx.config, ctx.root, m.master, sub, value);
  return { title, edit: b.build(), preferred };
}

export const quorumTooHigh = rule({
  id: 'sentinel-quorum-too-high',
  languages: SENTINEL,
  title: 'The quorum is larger than the number of Sentinels the file knows of: the primary is never agreed to be down.',
  guidance: 'quorum',
  directives: ['sentinel monitor'],
  severity: always(W),
  fix: 'Set the quorum to a majority of the known Sentinels',
  check(ctx) {
    each(ctx, (m) => {
      if (m.sentinels === undefined || m.quorum <= m.sentinels) return;
      ctx.report({
        at: { line: m.monitor, arg: 4 },
        message: `quorum ${m.quorum} for '${m.master}', but this file knows of only ${m.sentinels} Sentinels (itself and ${m.sentinels - 1} known-sentinel line${m.sentinels === 2 ? '' : 's'}): the primary can never be agreed to be down, so there is never a failover`,
        related: m.knownSentinelLines.map((l) => ({ at: l, message: 'a known Sentinel' })),
        fixes: () => [
          quorumFix(ctx, m, majority(m.sentinels!), `Set the quorum to ${majority(m.sentinels!)} (a majority of ${m.sentinels})`),
        ],
      });
    });
  },
});

export const quorumOne = rule({
  id: 'sentinel-quorum-one',
  languages: SENTINEL,
  title: 'Quorum 1: a single Sentinel can declare the primary down.',
  guidance: 'quorum',
  directives: ['sentinel monitor'],
  severity: always(W),
  fix: 'Set the quorum to 2 (a majority, when 3 or more Sentinels are known)',
  check(ctx) {
    each(ctx, (m) => {
      if (m.quorum !== 1) return;
      const q = m.sentinels && m.sentinels >= 3 ? majority(m.sentinels) : 2;
      ctx.report({
        at: { line: m.monitor, arg: 4 },
        message: `quorum 1 for '${m.master}': one Sentinel's view — one cut off by a network blip — is enough to declare the primary down; the failover still needs a majority vote, but false alarms and failovers that lose unreplicated writes become likely (and a single Sentinel is itself a single point of failure)`,
        fixes: () => [quorumFix(ctx, m, q, `Set the quorum to ${q}`)],
      });
    });
  },
});

export const evenCount = rule({
  id: 'sentinel-even-count',
  languages: SENTINEL,
  title: 'An even number of Sentinels: a partition that splits them evenly leaves no majority to authorize a failover.',
  guidance: 'odd-sentinels',
  directives: ['sentinel monitor'],
  severity: always(W),
  fix: { none: 'the remedy is deploying one more Sentinel, or one fewer' },
  check(ctx) {
    each(ctx, (m) => {
      if (m.sentinels === undefined || m.sentinels % 2 !== 0) return;
      ctx.report({
        at: m.monitor,
        message: `${m.sentinels} Sentinels watch '${m.master}': a partition that splits them ${m.sentinels / 2}–${m.sentinels / 2} leaves neither side the majority of ${majority(m.sentinels)} needed to authorize a failover, so the primary stays down; ${clause('odd-sentinels')}`,
        related: m.knownSentinelLines.map((l) => ({ at: l, message: 'a known Sentinel' })),
      });
    });
  },
});

export const downAfterLow = rule({
  id: 'sentinel-down-after-low',
  languages: SENTINEL,
  title: `\`down-after-milliseconds\` below ${MIN_DOWN_AFTER_MS} ms: short pauses and network hiccups trigger failovers.`,
  guidance: 'down-after',
  directives: ['sentinel down-after-milliseconds'],
  severity: always(W),
  fix: `Set down-after-milliseconds to ${GUIDANCE_DOWN_AFTER_MS} (the guidance's example)`,
  check(ctx) {
    each(ctx, (m) => {
      if (m.downAfterMs >= MIN_DOWN_AFTER_MS) return;
      const line = m.lines.get('down-after-milliseconds');
      if (!line) return;
      ctx.report({
        at: { line, arg: 2 },
        message: `down-after-milliseconds ${m.downAfterMs} for '${m.master}': any pause longer than ${durationMs(m.downAfterMs)} — a slow command, a fork of a large dataset, a network blip — makes Sentinel declare the primary down and fail over, and each failover loses the writes not yet replicated (flapping)`,
        fixes: () => [
          optionFix(
            ctx,
            m,
            'down-after-milliseconds',
            String(GUIDANCE_DOWN_AFTER_MS),
            `Set down-after-milliseconds to ${GUIDANCE_DOWN_AFTER_MS}`,
          ),
        ],
      });
    });
  },
});

export const downAfterHigh = rule({
  id: 'sentinel-down-after-high',
  languages: SENTINEL,
  title: `\`down-after-milliseconds\` above ${MAX_DOWN_AFTER_MS} ms (the default): failover is slow (long RTO).`,
  guidance: 'down-after',
  directives: ['sentinel down-after-milliseconds'],
  severity: always(W),
  fix: `Set down-after-milliseconds to ${GUIDANCE_DOWN_AFTER_MS} (or ${MAX_DOWN_AFTER_MS}, Sentinel's default)`,
  check(ctx) {
    each(ctx, (m) => {
      if (m.downAfterMs <= MAX_DOWN_AFTER_MS) return;
      const line = m.lines.get('down-after-milliseconds');
      if (!line) return;
      ctx.report({
        at: { line, arg: 2 },
        message: `down-after-milliseconds ${m.downAfterMs} for '${m.master}': Sentinel waits ${durationMs(m.downAfterMs)} before it even suspects the primary, so a failover takes ${rtoText(m).replace(/^RTO /, '')} (RTO) and writes fail all that time`,
        fixes: () => [
          optionFix(
            ctx,
            m,
            'down-after-milliseconds',
            String(GUIDANCE_DOWN_AFTER_MS),
            `Set down-after-milliseconds to ${GUIDANCE_DOWN_AFTER_MS} (the guidance's example)`,
          ),
          optionFix(
            ctx,
            m,
            'down-after-milliseconds',
            String(MAX_DOWN_AFTER_MS),
            `Set down-after-milliseconds to ${MAX_DOWN_AFTER_MS} (Sentinel's default)`,
            false,
          ),
        ],
      });
    });
  },
});

export const parallelSyncsHigh = rule({
  id: 'sentinel-parallel-syncs-high',
  languages: SENTINEL,
  title: '`parallel-syncs` above 1: several replicas resync from the new primary at once after a failover.',
  guidance: 'parallel-syncs',
  directives: ['sentinel parallel-syncs'],
  severity: always(W),
  milder: { when: 'it does not cover every known replica (two or more known)', severity: always(I) },
  fix: 'Set parallel-syncs to 1',
  check(ctx) {
    each(ctx, (m) => {
      if (m.parallelSyncs <= 1) return;
      const line = m.lines.get('parallel-syncs');
      if (!line) return;
      const all = m.replicas >= 2 && m.parallelSyncs >= m.replicas;
      ctx.report({
        milder: !all,
        at: { line, arg: 2 },
        message: `parallel-syncs ${m.parallelSyncs} for '${m.master}': after a failover ${all ? `all ${m.replicas} known replicas` : `up to ${m.parallelSyncs} replicas`} resync from the new primary at once; while they load its dataset they serve no reads (or stale ones), and the new primary streams ${m.parallelSyncs} copies while taking the writes`,
        fixes: () => [optionFix(ctx, m, 'parallel-syncs', '1', 'Set parallel-syncs to 1')],
      });
    });
  },
});

export const authMissing = rule({
  id: 'sentinel-auth-missing',
  languages: SENTINEL,
  title: 'The monitored primary requires a password (per a redis.conf in the workspace with that port) but there is no `auth-pass`.',
  guidance: 'sentinel-auth',
  directives: ['sentinel auth-pass'],
  severity: always(W),
  fix: 'Add sentinel auth-pass with the password of that redis.conf',
  check(ctx) {
    each(ctx, (m) => {
      if (m.lines.has('auth-pass')) return;
      const nodes = nodesOnPort(ctx.workspace, m.port, ctx.root.uri).filter((n) => n.auth);
      if (!nodes.length) return;
      const first = nodes[0];
      ctx.report({
        at: m.monitor,
        message: `${first.path ?? first.uri} (port ${m.port}) requires a password${nodes.length > 1 ? ` (and ${nodes.length - 1} more file${nodes.length > 2 ? 's' : ''} on that port)` : ''}, but there is no \`sentinel auth-pass ${m.master} …\`: ${clause('sentinel-auth')}`,
        related: nodes.map((n) => ({ at: n.auth!.at, message: `port ${m.port} requires a password here` })),
        fixes: () => {
          const pw = nodes.find((n) => n.auth?.password !== undefined)?.auth?.password;
          if (pw === undefined) return [];
          const b = new EditBuilder();
          const anchor = lastLineOfMaster(ctx.config, ctx.root, m.master) ?? (m.monitor.file === ctx.root ? m.monitor.line : undefined);
          if (anchor) insertLinesAfter(b, ctx.root, anchor.end, [lineOf('sentinel', ['auth-pass', m.master, pw])]);
          else insertLinesAfter(b, m.monitor.file, m.monitor.line.end, [lineOf('sentinel', ['auth-pass', m.master, pw])]);
          return [
            {
              title: `Add sentinel auth-pass ${m.master} with the password of ${first.path ?? first.uri}`,
              edit: b.build(),
              preferred: true,
            },
          ];
        },
      });
    });
  },
});

export const SENTINEL_RULES = [quorumTooHigh, quorumOne, evenCount, downAfterLow, downAfterHigh, parallelSyncsHigh, authMissing] as const;
