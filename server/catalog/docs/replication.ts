/** Replication and write safety. Our own words; the guidance's sentences come from ../guidance. */
import { clause, guidance } from '../guidance';
import type { DocTable } from './types';

const REPLICATION_USER =
  'The user needs the rights to run PSYNC, REPLCONF and PING; with too few rights the replica cannot sync and falls behind.';
const FOLLOW_AFTER_FAILOVER = 'Set it on every node so that a demoted primary can follow the new one after a failover.';

export const REPLICATION_DOCS: DocTable = {
  replicaof: {
    summary:
      'Makes this server a replica of the primary at `<host> <port>`: it copies the dataset, then follows the primary’s write stream.',
    details:
      '`replicaof no one` keeps the server a primary. At runtime the REPLICAOF command (not CONFIG SET) switches primaries. Not allowed together with `cluster-enabled yes` (a cluster assigns replicas itself).',
    rpo: `${guidance('async-gap')} ${guidance('wait')} \`min-replicas-to-write\` on the primary narrows the gap for all writes.`,
    rto: 'A replica is what Sentinel or an operator promotes when the primary fails: without one, recovering means restarting the primary from its own disk.',
    args: [
      {
        name: 'host',
        doc: 'Address of the primary (a numeric IP or a resolvable name), or `no` in `replicaof no one`.',
        placeholder: '127.0.0.1',
      },
      { name: 'port', doc: 'TCP port of the primary (0–65535), or `one` in `replicaof no one`.', placeholder: '6379' },
    ],
  },
  masterauth: {
    summary: 'Password a replica uses to authenticate to its primary (with `masteruser`, the password of that ACL user).',
    rpo: guidance('masterauth'),
    rto: guidance('auth-every-node'),
    placeholder: 'password',
  },
  primaryauth: {
    summary: 'Password a replica uses to authenticate to its primary (Valkey’s name for masterauth).',
    rpo: guidance('masterauth'),
    rto: guidance('auth-every-node'),
    placeholder: 'password',
  },
  masteruser: {
    summary: 'ACL user name a replica authenticates as when it connects to its primary (the password comes from masterauth).',
    rpo: REPLICATION_USER,
    rto: FOLLOW_AFTER_FAILOVER,
    placeholder: 'replication-user',
  },
  primaryuser: {
    summary: 'ACL user name a replica authenticates as when it connects to its primary (Valkey’s name for masteruser).',
    rpo: REPLICATION_USER,
    rto: FOLLOW_AFTER_FAILOVER,
    placeholder: 'replication-user',
  },
  'min-replicas-to-write': {
    summary:
      'Refuses writes on the primary unless at least this many replicas are connected and acknowledged the stream within `min-replicas-max-lag` seconds.',
    rpo: `Back-pressure that protects RPO. ${guidance('write-guard')} ${guidance('wait')} Together they give the strongest guarantee open-source Redis offers.`,
    rto: 'Writes fail whenever fewer replicas are healthy — with 1 replica and a value of 1, losing that replica is a write outage. Size it below the number of replicas you run.',
    values: { '0': 'Off: writes are accepted whatever the state of the replicas (lowest latency, largest loss window on failover).' },
    unit: 'count',
  },
  'min-replicas-max-lag': {
    summary: 'How recent, in seconds, a replica’s last acknowledgement must be for it to count toward `min-replicas-to-write`.',
    rpo: `${guidance('guard-lag')} A smaller lag means less to lose on failover.`,
    rto: 'Too small a value makes replicas drop out of the count on ordinary hiccups and writes fail more often.',
    unit: 'seconds',
  },
  'repl-backlog-size': {
    summary:
      'Size of the buffer of recent writes the primary keeps so that a replica that briefly disconnected can resume with a partial resync.',
    details:
      'Size it to cover the writes of your longest expected disconnect (write rate × seconds). The guidance writes `replication-backlog-size`, which no version accepts: this is the real name.',
    rpo: 'A replica that needs a full resync is stale until it finishes, widening the loss window if the primary fails meanwhile.',
    rto: `${guidance('backlog')} Too small a backlog turns every network hiccup into a full resync.`,
  },
  'repl-backlog-ttl': {
    summary: 'How long a primary without replicas keeps its replication backlog before freeing it.',
    rto: 'After the backlog is freed, a replica that comes back needs a full resync; 0 keeps the backlog forever.',
    values: { '0': 'Never free the backlog.' },
    unit: 'seconds',
  },
  'repl-timeout': {
    summary: 'Seconds without traffic after which a replication link is considered dead, on both the primary and the replica side.',
    rto: `${guidance('repl-timeout')} A smaller value notices dead links sooner; a larger one survives long transfers on slow networks.`,
    unit: 'seconds',
  },
  'repl-ping-replica-period': {
    summary: 'How often, in seconds, the primary pings its replicas so they can tell an idle link from a dead one.',
    rto: guidance('repl-timeout'),
    unit: 'seconds',
  },
  'repl-diskless-sync': {
    summary: 'Sends the snapshot for a full resync straight over the socket instead of writing it to disk first.',
    rto: 'Saves disk I/O and often time on full resyncs, especially on slow disks; with `repl-diskless-sync-delay` several replicas share one transfer.',
    values: {
      yes: 'Stream the snapshot to the replicas directly from the forked child.',
      no: 'Write the snapshot to disk, then send the file (replicas arriving later reuse it).',
    },
  },
  'repl-diskless-sync-delay': {
    summary: 'Seconds a primary waits before starting a diskless transfer, so that replicas connecting together share it.',
    rto: 'A longer delay serves more replicas per fork; a shorter one gets the first replica in sync sooner.',
    values: { '0': 'Start the transfer at once.' },
    unit: 'seconds',
  },
  'repl-diskless-sync-max-replicas': {
    summary: 'Starts a diskless transfer before the delay ends as soon as this many replicas are waiting.',
    rto: 'Replicas get back in sync sooner when you know how many to expect, instead of idling for the whole delay.',
    values: { '0': 'No early start: always wait for the full delay.' },
    unit: 'count',
  },
  'repl-diskless-load': {
    summary: 'How a replica loads the snapshot of a full resync: from a file on disk, or directly from the socket.',
    rpo: `With \`on-empty-db\` a replica that holds data still goes through disk; \`swapdb\` keeps the old dataset until the new one has loaded. \`flushdb\` (Redis) and \`flush-before-load\` (Valkey) empty the dataset first: ${clause('diskless-load-flush')}.`,
    rto: 'Loading from the socket avoids disk I/O and shortens full resyncs on slow disks.',
    values: {
      disabled: 'Write the snapshot to disk first, then load it (the safe default).',
      'on-empty-db': 'Load from the socket only when the replica holds no data, so nothing is lost if the transfer fails.',
      swapdb: 'Load from the socket into a new dataset while keeping the current one in memory until it succeeds — needs memory for both.',
      flushdb:
        'Redis: always load from the socket, emptying the dataset first. No memory for two copies, but a failed sync leaves the replica empty; unlike the other socket modes it is used even when a loaded module cannot handle read errors.',
      'flush-before-load':
        'Valkey: always load from the socket after emptying the dataset. No memory for two copies, but a failed sync leaves the replica with no data at all.',
    },
  },
  'repl-disable-tcp-nodelay': {
    summary: 'Lets the primary batch small replication packets (TCP_NODELAY off), using less bandwidth at the cost of replica delay.',
    rpo: 'With `yes`, replicas lag up to about 40 ms more, which widens the window of writes lost on failover.',
    values: {
      yes: 'Fewer, larger packets: less bandwidth, more replication lag.',
      no: 'Send writes to replicas at once: lowest lag (recommended).',
    },
  },
  'replica-read-only': {
    summary: 'Makes replicas refuse write commands from clients.',
    rpo: `${guidance('replica-read-only')} The guidance keeps this \`yes\`.`,
    values: {
      yes: 'Replicas refuse writes, so they never diverge from the primary.',
      no: 'Replicas accept writes that live only until the next resync.',
    },
  },
  'replica-serve-stale-data': {
    summary: 'Decides whether a replica that lost its primary, or is still syncing, keeps answering reads with possibly old data.',
    rpo: 'Reads may return stale values during the outage; decide whether your clients can accept that.',
    rto: 'With `no`, the replica answers most commands with an error until it is in sync again: consistent but unavailable for reads.',
    values: {
      yes: 'Keep serving reads from what the replica has.',
      no: 'Refuse most commands with a SYNC-in-progress error until the link is back.',
    },
  },
  'replica-priority': {
    summary: 'Rank Sentinel uses to choose which replica to promote: lower numbers win, and 0 means never promote this one.',
    rto: 'Prefer replicas in the right zone and on the strongest hosts; a value of 0 on every replica makes automatic failover impossible.',
    values: { '0': 'Never promote this replica (for example a backup or a distant disaster-recovery copy).' },
    unit: 'count',
  },
  'replica-announced': {
    summary:
      'Decides whether Sentinel lists this replica to its clients (SENTINEL REPLICAS); `no` hides it without changing its promotion rank.',
    rto: 'A hidden replica can still be promoted by Sentinel; clients that discover replicas through Sentinel simply never read from it.',
  },
  'replica-announce-ip': {
    summary: 'Address the replica reports to its primary, for setups where NAT or containers hide the real one.',
    rto: 'Sentinel and clients connect to the announced address: a wrong one makes a failover promote a replica nobody can reach.',
    placeholder: '10.0.0.11',
  },
  'replica-announce-port': {
    summary: 'Port the replica reports to its primary when forwarding or containers change the visible port.',
    rto: 'A wrong port makes the replica unreachable for Sentinel and clients once it is promoted.',
    values: { '0': 'Announce the port the server actually listens on.' },
  },
  'replica-lazy-flush': {
    summary: 'On a full resync, frees the replica’s old dataset in a background thread instead of blocking.',
    rto: 'With `no`, a big replica stalls while deleting its old data before it can load the new snapshot.',
  },
  'replica-ignore-disk-write-errors': {
    summary: 'Lets a replica keep applying the replication stream after it failed to write its own persistence files.',
    rpo: 'With `yes`, the replica stays in sync in memory but its local files may be broken; with `no`, it stops replicating, so the problem is visible.',
  },
  'propagation-error-behavior': {
    summary: 'What a server does when a command it receives through replication or from the AOF fails to execute.',
    rpo: 'An ignored error means the replica’s data now differs from the primary’s; panicking stops the divergence but takes the node down.',
    values: {
      ignore: 'Log the error and go on (the data may silently diverge).',
      panic: 'Crash the server, on replicas and when loading the AOF, so the divergence cannot spread.',
      'panic-on-replicas': 'Crash replicas on such errors, but only log them while loading the AOF.',
    },
  },
  'dual-channel-replication-enabled': {
    summary: 'Valkey: during a full resync, sends the snapshot and the stream of new writes over two separate connections.',
    details:
      'Used when the primary has `repl-diskless-sync yes` and both sides enable it. The replica keeps the writes that arrive during the transfer in its own buffer, up to the hard limit of its own `client-output-buffer-limit replica` class; beyond that they wait on the primary. A change applies to the next full sync, not to one in progress. Redis’s counterpart is `repl-rdb-channel`.',
    rpo: 'The replica becomes a usable copy only once the snapshot is loaded and the buffered writes are applied; a failover before that promotes stale data, as with any full resync.',
    rto: 'Shortens full resyncs and keeps the primary’s output buffers small while a snapshot is transferred; the replica needs memory headroom for the writes it buffers.',
  },
  'repl-rdb-channel': {
    summary:
      'Redis: during a full resync, transfers the snapshot on a second connection while the primary streams new writes to the replica straight away, instead of holding them in its own output buffer.',
    details:
      'Used only when the primary has `repl-diskless-sync yes` and both sides have this on; otherwise the classic single-connection sync runs. The replica buffers the writes that arrive during the transfer (see `replica-full-sync-buffer-limit`) and applies them once the snapshot has loaded. Valkey’s counterpart is `dual-channel-replication-enabled`.',
    rpo: 'A syncing replica is still not a usable copy until the snapshot is loaded and its buffer replayed; what moves is where the new writes wait — on the replica instead of in the primary’s `client-output-buffer-limit replica` budget.',
    rto: 'Big, busy datasets are less likely to loop through failed full resyncs (the primary no longer overflows its replica buffer during the transfer), and the primary’s memory stays flat; the replica needs headroom for the buffered writes.',
    values: {
      yes: 'Offer or accept the two-connection full sync when the other side supports it.',
      no: 'Always use the single-connection full sync, buffering new writes on the primary.',
    },
  },
  'replica-full-sync-buffer-limit': {
    summary:
      'Redis: caps the memory a replica spends on holding the primary’s new writes while it receives and loads the snapshot of a two-connection full resync.',
    details:
      'Once the cap is reached the replica stops reading the write stream, and further writes pile up on the primary under its `client-output-buffer-limit replica` setting. The same cap bounds what the destination of an atomic slot migration buffers while it loads the slots.',
    rpo: 'The cap drops nothing by itself; but if the primary’s buffer then overflows, the replica is disconnected and the full resync starts over — it stays stale longer, and a failover in that window promotes old data or none.',
    rto: 'Too small a cap on a write-heavy primary can make full resyncs repeat; too large a cap can push the replica to its maxmemory or the OOM killer while it loads.',
    values: { '0': 'Use the hard limit of this replica’s own `client-output-buffer-limit replica` class as the cap.' },
  },
  'repl-mptcp': {
    summary:
      'Valkey: opens the replica’s link to its primary with Multipath TCP, which can spread one connection over several network paths.',
    details:
      'Multipath is used only when the primary listens with `mptcp yes`; against any other primary the link simply runs as ordinary TCP. The setting is refused on builds without Multipath TCP support, and the host needs a Linux kernel that provides it (5.6 or later).',
    rpo: 'A link that outlives the loss of one network path keeps the replica current, so less is lost if the primary fails at that moment.',
    rto: 'Fewer dropped links mean fewer partial and full resyncs; but if the kernel cannot create Multipath TCP sockets, the replica cannot connect at all — try it on one replica first.',
  },
};
