/**
 * The captured replies of test/fixtures/replies (see capture.ts there): read
 * back as ioredis returned them — text, arrays, or an Error for error replies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPLIES_DIR = join(__dirname, '..', 'fixtures', 'replies');

export function reply(name: string): unknown {
  const text = readFileSync(join(REPLIES_DIR, name), 'utf8');
  if (name.endsWith('.txt')) return text;
  const value = JSON.parse(text) as unknown;
  if (value && typeof value === 'object' && !Array.isArray(value) && 'error' in value)
    return new Error(String((value as { error: string }).error));
  return value;
}

export interface CaptureContext {
  version: string;
  sentinel: { master: string; primary: number; replicas: number[]; sentinels: number[] };
  sentinelAfterFailover: { primary: number };
  cluster: { nodes: number[]; primaries: number[] };
  clusterAfterFailover: { failed: number; promoted: number; observer: number };
  clusterDown: { failed: number[]; observer: number };
}

export const context = JSON.parse(readFileSync(join(REPLIES_DIR, 'context.json'), 'utf8')) as CaptureContext;
