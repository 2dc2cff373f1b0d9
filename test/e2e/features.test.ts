/**
 * The editing features as a user meets them in a real VS Code (code-server +
 * Chromium, the extension installed from redis-ha.vsix): the hover cards, the
 * completion of directives (per target version) and values and the snippets
 * they insert, the quick fixes, the "Apply profile" source actions, the
 * durability summary drawn as an inlay hint on the first line, and a profile
 * snippet typed into an empty file — which the real redis-server then loads.
 * Each scenario works in a file of its own, and leaves a screenshot.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { VERSION_IDS } from '../../server/catalog/types';
import { judgeConfig, missingBinaries } from '../support/redis';
import { e2eSkipReason, scenarioOf, startSession, type E2ESession } from './support/session';
import { escapeRegExp } from './support/workbench';

const FILES: Record<string, string> = {
  'hover.redis.conf':
    '# A primary with an append-only file\nappendonly yes\nappendfsync everysec\nmaxmemory 1gb\nmaxmemory-policy noeviction\n',
  'versions.redis.conf': '# redis-ha: version=6.2\n',
  'accept.redis.conf': '',
  'values.redis.conf': 'appendonly yes\n',
  'quickfix.redis.conf':
    '# A primary\nappendonly yes\nappendfsync everysec\nreplication-backlog-size 128mb\nsave ""   # Optional: no RDB snapshots\nmin-replicas-to-write 1\n',
  'profile.redis.conf':
    '# A cache that grew into a primary\nappendonly no\nsave ""\nmaxmemory-policy allkeys-lru\nmin-replicas-to-write 1\n',
  'summary.redis.conf': 'appendonly yes\nappendfsync everysec\n',
  'snippet.redis.conf': '',
};

/**
 * appendfsync is in every version the catalog knows, so its card names the
 * whole range of each product — today "Redis 6.2–8.8 · Valkey 7.2–9.1". Taken
 * from the catalog's list of versions, so that adding one moves the
 * expectation with it (a literal "Redis 6.2–8.0" broke when 8.2–8.8 and
 * Valkey came).
 */
const redis = VERSION_IDS.filter((v) => !v.startsWith('valkey-'));
const valkey = VERSION_IDS.filter((v) => v.startsWith('valkey-')).map((v) => v.slice('valkey-'.length));
const EVERY_VERSION = `Redis ${redis[0]}–${redis.at(-1)} · Valkey ${valkey[0]}–${valkey.at(-1)}`;

let session: E2ESession | undefined;
const scenario = scenarioOf('features', () => session);

