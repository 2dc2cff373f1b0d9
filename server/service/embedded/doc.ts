/**
 * A config found inside another file: its text as redis-server would read it,
 * and where each of its characters comes from in the outer file.
 */
import type { Language } from '../options';
import type { Arg } from './source';

/** What an outer file holds that was not checked (a folded scalar, a config file path), said once. */
export interface EmbeddedNote {
  start: number;
  end: number;
  message: string;
}

export interface EmbeddedDoc {
  /** Where it sits in the outer file, e.g. `services.cache.command` or `ConfigMap/redis data.redis.conf`. */
  label: string;
  language: Language;
  /** The config text to analyse. */
  text: string;
  /** Per character of `text`: the outer offset it starts at and the one it ends at; -1 for added text. */
  startOf: Int32Array;
  endOf: Int32Array;
  /** The outer range of the whole embedded config (what an unmapped position falls back to). */
  start: number;
  end: number;
  /**
   * Only part of the server's config: a command line after a config file, a
   * Helm values fragment the chart joins to others. The durability rules,
   * which judge a whole config, say nothing about it.
   */
  partial: boolean;
}

/** Builds a document's text from pieces of the outer file and added separators. */
export class DocBuilder {
  private parts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];

  /** Text written by us (a blank, a newline, `""`): mapped to `at` when given, else unmapped. */
  add(text: string, at?: { start: number; end: number }): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.starts.push(at ? at.start : -1);
      this.ends.push(at ? at.end : -1);
    }
  }

  /** `text` standing for `arg`: character by character when it is the outer text, else each character is the whole arg. */
  addArg(text: string, arg: Arg, skip = 0): void {
    const linear = arg.linear && text === arg.value.slice(skip);
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.starts.push(linear ? arg.start + skip + i : arg.start);
      this.ends.push(linear ? arg.start + skip + i + 1 : arg.end);
    }
  }

  get length(): number {
    return this.starts.length;
  }

  build(label: string, language: Language, whole: { start: number; end: number }, partial: boolean): EmbeddedDoc {
    return {
      partial,
      label,
      language,
      text: this.parts.join(''),
      startOf: Int32Array.from(this.starts),
      endOf: Int32Array.from(this.ends),
      start: whole.start,
      end: whole.end,
    };
  }
}

/** Characters looked at on each side of a position for a mapped one; added text is never longer. */
const SCAN = 64;

/** The outer range of the document range [s, e) (offsets into doc.text). */
export function outerRange(doc: EmbeddedDoc, s: number, e: number): { start: number; end: number } {
  const n = doc.text.length;
  let start = -1;
  for (let i = Math.max(0, s); i < Math.min(n, Math.max(e, s + 1), s + SCAN) && start < 0; i++) start = doc.startOf[i];
  for (let i = Math.min(n, s) - 1; i >= Math.max(0, s - SCAN) && start < 0; i--) start = doc.endOf[i];
  if (start < 0) return { start: doc.start, end: doc.end };
  let end = -1;
  for (let i = Math.min(n, e) - 1; i >= Math.max(s, e - SCAN, 0) && end < 0; i--) end = doc.endOf[i];
  return { start, end: Math.max(end, start) };
}
