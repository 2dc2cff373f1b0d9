/**
 * `npm run test:electron`: the API scenarios (test/vscode/scenarios.ts) in a
 * desktop VS Code, with @vscode/test-electron. It downloads VS Code into
 * .vscode-test/ unless VSCODE_TEST_EXECUTABLE names one (VSCODE_TEST_VERSION
 * picks the version, default stable). On Linux without a display, run it
 * under `xvfb-run -a`. Where no VS Code can be downloaded (as on CI), the same
 * scenarios run in code-server's extension host: test/e2e/api.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildElectronSuite, ROOT } from './build';

/** A VS Code that test-electron can use without a download, if any: the env variable, or a copy cached in .vscode-test/. */
export function localVSCode(): string | undefined {
  if (process.env.VSCODE_TEST_EXECUTABLE) return process.env.VSCODE_TEST_EXECUTABLE;
  const cache = join(ROOT, '.vscode-test');
  const found = existsSync(cache) && readdirSync(cache).find((d) => /^vscode-(linux|darwin|win32)/.test(d));
  return found ? join(cache, found) : undefined;
}

/**
 * Why the API scenarios cannot run under @vscode/test-electron here, or
 * undefined when they can: a desktop VS Code is at hand (or may be
 * downloaded: REDIS_HA_TEST_ELECTRON=1) and there is a display.
 */
export function electronSkipReason(): string | undefined {
  if (!localVSCode() && process.env.REDIS_HA_TEST_ELECTRON !== '1') {
    return (
      'no desktop VS Code here (none in .vscode-test/, VSCODE_TEST_EXECUTABLE unset) and downloading one is not enabled: ' +
      'run `npm run test:electron` on a machine that can download VS Code, or set REDIS_HA_TEST_ELECTRON=1; ' +
      "the same API scenarios ran in code-server's extension host (test/e2e/api.test.ts)"
    );
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'desktop VS Code needs a display: run under `xvfb-run -a`';
  }
  return undefined;
}

/** Builds, then runs the scenarios in a desktop VS Code; resolves with its exit code. */
export async function runElectronScenarios(): Promise<number> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) return 1;
  const extensionTestsPath = buildElectronSuite();
  const workspace = mkdtempSync(join(tmpdir(), 'redis-ha-electron-ws-'));
  const userData = mkdtempSync(join(tmpdir(), 'redis-ha-electron-user-'));
  try {
    return await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath,
      vscodeExecutablePath: process.env.VSCODE_TEST_EXECUTABLE,
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        userData,
      ],
    });
  } catch (e) {
    console.error(`@vscode/test-electron: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runElectronScenarios().then((code) => process.exit(code));
}
