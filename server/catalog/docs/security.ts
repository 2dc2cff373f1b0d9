/** Security and ACL. Our own words; consequences for availability as the durability guidance frames them (its sentences come from ../guidance). */
import { clause, guidance } from '../guidance';
import type { DocTable } from './types';

const ENABLE_VALUES = (what: string) => ({
  no: `Nobody can run ${what}.`,
  yes: `Every client with the right permissions can run ${what}.`,
  local: `Only clients connected over the loopback interface or the unix socket can run ${what}.`,
});

export const SECURITY_DOCS: DocTable = {
  requirepass: {
    summary: 'Password of the default user: clients must AUTH before running commands.',
    details:
      'Prefer ACL users (`user` lines or `aclfile`) for per-application rights. The password is stored in clear text in this file; protect the file.',
    rpo: guidance('masterauth'),
    rto: guidance('sentinel-auth'),
    placeholder: 'a-long-random-secret',
  },
  aclfile: {
    summary: 'File that holds the ACL users, loaded at start and written by ACL SAVE.',
    details: 'Cannot be combined with `user` lines in this file: redis-server refuses to start.',
    rto: 'If the file is missing or invalid at start, the server refuses to run.',
    placeholder: '/etc/redis/users.acl',
  },
  user: {
    summary:
      'Declares an ACL user with its rules: on/off, passwords (>secret), command rights (+@read, -flushall) and key and channel patterns (~key:*, &chan).',
    rto: 'Replication and Sentinel users need the right commands (PSYNC, REPLCONF, PING for replicas; the Sentinel set for Sentinels), or failover stops working.',
    args: [
      { name: 'name', doc: 'User name; each user is declared once.', placeholder: 'app' },
      { name: 'rule', doc: 'An ACL rule such as `on`, `>password`, `~app:*`, `+@read` or `-@dangerous`.', placeholder: 'on' },
    ],
    variadic: true,
  },
  'acllog-max-len': {
    summary: 'Maximum number of entries ACL LOG keeps about refused commands and failed authentications.',
    rto: 'No effect on data or failover; a longer log helps find a client or replica that lost its credentials.',
    unit: 'count',
  },
  'acl-pubsub-default': {
    summary: 'Channel rights a new ACL user gets when its rules do not mention channels.',
    rto: 'No effect on data; with `resetchannels` an application user must be granted its channels (`&pattern`) or its SUBSCRIBE calls fail.',
    values: {
      allchannels: 'New users may use every Pub/Sub channel (the 6.x behaviour).',
      resetchannels: 'New users may use no channel until their rules grant some (the 7.0+ default).',
    },
  },
  'protected-mode': {
    summary: 'Refuses connections from other hosts while the server has neither a password nor an explicit `bind`.',
    rpo: `With \`no\` and no password: ${clause('exposed')}.`,
    rto: 'Protects an unconfigured server from the network; a replica or Sentinel on another host is refused too until you set a password or `bind`.',
    values: {
      yes: 'Only local clients are served until the server is secured.',
      no: 'Serve every client that can reach the port, password or not.',
    },
  },
  'rename-command': {
    summary: 'Gives a command another name, or removes it with an empty new name, to keep dangerous commands away from clients.',
    details: 'Prefer ACL rules: a renamed command is renamed for every user, and the AOF and replicas must use the same names.',
    rto: 'Renaming commands Sentinel or replication uses (CONFIG, REPLICAOF, SLAVEOF, …) breaks failover unless every Sentinel knows the new names (`sentinel rename-command`).',
    args: [
      { name: 'command', doc: 'The command to rename (its current name).', placeholder: 'FLUSHALL' },
      { name: 'new-name', doc: 'Its new name, or "" to remove it.', placeholder: '""' },
    ],
  },
  'enable-debug-command': {
    summary: 'Controls who may run the DEBUG command, which can crash, pause or reshape the server.',
    rto: 'DEBUG SLEEP and DEBUG SEGFAULT stop the server; keep it `no` in production or `local` for on-host diagnosis and fault-injection tests.',
    values: ENABLE_VALUES('DEBUG'),
  },
  'enable-module-command': {
    summary: 'Controls who may run MODULE LOAD and MODULE UNLOAD at runtime.',
    rto: 'A module loaded at runtime runs code inside the server; a faulty one can crash it.',
    values: ENABLE_VALUES('MODULE'),
  },
  'enable-protected-configs': {
    summary: 'Controls who may change the protected settings (dir, dbfilename and similar paths) with CONFIG SET.',
    rpo: 'Changing `dir` or `dbfilename` at runtime redirects where snapshots go; an attacker can abuse it to write files on the host.',
    values: ENABLE_VALUES('CONFIG SET on protected settings'),
  },
  'hide-user-data-from-log': {
    summary: 'Keeps key names and values out of the server log (crash reports, slow or failing commands).',
    rto: 'No effect on data or failover; turning it off gives more context when diagnosing crashes.',
  },
  'enable-debug-assert': {
    summary: 'Valkey: turns on extra internal consistency checks meant for testing builds.',
    rto: 'A failed check stops the server on purpose: keep it off in production.',
  },
};
