// One esbuild script for the bundles: the extension (VS Code side), the language
// server (stdio or IPC), the `redis-ha-language-server` command other editors start
// and the CLI for Node.js, and for a browser (vscode.dev,
// github.dev) the web extension and its language server worker, which must not
// contain a Node.js module: the build fails if one is imported (see noNode below),
// and the charts webview's page (dist/webview/charts.js and charts.css).
// `--production` minifies, `--watch` rebuilds. The progress line goes to stderr, so
// `npm pack --json` (whose prepack runs this) prints nothing but its JSON on stdout.
// npm runs `prepare` after a plain `npm install` in the repository and for a git
// dependency, and both `prepack` and `prepare` for `npm pack`/`npm publish`: with
// `--unless-packing` (prepare) the build is left to prepack there, so it runs once.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (process.argv.includes('--unless-packing') && ['pack', 'publish'].includes(process.env.npm_command ?? '')) process.exit(0);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Fails the build of a web bundle on any import of a Node.js module, naming the importer. */
const noNode = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!NODE_BUILTINS.has(args.path)) return undefined;
      return { errors: [{ text: `${args.importer} imports the Node.js module '${args.path}': the web bundles run in a browser` }] };
    });
  },
};

// VS Code loads a web extension as CommonJS in its web worker extension host; the server is a plain worker script
const web = { platform: 'browser', target: 'es2022', plugins: [noNode], define: { 'process.env.NODE_ENV': '"production"' } };

const entries = [
  { entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    entryPoints: ['server/bin.ts'],
    outfile: 'dist/language-server.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { REDIS_HA_VERSION: JSON.stringify(version) },
  },
  { ...web, entryPoints: ['client/web.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
  { ...web, entryPoints: ['server/browser.ts'], outfile: 'dist/web/server.js', format: 'iife' },
  // the charts page (a webview): uPlot and its CSS bundled beside it as charts.css, always minified (nothing from a CDN)
  { ...web, entryPoints: ['client/webview/charts.ts'], outfile: 'dist/webview/charts.js', format: 'iife', minify: true, sourcemap: false },
];

mkdirSync(join(root, 'dist'), { recursive: true });
if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.error('watching for changes…');
} else {
  const started = Date.now();
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  // the two commands of package.json's `bin`
  for (const bin of ['dist/cli.js', 'dist/language-server.js']) chmodSync(join(root, bin), 0o755);
  console.error(`built ${entries.map((e) => e.outfile).join(', ')} in ${Date.now() - started} ms`);
}
