/**
 * Renderings of a Snapshot shared by the CLI and the editor: the JSON
 * document, the indented text tree, the one-line description of a node (the
 * tree item's description) and the monitoring-plugin exit code.
 */
import { fmtBytes } from './assess';
import type { FailoverSummary, GroupStatus, Health, NodeStatus, Problem, ShardStatus, Snapshot, TimelineEvent } from './types';

/** 0 all ok, 1 a warning, 2 an error or an unreachable node, 3 nothing could be reached. */
export function exitCode(s: Snapshot): 0 | 1 | 2 | 3 {
  if (!s.connections.length || s.connections.every((c) => !c.reachable)) return 3;
  return s.health === 'ok' ? 0 : s.health === 'warning' ? 1 : 2;
}

/**
 * Characters a terminal would act on rather than show: C0 controls (ESC,
 * BEL, CR, newline inside a value…), DEL, C1 controls (U+0080–U+009F, CSI
 * included), line/paragraph separators and the bidirectional overrides that
 * can make a line read differently from what it holds.
 */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_JSON = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** Text from a config or a server made safe for a terminal: unsafe characters as `\xHH` / `\uHHHH`. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => (c.charCodeAt(0) < 0x80 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/**
 * The JSON document as one line. JSON.stringify escapes C0 controls but
 * leaves DEL, C1 controls and bidi overrides raw: they are written as \u
 * escapes too, so the text is safe for a terminal and parses to the same value.
 */
export function jsonLine(s: Snapshot): string {
  return JSON.stringify(toJson(s)).replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}

export function toJson(s: Snapshot): object {
  return {
    health: s.health,
    at: new Date(s.at).toISOString(),
    durationMs: s.durationMs,
    nodes: s.nodes,
    groups: s.groups,
    connections: s.connections,
    events: s.events,
    timeline: (s.timeline ?? []).map((e) => ({ ...e, time: new Date(e.at).toISOString() })),
    failovers: (s.failovers ?? []).map((f) => ({ ...f, lastTime: new Date(f.last).toISOString() })),
  };
}

/** "3 min ago", "40 s ago", "5 h ago", "2 d ago". */
export function fmtAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** "last failover 3 min ago, 2 in the last hour" (the hour's count only when there is one). */
export function describeFailovers(f: FailoverSummary, now: number): string {
  const hour = f.lastHour ? `, ${f.lastHour} in the last hour` : '';
  return `last failover ${fmtAgo(now - f.last)}${hour}`;
}

/** The group's failover line of a snapshot, or '' when its timeline holds none. */
export function groupFailovers(s: Snapshot, groupId: string): string {
  const f = s.failovers?.find((x) => x.group === groupId);
  return f ? describeFailovers(f, s.at) : '';
}

/** One timeline entry as a line of text. */
export function timelineLine(e: TimelineEvent): string {
  return `${new Date(e.at).toISOString()} ${e.level} ${e.kind}: ${e.cause}`;
}

/** The short text next to a node: its problem if any, else its lag or its load. */
export function describeNode(n: NodeStatus): string {
  const first = n.problems.find((p) => p.level === n.health) ?? n.problems[0];
  if (first) return first.message;
  if (n.error) return n.error;
  const r = n.replication;
  if (n.role === 'replica' && r) {
    const parts = [
      r.offsetLagBytes !== undefined ? `lag ${fmtBytes(r.offsetLagBytes)}` : '',
      r.lagSeconds !== undefined ? `ack ${r.lagSeconds} s ago` : '',
      r.linkStatus ? `link ${r.linkStatus}` : '',
    ];
    return parts.filter(Boolean).join(' · ');
  }
  if (n.role === 'primary' && r) {
    const parts = [
      `${r.connectedReplicas ?? 0} replica${r.connectedReplicas === 1 ? '' : 's'}`,
      n.opsPerSec !== undefined ? `${n.opsPerSec} ops/s` : '',
      n.rttMs !== undefined ? `${n.rttMs} ms` : '',
    ];
    return parts.filter(Boolean).join(' · ');
  }
  if (n.role === 'sentinel' && n.sentinel) return `${n.sentinel.masters} master${n.sentinel.masters === 1 ? '' : 's'} monitored`;
  return n.rttMs !== undefined ? `${n.rttMs} ms` : '';
}

export function groupLabel(g: GroupStatus): string {
  return g.kind === 'cluster' ? 'cluster' : g.kind === 'sentinel' ? `group ${g.name}` : `replication ${g.name}`;
}

export function shardLabel(s: ShardStatus): string {
  return s.slotCount > 0 ? `shard ${s.slots}` : 'shard (no slots)';
}

export function describeGroup(g: GroupStatus): string {
  const first = g.problems.find((p) => p.level === g.health) ?? g.problems[0];
  if (first) return first.message;
  if (g.kind === 'cluster' && g.cluster)
    return `${g.cluster.state ?? '?'} · ${g.shards?.filter((s) => s.slotCount > 0).length ?? 0} shards · ${g.cluster.slotsOk ?? '?'}/16384 slots`;
  const parts = [g.primary ? `primary ${g.primary}` : 'no primary', `${g.replicas.length} replica${g.replicas.length === 1 ? '' : 's'}`];
  if (g.sentinels.length) parts.push(`${g.sentinels.length} Sentinels${g.sentinel?.quorum ? `, quorum ${g.sentinel.quorum}` : ''}`);
  return parts.join(' · ');
}

/** Appends without spreading into a call (lists can be long). */
function append<T>(out: T[], xs: T[]): void {
  for (const x of xs) out.push(x);
}

const MARK: Record<Health, string> = { ok: 'ok', warning: 'WARNING', error: 'ERROR', unreachable: 'UNREACHABLE' };

function problemLines(ps: Problem[], indent: string): string[] {
  return ps.map((p) => `${indent}! ${p.level} [${p.code}] ${p.message}`);
}

/** A node's mark in the text tree: its state when it is not simply up (SYNCING, LOADING, NO-PERMISSION…), else its health. */
export function nodeMark(n: NodeStatus): string {
  return n.state && n.state !== 'up' ? n.state.toUpperCase() : MARK[n.health];
}

/**
 * A data node's resources in one line: memory against its limit,
 * fragmentation, AOF size against its base with its growth, the seconds of
 * writes a replica has not received. Empty when nothing is known.
 */
export function describeResources(n: NodeStatus): string {
  const m = n.resources,
    p = n.persistence,
    r = n.replication;
  const parts: string[] = [];
  if (m?.memoryPercent !== undefined && m.memoryLimit !== undefined)
    parts.push(`mem ${m.memoryPercent}% of ${m.memoryLimitSource === 'system' ? 'host' : 'maxmemory'} ${fmtBytes(m.memoryLimit)}`);
  if (m?.fragmentationRatio !== undefined) parts.push(`frag ${m.fragmentationRatio}`);
  if (p?.aofEnabled && p.aofCurrentSize !== undefined) {
    const growth = p.aofGrowthBytesPerSec
      ? `, ${p.aofGrowthBytesPerSec > 0 ? '+' : '−'}${fmtBytes(Math.abs(p.aofGrowthBytesPerSec))}/s`
      : '';
    parts.push(`aof ${fmtBytes(p.aofCurrentSize)} (base ${fmtBytes(p.aofBaseSize ?? 0)}${growth})`);
  }
  if (r?.behindSeconds !== undefined) parts.push(`behind ${r.behindSeconds} s`);
  return parts.join(' · ');
}

function nodeLines(n: NodeStatus | undefined, address: string, indent: string): string[] {
  if (!n) return [`${indent}${address}  (not probed)`];
  const head = `${indent}${n.role} ${n.address}  ${nodeMark(n)}`;
  const desc = n.problems.length ? '' : describeNode(n);
  const lines = [desc ? `${head}  ${desc}` : head];
  const res = describeResources(n);
  if (res) lines.push(`${indent}  ${res}`);
  if (!n.problems.length && n.error) lines.push(`${indent}  ${n.error}`);
  append(lines, problemLines(n.problems, `${indent}  `));
  return lines;
}

/** The snapshot as an indented tree: connection → group (→ shard) → nodes, problems under what they concern. */
export function renderText(s: Snapshot): string {
  const byAddr = new Map<string, NodeStatus>();
  for (const n of s.nodes) byAddr.set(`${n.connection}\u0000${n.address}`, n);
  const node = (conn: string, a: string) => byAddr.get(`${conn}\u0000${a}`);
  const out: string[] = [];
  out.push(
    `redis-ha status  ${new Date(s.at).toISOString()}  ${MARK[s.health]}  (${s.nodes.length} node${s.nodes.length === 1 ? '' : 's'}, ${s.groups.length} group${s.groups.length === 1 ? '' : 's'}, ${s.durationMs} ms)`,
  );
  for (const c of s.connections) {
    out.push(`${c.name}  [${c.kind}]  ${MARK[c.health]}`);
    append(out, problemLines(c.problems, '  '));
    const shown = new Set<string>();
    for (const gid of c.groups) {
      const g = s.groups.find((x) => x.id === gid);
      if (!g) continue;
      const failovers = groupFailovers(s, g.id);
      const desc = [g.problems.length ? '' : describeGroup(g), failovers].filter(Boolean).join(' · ');
      out.push(`  ${groupLabel(g)}  ${MARK[g.health]}  ${desc}`.trimEnd());
      append(out, problemLines(g.problems, '    '));
      if (g.kind === 'cluster') {
        for (const sh of g.shards ?? []) {
          out.push(`    ${shardLabel(sh)}  ${MARK[sh.health]}`);
          append(out, problemLines(sh.problems, '      '));
          for (const a of [...(sh.primary ? [sh.primary] : []), ...sh.replicas, ...sh.others]) {
            append(out, nodeLines(node(c.id, a), a, '      '));
            shown.add(a);
          }
        }
      } else {
        for (const a of [...(g.primary ? [g.primary] : []), ...g.replicas, ...g.sentinels]) {
          append(out, nodeLines(node(c.id, a), a, '    '));
          shown.add(a);
        }
      }
    }
    for (const n of s.nodes.filter((x) => x.connection === c.id && !shown.has(x.address))) append(out, nodeLines(n, n.address, '  '));
  }
  for (const e of s.timeline ?? []) out.push(`event ${timelineLine(e)}`);
  for (const e of s.events) out.push(`failover: ${e.group}${e.shard ? ` shard ${e.shard}` : ''}: primary ${e.from ?? '?'} → ${e.to}`);
  // every line is escaped: our own text holds no control character, a server's or a file's might
  return `${out.map(escapeControl).join('\n')}\n`;
}
