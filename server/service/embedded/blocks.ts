/**
 * Block scalars that are a redis.conf or a sentinel.conf, judged by their
 * content (most of their lines start with a directive the catalog knows), and
 * the list of what a file holds, bounded.
 */
import { catalog } from '../../catalog/catalog';
import type { Language } from '../options';
import type { EmbeddedDoc, EmbeddedNote } from './doc';
import type { Source } from './source';

/** Embedded configs per outer file at most; the rest are left out with a note. */
export const MAX_EMBEDDED = 64;

/** What a file holds: the configs and the notes, at most MAX_EMBEDDED configs. */
export class Found {
  readonly docs: EmbeddedDoc[] = [];
  readonly notes: EmbeddedNote[] = [];
  private dropped = false;

  add(doc: EmbeddedDoc): void {
    if (this.docs.length < MAX_EMBEDDED) this.docs.push(doc);
    else if (!this.dropped) {
      this.dropped = true;
      this.notes.push({ start: doc.start, end: doc.end, message: `more than ${MAX_EMBEDDED} embedded configs: the rest are not checked` });
    }
  }

  note(n: EmbeddedNote): void {
    if (this.notes.length < MAX_EMBEDDED) this.notes.push(n);
  }

  full(): boolean {
    return this.dropped;
  }
}

let names: Set<string> | undefined;

/** Every directive name of every version, and `sentinel`. */
function knownNames(): Set<string> {
  names ??= new Set([...catalog().allNames(), 'sentinel']);
  return names;
}

/** Lines looked at to judge a block. */
const SAMPLE_LINES = 200;

/** True when most non-comment lines of `text` (of the first SAMPLE_LINES) start with a known directive. */
export function looksLikeConfig(text: string): boolean {
  let known = 0;
  let other = 0;
  let at = 0;
  for (let n = 0; n < SAMPLE_LINES && at <= text.length; n++) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl).trim();
    at = nl < 0 ? text.length + 1 : nl + 1;
    if (!line || line.startsWith('#')) continue;
    const word = line.split(/\s/, 1)[0].toLowerCase();
    if (knownNames().has(word)) known++;
    else other++;
  }
  return known > 0 && known >= 2 * other;
}

/** A block scalar's config (`partial`: a fragment, not a whole file); Sentinel's when the key says so or a line is `sentinel monitor`. */
export function blockDoc(src: Source, label: string, sentinelKey: boolean, partial: boolean): EmbeddedDoc {
  const language: Language = sentinelKey || /^\s*sentinel\s+monitor\s/im.test(src.value) ? 'sentinel-conf' : 'redis-conf';
  const n = src.value.length;
  const startOf = new Int32Array(n);
  const endOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    startOf[i] = src.offs ? src.offs[i] : src.start;
    endOf[i] = src.offs ? src.offs[i] + 1 : src.end;
  }
  return { label, language, text: src.value, startOf, endOf, start: src.start, end: src.end, partial };
}
