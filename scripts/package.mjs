// npm run package: a production build of the three bundles, then redis-ha.vsix
// with @vscode/vsce. What goes in is decided by .vscodeignore (an allowlist);
// node_modules stays out because esbuild bundles every dependency.
// package.json names the repository, so vsce never prompts for one; README links
// stay relative (--no-rewrite-relative-links), so screenshots next to the README
// resolve inside the installed extension. Ships CHANGELOG.md, the icon and the
// walkthrough's media; ARCHITECTURE.md and CONTRIBUTING.md stay in the repository.
// The file is written under a temporary name and renamed, so a reader never
// sees half a package; before that, the package must hold both entry points
// its manifest names — `main` (Node.js) and `browser` (vscode.dev). `--out FILE`
// writes elsewhere.
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingEntries } from './vsix.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'redis-ha.vsix');
const partial = `${out}.${process.pid}.partial.vsix`;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    rmSync(partial, { force: true });
    console.error(`${cmd} ${args.join(' ')} failed${r.error ? `: ${r.error.message}` : ` with exit code ${r.status}`}`);
    process.exit(1);
  }
}

run(process.execPath, [join(root, 'scripts/build.mjs'), '--production']);
run(process.execPath, [
  join(root, 'node_modules/@vscode/vsce/vsce'),
  'package',
  '--no-dependencies',
  '--no-rewrite-relative-links',
  '--out',
  partial,
]);
const missing = missingEntries(partial);
if (missing.length) {
  rmSync(partial, { force: true });
  console.error(`the package lacks ${missing.join(', ')}`);
  process.exit(1);
}
renameSync(partial, out);
console.log(`packaged ${out}`);
