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
    summary: 'A replica disconnected from its primary for longer than (node timeout × this factor) refuses to fail over, because its data is too old.',
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
    summary: 'Valkey: IPv6 address put in redirects and CLUSTER SHARDS replies, for clients that reach the node over another network than its peers.',
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
    summary: 'Valkey: collects per-slot CPU and network statistics for CLUSTER SLOT-STATS.',
  },
};
