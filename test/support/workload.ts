/**
 * Large inputs run in a child process that is killed at a deadline, for the
 * tests of issue 11 that prove work is not quadratic: synchronous code cannot
 * be stopped by node:test's timeout, so a regression would hang the suite
 * instead of failing it. `node --import tsx test/support/workload.ts NAME`
 * runs one workload and prints its result as JSON.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, check, parseConfig, reparseConfig } from '../../server/service';
import { profileActions } from '../../server/service/codeActions';
import { randomConfig, rng } from './navigation';

function lines(n: number, f: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(f(i));
  return `${out.join('\n')}\n`;
}
const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const sentinel = (text: string) => check(text, { language: 'sentinel-conf', uri: 'file:///tmp/bounds/sentinel.conf', settings: {} });

export const WORKLOADS = {
  /** 40,000 known replicas and 40,000 known Sentinels of one master, then one duplicate of each. */
  'sentinel-known-instances': () => {
    const n = 40_000;
    const a = sentinel(
      'sentinel monitor m 127.0.0.1 6379 2\n' +
        lines(n, (i) => `sentinel known-replica m ${ip(i)} 6379`) +
        lines(n, (i) => `sentinel known-sentinel m ${ip(i)} 26379 ${i.toString(16).padStart(40, '0')}`) +
        `sentinel known-replica m ${ip(7)} 6379\nsentinel known-sentinel m 10.9.9.9 26379 ${(7).toString(16).padStart(40, '0')}\n`,
    );
    return {
      replicas: a.sentinel!.masters.get('m')!.knownReplicas.length,
      duplicates: a.diagnostics.filter((d) => d.code === 'sentinel-duplicate-instance').map((d) => d.message),
    };
  },
  /** The Sentinel profile's edits over 30,000 monitored masters. */
  'sentinel-profile': () => {
    const a = sentinel(lines(30_000, (i) => `sentinel monitor m${i} 127.0.0.1 ${1000 + (i % 60_000)} 2`));
    const edits = profileActions(a).map((x) => Object.values(x.edit?.changes ?? {}).reduce((n, e) => n + e.length, 0));
    return { actions: edits.length, edits: edits.reduce((n, e) => n + e, 0) };
  },
} satisfies Record<string, () => unknown>;

export type WorkloadName = keyof typeof WORKLOADS;

/** Runs a workload in a child process; rejects when it has not finished within `timeoutMs`. */
export function runWorkload<T = unknown>(name: WorkloadName, timeoutMs = 90_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`workload ${name} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(guard);
      if (code === 0) resolve(JSON.parse(out) as T);
      else reject(new Error(`workload ${name} exited with ${code}: ${err}`));
    });
  });
}

if (require.main === module) {
  const name = process.argv[2] as WorkloadName;
  process.stdout.write(JSON.stringify(WORKLOADS[name]()));
}

/** About `bytes` of lines redis-server refuses (an unknown directive each), for the size and diagnostics limits. */
export function badLines(bytes: number): string {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const l = `bogus${i} x`;
    out.push(l);
    n += l.length + 1;
  }
  return `${out.join('\n')}\n`;
}

/**
 * The stock redis-7.0.conf after random edits (the kind `npm run stress`
 * makes: text and whole random lines typed anywhere) until it has at least
 * `diagnostics` diagnostics under the newest Redis — unknown names, broken
 * quotes, NULs, wrong values. Deterministic for a seed.
 */
export function noisyStock(diagnostics = 700, seed = 12): string {
  const r = rng(seed);
  let text = readFileSync(join(__dirname, '..', 'fixtures', 'stock', 'redis-7.0.conf'), 'utf8');
  const input = { language: 'redis-conf' as const, uri: 'file:///noisy/redis.conf', settings: {} };
  let a = analyze({ ...input, doc: parseConfig(text) });
  const typed = ['', ' ', '\n', '"', '#', 'yes', 'no', '1gb', 'save 60 1\n', 'appendonly ', '\t', 'é', '\r\n', 'x'];
  while (a.diagnostics.length < diagnostics) {
    const at = Math.floor(r() * text.length);
    const del = r() < 0.5 ? 0 : Math.floor(r() * 40);
    const insert = r() < 0.6 ? randomConfig(r, 3) : typed[Math.floor(r() * typed.length)];
    text = text.slice(0, at) + insert + text.slice(at + del);
    a = analyze({ ...input, doc: reparseConfig(a.doc, text), previous: a });
  }
  return text;
}
