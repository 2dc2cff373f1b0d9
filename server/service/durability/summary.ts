/**
 * The one-line summary shown at the top of a config file — what a crash costs,
 * how replication is guarded, how long a failover takes — and, for each part,
 * a Markdown explanation of how it was computed and which lines decided it.
 */
import { clause, guidance } from '../../catalog/guidance';
import type { ConfigLine } from '../crossfile/includes';
import { locate, sentinelsWatching, type ConfigFacts, type Located } from '../crossfile/workspace';
import {
  FAILOVER_OVERHEAD_MS,
  duration,
  durationMs,
  meetsTarget,
  rangeSeconds,
  rtoText,
  saveScheduleText,
  snapshotWindow,
  type DurabilityModel,
  type SentinelFailover,
} from './model';
import { RPO_LABELS, type Target } from './target';
import { VERSION_LABELS, type VersionId } from '../../catalog/catalog';
import { TARGET_SOURCES, type TargetSource } from '../options';

export interface SummaryPart {
  text: string;
  /** Markdown: how this part was computed. */
  tooltip: string;
  /** The line that decides it, for navigation. */
  at?: Located;
}

export interface Summary {
  text: string;
  parts: SummaryPart[];
  /** Markdown explanation of the whole line. */
  explanation: string;
}

function lineRef(l: ConfigLine | undefined, what: string): string {
  if (!l) return `\`${what}\` is not set: the version's default applies`;
  const n = l.file.doc.positionAt(l.line.start).line + 1;
  const text = l.file.doc.slice(l.line.start, l.line.end);
  const file = l.file.path && l.via !== l.line ? ` in ${l.file.path}` : '';
  return `\`${text}\` (line ${n}${file})`;
}

export function summarize(model: DurabilityModel, workspace: readonly ConfigFacts[], selfUri: string): Summary {
  const parts = model.language === 'sentinel-conf' ? sentinelParts(model) : nodeParts(model, workspace, selfUri);
  const text = parts.map((p) => p.text).join(' · ');
  const explanation = parts.map((p) => p.tooltip).join('\n\n---\n\n');
  return { text, parts, explanation };
}

