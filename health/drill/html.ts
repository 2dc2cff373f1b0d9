/**
 * The drill's report as one self-contained HTML page: the figures against
 * the prediction, and the timeline drawn here as SVG — writes per bucket,
 * the new primary's share, the lost writes in red, the failed writes below
 * the axis, the Sentinel events as labelled vertical marks and the failover
 * window shaded. No script, nothing fetched: the page's policy allows only
 * its own nonce'd style sheet, so the same text is the CLI's `--report
 * FILE.html` and the editor's webview. Every string that came from Redis,
 * Sentinel or the options is HTML-escaped.
 */
import { type DrillResult, figureRows } from './result';
import type { DrillTimeline, TimelineMark } from './timeline';

/** The characters that could end a text or an attribute, as entities. */
export function escapeHtml(s: unknown): string {
  return String(s).replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c] as string,
  );
}

const sec = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);

const W = 1000;
const LEFT = 56;
const RIGHT = 985;
const TOP = 78;
const BASE = 260;
const FAIL_H = 36;
const H = BASE + FAIL_H + 34;
const LABEL_ROWS = 5;

function maxOf(xs: readonly number[]): number {
  let m = 0;
  for (const v of xs) if (v > m) m = v;
  return m;
}

/** One path of vertical bars, one per non-empty bucket, `scale` pixels per write, from `base` up (or down when negative). */
function bars(values: readonly number[], x: (i: number) => number, base: number, scale: number): string {
  let d = '';
  values.forEach((v, i) => {
    if (v > 0) d += `M${x(i).toFixed(1)} ${base}v${(-v * scale).toFixed(1)}`;
  });
  return d;
}

/** A step of the time axis that gives about ten ticks. */
function tickStep(spanMs: number): number {
  for (const s of [1, 2, 5, 10, 15, 30, 60, 120]) if (spanMs / (s * 1000) <= 12) return s * 1000;
  return 300_000;
}

function eventLabel(e: TimelineMark): string {
  return [e.kind, e.node, e.detail].filter(Boolean).join(' ');
}

/** The events as marks: a line each, a label where there is room (rows above the plot), the whole text as the tooltip. */
function eventMarks(t: DrillTimeline, xAt: (ms: number) => number): string {
  const rowEnd = new Array<number>(LABEL_ROWS).fill(-Infinity);
  const out: string[] = [];
  for (const e of t.events) {
    const x = xAt(e.at);
    const text = e.kind;
    const row = rowEnd.findIndex((end) => end < x);
    const full = `${sec(e.at)} ${e.sentinel}: ${eventLabel(e)}`;
    let label = '';
    if (row >= 0) {
      rowEnd[row] = x + text.length * 6 + 8;
      label = `<text x="${(x + 2).toFixed(1)}" y="${16 + row * 12}" class="event-label">${escapeHtml(text)}</text>`;
    }
    out.push(
      `<g class="event" data-kind="${escapeHtml(e.kind)}"><title>${escapeHtml(full)}</title>` +
        `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${row >= 0 ? 18 + row * 12 : TOP}" y2="${BASE}"/>${label}</g>`,
    );
  }
  return out.join('\n');
}

/** The failover window, shaded, and its start and settle marks. */
function failoverMarks(t: DrillTimeline, xAt: (ms: number) => number): string {
  if (t.failoverAt === undefined) return '';
  const x0 = xAt(t.failoverAt);
  const x1 = xAt(t.settledAt ?? t.spanMs);
  const out = [
    `<rect class="failover-window" x="${x0.toFixed(1)}" y="${TOP}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${BASE - TOP}"><title>failover window: ${sec(t.failoverAt)} – ${t.settledAt === undefined ? 'not settled' : sec(t.settledAt)}</title></rect>`,
    `<line class="mark failover" x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${TOP}" y2="${BASE + FAIL_H}"/>`,
    `<text class="mark-label" x="${(x0 + 3).toFixed(1)}" y="${TOP + 12}">failover</text>`,
  ];
  if (t.settledAt !== undefined)
    out.push(
      `<line class="mark settled" x1="${x1.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${TOP}" y2="${BASE + FAIL_H}"/>`,
      `<text class="mark-label" x="${(x1 + 3).toFixed(1)}" y="${TOP + 24}">settled: ${escapeHtml(t.newPrimary ?? '')}</text>`,
    );
  return out.join('\n');
}

