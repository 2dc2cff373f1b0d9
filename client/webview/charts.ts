/// <reference lib="dom" />
/**
 * The charts webview (bundled by scripts/build.mjs to dist/webview/charts.js,
 * its CSS to charts.css): uPlot charts of one group — replica lag in bytes and
 * in seconds, write rate, memory with maxmemory and fragmentation, AOF size —
 * and an events lane, all on one time axis with one cursor, failovers drawn
 * as vertical lines across every chart, and the list of events below. Colours
 * are VS Code's theme variables (re-read when the theme changes). The page
 * keeps no state: each message from the extension is the whole picture. Text
 * from Redis or the timeline is only ever set as textContent.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import type { ChartData, ChartEvent } from './protocol';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

type Values = Array<number | null>;
type Format = (v: number) => string;

interface ChartSpec {
  id: string;
  title: string;
  /** Series of the chart: its name in the columns, its label, its axis ('y' left, 'r' right), dashed. */
  series: Array<{ name: string; label: string; scale: 'y' | 'r'; dash?: boolean }>;
  left: Format;
  /** The least top of the left axis (an idle group's zero lag drawn against 1 KiB, not against 1 byte). */
  floor: number;
  right?: Format;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const bytes: Format = (v) => {
  let i = 0;
  let x = Math.abs(v);
  while (x >= 1024 && i < UNITS.length - 1) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${x >= 100 || i === 0 ? Math.round(x) : x.toFixed(1)} ${UNITS[i]}`;
};
const perSecond: Format = (v) => `${bytes(v)}/s`;
const seconds: Format = (v) => (v >= 100 ? `${Math.round(v)} s` : `${Number(v.toFixed(v >= 10 ? 1 : 2))} s`);
const plain: Format = (v) => (v >= 1000 ? `${Math.round(v / 100) / 10}k` : `${Number(v.toFixed(2))}`);

const LEVELS = ['info', 'warning', 'error'] as const;
/** Every chart has an axis of this width on both sides, so their time axes line up. */
const AXIS_SIZE = 84;
/** The shortest time span shown (seconds): a young session is drawn at the scale of a minute, not of milliseconds. */
const MIN_SPAN = 60;

/** A right axis without labels: the room a right axis takes, so the chart lines up with those that have one. */
function blankRight(scale: string): uPlot.Axis {
  return { scale, side: 1, size: AXIS_SIZE, grid: { show: false }, ticks: { show: false }, values: (_u, splits) => splits.map(() => '') };
}

/** The charts of a group whose replicas are `replicas`. */
function chartSpecs(replicas: string[]): ChartSpec[] {
  return [
    {
      id: 'lag-bytes',
      title: 'Replication lag (bytes behind the primary)',
      series: replicas.map((r) => ({ name: `lagBytes:${r}`, label: r, scale: 'y' })),
      left: bytes,
      floor: 1024,
    },
    {
      id: 'lag-seconds',
      title: 'Replication lag (seconds)',
      series: replicas.map((r) => ({ name: `lagSeconds:${r}`, label: r, scale: 'y' })),
      left: seconds,
      floor: 1,
    },
    {
      id: 'write-rate',
      title: 'Write rate',
      series: [
        { name: 'writeRate', label: 'replication stream', scale: 'y' },
        { name: 'ops', label: 'commands/s', scale: 'r' },
      ],
      left: perSecond,
      floor: 1024,
      right: plain,
    },
    {
      id: 'memory',
      title: 'Memory and fragmentation',
      series: [
        { name: 'usedMemory', label: 'used_memory', scale: 'y' },
        { name: 'maxmemory', label: 'maxmemory', scale: 'y', dash: true },
        { name: 'fragmentation', label: 'fragmentation ratio', scale: 'r' },
      ],
      left: bytes,
      floor: 1024 * 1024,
      right: plain,
    },
    { id: 'aof', title: 'AOF size', series: [{ name: 'aofSize', label: 'aof_current_size', scale: 'y' }], left: bytes, floor: 1024 },
  ];
}

/** The theme's colours, read from VS Code's CSS variables. */
function theme() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  return {
    fg: v('foreground', '#888'),
    grid: v('editorWidget-border', 'rgba(128,128,128,0.25)'),
    failover: v('charts-red', '#e51400'),
    levels: { info: v('charts-blue', '#1a85ff'), warning: v('charts-yellow', '#cca700'), error: v('charts-red', '#e51400') },
    palette: ['blue', 'green', 'orange', 'purple', 'yellow', 'red'].map((c) => v(`charts-${c}`, '#888')),
    font: `${v('font-size', '12px')} ${v('font-family', 'sans-serif')}`,
  };
}
type Theme = ReturnType<typeof theme>;

/** Vertical lines at the failovers, across the plotting area. */
function failoverLines(failovers: () => number[], colour: () => string): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.strokeStyle = colour();
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        for (const at of failovers()) {
          const x = Math.round(u.valToPos(at, 'x', true));
          if (x < bbox.left || x > bbox.left + bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

class ChartsPage {
  private plots: uPlot[] = [];
  private shape = '';
  private data?: ChartData;
  private range: [number, number] = [0, 1];
  private failovers: number[] = [];
  private colours: Theme = theme();

  constructor(private readonly root: HTMLElement) {
    // VS Code sets the theme's kind and id on the body and its colours on the root element
    const observer = new MutationObserver(() => this.retheme());
    observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
    window.addEventListener('resize', () => {
      for (const p of this.plots) p.setSize(this.size());
    });
  }

  show(d: ChartData): void {
    this.data = d;
    const t = d.columns.t;
    const first = Math.min(t[0] ?? Number.POSITIVE_INFINITY, (d.events[0]?.at ?? Number.POSITIVE_INFINITY) / 1000);
    const last = Math.max(t[t.length - 1] ?? 0, (d.events[d.events.length - 1]?.at ?? 0) / 1000);
    this.range = [Number.isFinite(first) ? Math.min(first, last - MIN_SPAN) : last - MIN_SPAN, last];
    this.failovers = d.events.filter((e) => e.failover).map((e) => e.at / 1000);
    const replicas = d.columns.series.filter((s) => s.name.startsWith('lagBytes:')).map((s) => s.name.slice('lagBytes:'.length));
    const shape = `${d.group}|${replicas.join(',')}`;
    if (shape !== this.shape) this.build(d, replicas);
    else this.refill(d, replicas);
    this.header(d);
    this.eventList(d.events);
  }

  private retheme(): void {
    this.colours = theme();
    if (this.data) {
      this.shape = '';
      this.show(this.data);
    }
  }

  private size() {
    return { width: Math.max(200, this.root.clientWidth - 8), height: 160 };
  }

  private build(d: ChartData, replicas: string[]): void {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.root.textContent = '';
    const head = el('header', 'head');
    this.root.append(head);
    for (const spec of chartSpecs(replicas)) this.plots.push(this.chart(spec, d));
    this.plots.push(this.lane(d.events));
    const list = el('section', 'events');
    list.append(el('h2', '', 'Events'), el('ol', 'event-list'));
    this.root.append(list);
    this.shape = `${d.group}|${replicas.join(',')}`;
  }

  private refill(d: ChartData, replicas: string[]): void {
    const specs = chartSpecs(replicas);
    specs.forEach((spec, i) => {
      const cols = columns(d, spec);
      this.plots[i].setData([d.columns.t, ...cols]);
      mark(this.plots[i].root.parentElement, cols);
    });
    const lane = this.plots[specs.length];
    lane.setData(laneData(d.events));
    if (lane.root.parentElement) lane.root.parentElement.dataset.points = String(d.events.length);
  }

  private chart(spec: ChartSpec, d: ChartData): uPlot {
    const section = el('section', 'chart');
    section.dataset.chart = spec.id;
    section.append(el('h2', '', spec.title));
    this.root.append(section);
    const c = this.colours;
    const cols = columns(d, spec);
    // `side` only when given: an explicit undefined would replace uPlot's default (left) and lay the axis flat
    const axis = (scale: string, format: Format, side = 3): uPlot.Axis => ({
      scale,
      side: side as uPlot.Axis.Side,
      stroke: c.fg,
      font: c.font,
      grid: { stroke: c.grid, width: 1, show: scale === 'y' },
      ticks: { stroke: c.grid, width: 1 },
      size: AXIS_SIZE,
      values: (_u, splits) => splits.map((v) => (v === null ? '' : format(v))),
    });
    const opts: uPlot.Options = {
      ...this.size(),
      cursor: { sync: { key: 'redis-ha-charts' } },
      scales: {
        x: { time: true, range: () => this.range },
        y: { range: (_u, _min, max) => [0, Math.max(spec.floor, max > 0 ? max * 1.1 : 0)] },
      },
      axes: [
        { stroke: c.fg, font: c.font, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } },
        axis('y', spec.left),
        spec.right ? axis('r', spec.right, 1) : blankRight('y'),
      ],
      series: [
        {},
        ...spec.series.map((s, i) => ({
          label: s.label,
          scale: s.scale,
          stroke: c.palette[i % c.palette.length],
          width: 1.5,
          dash: s.dash ? [6, 4] : undefined,
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : (s.scale === 'r' ? (spec.right ?? plain) : spec.left)(v)),
        })),
      ],
      plugins: [
        failoverLines(
          () => this.failovers,
          () => this.colours.failover,
        ),
      ],
    };
    if (spec.right) opts.scales!.r = { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] };
    mark(section, cols);
    return new uPlot(opts, [d.columns.t, ...cols], section);
  }

  /** The events lane: one row of points per level, failovers as lines. */
  private lane(events: ChartEvent[]): uPlot {
    const section = el('section', 'chart lane');
    section.dataset.chart = 'events';
    section.append(el('h2', '', 'Events (failovers as dashed lines on every chart)'));
    this.root.append(section);
    const c = this.colours;
    const opts: uPlot.Options = {
      ...this.size(),
      height: 110,
      cursor: { sync: { key: 'redis-ha-charts' } },
      scales: { x: { time: true, range: () => this.range }, y: { range: [0.5, 3.5] } },
      axes: [
        { stroke: c.fg, font: c.font, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } },
        { stroke: c.fg, font: c.font, size: AXIS_SIZE, splits: () => [1, 2, 3], values: (_u, s) => s.map((v) => LEVELS[v - 1] ?? '') },
        blankRight('y'),
      ],
      series: [
        {},
        ...LEVELS.map((l) => ({
          label: l,
          stroke: c.levels[l],
          fill: c.levels[l],
          paths: () => null,
          points: { show: true, size: 9, stroke: c.levels[l], fill: c.levels[l] },
        })),
      ],
      plugins: [
        failoverLines(
          () => this.failovers,
          () => this.colours.failover,
        ),
      ],
    };
    section.dataset.points = String(events.length);
    return new uPlot(opts, laneData(events), section);
  }

  private header(d: ChartData): void {
    const head = this.root.querySelector('header.head');
    if (!head) return;
    const t = d.columns.t;
    const span = t.length ? `${time(t[0] * 1000)} – ${time(t[t.length - 1] * 1000)}` : 'no samples yet';
    const failovers = d.events.filter((e) => e.failover).length;
    head.textContent = '';
    head.append(
      el('h1', '', `${d.title} — charts`),
      el('p', 'meta', `${d.samples} sample${d.samples === 1 ? '' : 's'} · ${span} · ${failovers} failover${failovers === 1 ? '' : 's'}`),
    );
  }

  /** The events, newest first. */
  private eventList(events: ChartEvent[]): void {
    const list = this.root.querySelector('ol.event-list');
    if (!list) return;
    list.textContent = '';
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      const li = el('li', `level-${e.level}${e.failover ? ' failover' : ''}`);
      li.dataset.kind = e.kind;
      li.append(el('time', '', time(e.at)), el('span', 'kind', e.kind), el('span', 'cause', e.cause));
      list.append(li);
    }
    if (!events.length) list.append(el('li', 'none', 'No events yet.'));
  }
}

function columns(d: ChartData, spec: ChartSpec): Values[] {
  return spec.series.map((s) => d.columns.series.find((x) => x.name === s.name)?.values ?? d.columns.t.map(() => null));
}

/** The count of drawn values, on the chart's section (what a user sees as "a line", and what the e2e test reads). */
function mark(section: HTMLElement | null, cols: Values[]): void {
  if (!section) return;
  let n = 0;
  for (const c of cols) for (const v of c) if (v !== null) n++;
  section.dataset.points = String(n);
}

function laneData(events: ChartEvent[]): uPlot.AlignedData {
  const t = events.map((e) => e.at / 1000);
  return [t, ...LEVELS.map((l, i) => events.map((e) => (e.level === l ? i + 1 : null)))];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

const api = acquireVsCodeApi();
const page = new ChartsPage(document.getElementById('charts') as HTMLElement);
window.addEventListener('message', (ev: MessageEvent) => {
  const m = ev.data as ChartData | undefined;
  if (m?.type === 'data' && Array.isArray(m.columns?.t) && Array.isArray(m.events)) page.show(m);
});
api.postMessage({ type: 'ready' });
