/**
 * The explanatory sentences of the durability guidance, each written once and
 * citing the section of the guidance document ("Redis failover strategies and
 * durability deep dive", redis-failover-and-durability.md) it rests on. Our own
 * words. Everything that explains the same thing reads it from here: the rules
 * (each rule record names the sentence it rests on), the hover notes of the
 * directives (catalog/docs), the reference profiles and the snippets generated
 * from them, and the durability summary. The diagnostics add the numbers of the
 * file around the sentence.
 *
 * A sentence is plain text (no Markdown: it also ends up in diagnostics and in
 * config comments), starts with a capital and ends with a full stop; `clause()`
 * gives the form that follows a colon inside a message.
 */

/** Headings of the guidance document the sentences cite, "Chapter › Section". */
const S = {
  why: 'Why this matters',
  rdb: 'Durability mechanisms (local) › RDB snapshots',
  aof: 'Durability mechanisms (local) › AOF (Append Only File)',
  rdbAof: 'Durability mechanisms (local) › RDB + AOF together',
  rpo: 'Durability mechanisms (local) › Practical RPO expectations',
  async: 'Replication and write safety › Asynchronous replication (default)',
  psync: 'Replication and write safety › Partial resync (PSYNC) and backlog',
  diskless: 'Replication and write safety › Diskless replication',
  wait: 'Replication and write safety › Make writes more synchronous (lower RPO)',
  guard: 'Replication and write safety › Prevent writing when replication is unhealthy',
  sentinel: 'Automatic failover options › Option 1: Redis Sentinel (single primary, replicas)',
  consistency: 'Consistency during and after failover',
  balanced: 'Reference configurations › Balanced (most common)',
} as const;

export const GUIDANCE_SECTIONS: readonly GuidanceSection[] = Object.values(S);

export type GuidanceSection = (typeof S)[keyof typeof S];

export interface Guidance {
  /** The section it rests on; undefined: beyond the document (how redis-server itself behaves). */
  section: GuidanceSection | undefined;
  text: string;
}

function entry(section: GuidanceSection | undefined, text: string): Guidance {
  return { section, text };
}

