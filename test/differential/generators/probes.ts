/**
 * The 141 probes of test/fixtures/ground-truth/probes-redis-7.0.15.tsv,
 * judged again by the real binary (they are a head start, not an authority:
 * the verdict recorded in the file is not used). Before a probe reaches a
 * real process its addresses are made safe: every IP becomes 127.0.0.1,
 * the ports of replicaof / sentinel monitor / known-* lines become closed
 * local ports, `::1` becomes the optional `-::1` (a host without IPv6 must
 * not decide the verdict) and the host name `redis-master` becomes
 * `localhost` (answered by /etc/hosts, so no name server is asked).
 *
 * Left out, as they depend on the host: the missing include file, the
 * missing module, the missing directory, the missing notification script,
 * the log file in a missing directory and the log file named "stdout".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseList, type Case, type GenContext } from '../support/cases';

export const PROBES_FILE = join(__dirname, '../../fixtures/ground-truth/probes-redis-7.0.15.tsv');

/** Probes whose verdict is a fact of the host, with the reason. */
export const HOST_PROBES: Record<string, string> = {
  'include-missing': 'whether /nonexistent/redis-extra.conf exists is a fact of the host',
  'loadmodule-missing': 'whether a module file exists and loads is a fact of the host',
  'dir-missing': 'whether a directory exists is a fact of the host',
  's-notif-missing': 'whether a script exists and is executable is a fact of the host',
  'logfile-bad(raw,no --logfile override)': 'whether a log file can be opened is a fact of the host',
  'logfile-stdout-word':
    'a log file named "stdout" is created in the directory redis-server starts in, a fact of the host (and its log would no longer reach the harness)',
};

/** Probes where we differ from Debian's build on purpose. */
export const BUILD_DEPENDENT: Record<string, { verdict: 'accepted' | 'rejected'; why: string }> = {
  'activedefrag-yes': {
    verdict: 'rejected',
    why: "activedefrag yes needs the jemalloc bundled with the Redis sources; Debian's build links the system jemalloc and refuses the line, the redis.io build accepts it, so we warn (build-dependent) instead of claiming an error",
  },
};

export interface Probe {
  name: string;
  mode: 'redis' | 'sentinel';
  text: string;
  verdict: string;
  line: string;
  message: string;
}

function unescapeProbe(s: string): string {
  return s.replace(/\\(n|t|\\)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

export function readProbes(): Probe[] {
  const rows = readFileSync(PROBES_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return rows.slice(1).map((row) => {
    const [name, mode, text, verdict, line, message] = row.split('\t');
    return { name, mode: mode as Probe['mode'], text: unescapeProbe(text), verdict, line, message: message ?? '' };
  });
}

/** Points every address of a probe at 127.0.0.1 and closed ports, keeping distinct ports distinct. */
export function makeSafe(text: string, ctx: GenContext): string {
  const portMap = new Map<string, string>();
  const closed = (p: string) => {
    if (!portMap.has(p)) portMap.set(p, String(ctx.closedPorts[portMap.size % ctx.closedPorts.length]));
    return portMap.get(p)!;
  };
  return text
    .split('\n')
    .map((l) => {
      let out = l
        .replace(/\b(?!127\.)\d{1,3}(\.\d{1,3}){3}\b/g, '127.0.0.1')
        .replace(/(^|\s)::1(\s|$)/g, '$1-::1$2')
        .replace(/\bredis-master\b/g, 'localhost');
      // the port after the host in replicaof / slaveof / sentinel monitor / known-replica|slave|sentinel
      out = out.replace(/^(\s*(?:replicaof|slaveof)\s+\S+\s+)(\d+)/i, (_, head: string, port: string) => `${head}${closed(port)}`);
      out = out.replace(
        /^(\s*sentinel\s+(?:monitor|known-replica|known-slave|known-sentinel)\s+\S+\s+\S+\s+)(\d+)/i,
        (_, head: string, port: string) => `${head}${closed(port)}`,
      );
      return out;
    })
    .join('\n');
}

export function probeCases(ctx: GenContext): Case[] {
  const c = new CaseList('probes', false);
  for (const p of readProbes()) {
    if (HOST_PROBES[p.name]) continue;
    // 6.2 has no include globs: its pattern is a file name, and whether that file exists is a fact of the host
    if (ctx.version === '6.2' && p.name === 'include-glob-nomatch') continue;
    const text = makeSafe(p.text, ctx);
    c.add(p.name.replace(/\(.*$/, ''), p.name, text, { sentinel: p.mode === 'sentinel', expectReal: BUILD_DEPENDENT[p.name] });
  }
  return c.list;
}
