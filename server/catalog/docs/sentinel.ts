/**
 * The `sentinel` directive and each of its sub-commands, keyed by sub-command
 * name. Our own words, grounded in the guidance's Sentinel section (quorum,
 * odd number of Sentinels across zones, split brain).
 */
import { guidance } from '../guidance';
import type { ArgDoc, DirectiveDoc, DocTable } from './types';

const MASTER: ArgDoc = {
  name: 'master-name',
  doc: 'Name of a primary declared by `sentinel monitor` in this file.',
  placeholder: 'mymaster',
};
const MS = (doc: string, placeholder: string): ArgDoc => ({ name: 'milliseconds', doc, placeholder, unit: 'milliseconds' });

export const SENTINEL_DIRECTIVE_DOC: DirectiveDoc = {
  summary:
    'Configures Redis Sentinel: `sentinel <sub-command> …` lines are read only by redis-sentinel, which monitors primaries and fails them over.',
  details: `${guidance('odd-sentinels')} The lines are applied after the rest of the file, in three groups (global settings, then \`monitor\`, then per-primary settings), so their order does not matter. Sentinel rewrites this file at runtime to record what it learns.`,
  rpo: `${guidance('async-gap')} \`min-replicas-to-write\` on the primary and \`WAIT\` narrow that window.`,
  rto: 'Sentinel turns a primary crash into seconds of unavailability (down-after-milliseconds plus the election and promotion) instead of waiting for a human.',
  args: [
    { name: 'sub-command', doc: 'monitor, down-after-milliseconds, failover-timeout, parallel-syncs, auth-pass, …' },
    { name: 'argument', doc: 'Arguments of the sub-command.' },
  ],
  variadic: true,
};

