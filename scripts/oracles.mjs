// npm run test:oracles [-- --record] [ORACLE_ID...]: the whole differential sweep —
// every generated case of every oracle binary found (test/differential/support/oracles.ts
// says where they are looked for), judged by the binary and by us. --record rewrites
// test/fixtures/oracles/<id>.json.gz with what each binary said, for clones without them.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const env = { ...process.env, REDIS_HA_ORACLE_SAMPLE: '1' };
if (args.includes('--record')) env.REDIS_HA_RECORD = '1';
const only = args.filter((a) => !a.startsWith('--'));
if (only.length) env.REDIS_HA_ORACLE_ONLY = only.join(',');
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/differential/oracles.test.ts', 'test/differential/recorded.test.ts'],
  { cwd: root, stdio: 'inherit', env },
);
process.exit(r.status ?? 1);
