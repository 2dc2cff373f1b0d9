/**
 * The small snippet blocks (AOF, RDB schedule, replica, write safety, Sentinel
 * monitor). Lines that a reference profile already has are taken from it —
 * with their explanation — so no text is kept twice; only lines no profile
 * contains are written here.
 */
import { guidance } from './guidance';
import { PROFILES, type ProfileId, type ProfileLine } from './profiles';

export type BlockId = 'aof-everysec' | 'rdb-schedule' | 'replica-of' | 'write-safety' | 'sentinel-monitor';

export interface SnippetBlock {
  id: BlockId;
  label: string;
  language: 'redis-conf' | 'sentinel-conf';
  summary: string;
  lines: ProfileLine[];
}

/** The line of a profile with this directive (and first argument, for repeated directives). */
function from(profile: ProfileId, directive: string, firstArg?: string): ProfileLine {
  const p = PROFILES.find((x) => x.id === profile);
  const line = p?.sections
    .flatMap((s) => s.lines)
    .find((l) => l.directive === directive && (firstArg === undefined || l.args[0] === firstArg));
  if (!line) throw new Error(`profile ${profile} has no line ${directive} ${firstArg ?? ''}`);
  return line;
}

export const BLOCKS: readonly SnippetBlock[] = [
  {
    id: 'aof-everysec',
    label: 'AOF everysec with RDB preamble',
    language: 'redis-conf',
    summary: 'Append-only file fsynced every second, rewritten with an RDB preamble (RPO ≈ 1 s on a crash)',
    lines: [
      from('balanced', 'appendonly'),
      from('balanced', 'appendfsync'),
      from('balanced', 'aof-use-rdb-preamble'),
      {
        directive: 'auto-aof-rewrite-percentage',
        args: ['100'],
        why: 'Compact the AOF once it has doubled since the last rewrite, so restarts replay less.',
      },
      { directive: 'auto-aof-rewrite-min-size', args: ['64mb'], why: 'But never bother rewriting a file smaller than this.' },
    ],
  },
  {
    id: 'rdb-schedule',
    label: 'RDB snapshot schedule',
    language: 'redis-conf',
    summary: 'Point-in-time snapshots at 15 min / 5 min / 1 min depending on write volume, with checksums',
    lines: [
      from('balanced', 'save', '900'),
      from('balanced', 'save', '300'),
      from('balanced', 'save', '60'),
      from('balanced', 'stop-writes-on-bgsave-error'),
      {
        directive: 'rdbcompression',
        args: ['yes'],
        why: 'Compress snapshots: smaller files to ship to backup storage and to send to replicas.',
      },
      { directive: 'rdbchecksum', args: ['yes'], why: guidance('rdb-checksum') },
    ],
  },
  {
    id: 'replica-of',
    label: 'Replica of a primary',
    language: 'redis-conf',
    summary: 'Follow a primary, read-only, ready to be promoted by Sentinel',
    lines: [
      {
        directive: 'replicaof',
        args: ['{{host:127.0.0.1}}', '{{port:6379}}'],
        why: 'Copy the dataset of the primary at this address and follow its writes.',
      },
      {
        directive: 'masterauth',
        args: ['{{password:change-me}}'],
        why: 'The primary’s password (its requirepass); delete this line if the primary has none.',
      },
      from('balanced', 'replica-read-only'),
      { directive: 'replica-priority', args: ['100'], why: 'Rank for promotion by Sentinel: lower wins, 0 never promotes this replica.' },
    ],
  },
  {
    id: 'write-safety',
    label: 'Write safety (min-replicas)',
    language: 'redis-conf',
    summary: 'Refuse writes unless a replica is connected and current: protects acknowledged writes on failover',
    lines: [from('balanced', 'min-replicas-to-write'), from('balanced', 'min-replicas-max-lag')],
  },
  {
    id: 'sentinel-monitor',
    label: 'Sentinel monitor block',
    language: 'sentinel-conf',
    summary: 'Watch one primary: quorum, down detection, failover timeout, resync pace',
    lines: PROFILES.find((p) => p.id === 'sentinel')!
      .sections.flatMap((s) => s.lines)
      .filter((l) => l.directive === 'sentinel'),
  },
];
