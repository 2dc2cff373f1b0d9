/**
 * Builds the test-only artefacts around test/vscode/scenarios.ts, under
 * out/vscode-tests/ (gitignored): the probe extension as a .vsix for
 * code-server, and the @vscode/test-electron suite module.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export const ROOT = join(__dirname, '..', '..');
export const OUT = join(ROOT, 'out', 'vscode-tests');

const bundle = (entry: string, outfile: string) =>
  buildSync({
    entryPoints: [join(__dirname, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
    sourcemap: 'inline',
  });

/** The probe extension packaged with vsce; returns the .vsix path. */
export function buildProbeVsix(): string {
  const dir = join(OUT, 'probe');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  bundle('probe/probe.ts', join(dir, 'dist', 'probe.js'));
  copyFileSync(join(__dirname, 'probe', 'package.json'), join(dir, 'package.json'));
  copyFileSync(join(ROOT, 'LICENSE'), join(dir, 'LICENSE'));
  writeFileSync(
    join(dir, 'README.md'),
    '# redis-ha API probe\n\nTest only: runs the API scenarios of test/vscode/scenarios.ts in code-server.\n',
  );
  const vsix = join(OUT, 'redis-ha-api-probe.vsix');
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`packaging the probe failed:\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

/** The extensionTestsPath module for @vscode/test-electron; returns its path. */
export function buildElectronSuite(): string {
  const file = join(OUT, 'electron', 'index.js');
  bundle('electron/index.ts', file);
  return file;
}
