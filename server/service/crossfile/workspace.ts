/**
 * What the config files of a workspace need to know about each other: a
 * redis.conf's port and whether its clients must authenticate (so a Sentinel
 * watching that port can be told it lacks `auth-pass`), a sentinel.conf's
 * monitored primaries and their failover time (so a redis.conf can show the
 * RTO of the Sentinels watching it), and every file's includes (so an edit to
 * an included file re-checks the files that include it). The facts are plain
 * data; the language server keeps them for the workspace folders, the CLI for
 * the files it is given.
 */
import type { Range } from 'vscode-languageserver-types';
import { strcaseEq } from '../cnum';
import type { ConfigLine } from './includes';
import type { Language } from '../options';
import type { DurabilityModel } from '../durability/model';
import type { EffectiveConfig } from '../durability/settings';

export interface Located {
  uri: string;
  range: Range;
}

export interface AuthFacts {
  /** The password clients (and replicas, and Sentinels) must give; undefined when only a hash is known. */
  password?: string;
  via: 'requirepass' | 'user';
  at: Located;
}

export interface NodeFacts {
  language: 'redis-conf';
  uri: string;
  path?: string;
  port: number;
  /** The port of the primary its `replicaof` names: that file is a primary with replicas. */
  replicaOfPort?: number;
  auth?: AuthFacts;
  /** Files read through include lines. */
  includes: string[];
}

export interface MonitorFacts {
  master: string;
  host: string;
  port: number;
  quorum: number;
  rto?: { minMs: number; maxMs: number };
  downAfterMs: number;
  at: Located;
}

export interface SentinelFacts {
  language: 'sentinel-conf';
  uri: string;
  path?: string;
  masters: MonitorFacts[];
  includes: string[];
}

export type ConfigFacts = NodeFacts | SentinelFacts;

/** The other config files of the workspace, as the language server or the CLI knows them. */
export interface WorkspaceIndex {
  configs(): readonly ConfigFacts[];
}

export function locate(l: ConfigLine): Located {
  return { uri: l.file.uri, range: l.file.doc.rangeOf(l.line) };
}

export function factsOf(model: DurabilityModel, uri: string, path: string | undefined): ConfigFacts {
  const c = model.config;
  const includes = c.tree.files
    .slice(1)
    .map((f) => f.path)
    .filter((p): p is string => !!p);
  if (model.language === 'sentinel-conf') {
    return {
      language: 'sentinel-conf',
      uri,
      path,
      includes,
      masters: (model.sentinel ?? []).map((f) => ({
        master: f.master,
        host: f.host,
        port: f.port,
        quorum: f.quorum,
        rto: f.rto,
        downAfterMs: f.downAfterMs,
        at: locate(f.monitor),
      })),
    };
  }
  const port = c.int('port');
  const master = model.replication?.master;
  return { language: 'redis-conf', uri, path, port, ...(master ? { replicaOfPort: master.port } : {}), auth: authOf(c), includes };
}

export interface DefaultUserAuth {
  /** 'open': anyone may connect as the default user without a password. */
  state: 'open' | 'password' | 'disabled' | 'unknown';
  password?: string;
  line?: ConfigLine;
  via?: 'requirepass' | 'user' | 'aclfile';
}

/**
 * How the default user logs in. requirepass sets its password at load time;
 * `user default …` lines are applied after the file is read, in order; with an
 * aclfile the users live elsewhere and we cannot tell.
 */
export function defaultUserAuth(c: EffectiveConfig): DefaultUserAuth {
  const aclfile = c.line('aclfile');
  if (aclfile?.line.args[0]?.value) return { state: 'unknown', line: aclfile, via: 'aclfile' };
  let out: DefaultUserAuth = { state: 'open' };
  const rp = c.line('requirepass');
  if (rp?.line.args[0]?.value) out = { state: 'password', password: rp.line.args[0].value, line: rp, via: 'requirepass' };
  for (const u of c.lines('user')) {
    const a = u.line.args;
    if (!a.length || a[0].value !== 'default') continue;
    for (const r of a.slice(1).map((t) => t.value)) {
      if (strcaseEq(r, 'off')) out = { ...out, state: 'disabled', line: u, via: 'user' };
      else if (strcaseEq(r, 'on') && out.state === 'disabled')
        out = { ...out, state: out.password !== undefined ? 'password' : 'open', line: u, via: 'user' };
      else if (strcaseEq(r, 'nopass'))
        out = { ...out, state: out.state === 'disabled' ? 'disabled' : 'open', password: undefined, line: u, via: 'user' };
      else if (r.startsWith('>'))
        out = { ...out, state: out.state === 'disabled' ? 'disabled' : 'password', password: r.slice(1), line: u, via: 'user' };
      else if (r.startsWith('#'))
        out = { ...out, state: out.state === 'disabled' ? 'disabled' : 'password', password: undefined, line: u, via: 'user' };
      else if (strcaseEq(r, 'resetpass'))
        out = { ...out, state: out.state === 'disabled' ? 'disabled' : 'password', password: undefined, line: u, via: 'user' };
      else if (strcaseEq(r, 'reset')) out = { state: 'disabled', line: u, via: 'user' };
    }
  }
  return out;
}

function authOf(c: EffectiveConfig): AuthFacts | undefined {
  const a = defaultUserAuth(c);
  if (a.state !== 'password' || !a.line) return undefined;
  return { password: a.password, via: a.via === 'user' ? 'user' : 'requirepass', at: locate(a.line) };
}

/** redis.conf files of the workspace whose port is the one a Sentinel monitors. */
export function nodesOnPort(index: readonly ConfigFacts[], port: number, self?: string): NodeFacts[] {
  // a file that another one includes is a fragment, not a server of its own
  const included = new Set(index.flatMap((f) => f.includes));
  return index.filter(
    (f): f is NodeFacts => f.language === 'redis-conf' && f.port === port && f.uri !== self && !(f.path && included.has(f.path)),
  );
}

/** Sentinels of the workspace that monitor `port`. */
export function sentinelsWatching(
  index: readonly ConfigFacts[],
  port: number,
  self?: string,
): Array<{ file: SentinelFacts; monitor: MonitorFacts }> {
  const out: Array<{ file: SentinelFacts; monitor: MonitorFacts }> = [];
  for (const f of index) {
    if (f.language !== 'sentinel-conf' || f.uri === self) continue;
    for (const m of f.masters) if (m.port === port) out.push({ file: f, monitor: m });
  }
  return out;
}

export type { Language };
