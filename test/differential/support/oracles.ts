/**
 * The real servers our verdicts are proved against: one binary per catalog
 * version (some versions have two: the line's newest patch and an older one),
 * each with the provenance of the tree it was built from.
 *
 * Where the binaries are: Debian's redis-server / redis-sentinel 7.0.15 on the
 * PATH; the others in folders named after the oracle (`redis-7.4.1/redis-server`,
 * `valkey-9.1.0/valkey-server`) under any directory of $REDIS_HA_ORACLES
 * (colon-separated), `../shared/oracles` beside the checkout (the team's
 * builds, which CI has) or `.cache/oracles` (builds of one's own). A binary is
 * its version's Sentinel with `--sentinel`.
 *
 * What a run learns is recorded in test/fixtures/oracles/<id>.json.gz with
 * this provenance, so a clone without the binaries still checks every verdict
 * (test/differential/recorded.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { VersionId } from '../../../server/catalog/catalog';

export interface Oracle {
  /** The folder name, e.g. 'redis-8.6' or 'valkey-9.1.0'. */
  id: string;
  /** The catalog version whose verdicts it judges. */
  version: VersionId;
  /** The file name of the binary inside its folder (Debian: a command on the PATH). */
  binary: string;
  /** How the Sentinel is started: another binary, or this one with --sentinel. */
  sentinel: { binary?: string; flag?: string };
  provenance: { repo: string; commit: string; reports: string; note?: string };
  /** Build options that decide verdicts regardless of the version. */
  build: { tls: boolean; jemalloc: boolean };
  /**
   * How the binary's tree differs from the catalog's table of its version, with
   * the directives where that shows: the patch releases the table includes and
   * the binary predates.
   */
  older?: { why: string; directives: string[]; commands?: string[] };
}

const UNSTABLE = 'minchopaskal/redis';
const NO_TLS = { tls: false, jemalloc: false };
const branchPoint = (commit: string, line: string) => ({
  repo: UNSTABLE,
  commit,
  reports: '255.255.255',
  note: `the unstable commit where ${line} branched (the tree the catalog's ${line} table is read from); built with ../shared/oracles/build.sh`,
});

