/**
 * Issue-12 figures (the workspace index): a branch switch — thousands of
 * config files changed on disk, reported in notifications of 1,000 changes as
 * an editor batches them — with ten documents open: the time until the server
 * has handled every change and re-checked what depends on them, and how many
 * diagnostics messages that took; and, in a generated repository of 10,000
 * files, how many of the 270 Sentinel configs watching the open redis.conf's
 * port the index knows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { InlayHint, InlayHintLabelPart } from 'vscode-languageserver-types';
import type { IndexReport } from '../server/crossFiles';
import { RICH_CLIENT, startServer, type TestServer } from '../test/support/lsp';
import { generateRepository, redisConf, sentinelConf, uriOf, writeFiles } from '../test/support/workspaces';
import { reportSamples } from './lib';

/** Index reports as they come, and a way to wait for one. */
function reports(server: TestServer) {
  const seen: IndexReport[] = [];
  let waiting: Array<{ accept: (r: IndexReport) => boolean; resolve: (r: IndexReport) => void }> = [];
  server.connection.onNotification('redisHa/workspaceIndex', (r: IndexReport) => {
    seen.push(r);
    for (const w of waiting.filter((x) => x.accept(r))) w.resolve(r);
    waiting = waiting.filter((x) => !x.accept(r));
  });
  return {
    seen,
    next: (accept: (r: IndexReport) => boolean) => {
      const done = seen.find(accept);
      return done ? Promise.resolve(done) : new Promise<IndexReport>((resolve) => waiting.push({ accept, resolve }));
    },
  };
}

/** `changed` config files rewritten with new ports, ten documents open. */
async function branchSwitch(changed: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-bench-switch-'));
  try {
    const files: Record<string, string> = {};
    const name = (i: number) => `svc-${String(i % 100).padStart(3, '0')}/${i % 2 ? 'sentinel' : 'redis'}-${i}.conf`;
    const text = (i: number, shift: number) => (i % 2 ? sentinelConf(7000 + (i % 5) + shift) : redisConf(7000 + (i % 5) + shift));
    for (let i = 0; i < changed; i++) files[name(i)] = text(i, 0);
    const open: Array<[string, string, string]> = [];
    for (let k = 0; k < 5; k++) {
      open.push(
        [`open/redis-${k}.conf`, 'redis-conf', redisConf(7000 + k)],
        [`open/sentinel-${k}.conf`, 'sentinel-conf', sentinelConf(7000 + k)],
      );
      files[open[open.length - 2][0]] = open[open.length - 2][2];
      files[open[open.length - 1][0]] = open[open.length - 1][2];
    }
    writeFiles(dir, files);
    const server = await startServer({ targetVersion: '7.0' }, { workspaceFolders: [dir], capabilities: RICH_CLIENT });
    try {
      const r = reports(server);
      let published = 0;
      for (const [rel, lang, t] of open) {
        const uri = uriOf(join(dir, rel));
        const first = server.diagnostics(uri);
        void server.diagnostics(uri, () => {
          published++;
          return false;
        });
        server.open(uri, lang, t);
        await first;
      }
      let handled = (await r.next((x) => x.found === changed + open.length)).changesHandled;
      const times: number[] = [];
      let note = '';
      for (let shift = 1; shift <= 3; shift++) {
        // the branch switch: every file gets new ports, then the editor reports the changes
        for (let i = 0; i < changed; i++) writeFileSync(join(dir, name(i)), text(i, shift));
        const from = published;
        const t0 = performance.now();
        for (let i = 0; i < changed; i += 1000) {
          const changes = Array.from({ length: Math.min(1000, changed - i) }, (_, k) => ({ uri: uriOf(join(dir, name(i + k))), type: 2 }));
          void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
        }
        const done = await r.next((x) => x.changesHandled === handled + changed);
        times.push(performance.now() - t0);
        handled = done.changesHandled;
        note = `${published - from} diagnostics messages, ${done.rechecked} documents re-checked, index ${done.indexed} of ${done.found}`;
      }
      reportSamples(`branch switch: ${changed.toLocaleString('en')} config files changed on disk, 10 documents open → settled`, times, {
        targetMs: changed === 10_000 ? 5000 : undefined,
        note,
      });
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The failover tooltip of the open redis.conf names how many Sentinel files watch it. */
async function watchingKnown(server: TestServer, uri: string): Promise<number> {
  const hints = await server.send<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
  });
  const part = ((hints[0]?.label ?? []) as InlayHintLabelPart[]).find((p) => p.value.startsWith('failover'));
  const m = /by (\d+) Sentinel file/.exec((part?.tooltip as { value: string } | undefined)?.value ?? '');
  return m ? Number(m[1]) : 0;
}

async function repository(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-ha-bench-repo-'));
  try {
    const repo = generateRepository(dir, { files: 10_000, otherConfigs: 3000, watching: 270 });
    const t0 = performance.now();
    const server = await startServer({ targetVersion: '7.0' }, { workspaceFolders: [dir], capabilities: RICH_CLIENT });
    try {
      const r = reports(server);
      const uri = uriOf(repo.primary);
      server.open(uri, 'redis-conf', redisConf(repo.port));
      let report = await r.next(() => true);
      const ms = performance.now() - t0;
      // the document may have opened after the walk was ranked: the server then indexes its neighbours
      let known = await watchingKnown(server, uri);
      while (known < repo.watching.length && r.seen.length < 3) {
        report = await r.next(() => r.seen.length > 1);
        known = await watchingKnown(server, uri);
      }
      const name = `index of a ${repo.files.toLocaleString('en')}-file repository (${repo.configs.length} configs), redis.conf open → first report`;
      const index = `index ${report.indexed} of ${report.found}${report.truncated ? ', truncated (status item and log)' : ''}`;
      reportSamples(name, [ms], { note: `${known} of ${repo.watching.length} Sentinel configs watching its port known; ${index}` });
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  await branchSwitch(2000);
  await branchSwitch(10_000);
  await repository();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
