/**
 * The extension in a real VS Code (code-server + Chromium), installed from
 * redis-ha.vsix as a user installs it: it activates cleanly, claims the
 * Redis/Valkey/Sentinel file names from the built-in Properties language (and
 * nothing else), and shows redis-server's refusals as squiggles and Problems.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe } from 'node:test';
import { EXTENSION_ID, waitForLog } from './support/codeServer';
import { e2eSkipReason, scenarioOf, startSession, type E2ESession } from './support/session';

const REDIS = 'Redis config';
const SENTINEL = 'Redis Sentinel config';

const primary = '# The primary of a small group\nport 6379\nbind 127.0.0.1\nappendonly yes\nappendfsync everysec\n';
const sentinel = 'port 26379\nsentinel monitor mymaster 127.0.0.1 6379 2\nsentinel down-after-milliseconds mymaster 5000\n';
const FILES: Record<string, string> = {
  'redis.conf': primary,
  'valkey.conf': primary,
  'redis-6380.conf': 'port 6380\nbind 127.0.0.1\nreplicaof 127.0.0.1 6379\n',
  'sentinel.conf': sentinel,
  'sentinel-26379.conf': sentinel,
  'nginx.conf': 'worker_processes 1;\nevents { worker_connections 64; }\n',
  'appendonly.redis.conf': '# AOF on, fsync every second\nappendonly maybe\nappendfsync everysec\n',
  'completion.redis.conf': 'appendonly yes\nappendfsync everysec\n',
};

let session: E2ESession | undefined;
const scenario = scenarioOf('editor', () => session);

describe('redis-ha in code-server', { skip: e2eSkipReason() }, () => {
  before(async () => {
    session = await startSession({ files: FILES });
  });
  after(() => session?.close());

  scenario('activates without errors, installed from the vsix', async (wb, s) => {
    // what the package holds, as installed by `--install-extension`
    const dir = readdirSync(s.codeServer.dirs.extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
    assert.ok(dir, `no ${EXTENSION_ID} in the extensions dir`);
    const files = listFiles(join(s.codeServer.dirs.extensionsDir, dir));
    assert.ok(!files.some((f) => f.startsWith('node_modules/')), `node_modules in the package: ${files.join(', ')}`);
    for (const f of [
      'package.json',
      'dist/extension.js',
      'dist/server.js',
      'dist/web/extension.js',
      'dist/web/server.js',
      'language-configuration.json',
      'LICENSE.txt',
    ]) {
      assert.ok(files.includes(f), `${f} missing from the package: ${files.join(', ')}`);
    }
    const allowed =
      /^(dist\/(web\/)?(extension|server|cli)\.js|dist\/webview\/charts\.(js|css)|syntaxes\/.*|snippets\/.*|images\/.*|media\/walkthrough\/.*|language-configuration\.json|package\.json|readme\.md|README\.md|LICENSE\.txt|CHANGELOG\.md|changelog\.md|\.vsixmanifest)$/;
    assert.deepEqual(
      files.filter((f) => !allowed.test(f)),
      [],
      'files the package should not hold',
    );

    // opening a config activates the extension, and its language server starts from the package
    await wb.openFile('redis.conf');
    await wb.waitForLanguageMode(REDIS);
    const activations = await waitForLog(
      s.codeServer,
      /remoteexthost\.log$/,
      /_doActivateExtension redis-ha\.redis-ha\b.*onLanguage:redis-conf/,
    );
    const log = await waitForLog(s.codeServer, /redis-ha\.redis-ha\/Redis HA\.log$/, /language server started/);
    assert.doesNotMatch(log, /\[(error|warning)\]/, `the Redis HA log has problems:\n${log}`);
    assert.doesNotMatch(activations, /Activating extension .?redis-ha\.redis-ha.? failed/, activations);
    // the user sees the same log channel, and no error notification
    assert.match(await wb.outputChannel('Redis HA', /language server started/), /language server started/);
    const errors = (await wb.notifications()).filter((n) => n.severity === 'error');
    assert.deepEqual(errors, [], 'error notifications');
  });

  for (const [file, language] of [
    ['redis.conf', REDIS],
    ['valkey.conf', REDIS],
    ['redis-6380.conf', REDIS],
    ['sentinel.conf', SENTINEL],
    ['sentinel-26379.conf', SENTINEL],
  ] as const) {
    scenario(`opening ${file} selects ${language}`, async (wb) => {
      await wb.openFile(file);
      // the status bar names the language the editor chose; the built-in Properties language also claims *.conf
      await wb.waitForLanguageMode(language);
      assert.equal(await wb.languageMode(), language);
    });
  }

  scenario('nginx.conf is not claimed: it stays with the built-in Properties language', async (wb) => {
    await wb.openFile('nginx.conf');
    // Properties is the built-in language that claims *.conf, the one ours must beat for Redis names
    assert.equal(await wb.languageMode(), 'Properties');
  });

  scenario('a bad value shows a squiggle and a Problems entry; fixing it clears both', async (wb) => {
    await wb.openFile('appendonly.redis.conf');
    // the squiggle underlines exactly the bad value
    const squiggle = await (await wb.waitForErrorSquiggle()).boundingBox();
    const word = await wb.tokenBox('maybe');
    assert.ok(squiggle && word);
    assert.ok(
      Math.abs(squiggle.x - word.x) < 2 && Math.abs(squiggle.width - word.width) < 2,
      `squiggle ${JSON.stringify(squiggle)} is not under 'maybe' ${JSON.stringify(word)}`,
    );
    // the error is what redis-server refuses; the durability rules add warnings and information besides
    const problems = (await wb.problems(1)).filter((p) => p.severity === 'error');
    assert.deepEqual(problems, [
      {
        severity: 'error',
        message: "appendonly: expected yes or no, found 'maybe'",
        source: 'redis-ha',
        code: 'invalid-bool',
        position: '[Ln 2, Col 12]',
        file: 'appendonly.redis.conf',
      },
    ]);
    // hovering the squiggle shows our message and code
    const hover = await wb.hover('maybe');
    assert.match(hover, /appendonly: expected yes or no, found 'maybe'/);
    assert.match(hover, /redis-ha\(invalid-bool\)/);
    await wb.screenshot('editor-bad-value-before-fix');
    await wb.page.keyboard.press('Escape');

    await wb.selectWord('maybe');
    await wb.page.keyboard.type('yes');
    await wb.waitForNoErrorSquiggle();
    await wb.waitForProblems((ps) => !ps.some((p) => p.severity === 'error'), 'no error left in the Problems panel');
  });

  scenario('the completion widget opens at the cursor and lists suggestions', async (wb) => {
    await wb.openFile('completion.redis.conf');
    await wb.clickAfter('everysec');
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.type('\nappend');
    const labels = await wb.triggerCompletion();
    assert.ok(labels.includes('appendonly') && labels.includes('appendfsync'), `offered: ${labels.join(', ')}`);
    await wb.screenshot('editor-completion-widget');
    await wb.page.keyboard.press('Escape');
  });
});

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, base));
    else out.push(relative(base, p));
  }
  return out.sort();
}
