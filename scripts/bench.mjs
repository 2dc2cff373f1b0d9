// npm run bench: builds, then runs every bench/*.bench.ts in its own process
// (so one bench's heap and JIT state does not colour the next) and prints a
// table of medians. `npm run bench -- lsp` runs only files whose name matches.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (!process.argv.includes('--no-build')) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
const rows = [];
let failed = false;
for (const f of files) {
  process.stderr.write(`running bench/${f} …\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', f)], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    failed = true;
    process.stderr.write(`bench/${f} failed:\n${r.stderr}\n`);
  }
  for (const line of r.stdout.split('\n')) {
    try {
      const o = JSON.parse(line);
      if (o.bench) rows.push({ file: f, ...o.bench });
    } catch {
      /* not a figure */
    }
  }
}
const fmt = (x) => (x === undefined ? '' : x < 10 ? x.toFixed(3) : x.toFixed(1));
const head = ['benchmark', 'median ms', 'p90 ms', 'runs', 'target ms', 'vs target'];
const body = rows.map((r) => [
  r.name,
  fmt(r.medianMs),
  fmt(r.p90Ms),
  String(r.runs),
  fmt(r.targetMs),
  r.targetMs ? `${(r.medianMs / r.targetMs).toFixed(2)}×` : '',
]);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const b of body) console.log(line(b));
for (const r of rows.filter((r) => r.note)) console.log(`* ${r.name}: ${r.note}`);
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
process.exit(failed ? 1 : 0);
