/**
 * The data-loss target a file is judged against: the file's own
 * `# redis-ha: rpo=…` comment, else the redisHa.targetRpo setting (the CLI's
 * --rpo), else what the file evidently wants (role.ts: a cache, a snapshot
 * schedule of its own), else the guidance's Balanced profile (about one second).
 */
import { profile, type ProfileId } from '../../catalog/profiles';
import { RPO_TARGETS, type FileOptions, type RpoTarget } from '../options';
import type { Intent } from './role';

export interface Target {
  rpo: RpoTarget;
  /** True when nothing declared a target and the Balanced profile is assumed. */
  implicit: boolean;
  source: 'file' | 'setting' | 'intent' | 'default';
  /** For source 'intent': what in the file shows it. */
  why?: string;
  /** The reference profile built for this target, if any. */
  profile?: ProfileId;
}

export const RPO_LABELS: Record<RpoTarget, string> = {
  none: 'none (data may be lost: a cache)',
  snapshot: 'the last snapshot (RDB interval)',
  '1s': 'about one second',
  '0': 'zero (no acknowledged write lost)',
};

export function isRpoTarget(s: string | undefined): s is RpoTarget {
  return !!s && (RPO_TARGETS as readonly string[]).includes(s);
}

export function resolveTarget(setting: string | undefined, options: FileOptions, intent?: Intent): Target {
  if (options.rpo) return withProfile({ rpo: options.rpo.value, implicit: false, source: 'file' });
  if (isRpoTarget(setting)) return withProfile({ rpo: setting, implicit: false, source: 'setting' });
  if (intent) return withProfile({ rpo: intent.rpo, implicit: false, source: 'intent', why: intent.why });
  return { rpo: '1s', implicit: true, source: 'default', profile: 'balanced' };
}

/** How to declare a target, for messages that judge against one nobody declared. */
export function declareHint(rpo: RpoTarget): string {
  return `declare it: \`# redis-ha: rpo=${rpo}\` in the file, the \`redisHa.targetRpo\` setting or \`redis-ha check --rpo ${rpo}\``;
}

function withProfile(t: Target): Target {
  return { ...t, profile: t.rpo === '0' ? 'max-durability' : t.rpo === '1s' ? 'balanced' : undefined };
}

/** "rpo=1s" or "the Balanced profile (rpo=1s)" for messages. */
export function targetLabel(t: Target): string {
  if (t.implicit) return `the ${profile('balanced').label} profile (rpo=1s; no target declared)`;
  if (t.source === 'intent') return `rpo=${t.rpo} (inferred: ${t.why})`;
  return `target rpo=${t.rpo}`;
}
