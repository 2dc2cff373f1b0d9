/**
 * Lines that are fine alone and refused together (or the reverse): cluster
 * mode and replicaof, aclfile and users, duplicate users, the RDB file when
 * there is no AOF, settings repeated or combined. Everything still points at
 * 127.0.0.1 and closed ports only.
 */
import { CaseList, type Case, type GenContext } from '../support/cases';

export function relationCases(ctx: GenContext): Case[] {
  const c = new CaseList('relations');
  const [P1, P2] = ctx.closedPorts;
  const add = (group: string, id: string, lines: string[]) => c.add(group, id, `${lines.join('\n')}\n`);

  add('cluster+replicaof', 'cluster-enabled yes then replicaof', ['cluster-enabled yes', `replicaof 127.0.0.1 ${P1}`]);
  add('cluster+replicaof', 'replicaof then cluster-enabled yes', [`replicaof 127.0.0.1 ${P1}`, 'cluster-enabled yes']);
  add('cluster+replicaof', 'cluster-enabled yes and slaveof', ['cluster-enabled yes', `slaveof 127.0.0.1 ${P1}`]);
  add('cluster+replicaof', 'cluster-enabled no and replicaof', ['cluster-enabled no', `replicaof 127.0.0.1 ${P1}`]);
  add('cluster+replicaof', 'cluster-enabled yes and replicaof no one', ['cluster-enabled yes', 'replicaof no one']);
  add('cluster+replicaof', 'replicaof undone by no one in cluster mode', [
    'cluster-enabled yes',
    `replicaof 127.0.0.1 ${P1}`,
    'replicaof no one',
  ]);
  add('cluster+replicaof', 'cluster mode switched off again', ['cluster-enabled yes', `replicaof 127.0.0.1 ${P1}`, 'cluster-enabled no']);
  add('cluster+replicaof', 'cluster mode with an error on a later line', ['cluster-enabled yes', `replicaof 127.0.0.1 ${P1}`, 'port x']);
  add('cluster', 'cluster-enabled yes alone', ['cluster-enabled yes']);
  add('cluster', 'cluster-enabled yes with a config file name', ['cluster-enabled yes', 'cluster-config-file nodes-test.conf']);
  add('cluster', 'cluster-enabled yes with a bad cluster-port', ['cluster-enabled yes', 'cluster-port 70000']);
  add('cluster', 'cluster-enabled yes and databases 16', ['cluster-enabled yes', 'databases 16']);

  add('aclfile+user', 'aclfile then user', ['aclfile @DIR@/users.acl', 'user bob on nopass']);
  add('aclfile+user', 'user then aclfile', ['user bob on nopass', 'aclfile @DIR@/users.acl']);
  add('aclfile+user', 'empty aclfile and a user', ['aclfile ""', 'user bob on nopass']);
  add('aclfile+user', 'aclfile set then emptied, and a user', ['aclfile @DIR@/users.acl', 'aclfile ""', 'user bob on nopass']);
  add('aclfile+user', 'aclfile and a broken user line', ['aclfile @DIR@/users.acl', 'user bob on #x']);
  add('aclfile+user', 'aclfile alone', ['aclfile @DIR@/users.acl']);

  add('duplicate users', 'the same user twice', ['user alice on nopass', 'user alice off']);
  add('duplicate users', 'the same user on lines 1 and 3', ['user alice on nopass', 'port 6379', 'user alice off']);
  add('duplicate users', 'names differing in case', ['user alice on nopass', 'user Alice on nopass']);
  add('duplicate users', 'the default user twice', ['user default on nopass', 'user default on nopass']);
  add('duplicate users', 'duplicate after a broken user', ['user bob on #x', 'user bob on']);

  add('rdb file', 'dbfilename . without AOF', ['dbfilename .']);
  add('rdb file', 'dbfilename . with appendonly yes', ['appendonly yes', 'dbfilename .']);
  add('rdb file', 'dbfilename .. with appendonly yes', ['dbfilename ..', 'appendonly yes']);
  add('rdb file', 'appendonly yes then no, dbfilename .', ['appendonly yes', 'appendonly no', 'dbfilename .']);
  add('rdb file', 'appendonly yes and appendfilename .', ['appendonly yes', 'appendfilename .']);
  add('rdb file', 'appendonly yes and appenddirname .', ['appendonly yes', 'appenddirname .']);
  add('rdb file', 'appendonly yes in the run directory', ['appendonly yes', 'dir @DIR@']);

  add('repeated settings', 'port twice', ['port 7000', 'port 7001']);
  add('repeated settings', 'maxmemory twice, the second broken', ['maxmemory 1mb', 'maxmemory 2xb']);
  add('repeated settings', 'alias and name', ['slave-read-only yes', 'replica-read-only no']);
  add('repeated settings', 'save then save ""', ['save 900 1', 'save ""']);
  add('repeated settings', 'two save lines', ['save 900 1', 'save 300 10']);
  add('repeated settings', 'client-output-buffer-limit for one class twice', [
    'client-output-buffer-limit normal 0 0 0',
    'client-output-buffer-limit normal 1mb 1mb 1',
  ]);
  add('repeated settings', 'rename, then use of the new name in an ACL', [
    'rename-command config myconfig',
    'user alice on nopass +config',
  ]);

  add('combinations', 'replica with credentials', [
    `replicaof 127.0.0.1 ${P1}`,
    'masterauth secret',
    'masteruser replicator',
    'replica-announce-ip 127.0.0.1',
    `replica-announce-port ${P2}`,
  ]);
  add('combinations', 'min-replicas pair', ['min-replicas-to-write 1', 'min-replicas-max-lag 10']);
  add('combinations', 'requirepass and the default user', ['requirepass secret', 'user default on >other ~* +@all']);
  add('combinations', 'maxmemory and a policy', ['maxmemory 100mb', 'maxmemory-policy allkeys-lru', 'maxmemory-samples 10']);
  add('combinations', 'io threads', ['io-threads 4', 'io-threads-do-reads yes']);
  add('combinations', 'oom-score-adj with values', ['oom-score-adj yes', 'oom-score-adj-values 0 200 800']);
  add('combinations', 'supervised systemd and daemonize yes', ['supervised systemd', 'daemonize yes']);
  add('combinations', 'latency tracking off with percentiles', ['latency-tracking no', 'latency-tracking-info-percentiles 50 99']);
  add('combinations', 'logging to syslog', ['logfile ""', 'syslog-enabled yes', 'syslog-ident redis-test', 'syslog-facility local0']);
  add('combinations', 'loglevel warning', ['loglevel warning']);
  add('combinations', 'protected configs', ['enable-protected-configs local', 'enable-debug-command local', 'enable-module-command no']);
  add('combinations', 'the guidance trap: replication-backlog-size', ['repl-backlog-size 64mb', 'replication-backlog-size 64mb']);
  add('combinations', 'the guidance trap: save "" with a comment', ['save ""   # Optional: disable RDB snapshots']);
  return c.list;
}
