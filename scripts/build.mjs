// One esbuild script for the bundles: the extension (VS Code side), the language
// server (stdio or IPC) and the CLI for Node.js, and for a browser (vscode.dev,
// github.dev) the web extension and its language server worker, which must not
// contain a Node.js module: the build fails if one is imported (see noNode below),
// and the charts webview's page (dist/webview/charts.js and charts.css).
// `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
  console.log('watching for changes…');
} else {
  const started = Date.now();
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  chmodSync(join(root, 'dist/cli.js'), 0o755);
  console.log(`built ${entries.map((e) => e.outfile).join(', ')} in ${Date.now() - started} ms`);
}
