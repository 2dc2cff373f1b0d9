/**
 * The reference profiles of the durability guidance, as data: one source for
 * the snippets (snippets/*.json are generated from it), the "Apply profile"
 * actions and the rules that judge a file against a profile's target.
 *
 * Where the guidance's own listing would not load in redis-server, the profile
 * holds the working form: `repl-backlog-size` (the guidance writes
 * `replication-backlog-size`, which no version knows) and `save ""` on a line
 * of its own (redis.conf has no inline comments).
 *
 * An argument may be a field written `{{name:default}}`: a snippet makes it a
 * tab stop (the same name is the same stop), plain text uses the default.
 *
 * A line's explanation is the guidance's own sentence (server/catalog/guidance.ts)
 * wherever one says why the line is there, so it is written once.
 */

import { clause, guidance } from './guidance';

export type ProfileId = 'balanced' | 'max-durability' | 'low-latency' | 'sentinel';

/** The crash/failover data-loss target a profile is built for (see redisHa.targetRpo). */
export type ProfileRpo = 'none' | 'snapshot' | '1s' | '0';

export interface ProfileLine {
  /** Canonical directive name (for sentinel.conf, `sentinel` with the sub-command as first argument). */
  directive: string;
  args: string[];
  /** Why the line is there, in one or two sentences: written as a comment above it (often a guidance sentence). */
  why: string;
}

export interface ProfileSection {
  /** Heading comment and the catalog area the lines belong to. */
  title: string;
  lines: ProfileLine[];
}

export interface Profile {
  id: ProfileId;
  label: string;
  language: 'redis-conf' | 'sentinel-conf';
  /** One line for pickers and the snippet description. */
  summary: string;
  rpo: ProfileRpo;
  sections: ProfileSection[];
}

const APPENDONLY_WHY = `Log every write to the append-only file, replayed at restart. Without it, with RDB snapshots alone: ${clause('rdb-only-loss')}.`;
const BGSAVE_WHY = `Refuse writes when a snapshot fails. ${guidance('bgsave-error')}`;
const SAVE_300_WHY = 'Snapshot after 5 minutes if at least 10 keys changed.';
const DISKLESS_WHY = 'Stream the initial snapshot to replicas over the socket, without writing it to disk first.';
const lagWhy = (seconds: number) => `A replica counts as current when it acknowledged the stream within the last ${seconds} seconds.`;