function nodeParts(model: DurabilityModel, workspace: readonly ConfigFacts[], selfUri: string): SummaryPart[] {
  const p = model.persistence!;
  const c = model.config;
  const parts: SummaryPart[] = [];
  const aofLine = c.line('appendonly');
  const fsyncLine = c.line('appendfsync');
  const mode =
    p.mode === 'none'
      ? 'no persistence'
      : p.aof
        ? `AOF ${p.fsync === 'no' ? 'fsync by the OS' : p.fsync}${p.mode === 'aof+rdb' ? ' + RDB' : ''}`
        : 'RDB snapshots';
  const schedule = p.rdb.pairs.length
    ? `\`${saveScheduleText(p.rdb)}\`${p.rdb.fromDefault ? ' (no save line: the default schedule)' : ''}`
    : 'none';
  const w = snapshotWindow(p.rdb);
  const rpoWhy = p.aof
    ? p.fsync === 'always'
      ? clause('fsync-always')
      : p.fsync === 'everysec'
        ? `${clause('fsync-everysec')} (up to 2 s when the disk stalls, because writes are postponed at most 2 s)`
        : `${clause('fsync-no')}. ${guidance('fsync-process-crash').replace(/\.$/, '')}`
    : w
      ? `with RDB only, ${clause('rdb-only-loss')}: a snapshot starts when, for some \`save <seconds> <changes>\` pair, that many seconds passed and that many keys changed — so about ${duration(w.busiest)} under heavy writes${w.quietest !== undefined ? ` and ${duration(w.quietest)} when only a key or two change` : `; with fewer than ${w.fewestChanges} changes, never`}`
      : clause('no-persistence');
  const rewrite = p.aof && p.noFsyncOnRewrite ? `\n\n\`no-appendfsync-on-rewrite yes\`: ${clause('rewrite-unsynced')}.` : '';
  parts.push({
    text: p.mode === 'none' ? 'no persistence: a restart loses all data' : `RPO ${p.rpo.text} on crash (${mode})`,
    tooltip: [
      `**Crash RPO: ${p.rpo.text}** (${mode})`,
      `- AOF: ${lineRef(aofLine, 'appendonly')} → ${p.aof ? 'on' : 'off'}${p.aof ? `; fsync: ${lineRef(fsyncLine, 'appendfsync')} → \`${p.fsync}\`` : ''}`,
      `- RDB schedule: ${schedule}${p.aof && p.rdb.pairs.length ? ' — kept as backups; a restart loads the AOF, not the RDB file' : ''}`,
      p.aof ? `- AOF preamble: ${p.preamble ? 'yes (fast restarts)' : 'no (restarts replay every command)'}` : '',
      '',
      `${rpoWhy}.${rewrite}`,
    ]
      .filter((s) => s !== '')
      .join('\n'),
    at: fsyncLine && p.aof ? locate(fsyncLine) : aofLine ? locate(aofLine) : p.rdb.lines[0] ? locate(p.rdb.lines[0]) : undefined,
  });

  const r = model.replication!;
  const toWrite = c.line('min-replicas-to-write');
  const maxLag = c.line('min-replicas-max-lag');
  parts.push({
    text: r.text,
    tooltip:
      r.role === 'replica'
        ? `**Replica** of ${r.master!.host}:${r.master!.port} (${lineRef(r.master!.line, 'replicaof')}). Its data is what the primary streamed, asynchronously: it lags the primary by the replication delay.`
        : model.role?.role === 'standalone'
          ? `**Standalone**: ${model.role.why}, so the replication rules stay quiet. If this node has replicas or a Sentinel elsewhere, declare it: \`# redis-ha: role=primary\` (or replica, cluster).`
          : r.guard
            ? `**Write guard on**: ${lineRef(toWrite, 'min-replicas-to-write')} and ${lineRef(maxLag, 'min-replicas-max-lag')}. The primary refuses writes unless ${r.guard.replicas} replica${r.guard.replicas === 1 ? '' : 's'} acknowledged the stream within ${r.guard.maxLag} s, so a primary cut off from its replicas stops accepting writes after about ${r.guard.maxLag} s — that bounds what a failover can lose. ${guidance('wait')}`
            : `**Asynchronous replication, no write guard**: ${lineRef(toWrite, 'min-replicas-to-write')}${maxLag && c.int('min-replicas-to-write') > 0 ? `, ${lineRef(maxLag, 'min-replicas-max-lag')} (0 turns the guard off)` : ''}. ${guidance('async-gap')} Without a guard that goes on for as long as a network partition lasts. ${guidance('write-guard')} ${guidance('wait')}`,
    at: r.role === 'replica' ? locate(r.master!.line) : toWrite ? locate(toWrite) : undefined,
  });

  const port = c.int('port');
  const watching = sentinelsWatching(workspace, port, selfUri);
  if (watching.length) {
    const best = watching[0];
    const rto = best.monitor.rto;
    parts.push({
      text: rto ? `failover RTO ≈ ${rangeSeconds(rto.minMs, rto.maxMs)}` : 'failover: quorum unreachable',
      tooltip: `**Failover** by ${watching.length} Sentinel file${watching.length === 1 ? '' : 's'} in the workspace watching port ${port}: ${watching.map((w) => `\`${w.file.path ?? w.file.uri}\` (master \`${w.monitor.master}\`, quorum ${w.monitor.quorum}, down after ${durationMs(w.monitor.downAfterMs)})`).join(', ')}. RTO ≈ down-after-milliseconds plus up to ${FAILOVER_OVERHEAD_MS / 1000} s to agree, elect and promote; see the sentinel.conf summary for the details.`,
      at: best.monitor.at,
    });
  }

  const met = meetsTarget(model);
  const t = model.target;
  parts.push({
    text: t.implicit ? `Balanced ${met ? '✓' : '✗'}` : `rpo=${t.rpo}${t.source === 'intent' ? ' (inferred)' : ''} ${met ? '✓' : '✗'}`,
    tooltip: `**Target**: ${targetTooltip(t)} ${met ? 'This file meets it.' : 'This file does not meet it: the warnings say why.'}`,
  });
  return parts;
}

function sentinelParts(model: DurabilityModel): SummaryPart[] {
  const fs = model.sentinel ?? [];
  if (!fs.length)
    return [
      {
        text: 'no primary monitored',
        tooltip: 'This Sentinel has no `sentinel monitor` line it can load, so it watches nothing and fails nothing over.',
      },
    ];
  const shown = fs.slice(0, 2).map((f) => failoverPart(f));
  if (fs.length > 2)
    shown.push({
      text: `+${fs.length - 2} more`,
      tooltip: fs
        .slice(2)
        .map((f) => failoverPart(f).tooltip)
        .join('\n\n---\n\n'),
    });
  return shown;
}

function failoverPart(f: SentinelFailover): SummaryPart {
  const down = f.lines.get('down-after-milliseconds');
  const fo = f.lines.get('failover-timeout');
  const ps = f.lines.get('parallel-syncs');
  const who = f.sentinels ? `quorum ${f.quorum} of ${f.sentinels}` : `quorum ${f.quorum}`;
  const text = `${f.master}: ${rtoText(f)} (down after ${durationMs(f.downAfterMs)}, ${who})`;
  const tooltip = [
    `**Failover of \`${f.master}\`** (${f.host}:${f.port}): ${f.rto ? `about ${rangeSeconds(f.rto.minMs, f.rto.maxMs)} from the primary's failure to a promoted replica` : 'never: the quorum is larger than the Sentinels this file knows of'}.`,
    `- detection: ${lineRef(down, 'down-after-milliseconds')} → ${durationMs(f.downAfterMs)} without a valid reply to the pings sent every second (+ up to 1 s)`,
    `- agreement: ${f.quorum} Sentinel${f.quorum === 1 ? '' : 's'} must agree (asked every second, + up to 1 s)${f.sentinels ? `; ${f.sentinels} known` : '; how many Sentinels exist is not in the file until they discover each other'}`,
    '- election: the failover starts after a random delay of up to 1 s and needs a majority vote of the Sentinels (~1 s)',
    '- promotion: the chosen replica gets REPLICAOF NO ONE; the change is seen in INFO polled every second (+ up to 1 s). Clients asking `SENTINEL get-master-addr-by-name` get the new address from then on.',
    `- if the election fails, the next attempt waits 2 × ${lineRef(fo, 'failover-timeout')} = ${durationMs(f.retryMs)}`,
    `- afterwards ${lineRef(ps, 'parallel-syncs')} → ${f.parallelSyncs} replica${f.parallelSyncs === 1 ? '' : 's'} at a time resync from the new primary`,
  ].join('\n');
  return { text, tooltip, at: locate(down ?? f.monitor) };
}

