/**
 * `|` cursor markers for tests of position-based features: `at('appendfsync |')`
 * strips the marker and gives the text, the offset and the LSP position.
 */
import type { Position } from 'vscode-languageserver-types';
import { check, type Analysis } from '../../server/service';

export interface Marked {
  text: string;
  offset: number;
  position: Position;
}

export function at(marked: string): Marked {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0)
    throw new Error(`expected exactly one '|' cursor marker in ${JSON.stringify(marked)}`);
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { text, offset, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

export type Lang = 'redis-conf' | 'sentinel-conf';

/** Parses and analyzes marked text as the server would, for a target version. */
export function analyzeAt(marked: string, opts: { version?: string; language?: Lang } = {}): { analysis: Analysis; position: Position } {
  const m = at(marked);
  const language = opts.language ?? 'redis-conf';
  const analysis = check(m.text, {
    language,
    uri: language === 'sentinel-conf' ? 'file:///etc/redis/sentinel.conf' : 'file:///etc/redis/redis.conf',
    settings: { targetVersion: opts.version ?? '7.0' },
  });
  return { analysis, position: m.position };
}
