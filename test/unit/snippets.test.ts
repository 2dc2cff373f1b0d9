/**
 * Snippets: generated from the reference profiles (server/catalog/profiles.ts)
 * and blocks (server/catalog/blocks.ts); the committed JSON must equal the
 * generated output, and every snippet's default expansion must be a config our
 * checker accepts (the live suite loads the same text in the real servers).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BLOCKS } from '../../server/catalog/blocks';
import { lineText, PROFILES } from '../../server/catalog/profiles';
import { check } from '../../server/service';
import { buildSnippets, defaultExpansion, snippetFileText } from '../../tools/editing/snippets';
import { ROOT } from '../support/lsp';

const LANGS = ['redis-conf', 'sentinel-conf'] as const;

describe('snippets', () => {
  test('the committed snippet files are the generated ones (npm run generate:editing)', () => {
    for (const lang of LANGS)
      assert.equal(readFileSync(join(ROOT, 'snippets', `${lang}.json`), 'utf8'), snippetFileText(lang), `snippets/${lang}.json is stale`);
  });

  test('the four profiles and the five blocks are there, with their prefixes', () => {
    const all = { ...buildSnippets('redis-conf'), ...buildSnippets('sentinel-conf') };
    const prefixes = Object.values(all).flatMap((s) => s.prefix);
    for (const p of PROFILES) assert.ok(prefixes.includes(`profile-${p.id}`), p.id);
    for (const b of BLOCKS) assert.ok(prefixes.includes(b.id), b.id);
    assert.equal(Object.keys(all).length, PROFILES.length + BLOCKS.length);
  });

  test('each profile line is preceded by the comment saying why, and expands to the profile text', () => {
    for (const p of PROFILES) {
      const s = buildSnippets(p.language)[`Profile: ${p.label}`];
      const lines = defaultExpansion(s.body).split('\n');
      for (const line of p.sections.flatMap((x) => x.lines)) {
        const at = lines.indexOf(lineText(line));
        assert.ok(at > 0, `${p.id}: ${lineText(line)}`);
        const words = line.why.split(' ').slice(-3).join(' ');
        assert.ok(
          lines[at - 1].startsWith('#') &&
            lines
              .slice(0, at)
              .map((l) => l.replace(/^# ?/, ''))
              .join(' ')
              .includes(words),
          `${p.id}: why of ${lineText(line)}`,
        );
      }
    }
  });

  test('tab stops: fields share a stop, values of blocks are choices for yes/no and enums', () => {
    const sentinel = buildSnippets('sentinel-conf')['Profile: Sentinel (3 Sentinels)'].body.join('\n');
    assert.match(sentinel, /sentinel monitor \$\{1:mymaster\} \$\{2:10\.0\.0\.10\} \$\{3:6379\} \$\{4:2\}/);
    assert.match(sentinel, /sentinel down-after-milliseconds \$\{1:mymaster\} 5000/);
    const aof = buildSnippets('redis-conf')['Block: AOF everysec with RDB preamble'].body.join('\n');
    assert.match(aof, /appendfsync \$\{2\|everysec,always,no\|\}/);
    assert.match(aof, /appendonly \$\{1\|yes,no\|\}/);
    assert.equal(defaultExpansion(['save ${1:\\"\\"}', 'x \\$HOME ${2|a\\,b,c|} $0']), 'save ""\nx $HOME a,b ');
  });

  test('every snippet expands to a config without errors for Redis 6.2, 7.0 and Valkey 8.0', () => {
    for (const lang of LANGS) {
      for (const [name, s] of Object.entries(buildSnippets(lang))) {
        for (const v of ['6.2', '7.0', 'valkey-8.0']) {
          const a = check(defaultExpansion(s.body), {
            language: lang,
            uri: `file:///x/${lang === 'redis-conf' ? 'redis' : 'sentinel'}.conf`,
            settings: { targetVersion: v },
          });
          const errors = a.diagnostics.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: ${d.message}`);
          assert.deepEqual(errors, [], `${name} (${v})`);
        }
      }
    }
  });
});
