/** YAML scalars as Sources: each character of the value mapped back to the YAML file. */
import { isScalar, type Scalar } from 'yaml';
import { linearSource, type Source } from './source';

/**
 * The outer offsets of a literal block scalar's value (`|`, `|-`, `|+`):
 * line k of the value is line k of the block after its indentation. Undefined
 * when the value and the text disagree (an indentation indicator, tabs in
 * the indentation): the caller maps to the whole scalar then.
 */
function literalOffsets(text: string, start: number, end: number, value: string): Int32Array | undefined {
  const firstBreak = text.indexOf('\n', start);
  if (firstBreak < 0 || firstBreak >= end) return value ? undefined : new Int32Array(0);
  const offs = new Int32Array(value.length);
  let indent = -1;
  let at = firstBreak + 1;
  let v = 0;
  while (v < value.length) {
    const nl = text.indexOf('\n', at);
    const lineEnd = nl < 0 ? text.length : nl;
    const content = text.slice(at, lineEnd).replace(/\r$/, '');
    const valueEnd = value.indexOf('\n', v) < 0 ? value.length : value.indexOf('\n', v);
    const want = value.slice(v, valueEnd);
    if (indent < 0 && content.trim()) indent = content.length - content.trimStart().length;
    const col = want ? indent : 0;
    if (want && content.slice(col) !== want) return undefined;
    for (let i = 0; i < want.length; i++) offs[v + i] = at + col + i;
    if (valueEnd < value.length) offs[valueEnd] = at + Math.min(content.length, col + want.length);
    v = valueEnd + 1;
    if (nl < 0) break;
    at = nl + 1;
  }
  return v >= value.length ? offs : undefined;
}

/** A scalar node's string value as a Source; undefined for a non-scalar or an empty value. */
export function scalarSource(node: unknown, text: string): Source | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const s = node as Scalar;
  const [start, end] = node.range;
  const raw = text.slice(start, end);
  const value = s.type === 'PLAIN' ? raw : typeof s.value === 'string' ? s.value : String(s.value ?? '');
  if (s.type === 'PLAIN' && !raw.includes('\n')) return linearSource(value, start);
  if ((s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE') && raw.slice(1, -1) === value) return linearSource(value, start + 1);
  if (s.type === 'BLOCK_LITERAL') {
    const offs = literalOffsets(text, start, end, value);
    if (offs) return { value, offs, start, end };
  }
  const folded = s.type === 'PLAIN' ? String(s.value ?? '') : value;
  return { value: folded, start, end };
}

/** True for a folded block scalar (`>`): its lines are joined, so it is not mapped line by line. */
export function isFolded(node: unknown): boolean {
  return isScalar(node) && node.type === 'BLOCK_FOLDED';
}
