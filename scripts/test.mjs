// npm test: lint and format check (Biome), type-check, build the bundles, then run every suite with Node's
// test runner — unit (pure service), protocol (dist/server.js over LSP),
// differential and live (real redis-server), e2e (real VS Code in Chromium).
// `npm test -- unit protocol` runs only the named levels.
// `npm run test:oracles` is the whole differential sweep of every oracle binary found
// (REDIS_HA_RECORD=1 also rewrites test/fixtures/oracles).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LEVELS = ['unit', 'protocol', 'differential', 'live', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const w of wanted) {
  if (!LEVELS.includes(w)) {
    console.error(`unknown test level '${w}'; levels: ${LEVELS.join(', ')}`);
    process.exit(2);
  }
}
const levels = wanted.length ? wanted : LEVELS;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (/\.test\.(ts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

if (!process.argv.includes('--no-build')) {
  // lint and format first: Biome reads the whole tree in about a second
  if (run('npx', ['biome', 'ci', '--error-on-warnings']) !== 0) {
    console.error('\nlint or format: see above (npm run format fixes the formatting and the safe lint fixes)');
    process.exit(1);
  }
  if (run('npx', ['tsc', '--noEmit', '-p', '.']) !== 0) process.exit(1);
  if (run('node', ['scripts/build.mjs']) !== 0) process.exit(1);
}

const failed = [];
for (const level of levels) {
  const files = testFiles(join(root, 'test', level)).map((f) => relative(root, f));
  if (!files.length) continue;
  console.log(`\n=== ${level} tests (${files.length} file${files.length === 1 ? '' : 's'}) ===`);
  // the live sweep of every oracle binary judges a sample in the suite (every 4th case; the recorded
  // verdicts of every case are replayed in full); `npm run test:oracles` judges every case
  const env = { ...process.env, REDIS_HA_TEST_LEVEL: level };
  if (level === 'differential') env.REDIS_HA_ORACLE_SAMPLE ??= '4';
  // the live files mostly wait for servers (failovers, timeouts): two at a time halve their 7 minutes on 2 CPUs
  // (Node's default is one file at a time there); every process they start has its own free ports
  const concurrency = level === 'live' ? ['--test-concurrency=2'] : [];
  const code = run(process.execPath, ['--import', 'tsx', '--test', ...concurrency, '--test-reporter=spec', ...files], { env });
  if (code !== 0) failed.push(level);
}
if (failed.length) {
  console.error(`\nFAILED: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nall test levels passed: ${levels.join(', ')}`);