export const PROFILES: readonly Profile[] = [
  {
    id: 'balanced',
    label: 'Balanced',
    language: 'redis-conf',
    summary: 'AOF everysec with an RDB preamble, RDB snapshots, one up-to-date replica required for writes (RPO ≈ 1 s on a crash)',
    rpo: '1s',
    sections: [
      {
        title: 'Durability',
        lines: [
          { directive: 'appendonly', args: ['yes'], why: APPENDONLY_WHY },
          { directive: 'appendfsync', args: ['everysec'], why: guidance('fsync-everysec') },
          { directive: 'aof-use-rdb-preamble', args: ['yes'], why: guidance('aof-preamble') },
          {
            directive: 'no-appendfsync-on-rewrite',
            args: ['yes'],
            why: `Avoid fsync latency spikes on a busy disk, at a price: ${clause('rewrite-unsynced')}.`,
          },
          {
            directive: 'save',
            args: ['900', '1'],
            why: 'Snapshot after 15 minutes if at least one key changed: a second, independent copy for backups.',
          },
          { directive: 'save', args: ['300', '10'], why: SAVE_300_WHY },
          { directive: 'save', args: ['60', '10000'], why: 'Snapshot every minute under heavy write load.' },
          { directive: 'stop-writes-on-bgsave-error', args: ['yes'], why: BGSAVE_WHY },
        ],
      },
      {
        title: 'Replication',
        lines: [
          { directive: 'repl-backlog-size', args: ['128mb'], why: guidance('backlog') },
          { directive: 'repl-diskless-sync', args: ['yes'], why: DISKLESS_WHY },
          {
            directive: 'repl-diskless-sync-delay',
            args: ['5'],
            why: 'Wait 5 seconds so that replicas connecting together share one transfer.',
          },
          {
            directive: 'min-replicas-to-write',
            args: ['1'],
            why: `Refuse writes unless at least one replica is connected and current. ${guidance('write-guard')}`,
          },
          { directive: 'min-replicas-max-lag', args: ['5'], why: lagWhy(5) },
          { directive: 'replica-read-only', args: ['yes'], why: guidance('replica-read-only') },
          { directive: 'client-output-buffer-limit', args: ['replica', '512mb', '128mb', '60'], why: guidance('replica-buffer') },
        ],
      },
      {
        title: 'Memory and eviction',
        lines: [
          {
            directive: 'maxmemory-policy',
            args: ['allkeys-lru'],
            why: 'When memory is full, evict the least recently used keys (a cache-like workload); use noeviction when every key must be kept.',
          },
        ],
      },
    ],
  },
  {
    id: 'max-durability',
    label: 'Maximum durability',
    language: 'redis-conf',
    summary: 'AOF fsync on every write, two up-to-date replicas required for writes (RPO ≈ 0), at a latency cost',
    rpo: '0',
    sections: [
      {
        title: 'Durability',
        lines: [
          { directive: 'appendonly', args: ['yes'], why: APPENDONLY_WHY },
          { directive: 'appendfsync', args: ['always'], why: guidance('fsync-always') },
          {
            directive: 'no-appendfsync-on-rewrite',
            args: ['no'],
            why: 'Keep fsyncing while a rewrite runs, so the guarantee holds during rewrites too.',
          },
          { directive: 'aof-use-rdb-preamble', args: ['yes'], why: guidance('aof-preamble') },
          { directive: 'stop-writes-on-bgsave-error', args: ['yes'], why: BGSAVE_WHY },
          {
            directive: 'save',
            args: [''],
            why: 'No RDB snapshots: the AOF alone carries durability here. Remove this line to keep snapshots for backups.',
          },
        ],
      },
      {
        title: 'Replication',
        lines: [
          { directive: 'repl-backlog-size', args: ['128mb'], why: guidance('backlog') },
          {
            directive: 'min-replicas-to-write',
            args: ['2'],
            why: 'Refuse writes unless two replicas are connected and current: with WAIT 2 after critical writes, a failover loses no acknowledged write.',
          },
          { directive: 'min-replicas-max-lag', args: ['2'], why: lagWhy(2) },
          { directive: 'replica-read-only', args: ['yes'], why: guidance('replica-read-only') },
          { directive: 'client-output-buffer-limit', args: ['replica', '512mb', '128mb', '60'], why: guidance('replica-buffer') },
        ],
      },
      {
        title: 'Memory and eviction',
        lines: [{ directive: 'maxmemory-policy', args: ['noeviction'], why: guidance('eviction') }],
      },
    ],
  },
  {
    id: 'low-latency',
    label: 'Low latency',
    language: 'redis-conf',
    summary: 'AOF everysec and sparse snapshots, writes never blocked by replicas (best-effort durability)',
    rpo: '1s',
    sections: [
      {
        title: 'Durability',
        lines: [
          { directive: 'appendonly', args: ['yes'], why: APPENDONLY_WHY },
          { directive: 'appendfsync', args: ['everysec'], why: guidance('fsync-everysec') },
          { directive: 'aof-use-rdb-preamble', args: ['yes'], why: guidance('aof-preamble') },
          { directive: 'save', args: ['900', '1'], why: 'Snapshot after 15 minutes if anything changed: a backup copy at low cost.' },
          { directive: 'save', args: ['300', '10'], why: SAVE_300_WHY },
        ],
      },
      {
        title: 'Replication',
        lines: [
          { directive: 'repl-backlog-size', args: ['64mb'], why: guidance('backlog') },
          { directive: 'repl-diskless-sync', args: ['yes'], why: DISKLESS_WHY },
          {
            directive: 'min-replicas-to-write',
            args: ['0'],
            why: `Never refuse writes because of replicas (lowest latency). ${guidance('async-gap')}`,
          },
          { directive: 'replica-read-only', args: ['yes'], why: guidance('replica-read-only') },
        ],
      },
    ],
  },
  {
    id: 'sentinel',
    label: 'Sentinel (3 Sentinels)',
    language: 'sentinel-conf',
    summary: 'One of three Sentinels watching a primary: quorum 2, 5 s to declare it down, one replica resyncing at a time',
    rpo: '1s',
    sections: [
      {
        title: 'Sentinel',
        lines: [
          { directive: 'port', args: ['26379'], why: 'The port Sentinels and clients use to reach this Sentinel.' },
          {
            directive: 'sentinel',
            args: ['monitor', '{{master:mymaster}}', '{{host:10.0.0.10}}', '{{port:6379}}', '{{quorum:2}}'],
            why: `Watch the primary at this address. Quorum 2 of 3 Sentinels must agree it is down before a failover starts. ${guidance('odd-sentinels')}`,
          },
          {
            directive: 'sentinel',
            args: ['down-after-milliseconds', '{{master:mymaster}}', '5000'],
            why: `Consider the primary down after 5 seconds without a valid reply. ${guidance('down-after')}`,
          },
          {
            directive: 'sentinel',
            args: ['failover-timeout', '{{master:mymaster}}', '60000'],
            why: 'Give a failover 60 seconds before another Sentinel may retry it.',
          },
          { directive: 'sentinel', args: ['parallel-syncs', '{{master:mymaster}}', '1'], why: guidance('parallel-syncs') },
        ],
      },
    ],
  },
];

const FIELD = /\{\{([a-z-]+):([^}]*)\}\}/g;

/** An argument as plain text (fields replaced by their defaults), quoted when redis-server needs it. */
export function plainArg(arg: string): string {
  const v = arg.replace(FIELD, (_m, _name, def: string) => def);
  return v === '' || /[\s"'\\#]/.test(v) ? `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : v;
}

/** The directive line as plain config text. */
export function lineText(line: ProfileLine): string {
  return [line.directive, ...line.args.map(plainArg)].join(' ');
}

/** Field names of an argument, in order, with their defaults. */
export function fieldsOf(arg: string): Array<{ name: string; value: string }> {
  return [...arg.matchAll(FIELD)].map((m) => ({ name: m[1], value: m[2] }));
}

export function profile(id: ProfileId): Profile {
  const p = PROFILES.find((x) => x.id === id);
  if (!p) throw new Error(`unknown profile ${id}`);
  return p;
}
