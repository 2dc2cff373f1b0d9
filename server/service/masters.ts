/**
 * The primaries a sentinel.conf declares with `sentinel monitor`, read from
 * the parse tree whether or not the line is valid (a name is worth offering
 * while its host is still being fixed). Computed once per parsed document.
 */
import type { ConfigDocument, Directive } from '../parser/types';

export interface DeclaredMaster {
  name: string;
  lineNumber: number;
  /** "host:port, quorum q" as written. */
  address: string;
  line: Directive;
}

const cache = new WeakMap<ConfigDocument, Map<string, DeclaredMaster>>();

export function declaredMasters(a: { doc: ConfigDocument }): Map<string, DeclaredMaster> {
  let masters = cache.get(a.doc);
  if (masters) return masters;
  masters = new Map();
  for (const d of a.doc.directives) {
    if (d.key !== 'sentinel' || d.args.length < 2 || d.args[0].value.toLowerCase() !== 'monitor') continue;
    const name = d.args[1].value;
    if (masters.has(name)) continue;
    const [host, port, quorum] = [d.args[2]?.value ?? '?', d.args[3]?.value ?? '?', d.args[4]?.value ?? '?'];
    masters.set(name, { name, lineNumber: d.lineNumber, address: `${host}:${port}, quorum ${quorum}`, line: d });
  }
  cache.set(a.doc, masters);
  return masters;
}
