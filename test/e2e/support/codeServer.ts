/**
 * A real VS Code for end-to-end tests and `npm start`: code-server installed
 * by the project's own installer into .cache/code-server, our packaged .vsix
 * installed into a fresh extensions dir, and the server started on a free
 * 127.0.0.1 port in its own process group (stopping the group also ends the
 * file-watcher child that code-server leaves behind otherwise).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.100.3';
export const CODE_SERVER_DIR = process.env.REDIS_HA_CODE_SERVER_DIR ?? join(ROOT, '.cache', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const VSIX = join(ROOT, 'redis-ha.vsix');
/** The extension's id once installed: publisher.name from package.json. */
export const EXTENSION_ID = 'redis-ha.redis-ha';

/** Runs the project's installer unless this version is already installed; throws with its output on failure. */
export function ensureCodeServer(log: (line: string) => void = () => undefined): void {
  if (existsSync(join(CODE_SERVER_DIR, `.installed-${CODE_SERVER_VERSION}`)) && existsSync(CODE_SERVER_ENTRY)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (one time)`);
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'install-code-server.sh'), CODE_SERVER_DIR], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CODE_SERVER_VERSION },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`scripts/install-code-server.sh failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  log(r.stdout.trim().split('\n').pop() ?? '');
}

/** Newest modification time of the files that end up in the package. */
function newestSource(): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const n of readdirSync(p)) visit(join(p, n));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of [
    'client',
    'server',
    'cli',
    'syntaxes',
    'snippets',
    'images',
    'media',
    'package.json',
    'language-configuration.json',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    '.vscodeignore',
    'scripts/build.mjs',
    'scripts/package.mjs',
    'scripts/vsix.mjs',
  ])
    visit(join(ROOT, p));
  return newest;
}

/** `npm run package` when redis-ha.vsix is missing or older than its sources; returns its path. */
export function ensurePackage(log: (line: string) => void = () => undefined): string {
  if (existsSync(VSIX) && statSync(VSIX).mtimeMs >= newestSource()) return VSIX;
  log('packaging redis-ha.vsix');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  return VSIX;
}

/** Environment for code-server: no VS Code variables inherited from an editor this runs inside. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  return { ...env, ...extra };
}

/** Installs .vsix files into `extensionsDir` with code-server's own CLI (as `code --install-extension` does). */
export function installExtensions(vsixFiles: string[], dirs: { extensionsDir: string; userDataDir: string }): void {
  const args = [CODE_SERVER_ENTRY, '--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir];
  for (const f of vsixFiles) args.push('--install-extension', f);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: cleanEnv(), timeout: 120_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 || /Failed Installing|Error:/i.test(out)) throw new Error(`installing ${vsixFiles.join(', ')} failed:\n${out}`);
}

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  workspace: string;
  /** .vsix files to install into a fresh extensions dir (default: our package). */
  extensions?: string[];
  /** User settings written to the throwaway user-data-dir. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** A fixed port; default a free one chosen by the OS. */
  port?: number;
  /**
   * Workspace trust as a user has it: enabled (no --disable-workspace-trust,
   * security.workspace.trust.enabled on), so the folder of a fresh
   * user-data-dir opens untrusted — Restricted Mode — until the user trusts
   * it. Off by default: the other scenarios run trusted, as most users do.
   */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  url: string;
  /** The URL that opens the workspace folder. */
  workspaceUrl: string;
  port: number;
  /** The process group leader (code-server's entry process); the group has the same id. */
  pid: number;
  dirs: { base: string; userDataDir: string; extensionsDir: string };
  output(): string;
  /** Called if code-server exits without stop() having been asked for. */
  onExit(listener: (how: string) => void): void;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic (no welcome page, tips or update checks). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'workbench.editor.enablePreview': false,
  'editor.hover.delay': 150,
  'workbench.colorTheme': 'Default Dark Modern',
};

const LISTENING = /HTTP server listening on (https?:\/\/[^\s]+)/;

/** Starts code-server with the extensions installed; resolves once it listens. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const base = mkdtempSync(join(tmpdir(), 'redis-ha-code-server-'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const trust = opts.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {};
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...opts.userSettings }, null, 2));
  try {
    installExtensions(opts.extensions ?? [VSIX], { extensionsDir, userDataDir });
  } catch (e) {
    rmSync(base, { recursive: true, force: true });
    throw e;
  }
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${opts.port ?? 0}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--config',
    join(base, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    opts.workspace,
  ];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(opts.env) });
  let output = '';
  let stopRequested = false;
  const stop = async () => {
    stopRequested = true;
    await killGroup(child);
    rmSync(base, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`code-server did not listen within 60 s:\n${output}`)), 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      stop().then(
        () => reject(e),
        () => reject(e),
      );
    };
    const onData = (b: Buffer) => {
      output += b.toString('utf8');
      const m = LISTENING.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`)));
  });
  child.removeAllListeners('exit');
  const exitListeners: Array<(how: string) => void> = [];
  child.once('exit', (code, signal) => {
    if (!stopRequested) for (const l of exitListeners) l(String(code ?? signal));
  });
  const port = Number(new URL(url).port);
  return {
    url,
    workspaceUrl: `${url}/?folder=${encodeURIComponent(opts.workspace)}`,
    port,
    pid: child.pid!,
    dirs: { base, userDataDir, extensionsDir },
    output: () => output,
    onExit: (l) => void exitListeners.push(l),
    stop,
  };
}

/** True while any process of the group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM to the whole process group, SIGKILL after 5 s; resolves when no process of the group is left. */
export async function killGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pgid, s);
    } catch {
      /* the group is gone */
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  let killed = false;
  while (groupAlive(pgid)) {
    if (!killed && Date.now() > deadline) {
      signal('SIGKILL');
      killed = true;
    }
    if (Date.now() > deadline + 10_000) throw new Error(`process group ${pgid} survived SIGKILL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The text of code-server's log files whose path (under user-data-dir/logs)
 * matches `file`: e.g. /remoteexthost\.log$/ (extension activations) or
 * /redis-ha\.redis-ha\/Redis HA\.log$/ (our log channel).
 */
export function readLogs(cs: CodeServer, file: RegExp): string {
  const root = join(cs.dirs.userDataDir, 'logs');
  const out: string[] = [];
  const visit = (p: string): void => {
    for (const n of existsSync(p) ? readdirSync(p).sort() : []) {
      const q = join(p, n);
      if (statSync(q).isDirectory()) visit(q);
      else if (file.test(q)) out.push(readFileSync(q, 'utf8'));
    }
  };
  visit(root);
  return out.join('\n');
}

/** Waits until the logs matching `file` contain `expect`; returns their text. */
export async function waitForLog(cs: CodeServer, file: RegExp, expect: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = readLogs(cs, file);
    if (expect.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`no ${expect} in the logs ${file} within ${timeoutMs} ms:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
