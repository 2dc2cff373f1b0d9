/**
 * Issue-4 figures: the durability analysis (include tree, effective settings,
 * model, rules, summary) on top of parse+validate, and the code actions an
 * editor asks for: quick fixes at a diagnostic, and the three profile source
 * actions (each computes its whole edit) — for the 2,276-line stock file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../server/parser/parse';
import { analyzeDurability } from '../server/service/durability';
import { check } from '../server/service';
import { codeActions } from '../server/service/codeActions';
import { validate } from '../server/service/validate';
import { ROOT } from '../test/support/lsp';
import { measure } from './lib';

const stock = readFileSync(join(ROOT, 'test/fixtures/stock/redis-7.0.conf'), 'utf8');

async function main() {
  const doc = parseConfig(stock);
  const v = validate(doc, { version: '7.0', language: 'redis-conf' });
  await measure(
    'durability analysis of redis-7.0.conf (after parse+validate)',
    () =>
      analyzeDurability({
        doc,
        uri: 'file:///bench/redis.conf',
        language: 'redis-conf',
        version: '7.0',
        options: {},
        sentinel: v.sentinel,
      }),
    { runs: 100, warmup: 20 },
  );
  const a = check(stock, { language: 'redis-conf', uri: 'file:///bench/redis.conf', settings: { targetVersion: '7.0' } });
  const d = a.diagnostics.find((x) => x.code === 'rdb-only')!;
  await measure(
    'quick fixes at a rule diagnostic, redis-7.0.conf',
    () => codeActions(a, { range: d.range, diagnostics: [d], only: ['quickfix'] }),
    { runs: 100, warmup: 20 },
  );
  await measure(
    'three "Apply profile" source actions, redis-7.0.conf',
    () => codeActions(a, { range: d.range, diagnostics: [], only: ['source'] }),
    { runs: 50, warmup: 10 },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
