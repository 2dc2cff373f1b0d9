/**
 * The stock redis.conf / valkey.conf and sentinel.conf of the oracle's own
 * release (test/fixtures/stock), judged whole. Before a file reaches a real
 * process, what would touch the host is pointed at the run directory: the
 * pidfile, the Sentinel's working directory, and the port of `sentinel monitor`
 * (a closed local port). Nothing else is changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseList, type Case, type GenContext } from '../support/cases';
import { makeSafe } from './probes';

const STOCK = join(__dirname, '../../fixtures/stock');

/** The stock files of a version (an oracle of an older patch release has its own). */
export function stockFiles(ctx: Pick<GenContext, 'version' | 'reports'>): { redis?: string; sentinel?: string } {
  const v = ctx.version;
  const candidates = v.startsWith('valkey-')
    ? [[`valkey-${ctx.reports}.conf`, `valkey-sentinel-${ctx.reports}.conf`]]
    : [
        [`redis-${v}.conf`, `sentinel-${v}.conf`],
        [`redis-${v}-directives.conf`, `sentinel-${v}-directives.conf`],
      ];
  for (const [r, s] of candidates) {
    if (existsSync(join(STOCK, r))) return { redis: r, sentinel: existsSync(join(STOCK, s)) ? s : undefined };
  }
  return {};
}

function safe(text: string, ctx: GenContext): string {
  return makeSafe(text, ctx)
    .replace(/^pidfile .*$/m, 'pidfile @DIR@/stock.pid')
    .replace(/^dir \/tmp$/m, 'dir @DIR@');
}

export function stockCases(ctx: GenContext): Case[] {
  const c = new CaseList('stock', false);
  const files = stockFiles(ctx);
  if (files.redis) c.add('stock', files.redis, safe(readFileSync(join(STOCK, files.redis), 'utf8'), ctx));
  if (files.sentinel) c.add('stock', files.sentinel, safe(readFileSync(join(STOCK, files.sentinel), 'utf8'), ctx), { sentinel: true });
  return c.list;
}
