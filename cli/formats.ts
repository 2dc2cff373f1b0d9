/**
 * The output formats of `redis-ha status`: text and json (health/report.ts),
 * openmetrics (health/metrics.ts, the exporter's renderer) and nagios
 * (health/nagios.ts). Each turns one snapshot into text and an exit code.
 */
import { exitCode, jsonLine, renderMetrics, renderNagios, renderText, type Snapshot } from '../health';

export const STATUS_FORMATS = ['text', 'json', 'openmetrics', 'nagios'] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

export function isStatusFormat(f: unknown): f is StatusFormat {
  return typeof f === 'string' && (STATUS_FORMATS as readonly string[]).includes(f);
}

/** One snapshot in the format, and the exit code it means (monitoring-plugin codes, the same for every format). */
export function formatSnapshot(format: StatusFormat, s: Snapshot): { text: string; code: 0 | 1 | 2 | 3 } {
  switch (format) {
    case 'json':
      return { text: `${jsonLine(s)}\n`, code: exitCode(s) };
    case 'openmetrics':
      return { text: renderMetrics(s, 'openmetrics'), code: exitCode(s) };
    case 'nagios':
      return renderNagios(s);
    default:
      return { text: renderText(s), code: exitCode(s) };
  }
}
