import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { quickFixes } from '../../server/service/codeActions';
import { componentRegExp } from '../../server/service/crossfile/glob';
import { includeDefinition, includeLinks } from '../../server/service/crossfile/navigation';
import { analyzeText, applyAll, memoryHost, uriOf, verdict } from '../support/durability';

const ROOT = '/etc/redis/redis.conf';

function analyze(files: Record<string, string>, o: { version?: string; path?: string; rpo?: string } = {}) {
  const path = o.path ?? ROOT;
  return analyzeText(files[path], { path, host: memoryHost(files), version: o.version ?? '7.0', rpo: o.rpo });
}

describe('include is followed as redis-server reads it', () => {
  test("a relative path from the including file's folder; its settings count in the model", () => {
    const a = analyze({ [ROOT]: 'include conf.d/persistence.conf\n', '/etc/redis/conf.d/persistence.conf': 'appendonly yes\n' });
    assert.equal(a.durability.model.persistence!.aof, true);
    assert.ok(!a.diagnostics.some((d) => d.code === 'rdb-only'));
    assert.deepEqual(a.durability.dependencies, ['/etc/redis/conf.d/persistence.conf']);
  });
  test('after an absolute dir line, a relative path is resolved from that directory (redis-server chdirs into it)', () => {
    const files = {
      [ROOT]: 'dir /var/lib/redis\ninclude extra.conf\n',
      '/var/lib/redis/extra.conf': 'appendonly yes\n',
      '/etc/redis/extra.conf': 'appendonly no\n',
    };
    assert.equal(analyze(files).durability.model.persistence!.aof, true);
    assert.equal(analyze(files).durability.tree.includes[0].base, 'dir');
  });
  test('order matters: a line after the include overrides it, a line before it does not', () => {
    const inc = { '/etc/redis/a.conf': 'appendonly yes\n' };
    assert.equal(analyze({ ...inc, [ROOT]: 'include /etc/redis/a.conf\nappendonly no\n' }).durability.model.persistence!.aof, false);
    assert.equal(analyze({ ...inc, [ROOT]: 'appendonly no\ninclude /etc/redis/a.conf\n' }).durability.model.persistence!.aof, true);
  });
  test('7.0+: a pattern reads every match in sorted order, skipping dot files', () => {
    const files = {
      [ROOT]: 'include /etc/redis/conf.d/*.conf\n',
      '/etc/redis/conf.d/b.conf': 'appendfsync always\n',
      '/etc/redis/conf.d/a.conf': 'appendonly yes\nappendfsync no\n',
      '/etc/redis/conf.d/.hidden.conf': 'appendonly no\n',
      '/etc/redis/conf.d/notes.txt': 'appendonly no\n',
    };
    const p = analyze(files).durability.model.persistence!;
    assert.equal(p.aof, true);
    assert.equal(p.fsync, 'always', 'b.conf is read after a.conf');
    assert.ok(analyze(files).durability.dependencies.includes('/etc/redis/conf.d'));
  });
  test('6.2 has no patterns: the path is a file name', () => {
    const files = { [ROOT]: 'include /etc/redis/conf.d/*.conf\n', '/etc/redis/conf.d/a.conf': 'appendonly yes\n' };
    assert.equal(analyze(files, { version: '6.2' }).durability.model.persistence!.aof, false);
  });
  test('glob components match like fnmatch', () => {
    assert.ok(componentRegExp('redis-[0-9]?.conf').test('redis-12.conf'));
    assert.ok(!componentRegExp('redis-[!0-9]*.conf').test('redis-1.conf'));
    assert.ok(componentRegExp('a\\*b').test('a*b'));
  });
  test('a cycle is an error (redis-server recurses until it crashes), with every include line of the loop', () => {
    const a = analyze({
      [ROOT]: 'port 6379\ninclude /etc/redis/a.conf\n',
      '/etc/redis/a.conf': 'include /etc/redis/b.conf\n',
      '/etc/redis/b.conf': 'include /etc/redis/a.conf\n',
    });
    const d = a.diagnostics.find((x) => x.code === 'include-cycle')!;
    assert.equal(d.severity, 1);
    assert.equal(d.range.start.line, 1);
    assert.match(d.message, /\/etc\/redis\/a\.conf includes itself \(through 2 include lines\).*crashes/);
    assert.deepEqual(
      d.relatedInformation!.map((r) => r.location.uri),
      [uriOf('/etc/redis/a.conf'), uriOf('/etc/redis/b.conf')],
    );
  });
  test('a file that includes itself', () => {
    const a = analyze({ [ROOT]: 'include /etc/redis/redis.conf\n' });
    assert.deepEqual(
      a.diagnostics.filter((d) => d.code === 'include-cycle').map((d) => d.range.start.line),
      [0],
    );
  });
  test('nesting deeper than 16 levels stops with a note, not a hang', () => {
    const files: Record<string, string> = { [ROOT]: 'include /etc/redis/n0.conf\n' };
    for (let i = 0; i < 30; i++) files[`/etc/redis/n${i}.conf`] = `include /etc/redis/n${i + 1}.conf\n`;
    files['/etc/redis/n30.conf'] = 'appendonly yes\n';
    const a = analyze(files);
    assert.deepEqual(
      a.diagnostics.filter((d) => d.code === 'include-not-followed').map((d) => d.severity),
      [3],
    );
    assert.equal(a.durability.model.persistence!.aof, false);
  });
  test('without a host that reads files, includes are not followed and nothing is claimed', () => {
    const a = analyzeText('include /etc/redis/a.conf\n', { path: ROOT, version: '7.0' });
    assert.deepEqual(
      a.diagnostics.filter((d) => String(d.code).startsWith('include')).map((d) => d.code),
      [],
    );
  });
});

