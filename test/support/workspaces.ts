/**
 * Workspaces on disk for the tests and benches of the workspace index: many
 * config files of many services, and one service whose redis.conf is watched
 * by Sentinels in the folder beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Writes `files` (paths relative to `dir`) and returns their absolute paths. */
export function writeFiles(dir: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([rel, text]) => {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  });
}

export const uriOf = (p: string) => pathToFileURL(p).href;

/** A Sentinel watching a primary on 127.0.0.1:`port`. */
export function sentinelConf(port: number, downAfterMs = 5000, master = 'mymaster'): string {
  return `port 26379\nsentinel monitor ${master} 127.0.0.1 ${port} 2\nsentinel down-after-milliseconds ${master} ${downAfterMs}\n`;
}

export function redisConf(port: number): string {
  return `port ${port}\nappendonly yes\n`;
}

export interface Repository {
  /** The redis.conf of the service the Sentinels watch. */
  primary: string;
  /** Its port. */
  port: number;
  /** The Sentinel configs watching it. */
  watching: string[];
  /** Every config file. */
  configs: string[];
  /** Every file written. */
  files: number;
}

/**
 * A repository of `files` files: `deploy/` holds the configs of other services
 * (a redis and a sentinel config per environment, other ports) and their
 * manifests; `services/cache/` holds the primary's redis.conf and, in
 * `sentinels/`, `watching` Sentinel configs on its port; the rest is other
 * files (YAML, Markdown, nginx configs). Walked in order, the other services
 * come first.
 */
export function generateRepository(dir: string, opts: { files: number; otherConfigs: number; watching: number }): Repository {
  const out: Record<string, string> = {};
  const configs: string[] = [];
  const port = 6380;
  for (let i = 0; i < opts.otherConfigs; i++) {
    const env = `deploy/env-${String(Math.floor(i / 2)).padStart(5, '0')}`;
    const rel = i % 2 ? `${env}/sentinel-${i}.conf` : `${env}/redis-${i}.conf`;
    out[rel] = i % 2 ? sentinelConf(10_000 + i) : redisConf(10_000 + i);
    configs.push(rel);
  }
  out['services/cache/redis.conf'] = redisConf(port);
  configs.push('services/cache/redis.conf');
  const watching: string[] = [];
  for (let i = 0; i < opts.watching; i++) {
    const rel = `services/cache/sentinels/sentinel-${String(i).padStart(3, '0')}.conf`;
    out[rel] = sentinelConf(port, 3000 + i);
    watching.push(rel);
    configs.push(rel);
  }
  const kinds = ['values.yaml', 'README.md', 'nginx.conf', 'Dockerfile'];
  for (let i = 0; Object.keys(out).length < opts.files; i++) {
    out[`deploy/env-${String(i % 2000).padStart(5, '0')}/${i}-${kinds[i % kinds.length]}`] = `# file ${i}\n`;
  }
  writeFiles(dir, out);
  return {
    primary: join(dir, 'services/cache/redis.conf'),
    port,
    watching: watching.map((w) => join(dir, w)),
    configs: configs.map((c) => join(dir, c)),
    files: Object.keys(out).length,
  };
}
