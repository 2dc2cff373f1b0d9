/**
 * Configs inside compose files, Kubernetes manifests, Helm values and
 * Dockerfiles: what is found, the config text redis-server would make of a
 * command line, and every diagnostic at its exact place in the outer file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { checkEmbedded, embeddedKindOf, MAX_EMBEDDED, type OuterKind } from '../../server/service';
import { findEmbedded } from '../../server/service/embedded';

const FIXTURES = join(__dirname, '..', 'fixtures', 'embedded');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function run(kind: OuterKind, text: string) {
  return checkEmbedded(kind, text, { uri: 'file:///outer', settings: { targetVersion: '7.0' } });
}

/** `line:col-line:col code «outer text»`, 1-based, for exact assertions. */
function where(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  const { start, end } = d.range;
  const spot = start.line === end.line ? lines[start.line].slice(start.character, end.character) : '…';
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.code} «${spot}»`;
}

const errs = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1);
const loud = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1 || d.severity === 2);
const about = (ds: Diagnostic[], label: string) => ds.filter((d) => d.message.startsWith(`${label}: `));

/** The config text of a compose command line. */
function commandText(command: string): { text?: string; language?: string; notes: string[] } {
  const r = findEmbedded('yaml', `services:\n  r:\n    image: redis:7.0\n    command: ${command}\n`);
  return { text: r.docs[0]?.text, language: r.docs[0]?.language, notes: r.notes.map((n) => n.message) };
}

describe('embedded configs: which files', () => {
  test('names: compose, values, Dockerfiles; other YAML by its content', () => {
    assert.equal(embeddedKindOf('/srv/docker-compose.yml'), 'yaml');
    assert.equal(embeddedKindOf('/srv/compose.prod.yaml'), 'yaml');
    assert.equal(embeddedKindOf('/srv/chart/values-prod.yaml'), 'yaml');
    assert.equal(embeddedKindOf('/srv/Dockerfile'), 'dockerfile');
    assert.equal(embeddedKindOf('/srv/Dockerfile.redis'), 'dockerfile');
    assert.equal(embeddedKindOf('/srv/redis.dockerfile'), 'dockerfile');
    assert.equal(embeddedKindOf('/srv/k8s/redis.yaml', 'apiVersion: v1\nkind: ConfigMap\n'), 'yaml');
    assert.equal(embeddedKindOf('/srv/k8s/redis.yaml', 'foo: 1\n'), undefined);
    assert.equal(embeddedKindOf('/etc/redis/redis.conf', 'port 6379\n'), undefined);
  });
});

describe('embedded configs: a command line as redis-server reads it', () => {
  test('each --name starts a line, its values follow; empty and spaced values are quoted', () => {
    assert.equal(commandText('redis-server --save "" --appendonly no').text, 'save ""\nappendonly no\n');
    assert.equal(commandText(`["redis-server", "--save", "60 1", "--port", "6380"]`).text, 'save "60 1"\nport 6380\n');
  });
  test('--save without a value (last, or before another --name) is save ""', () => {
    assert.equal(commandText('redis-server --appendonly yes --save').text, 'appendonly yes\nsave ""\n');
    assert.equal(commandText('redis-server --save --appendonly yes').text, 'save ""\nappendonly yes\n');
  });
  test('an argument --x right after a --name without a value is its value', () => {
    assert.equal(commandText('redis-server --maxmemory --port 6380').text, 'maxmemory --port 6380\n');
  });
  test('a --name holding its value in the same argument is taken as written', () => {
    assert.equal(commandText(`["redis-server", "--port 6380", "--appendonly", "yes"]`).text, 'port 6380\nappendonly yes\n');
  });
  test('--sentinel and redis-sentinel select Sentinel; the bare --sentinel line is dropped', () => {
    const s = commandText('redis-server /etc/sentinel.conf --sentinel --port 26379');
    assert.deepEqual([s.text, s.language], ['port 26379\n', 'sentinel-conf']);
    assert.match(s.notes[0], /the config file \/etc\/sentinel\.conf is read by redis-server first/);
    assert.equal(commandText('redis-sentinel /etc/s.conf').text, undefined);
  });
  test('values the shell or the orchestrator expands are not checked; -v runs nothing', () => {
    assert.equal(commandText('redis-server --requirepass $PASS --port ${PORT} --appendonly yes').text, 'appendonly yes\n');
    assert.equal(commandText('redis-server -v').text, undefined);
  });
  test('sh -c scripts and the image entrypoint (options alone with a Redis image)', () => {
    assert.equal(commandText(`["sh", "-c", "exec redis-server --appendonly yes && echo done"]`).text, 'appendonly yes\n');
    assert.equal(commandText(`["--appendonly", "yes"]`).text, 'appendonly yes\n');
    const other = findEmbedded('yaml', 'services:\n  x:\n    image: nginx\n    command: ["--appendonly", "yes"]\n');
    assert.equal(other.docs.length, 0);
  });
});

describe('embedded configs: the fixtures', () => {
  test('compose: the cache without persistence is quiet, a bad value and a bad size fire where they are written', () => {
    const text = fixture('docker-compose.yml');
    const r = run('yaml', text);
    assert.deepEqual(
      r.configs.map((c) => c.doc.label),
      ['services.cache.command', 'services.store.command', 'services.queue.command'],
    );
    assert.deepEqual(about(r.diagnostics, 'services.cache.command'), []);
    const errors = r.diagnostics.filter((d) => d.severity === 1).map((d) => where(text, d));
    assert.deepEqual(errors, ['8:48-8:53 invalid-bool «maybe»', '13:9-13:12 invalid-memory «1gx»']);
  });
  test('Kubernetes: a misspelt directive in a ConfigMap redis.conf; the sentinel.conf block and other containers quiet', () => {
    const text = fixture('statefulset.yaml');
    const r = run('yaml', text);
    assert.deepEqual(
      r.configs.map((c) => [c.doc.label, c.doc.language]),
      [
        ['ConfigMap/redis-config data.redis.conf', 'redis-conf'],
        ['ConfigMap/redis-config data.sentinel.conf', 'sentinel-conf'],
        ['StatefulSet/redis spec.template.spec.containers[0].args', 'redis-conf'],
      ],
    );
    assert.deepEqual(
      loud(r.diagnostics).map((d) => where(text, d)),
      ['9:5-9:20 unknown-directive «maxmemory-polcy»'],
    );
    // the args follow a config file: noted, and the durability rules (which judge a whole config) stay silent
    const args = about(r.diagnostics, 'StatefulSet/redis spec.template.spec.containers[0].args');
    assert.deepEqual(
      args.map((d) => where(text, d)),
      ['32:19-32:37 embedded-not-checked «/config/redis.conf»'],
    );
  });
  test('Helm values: configuration blocks judged by content, a bad value found, a folded block noted', () => {
    const text = fixture('values.yaml');
    const r = run('yaml', text);
    assert.deepEqual(
      r.configs.map((c) => c.doc.label),
      ['commonConfiguration', 'master.configuration', 'replica.configuration'],
    );
    assert.deepEqual(
      r.diagnostics.map((d) => where(text, d)),
      ['20:24-20:29 invalid-bool «maybe»', '24:18-24:19 embedded-not-checked «>»'],
    );
  });
  test('Dockerfile: an exec-form CMD over two lines is quiet; a shell-form ENTRYPOINT error lands on its continued line', () => {
    const ok = run('dockerfile', fixture('Dockerfile'));
    assert.equal(ok.configs[0].doc.text, 'appendonly yes\nappendfsync everysec\n');
    assert.deepEqual(ok.diagnostics, []);
    const text = fixture('Dockerfile.broken');
    const bad = run('dockerfile', text);
    assert.deepEqual(
      loud(bad.diagnostics).map((d) => where(text, d)),
      ['3:38-3:45 invalid-value «save 60»'],
    );
    assert.match(bad.diagnostics[0].message, /^ENTRYPOINT \(line 2\): save: /);
  });
});

describe('embedded configs: Dockerfile forms', () => {
  test('a CMD of options after ENTRYPOINT ["redis-server"], or in a stage FROM a Redis image; not after another image', () => {
    const entry = 'FROM debian\nENTRYPOINT ["redis-server"]\nCMD ["--appendonly", "maybe"]\n';
    assert.deepEqual(
      errs(run('dockerfile', entry).diagnostics).map((d) => where(entry, d)),
      ['3:23-3:28 invalid-bool «maybe»'],
    );
    const from = 'FROM valkey/valkey:8.0 AS cache\nCMD ["--maxmemory", "1gx"]\n';
    assert.deepEqual(
      errs(run('dockerfile', from).diagnostics).map((d) => where(from, d)),
      ['2:22-2:25 invalid-memory «1gx»'],
    );
    assert.deepEqual(run('dockerfile', 'FROM node:20\nCMD ["--maxmemory", "1gx"]\n').diagnostics, []);
  });
  test('shell form: the Redis program after other commands, up to the next operator', () => {
    const text = 'FROM redis:7.0\nCMD chown redis /data && exec redis-server --appendonly maybe; echo gone\n';
    const r = run('dockerfile', text);
    assert.equal(r.configs[0].doc.text, 'appendonly maybe\n');
    assert.deepEqual(
      errs(r.diagnostics).map((d) => where(text, d)),
      ['2:57-2:62 invalid-bool «maybe»'],
    );
  });
});

describe('embedded configs: positions and bounds', () => {
  test('a block scalar with CRLF line ends and a tab inside a line maps column by column', () => {
    const text = 'data:\r\n  redis.conf: |\r\n    port 6379\r\n    appendfsync\tsometimes\r\n';
    const r = run('yaml', text);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 1).map((d) => where(text, d)),
      ['4:17-4:26 invalid-enum «sometimes»'],
    );
  });
  test('a double-quoted scalar with escapes maps each argument to the whole scalar', () => {
    const text = 'services:\n  r:\n    command: "redis-server --appendonly \\"maybe\\""\n';
    const r = run('yaml', text);
    assert.deepEqual(
      loud(r.diagnostics)
        .map((d) => where(text, d))
        .filter((w) => w.includes('invalid-bool')),
      ['3:14-3:51 invalid-bool «"redis-server --appendonly \\"maybe\\""»'],
    );
  });
  test(`at most ${MAX_EMBEDDED} configs per file, then one note`, () => {
    let text = 'services:\n';
    for (let i = 0; i < MAX_EMBEDDED + 5; i++) text += `  s${i}:\n    command: redis-server --appendonly yes\n`;
    const r = findEmbedded('yaml', text);
    assert.equal(r.docs.length, MAX_EMBEDDED);
    assert.equal(r.notes.filter((n) => /more than 64 embedded configs/.test(n.message)).length, 1);
  });
  test('flow collections nested 100,000 deep are not composed (a note), 900 deep are read', () => {
    const deep = findEmbedded('yaml', `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    assert.deepEqual(
      [deep.docs.length, deep.notes[0]?.message],
      [0, 'flow collections nested deeper than 1000 levels: the file is not read'],
    );
    const ok = findEmbedded('yaml', `a: ${'['.repeat(900)}${']'.repeat(900)}\nservices:\n  r:\n    command: redis-server --port 1\n`);
    assert.deepEqual([ok.docs.length, ok.notes.length], [1, 0]);
  });
  test('YAML without configs, and broken YAML, give nothing', () => {
    assert.deepEqual(run('yaml', 'services:\n  web:\n    image: nginx\n    command: ["nginx"]\n').diagnostics, []);
    assert.deepEqual(run('yaml', 'services: [\n  {{{\n').diagnostics, []);
    assert.deepEqual(run('dockerfile', 'FROM alpine\nCMD ["sh"]\n').diagnostics, []);
  });
});