export const SENTINEL_DOCS: DocTable = {
  monitor: {
    summary: 'Declares a primary for this Sentinel to watch, under a name, with the quorum needed to consider it down.',
    details:
      'The host must be a numeric IP unless `sentinel resolve-hostnames yes` is set. Sentinel discovers the replicas and the other Sentinels by itself.',
    rpo: guidance('async-gap'),
    rto: `${guidance('quorum')} ${guidance('odd-sentinels')}`,
    args: [
      {
        name: 'master-name',
        doc: 'A name of your choice for this primary; clients ask Sentinel for it (SENTINEL get-master-addr-by-name).',
        placeholder: 'mymaster',
      },
      { name: 'ip', doc: 'Address of the primary (numeric unless resolve-hostnames is on).', placeholder: '127.0.0.1' },
      { name: 'port', doc: 'Port of the primary.', placeholder: '6379' },
      {
        name: 'quorum',
        doc: 'How many Sentinels must agree that the primary is unreachable (1 or more; usually a majority, e.g. 2 of 3).',
        placeholder: '2',
        unit: 'count',
      },
    ],
  },
  'down-after-milliseconds': {
    summary: 'How long the primary (or a replica or Sentinel) may stay without a valid reply before this Sentinel considers it down.',
    rto: `${guidance('down-after')} The guidance uses 5000.`,
    args: [MASTER, MS('Silence after which the instance is considered down.', '5000')],
  },
  'failover-timeout': {
    summary:
      'Time budget of a failover: how long before another attempt on the same primary, and how long replicas get to follow the new primary.',
    rto: 'Too short and failovers are retried before they can finish; too long and a stuck failover blocks the next try. The guidance uses 60000.',
    args: [MASTER, MS('Failover time budget.', '60000')],
  },
  'parallel-syncs': {
    summary: 'How many replicas resync with the new primary at the same time after a failover.',
    rto: `${guidance('parallel-syncs')} The price of 1: the whole group takes longer to be redundant again.`,
    args: [MASTER, { name: 'count', doc: 'Number of replicas reconfigured at once.', placeholder: '1', unit: 'count' }],
  },
  'auth-pass': {
    summary: 'Password Sentinel uses to connect to the primary and its replicas.',
    rto: guidance('sentinel-auth'),
    args: [
      MASTER,
      { name: 'password', doc: 'The password of the data nodes (their requirepass or the ACL user’s).', placeholder: 'password' },
    ],
  },
  'auth-user': {
    summary: 'ACL user Sentinel authenticates as on the primary and its replicas (the password comes from auth-pass).',
    rto: 'The user needs the commands Sentinel runs during failover (REPLICAOF, CONFIG REWRITE, CLIENT KILL, …), or promotion fails.',
    args: [MASTER, { name: 'user', doc: 'ACL user name on the data nodes.', placeholder: 'sentinel' }],
  },
  'notification-script': {
    summary: 'Script Sentinel runs on warning-level events (a node down, a failover) — for paging an operator.',
    rto: 'The file must exist and be executable, or redis-sentinel refuses to start.',
    args: [MASTER, { name: 'path', doc: 'Executable file.', placeholder: '/usr/local/bin/notify.sh' }],
  },
  'client-reconfig-script': {
    summary: 'Script Sentinel runs when a failover changes the primary’s address, to reconfigure clients or proxies.',
    rto: 'Useful for clients that cannot ask Sentinel; the file must exist and be executable.',
    args: [MASTER, { name: 'path', doc: 'Executable file.', placeholder: '/usr/local/bin/reconfig.sh' }],
  },
  'rename-command': {
    summary: 'Tells Sentinel the new name of a command that was renamed on the data nodes (CONFIG, REPLICAOF, …).',
    rto: 'Sentinel needs these commands to promote a replica: without the mapping a failover fails.',
    args: [
      MASTER,
      { name: 'command', doc: 'Original command name.', placeholder: 'CONFIG' },
      { name: 'new-name', doc: 'Name it has on the data nodes.', placeholder: 'MYCONFIG' },
    ],
  },
  'master-reboot-down-after-period': {
    summary: 'After the primary restarted, how long it is still considered down (so a rebooted primary with lost data gets failed over).',
    rpo: 'A primary that restarted without persistence comes back empty; failing it over protects the replicas from syncing an empty dataset.',
    values: { '0': 'Off: a restarted primary is considered up.' },
    args: [MASTER, MS('Period after a restart during which the primary counts as down.', '0')],
  },
  'primary-reboot-down-after-period': {
    summary: 'Valkey’s name for master-reboot-down-after-period: how long a restarted primary is still considered down.',
    rpo: 'Protects replicas from following a primary that came back empty after a restart without persistence.',
    args: [MASTER, MS('Period after a restart during which the primary counts as down.', '0')],
  },
  'known-replica': {
    summary: 'A replica Sentinel has discovered; written by Sentinel itself into this file.',
    details: 'You normally never write these lines; Sentinel rewrites them as the topology changes.',
    rto: 'Lets a restarted Sentinel know the replicas at once instead of rediscovering them.',
    args: [
      MASTER,
      { name: 'ip', doc: 'Address of the replica.', placeholder: '127.0.0.1' },
      { name: 'port', doc: 'Port of the replica.', placeholder: '6380' },
    ],
  },
  'known-sentinel': {
    summary: 'Another Sentinel watching the same primary, discovered through Pub/Sub; written by Sentinel itself.',
    rto: 'Lets a restarted Sentinel count its peers at once for the majority vote.',
    args: [
      MASTER,
      { name: 'ip', doc: 'Address of the other Sentinel.', placeholder: '127.0.0.1' },
      { name: 'port', doc: 'Its port.', placeholder: '26379' },
      { name: 'run-id', doc: 'Its 40-character id.' },
    ],
  },
  'config-epoch': {
    summary: 'Epoch of the current configuration of a primary (bumped by each failover); written by Sentinel.',
    rto: 'Sentinels use it to agree on which failover is the latest, so an old configuration never wins.',
    args: [MASTER, { name: 'epoch', doc: 'Configuration epoch.', placeholder: '0', unit: 'count' }],
  },
  'leader-epoch': {
    summary: 'Epoch of the last leader election this Sentinel voted in for a primary; written by Sentinel.',
    rto: 'Keeps a Sentinel from voting twice in the same election after a restart.',
    args: [MASTER, { name: 'epoch', doc: 'Leader epoch.', placeholder: '0', unit: 'count' }],
  },
  'current-epoch': {
    summary: 'The newest epoch this Sentinel has seen; written by Sentinel.',
    rto: 'Carried across restarts so elections keep moving forward.',
    args: [{ name: 'epoch', doc: 'Current epoch.', placeholder: '0', unit: 'count' }],
  },
  myid: {
    summary: 'This Sentinel’s unique 40-character id; generated and written by Sentinel on first start.',
    rto: 'Copying a sentinel.conf with its myid to another host makes two Sentinels share one identity and breaks voting: remove the line when you clone a file.',
    args: [{ name: 'id', doc: 'Exactly 40 characters.' }],
  },
  'announce-ip': {
    summary: 'Address this Sentinel announces to the others, for NAT or containers.',
    rto: 'A wrong address isolates the Sentinel from its peers: it can never be part of a majority.',
    args: [{ name: 'ip', doc: 'Address other Sentinels should use.', placeholder: '10.0.0.20' }],
  },
  'announce-port': {
    summary: 'Port this Sentinel announces to the others.',
    rto: 'A wrong port isolates this Sentinel from its peers, like a wrong announce-ip.',
    args: [{ name: 'port', doc: 'Port other Sentinels should use.', placeholder: '26379' }],
  },
  'announce-hostnames': {
    summary: 'Announces hostnames instead of IP addresses to clients and other Sentinels (needs resolve-hostnames).',
    rto: 'Clients must be able to resolve the names to reach the new primary after a failover.',
    args: [{ name: 'yes|no', doc: 'yes to announce hostnames.', choices: ['yes', 'no'] }],
  },
  'resolve-hostnames': {
    summary: 'Allows hostnames instead of numeric IPs in monitor and the other address arguments.',
    rto: 'Without it, a hostname in `sentinel monitor` stops redis-sentinel at start. Names must resolve reliably: a DNS outage then affects monitoring.',
    args: [{ name: 'yes|no', doc: 'yes to accept hostnames.', choices: ['yes', 'no'] }],
  },
  'deny-scripts-reconfig': {
    summary: 'Forbids changing notification-script and client-reconfig-script at runtime with SENTINEL SET.',
    rto: 'Keeps a client from making Sentinel run an arbitrary program; leave it yes.',
    args: [{ name: 'yes|no', doc: 'yes to forbid runtime changes of the scripts.', choices: ['yes', 'no'] }],
  },
  'sentinel-user': {
    summary: 'ACL user this Sentinel uses to authenticate to the other Sentinels.',
    rto: 'If the Sentinels require authentication and this is wrong, they cannot talk to each other and no majority forms.',
    args: [{ name: 'user', doc: 'ACL user name on the other Sentinels.', placeholder: 'sentinel' }],
  },
  'sentinel-pass': {
    summary: 'Password this Sentinel uses to authenticate to the other Sentinels.',
    rto: 'If it is wrong, Sentinels cannot talk to each other and no majority forms.',
    args: [{ name: 'password', doc: 'Password of the other Sentinels.', placeholder: 'password' }],
  },
};

