/**
 * Shape of the hand-written directive documentation. Every text here is our
 * own wording, grounded in the durability guidance; the facts it sits next to
 * (types, ranges, defaults, versions, runtime) come from the generated catalog
 * and are never repeated in these texts. Hover cards, completion documentation
 * and signature help all read this one source.
 */

/** What a bare number means for a numeric directive, so a value hover can say "60 s (1 min)". */
export type Unit = 'seconds' | 'milliseconds' | 'microseconds' | 'bytes' | 'count' | 'hertz';

export interface ArgDoc {
  /** Short name shown in syntax lines and signature help, e.g. `seconds`. */
  name: string;
  /** What this argument is, one or two sentences. */
  doc: string;
  /** Default text of the snippet tab stop. */
  placeholder?: string;
  /** Choices of the snippet tab stop (first one is pre-selected). */
  choices?: string[];
  /** Unit of a numeric argument, for value hovers. */
  unit?: Unit;
  /** True when the argument is a byte count that accepts k/kb/m/mb/g/gb. */
  memory?: boolean;
}

export interface DirectiveDoc {
  /** What the directive does, in one sentence. Unique across the catalog. */
  summary: string;
  /** More explanation (Markdown), when one sentence is not enough. */
  details?: string;
  /** Consequence for data loss on a crash or failover (RPO), as the guidance explains it. */
  rpo?: string;
  /** Consequence for availability and recovery time (RTO). */
  rto?: string;
  /** Notes per value: enum words, yes/no, or special numbers such as `0` or `-1`. */
  values?: Record<string, string>;
  /** Unit of a single numeric value. */
  unit?: Unit;
  /** Default text of the snippet tab stop for a single string value. */
  placeholder?: string;
  /** Arguments of multi-argument forms, in order (syntax line, snippets, signature help). */
  args?: ArgDoc[];
  /** The arguments repeat in groups of this many (save: 2, client-output-buffer-limit: 4). */
  repeat?: number;
  /** The last argument may be given any number of times. */
  variadic?: boolean;
  /**
   * Sentinel sub-commands only: how the setting changes at runtime (facts from
   * sentinel.c: SENTINEL SET / SENTINEL CONFIG SET), or who writes the line.
   */
  runtime?: string;
}

/** Docs keyed by canonical directive name (or sentinel sub-command name). */
export type DocTable = Record<string, DirectiveDoc>;