export const ORACLES: Oracle[] = [
  {
    id: 'redis-6.2.16',
    version: '6.2',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: { repo: 'redis/redis', commit: 'ad950e4c32d9ebff932f157cfad135bde4fadce4', reports: '6.2.16' },
    older: {
      why: "the table includes lua-enable-deprecated-api, which the CVE-2025-46818 fix brought to the line's later patch releases",
      directives: ['lua-enable-deprecated-api'],
    },
  },
  {
    id: 'debian-7.0.15',
    version: '7.0',
    binary: 'redis-server',
    sentinel: { binary: 'redis-sentinel' },
    build: { tls: true, jemalloc: false },
    provenance: { repo: 'Debian 12 package redis-server', commit: '5:7.0.15-1~deb12u*', reports: '7.0.15' },
  },
  {
    id: 'redis-7.2.6',
    version: '7.2',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: { repo: 'redis/redis', commit: 'ae6a2aa95cd094b032e7a69b8b59f64dd1ed085f', reports: '7.2.6' },
    older: {
      why: "the table includes lua-enable-deprecated-api, which the CVE-2025-46818 fix brought to the line's later patch releases",
      directives: ['lua-enable-deprecated-api'],
    },
  },
  {
    id: 'redis-7.4.1',
    version: '7.4',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: { repo: 'redis/redis', commit: '74b289a0e12f9f65a6daeec6a66cadc76792f644', reports: '7.4.1' },
    older: {
      why: "the table includes lua-enable-deprecated-api, which the CVE-2025-46818 fix brought to the line's later patch releases",
      directives: ['lua-enable-deprecated-api'],
    },
  },
  {
    id: 'redis-8.0',
    version: '8.0',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: branchPoint('d65102861f51af48241f607afa678c4c2a0f894c', '8.0'),
    older: { why: 'the table adds what 8.0.4 took from later commits', directives: ['lua-enable-deprecated-api'] },
  },
  {
    id: 'redis-8.2',
    version: '8.2',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: branchPoint('4604407fdd0614d2db63204a0f5e3f5f8ca8bfd3', '8.2'),
    older: {
      why: 'the table adds what 8.2.2–8.2.7 took from later commits',
      directives: ['lua-enable-deprecated-api', 'cluster-announce-ip', 'cluster-announce-human-nodename'],
    },
  },
  {
    id: 'redis-8.4',
    version: '8.4',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: branchPoint('0a6eacff1fb6184b5e026c8b3c45b785832fac37', '8.4'),
  },
  {
    id: 'redis-8.6',
    version: '8.6',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: branchPoint('b5a37c0e4241b087e4dcefc6f951335257c90cbf', '8.6'),
    older: {
      why: 'the table adds what 8.6.1–8.6.4 took from later commits',
      directives: ['cluster-announce-ip', 'cluster-announce-human-nodename'],
      commands: ['xidmprecord', 'hotkeys|help'],
    },
  },
  {
    id: 'redis-8.8',
    version: '8.8',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: branchPoint('95040d61d59ecd8e85b7c6042aef7031a48579ca', '8.8'),
  },
  {
    id: 'redis-8.8-tls',
    version: '8.8',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: { tls: true, jemalloc: false },
    provenance: {
      ...branchPoint('95040d61d59ecd8e85b7c6042aef7031a48579ca', '8.8'),
      note: 'the unstable commit where 8.8 branched, built with BUILD_TLS=yes (otherwise as ../shared/oracles/build.sh does), to judge the tls-* lines the plain builds cannot',
    },
  },
  {
    id: 'redis-8-dev-2026-06',
    version: '8.8',
    binary: 'redis-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: {
      repo: UNSTABLE,
      commit: '84318433162e6a3cd58d5461e8031eeedbe21a8e',
      reports: '255.255.255',
      note: "unstable of 2026-06-25, after 8.8 branched: its config table equals 8.8's",
    },
  },
  {
    id: 'valkey-7.2.7',
    version: 'valkey-7.2',
    binary: 'valkey-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: { repo: 'valkey-io/valkey', commit: '357191acb9a07876d39f98f951843de482586398', reports: '7.2.7' },
    older: {
      why: "the table is 7.2.13's, which added lua-enable-insecure-api (CVE-2025-46818)",
      directives: ['lua-enable-insecure-api', 'lua-enable-deprecated-api'],
    },
  },
  {
    id: 'valkey-7.2.13',
    version: 'valkey-7.2',
    binary: 'valkey-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: {
      repo: 'hanzoai/kv',
      commit: 'e8563936bdc91cf69f3f3d89d9c40b824489f80c',
      reports: '7.2.13',
      note: 'tag 7.2.13, a genuine Valkey tree; built with ../shared/oracles/build.sh',
    },
  },
  {
    id: 'valkey-8.0.1',
    version: 'valkey-8.0',
    binary: 'valkey-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: { repo: 'valkey-io/valkey', commit: '4fbab5740bfef66918d6c2950dd2b3b4e07815a2', reports: '8.0.1' },
    older: {
      why: "the table is 8.0.9's, which added lua-enable-insecure-api (CVE-2025-46818)",
      directives: ['lua-enable-insecure-api', 'lua-enable-deprecated-api'],
    },
  },
  {
    id: 'valkey-8.0.9',
    version: 'valkey-8.0',
    binary: 'valkey-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: {
      repo: 'hanzoai/kv',
      commit: '3d01ca380545ae9b88acba8643263049d6641c22',
      reports: '8.0.9',
      note: 'tag 8.0.9, a genuine Valkey tree; built with ../shared/oracles/build.sh',
    },
  },
  {
    id: 'valkey-8.1.7',
    version: 'valkey-8.1',
    binary: 'valkey-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: { repo: 'hanzoai/kv', commit: '509dfab0f265195889e12cc353d2d1f603ae6bab', reports: '8.1.7' },
  },
  {
    id: 'valkey-9.0.4',
    version: 'valkey-9.0',
    binary: 'valkey-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: {
      repo: 'hanzoai/kv',
      commit: 'b3867a2528943a370880f5b15aaf54dcd13db9d9',
      reports: '9.0.4',
      note: 'tag 9.0.4, a genuine Valkey tree; built with ../shared/oracles/build.sh',
    },
  },
  {
    id: 'valkey-9.1.0-tls',
    version: 'valkey-9.1',
    binary: 'valkey-server',
    sentinel: { flag: '--sentinel' },
    build: { tls: true, jemalloc: false },
    provenance: {
      repo: 'hanzoai/kv',
      commit: '4916292839836e2eba07f733d7c9b726ae562d11',
      reports: '9.1.0',
      note: 'tag 9.1.0 built with BUILD_TLS=yes (otherwise as ../shared/oracles/build.sh does), to judge the tls-* lines the plain builds cannot',
    },
  },
  {
    id: 'valkey-9.1.0',
    version: 'valkey-9.1',
    binary: 'valkey-server',
    sentinel: { flag: '--sentinel' },
    build: NO_TLS,
    provenance: { repo: 'hanzoai/kv', commit: '4916292839836e2eba07f733d7c9b726ae562d11', reports: '9.1.0' },
  },
];

const ROOT = resolve(__dirname, '../../..');

/** Folders searched for oracle binaries, in order. */
export function oracleDirs(): string[] {
  const env = (process.env.REDIS_HA_ORACLES ?? '').split(':').filter(Boolean);
  return [...env, join(ROOT, '..', 'shared', 'oracles'), join(ROOT, '.cache', 'oracles')];
}

export interface RunnableOracle extends Oracle {
  /** The server command. */
  server: string;
  /** The Sentinel command and its leading arguments. */
  sentinelCommand: { command: string; args: string[] };
}

function runs(cmd: string): boolean {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return !r.error && r.status === 0;
}

/** The oracle with its binary located, or the reason it cannot run here. */
export function locate(o: Oracle): RunnableOracle | { missing: string } {
  if (o.id.startsWith('debian-')) {
    if (!runs(o.binary) || !runs(o.sentinel.binary!))
      return { missing: `${o.binary} / ${o.sentinel.binary} are not installed (apt-get install redis-server redis-sentinel)` };
    return { ...o, server: o.binary, sentinelCommand: { command: o.sentinel.binary!, args: [] } };
  }
  for (const dir of oracleDirs()) {
    const bin = join(dir, o.id, o.binary);
    if (existsSync(bin) && runs(bin)) return { ...o, server: bin, sentinelCommand: { command: bin, args: [] } };
  }
  return { missing: `no ${o.id}/${o.binary} under ${oracleDirs().join(', ')}` };
}

export function isRunnable(x: RunnableOracle | { missing: string }): x is RunnableOracle {
  return !('missing' in x);
}
