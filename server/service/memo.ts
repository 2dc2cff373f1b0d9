/**
 * Answers that are pure functions of their key (a name and a version), kept
 * across analyses so an edit does not compute them again; a table starts
 * over when full, so memory stays bounded whatever the files hold.
 */

import { copyOf } from '../parser/parse';

/** Answers kept per table before it starts over. */
const REMEMBERED = 8192;

export class Answers<T> {
  private map = new Map<string, T>();
  get(key: string, compute: () => T): T {
    if (this.map.has(key)) return this.map.get(key) as T;
    const v = compute();
    if (this.map.size >= REMEMBERED) this.map.clear();
    // a name cut from a document would keep that version's whole text alive
    this.map.set(copyOf(key), v);
    return v;
  }
}