export const GUIDANCE = {
  'no-persistence': entry(S.why, 'Nothing is written to disk, so a restart or crash loses every key.'),
  'rdb-only-loss': entry(S.rpo, 'A crash loses every write since the last successful snapshot.'),
  'fsync-always': entry(
    S.aof,
    'Every write is fsynced before it is acknowledged, so an acknowledged write survives a crash of the ' +
      'host (RPO ≈ 0), at the cost of a disk flush per write.',
  ),
  'fsync-everysec': entry(
    S.aof,
    'The AOF is fsynced once per second in the background, so a crash of the host loses up to about one ' +
      'second of acknowledged writes, at little latency cost.',
  ),
  'fsync-no': entry(
    S.aof,
    'The operating system decides when the AOF reaches the disk (on Linux after about 30 s), so a power loss ' +
      'or kernel crash loses up to that much acknowledged data.',
  ),
  'fsync-process-crash': entry(
    S.aof,
    'Every write reaches the operating system before it is acknowledged, so a crash of ' +
      'redis-server alone loses nothing: the fsync policy matters when the host, the kernel or the power fails.',
  ),
  'rewrite-unsynced': entry(
    S.aof,
    'While a rewrite or snapshot runs, fsync is suspended, so a crash at that moment can lose as much ' + 'as with appendfsync no.',
  ),
  'aof-preamble': entry(
    S.rdbAof,
    'Loading an RDB image is several times faster than replaying every key as a command, so an AOF ' +
      'rewritten with an RDB preamble keeps restarts (RTO) short and the file compact.',
  ),
  'bgsave-error': entry(
    S.rdb,
    'A snapshot can fail (a full disk, permissions, a refused fork); if writes are still accepted then, ' +
      'nothing tells the clients and the last good snapshot only grows older.',
  ),
  'rdb-checksum': entry(
    S.rdb,
    'Without a checksum, RDB files — snapshots, the AOF preamble, full-sync transfers — are loaded ' +
      'unchecked, so a corrupt file is loaded as wrong data instead of being refused.',
  ),
  'replica-read-only': entry(
    S.consistency,
    'A replica that accepts writes diverges from its primary: those writes are never ' +
      'replicated, and they vanish at the next full resync.',
  ),
  'async-gap': entry(
    S.async,
    'Replication is asynchronous: a write acknowledged by the primary but not yet received by a replica is ' +
      'lost if that replica is promoted.',
  ),
  'write-guard': entry(
    S.guard,
    'With a write guard (min-replicas-to-write and min-replicas-max-lag), a primary cut off from its ' +
      'replicas — a partition, a split brain — stops accepting the writes a failover would lose.',
  ),
  'guard-lag': entry(
    S.guard,
    'A replica counts toward the write guard while its last acknowledgement is at most ' +
      'min-replicas-max-lag seconds old, so a cut-off primary keeps accepting writes for up to that long.',
  ),
  wait: entry(
    S.wait,
    'For writes that must not be lost, follow them with WAIT and a replica count: it returns once that many ' +
      'replicas have received them (receipt, not fsync).',
  ),
  backlog: entry(
    S.psync,
    'A replica that reconnects resumes with a partial resync only while the backlog still holds everything it ' +
      'missed; otherwise it needs a full resync — a fork, a whole snapshot transfer, and no up-to-date replica meanwhile.',
  ),
  'repl-timeout': entry(
    S.psync,
    'On an idle replication link the pings are the only traffic, so repl-timeout must be larger than ' +
      'repl-ping-replica-period, or healthy links are dropped again and again.',
  ),
  'replica-buffer': entry(
    S.sentinel,
    'During a full sync the writes that arrive meanwhile are buffered for the replica; past the ' +
      'limit of its client class it is dropped and the sync starts over, possibly forever on a busy primary.',
  ),
  'diskless-load-flush': entry(
    S.diskless,
    'A replica that empties its dataset before loading the new one from the socket is left ' +
      'with no data if the transfer fails halfway: no copy to fail over to and nothing to serve until another full sync succeeds.',
  ),
  eviction: entry(
    S.balanced,
    'An evicting maxmemory-policy deletes keys when memory is full — data lost without any crash; ' +
      'noeviction keeps every key and makes writes fail with an OOM error instead.',
  ),
  exposed: entry(
    undefined,
    'Anyone who can reach the port can read, change or delete every key, and take the server over with ' + 'CONFIG SET or REPLICAOF.',
  ),
  masterauth: entry(
    S.sentinel,
    'A replica of a password-protected primary needs that password in masterauth; without it the replica ' +
      'never syncs and silently falls behind, and a failover would promote stale data.',
  ),
  'auth-every-node': entry(
    S.sentinel,
    'Set it on every node, primaries included: after a failover the old primary becomes a replica ' + 'of the new one and needs it too.',
  ),
  'sentinel-auth': entry(
    S.sentinel,
    'A Sentinel without auth-pass gets -NOAUTH from a password-protected primary, which is not a ' +
      'valid reply: the primary is reported down while it runs, and a failover cannot reconfigure the replicas.',
  ),
  quorum: entry(
    S.sentinel,
    'The quorum is how many Sentinels must agree that the primary is down; the failover itself then needs a ' +
      'majority of all Sentinels.',
  ),
  'odd-sentinels': entry(
    S.sentinel,
    'Run an odd number of Sentinels (3 or 5) in different zones, so that a majority survives a zone ' +
      'failure or a partition — which is also what prevents split brain.',
  ),
  'down-after': entry(
    S.sentinel,
    'The silence before Sentinel suspects the primary is the first part of the failover time: shorter ' +
      'means faster failover, but more false alarms on network blips, slow commands or the fork of a large dataset — and each failover ' +
      'loses the writes not yet replicated.',
  ),
  'parallel-syncs': entry(
    S.sentinel,
    'Replicas that resync from a new primary serve no reads (or stale ones) while they load its ' +
      'dataset, so resyncing one at a time keeps the others serving.',
  ),
} as const satisfies Record<string, Guidance>;

export type GuidanceKey = keyof typeof GUIDANCE;

/** The sentence, as written. */
export function guidance(key: GuidanceKey): string {
  return GUIDANCE[key].text;
}

/** The sentence as a clause after a colon: no final full stop, a lower-case first word (unless it is an acronym). */
export function clause(key: GuidanceKey): string {
  const t = GUIDANCE[key].text.replace(/\.$/, '');
  return /^[A-Z][A-Z0-9]/.test(t) ? t : t[0].toLowerCase() + t.slice(1);
}
