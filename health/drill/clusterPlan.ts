/** The commands and ACL permissions of a drill on a cluster shard, as the dry run prints them. */
import type { ClusterShard } from './cluster';
import type { DrillOptions } from './plan';

export function clusterCommands(o: DrillOptions, shard: ClusterShard, keySpace: string): string[] {
  const w = o.wait ? `, then WAIT ${o.wait.replicas} ${o.wait.timeoutMs} (half of the writers)` : '';
  return [
    `cluster nodes: CLUSTER NODES (discovery of the slot's primary, asked again after each failed write${o.followSwitch ? ' and when a replica of the shard is promoted' : ''}; a MOVED reply is followed at once)`,
    `observer ${shard.observer ?? '—'}: CLUSTER NODES + CLUSTER INFO every 250 ms (events: failure flags, roles, config epochs, cluster state)`,
    `primary: SET ${keySpace.slice(0, -1)}<writer>:<seq> <seq>${w} — ${o.writers} writers, ${o.rate} writes/s in all, ${o.durationS} s`,
    o.mode === 'manual'
      ? `replica ${shard.replicas[0] ?? '—'}: CLUSTER FAILOVER`
      : o.mode === 'crash'
        ? 'crash: the command given with --crash-cmd, or SIGKILL of the local primary process'
        : 'freeze: --crash-cmd then --resume-cmd, or SIGSTOP then SIGCONT of the local primary process (also on Ctrl-C)',
    `new primary: MGET of every acknowledged key (batches of 500, one slot), then SCAN MATCH ${keySpace} + UNLINK (cleanup)`,
  ];
}

export function clusterAcl(o: DrillOptions): string[] {
  const data = ['+info', '+set', '+mget', '+scan', '+unlink', '+role', '+cluster|nodes', '+cluster|info', '~redis-ha:drill:*'];
  if (o.wait) data.splice(2, 0, '+wait');
  const out = [`cluster nodes: ${data.join(' ')}`];
  if (o.mode === 'manual') out.push('the replica: +cluster|failover');
  out.push(
    'optional, primary: +config|get (reads min-replicas-*, appendonly, appendfsync and cluster-node-timeout: the predicted RPO and RTO)',
  );
  return out;
}