/** Facts from sentinel.c (6.2–8.0): which sub-commands SENTINEL SET and SENTINEL CONFIG SET accept. */
const PER_MASTER_SET = [
  'down-after-milliseconds',
  'failover-timeout',
  'parallel-syncs',
  'notification-script',
  'client-reconfig-script',
  'auth-pass',
  'auth-user',
  'rename-command',
  'master-reboot-down-after-period',
  'primary-reboot-down-after-period',
];
const GLOBAL_SET = ['resolve-hostnames', 'announce-hostnames', 'announce-ip', 'announce-port', 'sentinel-user', 'sentinel-pass'];
const WRITTEN_BY_SENTINEL = ['known-replica', 'known-sentinel', 'config-epoch', 'leader-epoch', 'current-epoch', 'myid'];
for (const n of PER_MASTER_SET)
  SENTINEL_DOCS[n].runtime = `\`SENTINEL SET <master-name> ${n} …\` changes it at runtime (and Sentinel rewrites this file).`;
for (const n of GLOBAL_SET) SENTINEL_DOCS[n].runtime = `\`SENTINEL CONFIG SET ${n} …\` changes it at runtime.`;
for (const n of WRITTEN_BY_SENTINEL) SENTINEL_DOCS[n].runtime = 'Written and updated by Sentinel itself as it learns the topology.';
SENTINEL_DOCS.monitor.runtime =
  '`SENTINEL MONITOR` and `SENTINEL REMOVE` add and remove primaries at runtime; `SENTINEL SET <master-name> quorum <n>` changes the quorum.';
SENTINEL_DOCS['deny-scripts-reconfig'].runtime = 'Read only at start: no runtime command changes it.';
