/**
 * What a redis.conf is before it is judged: its place in a group (role) and,
 * when no data-loss target is declared, what it evidently wants (intent).
 *
 * Replication rules speak only where replication is configured or declared —
 * a standalone cache is not a replica that lost its password — and persistence
 * rules follow the declared target, else the file's evident intent: a file
 * that turns snapshots off and leaves AOF off is a cache (rpo=none), one that
 * writes its own snapshot schedule without AOF settles for snapshots.
 */
import { strcaseEq } from '../cnum';
import type { ConfigLine } from '../crossfile/includes';
import { sentinelsWatching, type ConfigFacts, type NodeFacts } from '../crossfile/workspace';
import type { FileOptions, RpoTarget } from '../options';
import type { EffectiveConfig } from './settings';

export type NodeRole = 'standalone' | 'primary' | 'replica' | 'cluster';

export interface RoleInfo {
  role: NodeRole;
  /** Why, in a phrase for hover texts: "replicaof on line 3", "declared by `# redis-ha: role=primary`". */
  why: string;
  declared: boolean;
}

/** The role of a redis.conf: declared, else from its own lines, else from the files of the workspace that point at its port. */
export function inferRole(c: EffectiveConfig, options: FileOptions, workspace: readonly ConfigFacts[], selfUri: string): RoleInfo {
  if (options.role) return { role: options.role.value, why: `declared by \`# redis-ha: role=${options.role.value}\``, declared: true };
  const own = (role: NodeRole, name: string, l: ConfigLine | undefined): RoleInfo => ({
    role,
    why: `\`${name}\`${at(l)}`,
    declared: false,
  });
  const r = c.line('replicaof');
  if (r && r.line.args.length === 2 && !(strcaseEq(r.line.args[0].value, 'no') && strcaseEq(r.line.args[1].value, 'one'))) {
    return own('replica', c.canon('replicaof'), r);
  }
  if (c.has('cluster-enabled') && c.bool('cluster-enabled')) return own('cluster', 'cluster-enabled yes', c.line('cluster-enabled'));
  // a write-guard line, even one that sets it to 0, is written for a primary with replicas
  for (const name of ['min-replicas-to-write', 'min-replicas-max-lag']) {
    const l = c.line(name);
    if (l) return own('primary', c.canon(name), l);
  }
  const port = c.int('port');
  const watching = sentinelsWatching(workspace, port, selfUri);
  if (watching.length) {
    const w = watching[0];
    return { role: 'primary', why: `a Sentinel monitors port ${port} (\`${w.file.path ?? w.file.uri}\`)`, declared: false };
  }
  const replica = workspace.find((f): f is NodeFacts => f.language === 'redis-conf' && f.uri !== selfUri && f.replicaOfPort === port);
  if (replica) return { role: 'primary', why: `a replica of port ${port} (\`${replica.path ?? replica.uri}\`)`, declared: false };
  return {
    role: 'standalone',
    why: 'no `replicaof`, `cluster-enabled yes` or `min-replicas-*` line, and no Sentinel or replica of its port in the workspace',
    declared: false,
  };
}

function at(l: ConfigLine | undefined): string {
  if (!l) return '';
  return ` on line ${l.file.doc.positionAt(l.line.start).line + 1}`;
}

/** Whether replication rules apply: the node replicates, or is declared or seen to be part of a group. */
export function replicates(r: RoleInfo): boolean {
  return r.role !== 'standalone';
}

export interface Intent {
  rpo: RpoTarget;
  /** What shows it, for the summary's hover. */
  why: string;
}

/**
 * The target a file evidently wants when none is declared. A primary (or a
 * cluster node) that keeps nothing is not a cache: its replicas would copy the
 * empty dataset after a restart, so it stays judged against Balanced.
 */
export function intentOf(c: EffectiveConfig, role: RoleInfo): Intent | undefined {
  if (c.language !== 'redis-conf' || c.bool('appendonly')) return undefined;
  const s = c.save();
  if (s.clearedBy) {
    if (role.role === 'primary' || role.role === 'cluster') return undefined;
    return { rpo: 'none', why: `snapshots turned off (\`save ""\`${at(s.clearedBy)}) and AOF off: a cache` };
  }
  if (!s.fromDefault && s.pairs.length)
    return { rpo: 'snapshot', why: `a snapshot schedule of its own (\`save\`${at(s.lines[0])}) and AOF off` };
  return undefined;
}