function axes(t: DrillTimeline, xAt: (ms: number) => number, top: number): string {
  const out = [
    `<line class="axis" x1="${LEFT}" x2="${RIGHT}" y1="${BASE}" y2="${BASE}"/>`,
    `<text class="tick" x="${LEFT - 4}" y="${TOP + 4}" text-anchor="end">${top}</text>`,
    `<text class="tick" x="${LEFT - 4}" y="${BASE}" text-anchor="end">0</text>`,
    `<text class="tick" x="${LEFT - 4}" y="${BASE + FAIL_H}" text-anchor="end">failed</text>`,
  ];
  const step = tickStep(t.spanMs);
  for (let ms = 0; ms <= t.spanMs && out.length < 60; ms += step) {
    const x = xAt(ms).toFixed(1);
    out.push(`<line class="grid" x1="${x}" x2="${x}" y1="${BASE}" y2="${BASE + 4}"/>`);
    out.push(`<text class="tick" x="${x}" y="${H - 8}" text-anchor="middle">${ms / 1000} s</text>`);
  }
  return out.join('\n');
}

/** The timeline as an SVG drawing (empty text without a timeline). */
export function timelineSvg(t: DrillTimeline | undefined): string {
  if (!t?.acks.length) return '<p class="empty">No timeline was recorded.</p>';
  const n = t.acks.length;
  const bw = (RIGHT - LEFT) / n;
  const x = (i: number) => LEFT + (i + 0.5) * bw;
  const xAt = (ms: number) => LEFT + Math.min(Math.max(ms, 0), n * t.bucketMs) * ((RIGHT - LEFT) / (n * t.bucketMs));
  const top = Math.max(1, maxOf(t.acks));
  const scale = (BASE - TOP) / top;
  const failScale = FAIL_H / Math.max(1, maxOf(t.failures));
  const width = Math.max(1, bw * 0.9).toFixed(2);
  const lostDots: string[] = [];
  t.lost.forEach((v, i) => {
    if (v > 0)
      lostDots.push(
        `<circle class="lost-dot" cx="${x(i).toFixed(1)}" cy="${BASE + 5}" r="3"><title>${v} lost at ${sec(i * t.bucketMs)}</title></circle>`,
      );
  });
  return `<svg class="timeline" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="writes per ${t.bucketMs} ms across the drill" xmlns="http://www.w3.org/2000/svg">
${failoverMarks(t, xAt)}
<path class="acks" stroke-width="${width}" d="${bars(t.acks, x, BASE, scale)}"/>
<path class="elsewhere" stroke-width="${width}" d="${bars(t.elsewhere, x, BASE, scale)}"/>
<path class="lost" stroke-width="${width}" d="${bars(t.lost, x, BASE, scale)}"/>
<path class="failures" stroke-width="${width}" d="${bars(t.failures, x, BASE, -failScale)}"/>
${lostDots.join('\n')}
${eventMarks(t, xAt)}
${axes(t, xAt, top)}
</svg>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: 13px; color: var(--vscode-foreground, #1f2328);
  background: var(--vscode-editor-background, #fff); margin: 16px 24px; max-width: 1100px; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; } th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid rgba(128,128,128,.25); }
td.verdict-worse { color: #d1242f; font-weight: bold; } td.verdict-better { color: #1a7f37; }
.summary { opacity: .85; }
svg.timeline { border: 1px solid rgba(128,128,128,.3); font-size: 10px; }
svg text { fill: currentColor; }
.acks { stroke: #4c8bf5; fill: none; } .elsewhere { stroke: #2da44e; fill: none; } .lost { stroke: #d1242f; fill: none; }
.failures { stroke: #e8912d; fill: none; } .lost-dot { fill: #d1242f; }
.failover-window { fill: #e8912d; fill-opacity: .13; }
.mark { stroke-width: 1.5; } .mark.failover { stroke: #e8912d; } .mark.settled { stroke: #2da44e; }
.event line { stroke: #8250df; stroke-dasharray: 3 2; stroke-opacity: .7; } .event-label { fill: #8250df; }
.axis { stroke: currentColor; stroke-opacity: .5; } .grid { stroke: currentColor; stroke-opacity: .4; } .tick { opacity: .75; }
.legend span { margin-right: 14px; white-space: nowrap; } .legend svg { vertical-align: middle; margin-right: 4px; }
ol.events { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; padding-left: 2em; }
`;

function legend(): string {
  const swatch = (cls: string, text: string) =>
    `<span><svg width="12" height="12"><rect class="${cls}" width="12" height="12" fill="currentColor"/></svg>${text}</span>`;
  return `<p class="legend">${swatch('swatch-acks', 'acknowledged on the old primary')}${swatch('swatch-elsewhere', 'acknowledged on another node')}${swatch('swatch-lost', 'acknowledged, then lost')}${swatch('swatch-failures', 'failed (below the axis)')}${swatch('swatch-window', 'failover window')}</p>`;
}

const SWATCH_STYLE = `.swatch-acks { color: #4c8bf5; } .swatch-elsewhere { color: #2da44e; } .swatch-lost { color: #d1242f; }
.swatch-failures { color: #e8912d; } .swatch-window { color: rgba(232,145,45,.3); }`;

function eventList(r: DrillResult): string {
  const t = r.timeline;
  if (!t?.events.length) return '<p class="empty">No Sentinel event was seen.</p>';
  const items = t.events.map(
    (e) => `<li data-kind="${escapeHtml(e.kind)}">${escapeHtml(`${sec(e.at)}  ${e.sentinel}  ${eventLabel(e)}`)}</li>`,
  );
  const more = t.eventsOmitted ? `<p>… ${t.eventsOmitted} more in the JSON report.</p>` : '';
  return `<ol class="events">${items.join('')}</ol>${more}`;
}

/** The whole page. `nonce` marks the one style sheet the page's Content-Security-Policy allows. */
export function drillReportHtml(r: DrillResult, o: { nonce: string }): string {
  const nonce = escapeHtml(o.nonce);
  const rows = figureRows(r)
    .map(
      ([f, m, p, v]) =>
        `<tr data-figure="${escapeHtml(f)}"><th scope="row">${escapeHtml(f)}</th><td>${escapeHtml(m)}</td><td>${escapeHtml(p)}</td><td class="verdict-${escapeHtml(v)}">${escapeHtml(v)}</td></tr>`,
    )
    .join('\n');
  const t = r.timeline;
  const notes = r.notes.length ? `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  const lost = r.lostKeys.length
    ? `<h2>Lost keys (first ${Math.min(20, r.lostKeys.length)} of ${r.rpo.lostWrites})</h2><ul>${r.lostKeys
        .slice(0, 20)
        .map((k) => `<li><code>${escapeHtml(k)}</code></li>`)
        .join('')}</ul>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Failover drill ${escapeHtml(r.group)}</title>
<style nonce="${nonce}">${STYLE}${SWATCH_STYLE}</style>
</head>
<body>
<main id="drill-report" data-old-primary="${escapeHtml(r.oldPrimary)}" data-new-primary="${escapeHtml(r.newPrimary ?? '')}">
<h1>Failover drill '${escapeHtml(r.group)}' (${escapeHtml(r.mode)})</h1>
<p class="summary">${escapeHtml(r.oldPrimary)} → ${escapeHtml(r.newPrimary ?? 'not settled')} · ${(r.durationMs / 1000).toFixed(1)} s${r.interrupted ? ' · interrupted' : ''} ·
${r.writes.attempted} writes sent, ${r.writes.acked} acknowledged, ${r.writes.failed} failed · keys deleted: ${r.keysDeleted ?? '—'} · drill ${escapeHtml(r.id)}</p>
<h2>Measured against the prediction</h2>
<table class="figures"><thead><tr><th>figure</th><th>measured</th><th>predicted</th><th>verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${r.rto.why ? `<p>RTO: ${escapeHtml(r.rto.why)}</p>` : ''}
<h2>Timeline${t ? ` (writes per ${t.bucketMs} ms)` : ''}</h2>
${legend()}
${timelineSvg(t)}
<h2>Sentinel events</h2>
${eventList(r)}
${notes}
${lost}
</main>
</body>
</html>
`;
}