/** Puts first what matters most: redis-server would not start with this file at all. */
export function withFatal(s: Summary, fatal: { line: number; message: string; uri: string; range: Located['range'] }): Summary {
  const part: SummaryPart = {
    text: `✗ redis-server refuses this file (line ${fatal.line + 1})`,
    tooltip: `**The server would not start**: ${fatal.message}\n\nThe rest of the summary describes the file as if that line were fixed.`,
    at: { uri: fatal.uri, range: fatal.range },
  };
  const parts = [part, ...s.parts];
  return { text: parts.map((p) => p.text).join(' · '), parts, explanation: `${part.tooltip}\n\n---\n\n${s.explanation}` };
}

/** A file included by another is summarized as part of it. */
export function partOf(s: Summary, includer: { uri: string; path?: string }): Summary {
  const name = includer.path ?? includer.uri;
  const part: SummaryPart = {
    text: `in ${name.split(/[\\/]/).pop()}:`,
    tooltip: `**Part of \`${name}\`**, which includes this file: the summary and the warnings describe the server that file configures, and only the warnings about this file's own lines are shown here.`,
    at: { uri: includer.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
  };
  const parts = [part, ...s.parts];
  return {
    text: `${part.text} ${s.parts.map((p) => p.text).join(' · ')}`,
    parts,
    explanation: `${part.tooltip}\n\n---\n\n${s.explanation}`,
  };
}

function targetTooltip(t: Target): string {
  const declare = 'Declare one with a `# redis-ha: rpo=…` comment, the `redisHa.targetRpo` setting or `--rpo` (none, snapshot, 1s, 0).';
  if (t.implicit)
    return `none declared, so the file is judged against the guidance's Balanced profile (AOF everysec, RPO ≈ 1 s). ${declare}`;
  if (t.source === 'intent')
    return `none declared; the file evidently wants rpo=${t.rpo} — ${RPO_LABELS[t.rpo]} — from ${t.why}. ${declare}`;
  return `rpo=${t.rpo} — ${RPO_LABELS[t.rpo]} (from ${t.source === 'file' ? 'the `# redis-ha:` comment' : 'the redisHa.targetRpo setting'}).`;
}

/** The version the file is checked as, and why, as the last part: a verdict never changes silently with the default. */
export function withVersion(s: Summary, version: VersionId, source: TargetSource): Summary {
  const part: SummaryPart = {
    text: `${VERSION_LABELS[version]} (${TARGET_SOURCES[source].short})`,
    tooltip: `**Checked as ${VERSION_LABELS[version]}**, from ${TARGET_SOURCES[source].long}. Directives, values, defaults and the durability figures above are those of that version.`,
  };
  const parts = [...s.parts, part];
  if (!s.parts.length) return { text: part.text, parts, explanation: part.tooltip };
  return { text: `${s.text} · ${part.text}`, parts, explanation: `${s.explanation}\n\n---\n\n${part.tooltip}` };
}