describe('findings about lines in included files', () => {
  const files = {
    [ROOT]: '# main\ninclude /etc/redis/conf.d/aof.conf\n',
    '/etc/redis/conf.d/aof.conf': '# AOF\nappendonly yes\nappendfsync no\n',
  };
  test('are shown on the include line, naming the file and line, with the line as related information', () => {
    const d = analyze(files).diagnostics.find((x) => x.code === 'aof-fsync-no')!;
    assert.equal(d.range.start.line, 1);
    assert.match(d.message, /^in \/etc\/redis\/conf\.d\/aof\.conf line 3: appendfsync no/);
    assert.equal(d.relatedInformation![0].location.uri, uriOf('/etc/redis/conf.d/aof.conf'));
    assert.equal(d.relatedInformation![0].location.range.start.line, 2);
  });
  test('and their fix edits the included file, where the effective line is', () => {
    const a = analyze(files);
    const d = a.diagnostics.find((x) => x.code === 'aof-fsync-no')!;
    const [fix] = quickFixes(a, d);
    const incUri = uriOf('/etc/redis/conf.d/aof.conf');
    assert.deepEqual(Object.keys(fix.edit.changes!), [incUri]);
    const out = applyAll({ [incUri]: files['/etc/redis/conf.d/aof.conf'] }, fix.edit);
    assert.equal(out[incUri], '# AOF\nappendonly yes\nappendfsync everysec\n');
    const again = analyze({ ...files, '/etc/redis/conf.d/aof.conf': out[incUri] });
    assert.ok(!again.diagnostics.some((x) => x.code === 'aof-fsync-no'));
  });
  test('a sentinel.conf reads its masters from included files too', () => {
    const s = '/etc/redis/sentinel.conf';
    const a = analyze(
      { [s]: 'include /etc/redis/masters.conf\nport 26379\n', '/etc/redis/masters.conf': 'sentinel monitor cache 127.0.0.1 6390 1\n' },
      { path: s },
    );
    assert.deepEqual(
      a.durability.model.sentinel!.map((m) => m.master),
      ['cache'],
    );
    const d = a.diagnostics.find((x) => x.code === 'sentinel-quorum-one')!;
    assert.match(d.message, /^in \/etc\/redis\/masters\.conf line 1: quorum 1/);
  });
});

describe('go to definition and links on include', () => {
  const files = {
    [ROOT]: 'port 6379\ninclude conf.d/a.conf\ninclude /etc/redis/missing.conf\n',
    '/etc/redis/conf.d/a.conf': 'appendonly yes\n',
  };
  test('definition on the path (or the name) opens the included file', () => {
    const a = analyze(files);
    const [link] = includeDefinition(a.durability, { line: 1, character: 12 });
    assert.equal(link.targetUri, uriOf('/etc/redis/conf.d/a.conf'));
    assert.deepEqual(link.originSelectionRange, { start: { line: 1, character: 8 }, end: { line: 1, character: 21 } });
    assert.equal(includeDefinition(a.durability, { line: 1, character: 2 }).length, 1);
    assert.deepEqual(includeDefinition(a.durability, { line: 0, character: 2 }), []);
    assert.deepEqual(includeDefinition(a.durability, { line: 2, character: 12 }), [], 'a missing file has no definition');
  });
  test('each readable include path is a link, with how it was resolved', () => {
    const links = includeLinks(analyze(files).durability);
    assert.equal(links.length, 1);
    assert.equal(links[0].target, uriOf('/etc/redis/conf.d/a.conf'));
    assert.match(links[0].tooltip!, /resolves a relative path from its working directory/);
  });
  test('every match of a pattern is a definition', () => {
    const a = analyze({ [ROOT]: 'include /etc/redis/conf.d/*.conf\n', '/etc/redis/conf.d/a.conf': '', '/etc/redis/conf.d/b.conf': '' });
    assert.deepEqual(
      includeDefinition(a.durability, { line: 0, character: 10 }).map((l) => l.targetUri.split('/').pop()),
      ['a.conf', 'b.conf'],
    );
  });
});

