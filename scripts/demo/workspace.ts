/**
 * The demo workspace `npm start` opens: a redis.conf and a sentinel.conf that
 * describe the running demo group (its real ports) with a few realistic
 * mistakes for redis-ha to catch, a README saying what to try, and
 * .vscode/settings.json pointing redis-ha at the demo Sentinels.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentinelGroup } from '../../test/support/topology';

/**
 * The `redisHa.connections` setting for the demo: one seed per entry
 * ({ name, host, port, tls?, username? }); a Sentinel seed yields every group
 * it monitors. Kept here, in one place, so its shape can follow the setting.
 */
export function demoConnections(group: SentinelGroup): Array<Record<string, unknown>> {
  return [{ name: 'demo (Sentinel)', host: '127.0.0.1', port: group.sentinels[0].port }];
}

/** The workspace settings of the demo. */
export function demoSettings(group: SentinelGroup, targetVersion: string | undefined): Record<string, unknown> {
  return {
    ...(targetVersion ? { 'redisHa.targetVersion': targetVersion } : {}),
    'redisHa.connections': demoConnections(group),
  };
}

export function primaryConf(group: SentinelGroup): string {
  const p = group.primary.port;
  return `# The demo group's primary, 127.0.0.1:${p}.
port ${p}
bind 127.0.0.1
protected-mode yes

# Durability: an append-only file fsynced every second, plus RDB snapshots
appendonly yes
appendfsync everysec # at most about one second of writes lost on a crash
aof-use-rdb-preamble yes
save 3600 1 300 100 60 10000

# Replication: a backlog large enough for a replica to resync partially
replication-backlog-size 64mb
repl-diskless-sync yes
min-replicas-to-write 1
min-replicas-max-lag 10

# Memory
maxmemory 256mb
maxmemory-policy noeviction
`;
}

export function sentinelConf(group: SentinelGroup): string {
  return `# One of the demo's three Sentinels, 127.0.0.1:${group.sentinels[0].port}.
port ${group.sentinels[0].port}
bind 127.0.0.1
sentinel monitor ${group.masterName} 127.0.0.1 ${group.primary.port} 2
sentinel down-after-milliseconds ${group.masterName} 5000
sentinel failover-timeout ${group.masterName} 60000
sentinel parallel-syncs ${group.masterName} 1
sentinel auth-pass my-master s3cret
`;
}

/** Whether this build of the extension contributes a view (the live health tree): the README mentions it only then. */
function hasHealthView(): boolean {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes?: { views?: Record<string, unknown[]> };
  };
  return Object.values(manifest.contributes?.views ?? {}).some((v) => v.length > 0);
}

function readme(group: SentinelGroup): string {
  const node = (role: string, s: { port: number; pid: number }) => `| ${role} | 127.0.0.1:${s.port} | ${s.pid} |`;
  return `# redis-ha demo

A real Redis group runs on this machine, started by \`npm start\` from the local redis-server:

| role | address | PID |
| --- | --- | --- |
${node('primary', group.primary)}
${group.replicas.map((r, i) => node(`replica ${i + 1}`, r)).join('\n')}
${group.sentinels.map((s, i) => node(`Sentinel ${i + 1}`, s)).join('\n')}

Sentinels monitor it as \`${group.masterName}\`.

## Try

- Open **redis.conf**: redis-server would refuse it twice — an inline comment (redis.conf has none) and a
  directive that does not exist. See the squiggles, hover them, open the Problems panel (Ctrl+Shift+M).
- Open **sentinel.conf**: one line names a master no \`sentinel monitor\` declares.
${
  hasHealthView()
    ? `- The Redis HA view shows the group live, from the Sentinel in \`.vscode/settings.json\`.
  Stop the primary (\`kill ${group.primary.pid}\`) and watch the Sentinels promote a replica.
`
    : ''
}- \`npx redis-ha check redis.conf sentinel.conf\` in a terminal gives the same verdicts.

Ctrl-C where \`npm start\` runs stops every process it started. These files are regenerated at every start.
`;
}

/** Writes the demo workspace into `dir` (emptied first); returns `dir`. */
export function writeDemoWorkspace(dir: string, group: SentinelGroup, targetVersion: string | undefined): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, 'redis.conf'), primaryConf(group));
  writeFileSync(join(dir, 'sentinel.conf'), sentinelConf(group));
  writeFileSync(join(dir, 'README.md'), readme(group));
  writeFileSync(join(dir, '.vscode', 'settings.json'), `${JSON.stringify(demoSettings(group, targetVersion), null, 2)}\n`);
  return dir;
}
