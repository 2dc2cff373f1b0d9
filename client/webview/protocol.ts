/**
 * The messages between the extension and the charts webview (both sides
 * import this file; no `vscode`, no DOM). The extension sends the whole
 * picture at each refresh — at most MAX_POINTS points per series and
 * MAX_CHART_EVENTS events — so the webview keeps no state of its own and a
 * reloaded webview only has to say `ready`.
 */
import type { ChartColumns } from '../../health';

/** Events shown in the lane and the list (the newest). */
export const MAX_CHART_EVENTS = 500;

export interface ChartEvent {
  /** Epoch ms. */
  at: number;
  kind: string;
  level: 'info' | 'warning' | 'error';
  cause: string;
  node?: string;
  failover?: boolean;
}

export interface ChartData {
  type: 'data';
  /** The group's id and its label ("group mymaster"). */
  group: string;
  title: string;
  /** Series names: writeRate, ops, usedMemory, maxmemory, fragmentation, aofSize, lagBytes:<replica>, lagSeconds:<replica>. */
  columns: ChartColumns;
  /** Samples before downsampling. */
  samples: number;
  events: ChartEvent[];
}

/** From the webview: it loaded (or reloaded) and wants the data. */
export interface ChartReady {
  type: 'ready';
}
