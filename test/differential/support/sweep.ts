/**
 * One oracle's sweep: the generated corpus of its version judged by the real
 * binary and by our service, and the record of what the binary said (with its
 * provenance) for test/fixtures/oracles/.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { aclCases } from '../generators/acl';
import { configGetCases, directiveCases, otherVersionCases } from '../generators/directives';
import { probeCases } from '../generators/probes';
import { relationCases } from '../generators/relations';
import { sentinelCases } from '../generators/sentinel';
import { specialCases } from '../generators/special';
import { stockCases } from '../generators/stock';
import { tokenizerCases } from '../generators/tokenizer';
import type { Case, Category, GenContext } from './cases';
import type { RealVerdict } from './judge';
import type { Oracle } from './oracles';

export const CATEGORIES: Array<{ name: Category; title: string; generate: (ctx: GenContext) => Case[] }> = [
  {
    name: 'directives',
    title: 'every directive of the version: values, bounds, units, argument counts, quoting, name case',
    generate: directiveCases,
  },
  { name: 'config-get', title: 'every setting of the real server with the default CONFIG GET * prints', generate: configGetCases },
  { name: 'other-versions', title: 'names other versions know and this one does not', generate: otherVersionCases },
  { name: 'tokenizer', title: 'tokenizer edge cases', generate: tokenizerCases },
  {
    name: 'special-forms',
    title: 'save, bind, client-output-buffer-limit, replicaof and the other own-setter forms',
    generate: specialCases,
  },
  { name: 'commands', title: 'rename-command and ACL rules over the real command table', generate: aclCases },
  { name: 'relations', title: 'lines judged together', generate: relationCases },
  { name: 'sentinel', title: "sentinel.conf judged by the version's Sentinel", generate: sentinelCases },
  { name: 'probes', title: 'the 141 ground-truth probes, judged again', generate: probeCases },
  { name: 'stock', title: 'the stock redis.conf / sentinel.conf of the version', generate: stockCases },
];

export const RECORDS = resolve(__dirname, '../../fixtures/oracles');

/** What a binary said about one case, as recorded. */
export interface RecordedVerdict {
  verdict: RealVerdict['verdict'];
  line?: number;
  message?: string;
  unresolved?: string[];
  /** The lines of the server's output that explain a refusal (errors, aborts, what it names). */
  log?: string[];
}

export interface Recording {
  oracle: Pick<Oracle, 'id' | 'version' | 'provenance' | 'build' | 'older'>;
  /** When the binary was run (ISO date). */
  recordedAt: string;
  cases: Array<Case & { real: RecordedVerdict }>;
}

export function recordPath(id: string): string {
  return join(RECORDS, `${id}.json.gz`);
}

export function writeRecording(r: Recording): void {
  mkdirSync(RECORDS, { recursive: true });
  // one case per line inside the gzip keeps diffs of the unpacked file readable
  const body = `{"oracle":${JSON.stringify(r.oracle)},"recordedAt":${JSON.stringify(r.recordedAt)},"cases":[\n${r.cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`;
  writeFileSync(recordPath(r.oracle.id), gzipSync(body, { level: 9 }));
}

export function readRecording(id: string): Recording | undefined {
  const p = recordPath(id);
  if (!existsSync(p)) return undefined;
  return JSON.parse(gunzipSync(readFileSync(p)).toString('utf8')) as Recording;
}

export function toRecorded(real: RealVerdict): RecordedVerdict {
  const r: RecordedVerdict = { verdict: real.verdict };
  if (real.line !== undefined) r.line = real.line;
  if (real.verdict === 'rejected' && real.message) r.message = real.message.slice(0, 300);
  if (real.unresolved) r.unresolved = real.unresolved;
  if (real.verdict === 'rejected') {
    const log = real.output
      .split('\n')
      .filter((l) => /error|fail|fatal|unresolved|unused|>>>|guru|getgrnam|can't|cannot|invalid/i.test(l))
      .slice(0, 6)
      .map((l) => l.replace(/^\d+:[A-Z] \d\d \w{3} \d{4} [\d:.]+ [#*.-] /, '').slice(0, 200));
    if (log.length) r.log = log;
  }
  return r;
}