describe('editing features in code-server', { skip: e2eSkipReason() }, () => {
  before(async () => {
    session = await startSession({ files: FILES });
  });
  after(() => session?.close());

  scenario('hover on a directive shows its documentation card', async (wb) => {
    await wb.openFile('hover.redis.conf');
    // the first file of the session: its summary shows once the language server has analysed it
    await wb.waitForInlayHints((h) => h.startsWith('RPO'), 'the language server to analyse the file');
    const card = await wb.hover('appendfsync');
    assert.match(card, /^appendfsync · Persistence/);
    assert.match(card, /appendfsync everysec\|always\|no/, 'the syntax');
    assert.match(card, /Default: everysec/);
    assert.match(card, new RegExp(`^Versions: ${escapeRegExp(EVERY_VERSION)}$`, 'm'), 'every version, nothing "not in … and later"');
    assert.match(card, /Runtime: yes — CONFIG SET appendfsync/);
    // the guidance's consequence, in data and in time
    assert.match(card, /Durability \(RPO\):.*everysec about one second/);
    assert.match(card, /Availability \(RTO\):/);
    assert.match(card, /everysec \(default\) — /, 'each value explained');
  });

  scenario('hover on a memory value shows its bytes', async (wb) => {
    await wb.openFile('hover.redis.conf');
    const card = await wb.hover('1gb');
    assert.match(card, /^1gb · value of maxmemory/);
    assert.match(card, /= 1,073,741,824 bytes \(1 GiB\)/);
  });

  scenario('completion offers only the directives of the target version', async (wb) => {
    await wb.openFile('versions.redis.conf');
    await wb.activeEditor().click();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type('append');
    const v62 = await wb.triggerCompletion();
    assert.ok(v62.includes('appendonly') && v62.includes('appendfsync'), `6.2 offers: ${v62.join(', ')}`);
    assert.ok(!v62.includes('appenddirname'), `appenddirname is new in 7.0, yet 6.2 offers it: ${v62.join(', ')}`);
    await wb.screenshot('features-completion-for-6.2');
    await wb.page.keyboard.press('Escape');
    // the file's own comment decides the version: make it 7.0
    await wb.page.keyboard.press('Control+Home');
    await wb.page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await wb.page.keyboard.press('Backspace');
    await wb.page.keyboard.type('7.0');
    await wb.page.keyboard.press('Control+End');
    const v70 = await wb.triggerCompletion();
    assert.ok(v70.includes('appenddirname'), `7.0 offers: ${v70.join(', ')}`);
  });

  scenario('accepting a directive inserts its snippet, with its values to choose from', async (wb) => {
    await wb.openFile('accept.redis.conf');
    await wb.activeEditor().click();
    await wb.page.keyboard.type('appendfs');
    const offered = await wb.triggerCompletion();
    assert.equal(offered[0], 'appendfsync', `offered: ${offered.join(', ')}`);
    // the row says the values and the default before it is accepted
    // (the row draws its detail a moment after its label: wait for it rather than read it once)
    const detail = /everysec\|always\|no — default everysec/;
    assert.match(
      await wb.until(
        "the row's values and default",
        () => wb.completionRows().first().innerText(),
        (t) => detail.test(t),
      ),
      detail,
    );
    await wb.acceptCompletion('appendfsync');
    await wb.waitForText((t) => t.trimEnd() === 'appendfsync everysec', 'the snippet with the default value');
    // the snippet's placeholder is a choice of the values, the default first
    await wb.completionRows().first().waitFor();
    const choices = await wb.completionRows().locator('.label-name').allInnerTexts();
    assert.deepEqual(
      choices.map((c) => c.trim()),
      ['everysec', 'always', 'no'],
    );
    await wb.screenshot('features-snippet-value-choice');
    await wb.acceptCompletion('always');
    await wb.waitForText((t) => t.trimEnd() === 'appendfsync always', 'the value chosen');
  });

  scenario('after a directive, completion offers its values', async (wb) => {
    await wb.openFile('values.redis.conf');
    await wb.activeEditor().click();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type('appendfsync ');
    const offered = await wb.triggerCompletion();
    // the enum's values first (VS Code adds the snippets of the file's language after them)
    assert.deepEqual(offered.slice(0, 3), ['everysec', 'always', 'no'], `offered: ${offered.join(', ')}`);
    await wb.screenshot('features-value-completion');
    await wb.acceptCompletion('no');
    await wb.waitForText((t) => t.trimEnd() === 'appendonly yes\nappendfsync no', 'the value accepted');
    // and the durability rules speak at once: the OS decides when the AOF reaches the disk
    await wb.activeEditor().locator('.squiggly-warning').first().waitFor();
    assert.match(await wb.hover('no'), /appendfsync no: the operating system decides when the AOF reaches the disk/);
  });

  scenario('a quick fix corrects a misspelt directive and its squiggle goes away', async (wb) => {
    await wb.openFile('quickfix.redis.conf');
    await wb.waitForErrorSquiggle();
    await wb.until(
      'two error squiggles: the unknown directive and the inline comment',
      () => wb.squiggles(),
      (q) => q.error === 2,
    );
    await wb.clickAfter('replication-backlog');
    const fixes = await wb.quickFixes();
    assert.ok(fixes.includes("Change to 'repl-backlog-size'"), `quick fixes: ${fixes.join(', ')}`);
    await wb.screenshot('features-quick-fix-menu');
    await wb.applyAction("Change to 'repl-backlog-size'");
    await wb.waitForText((t) => /^repl-backlog-size 128mb$/m.test(t), 'the directive renamed');
    // the server's verdict on the new text: only the inline comment is left
    const problems = await wb.waitForProblems((ps) => {
      const here = ps.filter((p) => p.file === 'quickfix.redis.conf' && p.severity === 'error');
      return here.length === 1 && here[0].code === 'inline-comment';
    }, 'the unknown directive to leave the Problems panel');
    assert.ok(!problems.some((p) => p.file === 'quickfix.redis.conf' && p.code === 'unknown-directive'), JSON.stringify(problems));
    await wb.until(
      'one error squiggle left (the inline comment)',
      () => wb.squiggles(),
      (s) => s.error === 1,
    );
  });

  scenario('a quick fix moves an inline comment to its own line; the file then loads', async (wb) => {
    await wb.openFile('quickfix.redis.conf');
    await wb.clickAfter('save');
    const fixes = await wb.quickFixes();
    assert.ok(fixes.includes('Move the comment to its own line above'), `quick fixes: ${fixes.join(', ')}`);
    await wb.applyAction('Move the comment to its own line above');
    await wb.waitForText((t) => /^# Optional: no RDB snapshots\nsave ""$/m.test(t), 'the comment on its own line');
    // no error is left; the guidance still warns that the default replica buffer is below the new 128mb backlog
    const left = await wb.waitForProblems(
      (ps) => !ps.some((p) => p.file === 'quickfix.redis.conf' && p.severity === 'error'),
      'no error left in quickfix.redis.conf',
    );
    assert.deepEqual(
      left.filter((p) => p.file === 'quickfix.redis.conf').map((p) => `${p.severity} ${p.code}`),
      ['warning replica-buffer-small'],
    );
    await wb.waitForNoErrorSquiggle();
  });

  scenario('Apply profile: Balanced changes the file; nothing above information is left', async (wb) => {
    await wb.openFile('profile.redis.conf');
    const before = await wb.waitForInlayHints((h) => h.includes('no persistence'), 'the summary of a file without persistence');
    assert.match(before, /Balanced ✗ · Redis [\d.]+ \(default\)$/, 'the judgement, then the version it was checked as');
    await wb.activeEditor().locator('.squiggly-warning').first().waitFor();
    const actions = await wb.sourceActions();
    assert.deepEqual(actions, ['Apply profile: Balanced', 'Apply profile: Maximum durability', 'Apply profile: Low latency']);
    await wb.screenshot('features-profile-actions');
    await wb.applyAction('Apply profile: Balanced');
    const after = await wb.waitForInlayHints((h) => h.includes('Balanced ✓'), 'the summary to say the file meets Balanced');
    assert.match(after, /^RPO ≈ 1 s on crash \(AOF everysec \+ RDB\)/);
    await wb.waitForProblems(
      (ps) => ps.filter((p) => p.file === 'profile.redis.conf').every((p) => p.severity === 'info'),
      'nothing above information in profile.redis.conf',
    );
    const text = await wb.editorText();
    for (const line of ['appendonly yes', 'appendfsync everysec', 'min-replicas-to-write 1'])
      assert.match(text, new RegExp(`^${line}$`, 'm'), `${line} in:\n${text}`);
    assert.match(text, /^# A cache that grew into a primary$/m, 'the comment is kept');
    await wb.waitForNothingAboveInformation();
  });

  scenario('the summary inlay hint on the first line follows the file', async (wb) => {
    await wb.openFile('summary.redis.conf');
    const first = await wb.waitForInlayHints((h) => h.startsWith('RPO'), 'the summary hint');
    // whole, not cut at VS Code's default 43 characters
    assert.match(first, /^RPO ≈ 1 s on crash \(AOF everysec \+ RDB\) · standalone · Balanced ✓ · Redis [\d.]+ \(default\)$/);
    await wb.selectWord('everysec');
    await wb.page.keyboard.type('always');
    const now = await wb.waitForInlayHints((h) => h !== first, 'the summary to change');
    assert.match(now, /^RPO ≈ 0 on crash \(AOF always \+ RDB\) · standalone · Balanced ✓ · Redis [\d.]+ \(default\)$/);
  });

  scenario('a profile snippet fills an empty redis.conf that loads in redis-server', async (wb, s) => {
    await wb.openFile('snippet.redis.conf');
    await wb.activeEditor().click();
    await wb.page.keyboard.type('profile-bal');
    const offered = await wb.triggerCompletion();
    assert.ok(offered.includes('profile-balanced'), `offered: ${offered.join(', ')}`);
    await wb.acceptCompletion('profile-balanced');
    await wb.page.keyboard.press('Control+Home');
    await wb.waitForInlayHints((h) => h.includes('Balanced ✓'), 'the summary of the inserted profile');
    await wb.waitForNothingAboveInformation();
    const tab = wb.page.locator('.tabs-container .tab.active');
    assert.match((await tab.getAttribute('class')) ?? '', /\bdirty\b/, 'the inserted profile is not saved yet');
    await wb.page.keyboard.press('Control+S');
    await wb.page.locator('.tabs-container .tab.active:not(.dirty)').waitFor();
    const text = readFileSync(join(s.workspace, 'snippet.redis.conf'), 'utf8');
    assert.match(text, /^# Balanced profile \(redis-ha\)/);
    assert.match(text, /^appendfsync everysec$/m);
    const missing = missingBinaries();
    if (missing) throw new Error(`cannot ask the real redis-server: ${missing}`);
    const verdict = await judgeConfig(text);
    assert.equal(verdict.verdict, 'accepted', `redis-server refused the inserted profile: ${verdict.message}\n${text}`);
  });
});
