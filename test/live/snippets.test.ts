/**
 * Every snippet, inserted into an empty file with its defaults, loads in the
 * real redis-server 7.0.15 (redis-sentinel for the Sentinel ones). Addresses
 * are rewritten first: hosts to 127.0.0.1 and the primary's port to a closed
 * local port, so no process ever connects anywhere else (the guidance's
 * examples use 10.0.0.10).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../server/parser/parse';
import { check } from '../../server/service';
import { buildSnippets, defaultExpansion } from '../../tools/editing/snippets';
import { freePort, judgeConfig, missingBinaries } from '../support/redis';

/** Points every address in the config at 127.0.0.1 and `port`, which nothing listens on. */
function localize(text: string, port: number): string {
  const doc = parseConfig(text);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const d of doc.directives) {
    const sub = d.args[0]?.value.toLowerCase();
    const addr =
      d.key === 'replicaof' || d.key === 'slaveof'
        ? [0, 1]
        : d.key === 'sentinel' && sub === 'monitor'
          ? [2, 3]
          : d.key === 'sentinel' && (sub === 'known-replica' || sub === 'known-sentinel')
            ? [2, 3]
            : undefined;
    if (!addr) continue;
    const [host, p] = addr.map((i) => d.args[i]);
    if (host) edits.push({ start: host.start, end: host.end, text: '127.0.0.1' });
    if (p) edits.push({ start: p.start, end: p.end, text: String(port) });
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const skip = missingBinaries();

describe('snippets load in the real servers', { skip }, () => {
  for (const language of ['redis-conf', 'sentinel-conf'] as const) {
    for (const [name, snippet] of Object.entries(buildSnippets(language))) {
      test(`${name} (${language === 'redis-conf' ? 'redis-server' : 'redis-sentinel'})`, async () => {
        const closed = await freePort();
        const text = `${localize(defaultExpansion(snippet.body), closed)}\n`;
        assert.doesNotMatch(text, /\b(?!127\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/, 'only loopback addresses');
        const verdict = await judgeConfig(text, { sentinel: language === 'sentinel-conf' });
        assert.equal(verdict.verdict, 'accepted', `${verdict.message}\n--- config ---\n${text}\n--- output ---\n${verdict.output}`);
        // and our own checker agrees that it loads
        const ours = check(text, { language, uri: 'file:///x/snippet.conf', settings: { targetVersion: '7.0' } });
        assert.deepEqual(
          ours.diagnostics.filter((d) => d.severity === 1),
          [],
        );
      });
    }
  }
});
