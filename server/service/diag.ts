/** Building diagnostics from the code table, shared by every check. */
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver-types';
import type { ConfigDocument } from '../parser/types';
import type { Language } from './options';
import { CHECKER_CODES, SOURCE, type CheckerCode } from './checkerCodes';

export interface Span {
  start: number;
  end: number;
}

/**
 * Data carried by our diagnostics. `order` is the position of the check in
 * redis-server's own processing order (file lines first, then the sentinel
 * lines in their three load groups, then the checks after loading), so the
 * first fatal problem can be found the way redis-server finds it.
 */
export interface DiagData {
  order: number;
  /** Machine-readable details for quick fixes (replacement text, canonical name, …). */
  fix?: { replace?: string; name?: string; target?: string; language?: Language };
}

/** Related locations kept on one diagnostic; the rest are counted in the last one. */
export const MAX_RELATED = 20;

/**
 * The related locations of a diagnostic, at most MAX_RELATED (a schedule of
 * 150,000 save lines would otherwise make one diagnostic of 150,000
 * locations): `lead` first, then the first `items`, the last one kept saying
 * how many more there are. Only the items kept are converted.
 */
export function boundRelated<T>(
  items: readonly T[],
  toInfo: (item: T) => DiagnosticRelatedInformation,
  lead: readonly DiagnosticRelatedInformation[] = [],
): DiagnosticRelatedInformation[] {
  const total = lead.length + items.length;
  const out = [...lead];
  for (let i = 0; i < items.length && out.length < MAX_RELATED; i++) out.push(toInfo(items[i]));
  if (total > MAX_RELATED) {
    const last = out[MAX_RELATED - 1];
    const more = total - MAX_RELATED;
    out[MAX_RELATED - 1] = { location: last.location, message: `${last.message} (and ${more} more such line${more === 1 ? '' : 's'})` };
  }
  return out;
}

export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  constructor(
    readonly doc: ConfigDocument,
    readonly uri: string,
  ) {}

  add(
    code: CheckerCode,
    at: Span | Range,
    message: string,
    opts: { order?: number; related?: Array<{ at: Span; message: string }>; fix?: DiagData['fix']; severity?: Diagnostic['severity'] } = {},
  ): Diagnostic {
    const range = 'start' in at && typeof at.start === 'number' ? this.doc.rangeOf(at as Span) : (at as Range);
    const d: Diagnostic = {
      range,
      severity: opts.severity ?? CHECKER_CODES[code].severity,
      code,
      source: SOURCE,
      message,
      data: { order: opts.order ?? range.start.line, fix: opts.fix } satisfies DiagData,
    };
    if (opts.related?.length) {
      d.relatedInformation = boundRelated(opts.related, (r) => ({
        location: { uri: this.uri, range: this.doc.rangeOf(r.at) },
        message: r.message,
      }));
    }
    this.list.push(d);
    return d;
  }
}

/**
 * Orders in redis-server's processing sequence (see DiagData.order): the file's
 * lines, the queued sentinel lines in their three groups, then what main()
 * does after loading — the loader's own sanity checks (cluster mode with
 * replicaof), loading modules and the settings queued for them, creating the
 * ACL users, opening the listening sockets, and what happens later still.
 */
export const ORDER = {
  line: (lineNumber: number) => lineNumber,
  /** Whether an order is a line's (and moves with it), not a phase after the lines. */
  isLine: (order: number) => order < 1e9,
  sentinelPhase: (phase: 0 | 1 | 2, lineNumber: number) => 1e9 + phase * 1e8 + lineNumber,
  afterLoad: 4e9,
  modules: 4e9 + 1e8,
  users: 4e9 + 2e8,
  listen: 4e9 + 3e8,
  later: 4e9 + 4e8,
};