describe('the workspace: files known to each other', () => {
  const primary = analyzeText('port 6390\nrequirepass s3cret\nmasterauth s3cret\n', { path: '/srv/redis/redis.conf' }).durability.facts;
  const sentinelText = 'sentinel monitor mymaster 127.0.0.1 6390 2\nsentinel down-after-milliseconds mymaster 5000\n';
  const sentinel = analyzeText(sentinelText, { path: '/srv/sentinel/sentinel.conf' }).durability.facts;
  test('a Sentinel monitoring a password-protected primary without auth-pass', () => {
    const a = analyzeText(sentinelText, { path: '/srv/sentinel/sentinel.conf', workspace: [primary] });
    const d = a.diagnostics.find((x) => x.code === 'sentinel-auth-missing')!;
    assert.match(d.message, /\/srv\/redis\/redis\.conf \(port 6390\) requires a password/);
    assert.equal(d.relatedInformation![0].location.uri, uriOf('/srv/redis/redis.conf'));
    assert.equal(d.relatedInformation![0].location.range.start.line, 1);
    const [fix] = quickFixes(a, d);
    const uri = uriOf('/srv/sentinel/sentinel.conf');
    assert.equal(applyAll({ [uri]: sentinelText }, fix.edit)[uri], `${sentinelText}sentinel auth-pass mymaster s3cret\n`);
  });
  test("a primary on another port is not this Sentinel's business", () => {
    const other = analyzeText('port 6391\nrequirepass s3cret\n', { path: '/srv/other/redis.conf' }).durability.facts;
    assert.ok(
      !analyzeText(sentinelText, { path: '/srv/sentinel/sentinel.conf', workspace: [other] }).diagnostics.some(
        (d) => d.code === 'sentinel-auth-missing',
      ),
    );
  });
  test('a redis.conf shows the failover time of the Sentinels watching its port', () => {
    const a = analyzeText('port 6390\nappendonly yes\n', { path: '/srv/redis/redis.conf', workspace: [sentinel] });
    assert.match(a.durability.summary.text, / · failover RTO ≈ 5–10 s · /);
    const part = a.durability.summary.parts.find((p) => p.text.startsWith('failover'))!;
    assert.equal(part.at!.uri, uriOf('/srv/sentinel/sentinel.conf'));
  });
});

describe('a file that another file of the workspace includes', () => {
  const main = '/srv/redis/redis.conf';
  const frag = '/srv/redis/conf.d/aof.conf';
  const files = {
    [main]: 'port 6390\nappendonly yes\ninclude conf.d/aof.conf\n',
    [frag]: '# fsync policy for every node\nappendfsync no\n',
  };
  const host = memoryHost(files);
  const workspace = [analyzeText(files[main], { path: main, host, version: '7.0' }).durability.facts];
  const a = analyzeText(files[frag], { path: frag, host, workspace, version: '7.0', language: 'redis-conf' });
  test("is judged as part of it: its lines count with the includer's (AOF is on there)", () => {
    assert.deepEqual(
      a.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['aof-fsync-no', 1]],
    );
    assert.equal(a.diagnostics[0].message.startsWith('appendfsync no'), true);
  });
  test("and the includer's own defaults are not reported on the fragment", () => {
    const alone = analyzeText(files[frag], { path: frag, host, version: '7.0', language: 'redis-conf' });
    assert.ok(
      alone.diagnostics.some((d) => d.code === 'rdb-only'),
      'alone it would look like an RDB-only server',
    );
    assert.ok(!alone.diagnostics.some((d) => d.code === 'aof-fsync-no'));
  });
  test("its summary is the includer's, and it is re-checked when the includer changes", () => {
    assert.equal(verdict(a), 'in redis.conf: RPO ≈ 30 s (OS flush) on crash (AOF fsync by the OS + RDB) · standalone · Balanced ✗');
    assert.ok(a.durability.dependencies.includes(main));
  });
  test('its fix edits the fragment', () => {
    const [fix] = quickFixes(a, a.diagnostics[0]);
    assert.deepEqual(Object.keys(fix.edit.changes!), [uriOf(frag)]);
  });
  test('a fragment is not a server of its own for Sentinels', () => {
    const withPw: Record<string, string> = { ...files, [frag]: 'requirepass s3cret\n' };
    const h = memoryHost(withPw);
    const ws = [main, frag].map((p) => analyzeText(withPw[p], { path: p, host: h, version: '7.0' }).durability.facts);
    const s = analyzeText('sentinel monitor m 127.0.0.1 6379 2\n', { path: '/srv/sentinel.conf', workspace: ws });
    assert.ok(!s.diagnostics.some((d) => d.code === 'sentinel-auth-missing'), 'the fragment alone would be a phantom node on 6379');
    const s2 = analyzeText('sentinel monitor m 127.0.0.1 6390 2\n', { path: '/srv/sentinel.conf', workspace: ws });
    assert.ok(
      s2.diagnostics.some((d) => d.code === 'sentinel-auth-missing'),
      'the includer on 6390 requires the password',
    );
  });
});
