/** Redis Cluster. Our own words, with the availability consequences the guidance discusses. */
import type { DocTable } from './types';

export const CLUSTER_DOCS: DocTable = {
  'cluster-enabled': {
    summary: 'Starts the server as a Redis Cluster node: the keyspace is split into 16384 hash slots and failover is built in.',
    rto: 'Cluster nodes elect a replica to replace a failed primary without Sentinel; clients must be cluster-aware (MOVED and ASK redirects).',
    values: {
      yes: 'Run as a cluster node (incompatible with replicaof).',
      no: 'Run as a standalone server.',
    },
  },
  'cluster-config-file': {
    summary: 'File where the node stores the cluster state (nodes, slots, epochs); written by the server, never edited by hand.',
    rto: 'Each node needs its own file; losing it makes the node forget its identity in the cluster.',
    placeholder: 'nodes-6379.conf',
  },
  'cluster-node-timeout': {
    summary: 'Milliseconds a node may be unreachable before the others consider it failing and a replica may take over.',
    rto: 'The main RTO knob of a cluster: failover starts after about this long. Too short causes failovers on network blips.',
    rpo: 'Writes a partitioned primary accepted during this window are lost when its replica takes over.',
    unit: 'milliseconds',
  },
  'cluster-port': {
    summary: 'Port of the cluster bus (node-to-node protocol).',
    values: { '0': 'Use the client port plus 10000.' },
  },
  'cluster-replica-validity-factor': {
    summary:
      'A replica disconnected from its primary for longer than (node timeout × this factor) refuses to fail over, because its data is too old.',
    rpo: 'A lower factor avoids promoting very stale replicas (less data lost); a higher one favours availability.',
    rto: '0 lets any replica fail over however stale it is, maximising availability.',
    values: { '0': 'Replicas always try to fail over, whatever their lag.' },
    unit: 'count',
  },
  'cluster-replica-no-failover': {
    summary: 'Prevents this replica from ever failing over automatically (a manual failover still works).',
    rto: 'Use it for replicas in a distant data center; if every replica of a primary has it, that primary’s slots stay down when it fails.',
  },
  'cluster-migration-barrier': {
    summary: 'Number of replicas a primary must keep before one of its extra replicas may migrate to an orphaned primary.',
    unit: 'count',
  },
  'cluster-allow-replica-migration': {
    summary: 'Allows replicas to move to primaries that lost all their replicas, and to follow their slots when slots move.',
  },
  'cluster-require-full-coverage': {
    summary: 'Stops the whole cluster from serving when any hash slot has no working node.',
    rto: 'With `yes`, one lost shard makes every shard refuse queries; with `no`, the surviving shards keep serving their slots.',
    values: {
      yes: 'All-or-nothing: the cluster stops when any slot is uncovered.',
      no: 'Keep serving the slots that are still covered.',
    },
  },
  'cluster-allow-reads-when-down': {
    summary: 'Lets a node keep serving reads while the cluster is marked down.',
    rto: 'More availability for read-mostly workloads, at the cost of possibly stale reads.',
  },
  'cluster-allow-pubsubshard-when-down': {
    summary: 'Lets sharded Pub/Sub keep working on a node while the cluster is marked down.',
  },
  'cluster-announce-ip': {
    summary: 'Address this node announces to the rest of the cluster, for NAT or containers.',
    placeholder: '10.0.0.10',
  },
  'cluster-announce-port': {
    summary: 'Client port this node announces to the cluster.',
    values: { '0': 'Announce the real port.' },
  },
  'cluster-announce-tls-port': {
    summary: 'TLS client port this node announces to the cluster.',
    values: { '0': 'Announce the real TLS port.' },
  },
  'cluster-announce-bus-port': {
    summary: 'Cluster bus port this node announces to the cluster.',
    values: { '0': 'Announce the real bus port.' },
  },
  'cluster-announce-hostname': {
    summary: 'Hostname this node announces, used by clients when the preferred endpoint type is hostname.',
    placeholder: 'node1.example.internal',
  },
  'cluster-announce-human-nodename': {
    summary: 'Human-readable name of this node, shown in logs and cluster tooling.',
    placeholder: 'cache-a-1',
  },
  'cluster-announce-client-ipv4': {
    summary: 'Valkey: IPv4 address announced to clients, when it differs from the address other nodes use.',
    placeholder: '203.0.113.10',
  },
  'cluster-announce-client-ipv6': {
    summary:
      'Valkey: IPv6 address put in redirects and CLUSTER SHARDS replies, for clients that reach the node over another network than its peers.',
    placeholder: '2001:db8::10',
  },
  'cluster-preferred-endpoint-type': {
    summary: 'Which endpoint the cluster gives clients in redirects and CLUSTER SHARDS.',
    values: {
      ip: 'Give the node’s IP address.',
      hostname: 'Give the announced hostname (clients must resolve it).',
      'unknown-endpoint': 'Give "?": clients reuse the address they already connected to (for proxies and load balancers).',
    },
  },
  'cluster-link-sendbuf-limit': {
    summary: 'Limit on the memory of one cluster-bus link’s send buffer; a link above it is closed.',
    values: { '0': 'No limit.' },
  },
  'cluster-ping-interval': {
    summary: 'Testing knob: milliseconds between cluster pings, instead of half the node timeout.',
    values: { '0': 'Derive the interval from cluster-node-timeout.' },
    unit: 'milliseconds',
  },
  'cluster-blacklist-ttl': {
    summary: 'Valkey: seconds a node removed with CLUSTER FORGET stays banned from rejoining through gossip.',
    unit: 'seconds',
  },
  'cluster-slot-stats-enabled': {
    summary:
      'Collects per-slot resource usage (CPU time, network bytes and, in Redis, memory) for CLUSTER SLOT-STATS, on top of the key count that is always kept.',
    details:
      'Valkey, and Redis before the list form, take yes or no. Newer Redis takes any combination of `cpu`, `net` and `mem` (for example `cpu net`), with yes and no meaning all or nothing. Memory tracking can only begin at start-up: CONFIG SET can drop `mem` but not add it back without a restart.',
    values: {
      no: 'Keep only the key count per slot.',
      yes: 'Track every statistic this version offers (with the list form: cpu, net and mem).',
      cpu: 'Redis: track the CPU time spent on each slot.',
      net: 'Redis: track the bytes received and sent for each slot.',
      mem: 'Redis: track the memory used by each slot; it must be on from start-up and shares its tracking with `key-memory-histograms`.',
    },
  },
  'cluster-compatibility-sample-ratio': {
    summary:
      'Redis: on a standalone server, checks this percentage of commands for what Redis Cluster would refuse (keys in several slots and the like) and counts the offenders.',
    details:
      'The count shows up as `cluster_incompatible_ops` in INFO stats, only while `cluster-enabled` is no and the ratio is above 0 — a way to find out whether an application is ready to move to a cluster. The checks cost CPU on busy servers.',
    values: { '0': 'No checks.', '100': 'Check every command.' },
    unit: 'count',
  },
  'cluster-slot-migration-write-pause-timeout': {
    summary:
      'Redis: milliseconds the source of an atomic slot migration keeps writes paused at handoff, waiting for the destination to take ownership of the slots.',
    details:
      'Atomic slot migration (CLUSTER MIGRATION IMPORT, run on the destination) copies the slots, streams the writes made meanwhile, and pauses writes briefly to hand the slots over. If the destination has not claimed them within this time, the source resumes writes and marks the migration failed.',
    rpo: 'Keep it comfortably large: if the source resumes while the destination is still finishing, writes the source accepts in that gap are lost when the destination then claims the slots anyway.',
    rto: 'Bounds how long clients writing to the migrating slots can be blocked when the destination stalls or dies during the handoff.',
    unit: 'milliseconds',
  },
  'cluster-slot-migration-handoff-max-lag-bytes': {
    summary:
      'Redis: how close the destination of an atomic slot migration must be, in bytes of write stream not yet applied, before the source pauses writes and hands the slots over.',
    rto: 'A smaller value means a shorter write pause at handoff but a longer catch-up first; a larger one hands over sooner with a longer pause.',
  },
  'cluster-slot-migration-sync-buffer-drain-timeout': {
    summary:
      'Redis: milliseconds the destination of an atomic slot migration gets to work through the writes buffered during the snapshot before the migration is declared failed.',
    details:
      'The real limit is the larger of this value and twice the time the destination took to apply the snapshot and its first buffer, so that a migration that never catches up with a busy source does not run forever.',
    unit: 'milliseconds',
  },
  'cluster-slot-migration-max-archived-tasks': {
    summary:
      'Redis: how many finished atomic slot migration tasks are kept in memory for CLUSTER MIGRATION STATUS before the oldest are dropped.',
    unit: 'count',
  },
  'cluster-slot-migration-log-max-len': {
    summary:
      'Valkey: number of entries kept in the in-memory history of CLUSTER MIGRATESLOTS migrations shown by CLUSTER GETSLOTMIGRATIONS; only finished migrations are trimmed.',
    values: { '0': 'Drop every finished migration from the history; only running ones are listed.' },
    unit: 'count',
  },
  'slot-migration-max-failover-repl-bytes': {
    summary:
      'Valkey: how many bytes may still be queued for the target of a CLUSTER MIGRATESLOTS migration when the source pauses client writes to hand the slots over.',
    details:
      'The source waits until its unsent stream to the target is at most this size, then pauses writes until the target owns the slots — at most twice `cluster-manual-failover-timeout`. The queue shows as `remaining_repl_size` in CLUSTER GETSLOTMIGRATIONS on the source.',
    rto: 'A small value keeps the write pause short but can delay the handoff on a busy source; -1 pauses at once, however much is still queued, which can make the pause long.',
    values: {
      '-1': 'No limit: pause as soon as the migration is ready to hand over.',
      '0': 'Pause only once nothing is queued for the target (the target may still be receiving the last bytes).',
    },
  },
  'cluster-manual-failover-timeout': {
    summary:
      'Valkey: milliseconds a manual failover started with CLUSTER FAILOVER may take before the replica and its primary abandon it; it also bounds the final step of CLUSTER MIGRATESLOTS.',
    details:
      'During a manual failover the primary stops accepting writes so that the replica can match its offset exactly; if the failover does not finish (for example, too few votes), the pause lasts up to twice this value.',
    rpo: 'The write pause is what makes a manual failover lossless: the replica takes over only once it holds every write. Too short a value makes the failover give up rather than lose data.',
    rto: 'Bounds the write outage of a manual failover that fails: clients can be blocked for up to twice this long. Raise it for large clusters where votes take longer; lower it to limit blocked writes.',
    unit: 'milliseconds',
  },
  'cluster-announce-client-port': {
    summary:
      'Valkey: plain-TCP port handed to clients in redirects and topology replies, when clients reach the node on another port than its cluster peers do.',
    rto: 'A wrong port sends every client that follows a redirect to a dead end, most visibly right after a failover or resharding.',
    values: { '0': 'Give clients the same port the node announces to the cluster.' },
  },
  'cluster-announce-client-tls-port': {
    summary:
      'Valkey: TLS port put in the topology clients see, for nodes behind a load balancer or port mapping that only clients go through.',
    rto: 'A wrong port breaks redirects for TLS clients, most visibly right after a failover or resharding.',
    values: { '0': 'Give clients the same TLS port the node announces to the cluster.' },
  },
  'cluster-databases': {
    summary:
      'Valkey: number of logical databases a cluster node offers (SELECT 0 … n-1); in cluster mode it takes the place of `databases`, which is then ignored.',
    details:
      'Every database is split over the same 16384 slots. Clients that use a database other than 0 need a cluster client that keeps track of SELECT.',
    rto: 'Use the same value on every node: a node configured with fewer databases cannot load data that uses the higher ones, so a replica set up that way fails its sync and cannot take over.',
    unit: 'count',
  },
  'cluster-config-save-behavior': {
    summary: 'Valkey: what a cluster node does when it fails to write its nodes file after the cluster state changed.',
    rpo: 'With `best-effort`, a node restarted after a failed write may read an outdated nodes file (old slots or epochs) and rely on the cluster to correct it; watch the log for save failures.',
    rto: 'With `sync`, a full disk or a broken volume ends the process on the next topology change — the node, and perhaps its shard, goes down. `best-effort` keeps it serving and tries again at the next change.',
    values: {
      sync: 'Write the file synchronously and exit when that fails (the classic behaviour).',
      'best-effort': 'Write the file synchronously, but only log a warning when it fails and keep running.',
    },
  },
  'cluster-message-gossip-perc': {
    summary:
      'Valkey: share, in percent of the known nodes, of peers described in the gossip section of every cluster ping (never fewer than three).',
    rto: 'More gossip per ping spreads failure reports faster, so in large clusters a dead primary is marked failed and replaced sooner — at the cost of bigger cluster-bus messages.',
    unit: 'count',
  },
};
