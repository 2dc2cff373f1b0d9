/**
 * Which kind of file a document's directives make it, whatever its name: a
 * Sentinel's (`sentinel …` lines and nothing a data node alone uses), a data
 * node's (no `sentinel` line, directives only a data node uses) or a mix of
 * both (redis-server refuses the `sentinel` lines, a Sentinel ignores the
 * others). One pass over the directives, one catalog look-up per distinct name.
 */
import { areaOf, sentinelIgnores } from '../catalog/areas';
import { catalog } from '../catalog/catalog';
import type { ConfigDocument, Directive } from '../parser/types';
import { Answers } from './memo';

export type ContentKind = 'sentinel-conf' | 'redis-conf' | 'mixed';

/**
 * Directives a Sentinel process acts on besides its `sentinel` lines, from
 * Redis' Sentinel mode (sentinel.c and the server's start-up in that mode):
 * it listens (port, bind, TLS, unix socket), runs as a daemon with its pid
 * file and log, changes into `dir` and rewrites its file there, checks
 * clients against ACL users and requirepass, and its own CONFIG REWRITE
 * writes protected-mode, latency-tracking-info-percentiles and the default
 * user back into the file (redis-sentinel 7.0.15 does so). None of them tells
 * a data node's file from a Sentinel's.
 */
export const SENTINEL_MODE_DIRECTIVES: ReadonlySet<string> = new Set([
  'port',
  'bind',
  'bind-source-addr',
  'protected-mode',
  'unixsocket',
  'unixsocketperm',
  'tcp-backlog',
  'tcp-keepalive',
  'timeout',
  'maxclients',
  'daemonize',
  'supervised',
  'pidfile',
  'logfile',
  'loglevel',
  'syslog-enabled',
  'syslog-ident',
  'syslog-facility',
  'always-show-logo',
  'set-proc-title',
  'proc-title-template',
  'crash-log-enabled',
  'crash-memcheck-enabled',
  'dir',
  'requirepass',
  'user',
  'aclfile',
  'acllog-max-len',
  'acl-pubsub-default',
  'rename-command',
  'enable-debug-command',
  'hz',
  'dynamic-hz',
  'latency-tracking',
  'latency-tracking-info-percentiles',
  'oom-score-adj',
  'oom-score-adj-values',
  'io-threads',
  'include',
  'tls-port',
  'tls-cert-file',
  'tls-key-file',
  'tls-key-file-pass',
  'tls-client-cert-file',
  'tls-client-key-file',
  'tls-client-key-file-pass',
  'tls-dh-params-file',
  'tls-ca-cert-file',
  'tls-ca-cert-dir',
  'tls-auth-clients',
  'tls-replication',
  'tls-protocols',
  'tls-ciphers',
  'tls-ciphersuites',
  'tls-prefer-server-ciphers',
  'tls-session-caching',
  'tls-session-cache-size',
  'tls-session-cache-timeout',
]);

/** Lines of each kind kept as examples for a message (the counts are exact). */
export const SAMPLES = 5;

export interface ContentLanguage {
  /** Undefined when the directives say nothing either way (none, or only ones both kinds of file use). */
  kind: ContentKind | undefined;
  /** `sentinel` lines with arguments, and the first few of them. */
  sentinelCount: number;
  sentinelLines: Directive[];
  /** Whether one of them is a `sentinel monitor`. */
  monitor: boolean;
  /** Lines only a data node uses (a Sentinel ignores them), and the first few of them. */
  dataCount: number;
  dataLines: Directive[];
}

/** Per directive name: whether only a data node uses it. */
const dataOnly = new Answers<boolean>();

/** True when the directive (any version's name or alias) configures a data node only. */
export function isDataNodeOnly(key: string): boolean {
  return dataOnly.get(key, () => {
    const known = catalog().versionsHaving(key);
    if (known.length === 0) return false; // a name no version knows says nothing
    const name = known[known.length - 1].name;
    return !SENTINEL_MODE_DIRECTIVES.has(name) && sentinelIgnores(name, areaOf(name));
  });
}

/** Classifies a parsed document by its directives (see the file comment). */
export function contentLanguage(doc: ConfigDocument): ContentLanguage {
  const out: ContentLanguage = { kind: undefined, sentinelCount: 0, sentinelLines: [], monitor: false, dataCount: 0, dataLines: [] };
  // a file repeats a name many times in a row (150,000 save lines): the last answer is kept at hand
  let lastKey = '';
  let lastData = false;
  for (const d of doc.directives) {
    if (d.key === 'sentinel') {
      if (d.args.length === 0) continue;
      out.sentinelCount++;
      if (out.sentinelLines.length < SAMPLES) out.sentinelLines.push(d);
      if (!out.monitor && d.args[0].value.toLowerCase() === 'monitor') out.monitor = true;
      continue;
    }
    if (d.key !== lastKey) {
      lastKey = d.key;
      lastData = isDataNodeOnly(d.key);
    }
    if (lastData) {
      out.dataCount++;
      if (out.dataLines.length < SAMPLES) out.dataLines.push(d);
    }
  }
  if (out.sentinelCount > 0) out.kind = out.dataCount > 0 ? 'mixed' : 'sentinel-conf';
  else if (out.dataCount > 0) out.kind = 'redis-conf';
  return out;
}
