/** Client connections, buffers and keyspace notifications. Our own words; the guidance's sentences come from ../guidance. */
import { guidance } from '../guidance';
import type { DocTable } from './types';

export const CLIENTS_DOCS: DocTable = {
  timeout: {
    summary: 'Closes a client connection after it has been idle for this many seconds.',
    values: { '0': 'Never close idle clients.' },
    unit: 'seconds',
  },
  maxclients: {
    summary:
      'Maximum number of simultaneous client connections (Sentinels and replicas count too); the server also lowers it to fit the open-file limit.',
    rto: 'When the limit is reached new connections are refused — after a failover every client reconnects at once, so leave headroom.',
    unit: 'count',
  },
  'client-output-buffer-limit': {
    summary: 'Disconnects clients of a class whose pending replies exceed a hard limit, or stay above a soft limit for too long.',
    details:
      'The classes are `normal`, `replica` (old name `slave`) and `pubsub`. A limit of 0 means no limit. Redis 7.0+ accepts several classes on one line.',
    rpo: `The \`replica\` class matters for durability: ${guidance('replica-buffer')} A replica that keeps restarting its sync stays stale.`,
    rto: 'Size the `replica` class for the writes of a whole full sync and at least the backlog; the guidance uses `replica 512mb 128mb 60`.',
    values: {
      normal: 'Ordinary clients (including MONITOR).',
      replica: 'Replicas, and the replication stream buffered for them during a full sync.',
      slave: 'Old name of the replica class.',
      pubsub: 'Clients subscribed to at least one Pub/Sub channel or pattern.',
    },
    args: [
      { name: 'class', doc: 'Client class: normal, replica or pubsub.', choices: ['replica', 'normal', 'pubsub'] },
      {
        name: 'hard-limit',
        doc: 'Disconnect at once when pending output reaches this size (0: no hard limit).',
        placeholder: '512mb',
        memory: true,
      },
      {
        name: 'soft-limit',
        doc: 'Disconnect when pending output stays above this size for soft-seconds (0: no soft limit).',
        placeholder: '128mb',
        memory: true,
      },
      { name: 'soft-seconds', doc: 'How long output may stay above the soft limit.', placeholder: '60', unit: 'seconds' },
    ],
    repeat: 4,
  },
  'client-query-buffer-limit': {
    summary: 'Maximum size of one client’s buffer of incoming, not yet executed commands.',
  },
  'proto-max-bulk-len': {
    summary: 'Largest single string (bulk argument) a client may send.',
  },
  'maxmemory-clients': {
    summary:
      'Limit on the memory all client connections may use together (bytes or a percentage of maxmemory); above it the biggest clients are disconnected.',
    values: { '0': 'No limit on client memory.' },
  },
  'tracking-table-max-keys': {
    summary: 'Maximum number of keys remembered for client-side caching (CLIENT TRACKING); beyond it, clients are told to drop keys.',
    values: { '0': 'No limit.' },
    unit: 'count',
  },
  'notify-keyspace-events': {
    summary: 'Which keyspace events are published on Pub/Sub channels, as a string of class letters ("" turns notifications off).',
    details:
      '`K` or `E` (or both) choose the channel kind, the other letters the event types; for example `Ex` publishes expirations on keyevent channels.',
    values: {
      K: 'keyspace channels: `__keyspace@<db>__:<key>`',
      E: 'keyevent channels: `__keyevent@<db>__:<event>`',
      g: 'generic commands: DEL, EXPIRE, RENAME, …',
      $: 'string commands',
      l: 'list commands',
      s: 'set commands',
      h: 'hash commands',
      z: 'sorted set commands',
      x: 'expirations, when a key is actually removed',
      e: 'evictions under maxmemory',
      t: 'stream commands',
      m: 'key misses (not included in A)',
      d: 'module key types',
      n: 'new keys (not included in A)',
      A: 'shorthand for g$lshzxetd',
      '""': 'No notifications.',
    },
    args: [{ name: 'classes', doc: 'Event class letters such as KEA or Ex; "" for none.', placeholder: '""' }],
  },
  'max-new-connections-per-cycle': {
    summary:
      'How many new plain-TCP connections are accepted per event-loop cycle, so that a connection storm does not starve existing clients.',
    unit: 'count',
  },
  'max-new-tls-connections-per-cycle': {
    summary: 'How many new TLS connections are accepted per event-loop cycle (TLS handshakes are expensive).',
    unit: 'count',
  },
};
