import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompletionItemTag, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { complete, resolveCompletion, type CompletionOptions } from '../../server/service';
import { analyzeAt, type Lang } from '../support/cursor';

function items(marked: string, opts: { version?: string; language?: Lang } & CompletionOptions = {}): CompletionItem[] {
  const { analysis, position } = analyzeAt(marked, opts);
  return complete(analysis, position, { snippets: opts.snippets ?? true, triggerCharacter: opts.triggerCharacter }).items;
}
const labels = (list: CompletionItem[]) => list.map((i) => i.label);
const item = (list: CompletionItem[], label: string) => {
  const found = list.find((i) => i.label === label);
  assert.ok(found, `no completion item '${label}' among ${labels(list).slice(0, 20).join(', ')}…`);
  return found;
};
const newText = (i: CompletionItem) => (i.textEdit as TextEdit).newText;

describe('completion of directive names', () => {
  test('offers the directives of the target version with argument snippets showing the default', () => {
    const list = items('|');
    assert.equal(newText(item(list, 'appendfsync')), 'appendfsync ${1|everysec,always,no|}');
    assert.equal(newText(item(list, 'appendonly')), 'appendonly ${1|no,yes|}');
    assert.equal(newText(item(list, 'repl-backlog-size')), 'repl-backlog-size ${1:1mb}');
    assert.equal(newText(item(list, 'save')), 'save ${1:3600} ${2:1}');
    assert.equal(newText(item(list, 'replicaof')), 'replicaof ${1:127.0.0.1} ${2:6379}');
    assert.equal(
      newText(item(list, 'client-output-buffer-limit')),
      'client-output-buffer-limit ${1|replica,normal,pubsub|} ${2:512mb} ${3:128mb} ${4:60}',
    );
    assert.equal(item(list, 'appendfsync').detail, 'everysec|always|no — default everysec');
    assert.equal(item(list, 'maxmemory').detail, 'bytes — default 0');
    assert.ok(!labels(list).includes('sentinel'), 'a redis.conf is not offered sentinel lines');
  });

  test('is version-aware: 6.2, 7.0 and Valkey 8.0 offer different names', () => {
    const v62 = labels(items('|', { version: '6.2' }));
    const v70 = labels(items('|', { version: '7.0' }));
    const vk8 = labels(items('|', { version: 'valkey-8.0' }));
    assert.ok(!v62.includes('maxmemory-clients') && v70.includes('maxmemory-clients'));
    assert.ok(
      v62.includes('hash-max-ziplist-entries') && v70.includes('hash-max-listpack-entries') && !v62.includes('hash-max-listpack-entries'),
    );
    assert.ok(vk8.includes('primaryauth') && vk8.includes('availability-zone') && !v70.includes('primaryauth'));
    assert.ok(
      !vk8.includes('masterauth') || item(items('|', { version: 'valkey-8.0' }), 'masterauth').tags?.includes(CompletionItemTag.Deprecated),
    );
  });

  test('deprecated names come last and are marked', () => {
    const list = items('|');
    const slaveof = item(list, 'slaveof');
    assert.deepEqual(slaveof.tags, [CompletionItemTag.Deprecated]);
    assert.equal(slaveof.detail, 'old name of replicaof');
    assert.deepEqual(item(list, 'list-max-ziplist-entries').tags, [CompletionItemTag.Deprecated]);
    assert.deepEqual(item(list, 'lua-time-limit').tags, [CompletionItemTag.Deprecated]);
    const sorted = [...list].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
    const firstDeprecated = sorted.findIndex((i) => i.tags?.includes(CompletionItemTag.Deprecated));
    assert.ok(firstDeprecated > 0);
    assert.ok(
      sorted.slice(firstDeprecated).every((i) => i.tags?.includes(CompletionItemTag.Deprecated)),
      'nothing current after the first deprecated name',
    );
    // 6.2 still calls it lua-time-limit: not deprecated there
    assert.equal(item(items('|', { version: '6.2' }), 'lua-time-limit').tags, undefined);
  });

  test('plain names when the client has no snippets or when arguments already follow', () => {
    assert.equal(newText(item(items('|', { snippets: false }), 'appendfsync')), 'appendfsync');
    const editing = items('appendf|sync everysec');
    assert.equal(newText(item(editing, 'appendfsync')), 'appendfsync');
  });

  test('with CompletionList.itemDefaults the range is sent once and plain words are escaped snippet text', () => {
    const { analysis, position } = analyzeAt('sentinel monitor m 127.0.0.1 6379 2\n|', { language: 'sentinel-conf' });
    const list = complete(analysis, position, { snippets: true, itemDefaults: true });
    assert.deepEqual(list.itemDefaults, { editRange: { start: position, end: position }, insertTextFormat: 2 });
    const port = list.items.find((i) => i.label === 'port')!;
    assert.equal(port.textEdit, undefined);
    assert.equal(port.textEditText, 'port ${1:6379}');
    const save = analyzeAt('save |');
    assert.equal(complete(save.analysis, save.position, { snippets: true, itemDefaults: true }).items[0].textEditText, '""');
  });

  test('a space typed at the start of a line does not pop up the list', () => {
    assert.deepEqual(items(' |', { triggerCharacter: ' ' }), []);
  });

  test('documentation is resolved lazily from the docs', () => {
    const resolved = resolveCompletion(item(items('|'), 'appendfsync'));
    const md = (resolved.documentation as { value: string }).value;
    assert.match(md, /^\*\*appendfsync\*\*/);
    assert.match(md, /Durability \(RPO\)/);
    const alias = resolveCompletion(item(items('|'), 'slaveof'));
    assert.match((alias.documentation as { value: string }).value, /`slaveof` is the old name of `replicaof`/);
  });
});

describe('completion of values', () => {
  test('enum words and yes/no after a directive, with notes', () => {
    const fsync = items('appendfsync |');
    assert.deepEqual(labels(fsync), ['everysec', 'always', 'no']);
    assert.equal(item(fsync, 'everysec').detail, 'default');
    assert.match((item(fsync, 'always').documentation as { value: string }).value, /RPO ≈ 0/);
    assert.deepEqual(labels(items('appendonly y|')), ['yes', 'no']);
    assert.ok(labels(items('maxmemory-policy |')).includes('allkeys-lru'));
    assert.deepEqual(items('appendonly yes |'), [], 'nothing after the single value');
  });

  test('the typed word is replaced as a whole', () => {
    const { analysis, position } = analyzeAt('appendfsync ev|erysec');
    const edit = complete(analysis, position).items[0].textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 0, character: 12 }, end: { line: 0, character: 20 } });
  });

  test('memory units after a number, with the bytes they mean', () => {
    const list = items('maxmemory 1|');
    assert.deepEqual(labels(list).slice(0, 3), ['1mb', '1gb', '1kb']);
    assert.equal(item(list, '1gb').detail, '= 1,073,741,824 bytes (1 GiB)');
    assert.equal(item(list, '1g').detail, '= 1,000,000,000 bytes (≈ 953.67 MiB)');
    assert.ok(labels(items('client-output-buffer-limit replica 256|')).includes('256mb'));
    assert.deepEqual(items('port 63|'), [], 'no units for a plain integer');
  });

  test('multi-word forms: client classes, replicaof no one, shutdown flags', () => {
    assert.deepEqual(labels(items('client-output-buffer-limit |')), ['normal', 'replica', 'pubsub']);
    assert.deepEqual(labels(items('client-output-buffer-limit replica 1mb 1mb 60 |')), ['normal', 'replica', 'pubsub']);
    assert.deepEqual(labels(items('replicaof |')), ['no']);
    assert.deepEqual(labels(items('replicaof no |')), ['one']);
    assert.deepEqual(labels(items('shutdown-on-sigterm save |')), ['default', 'nosave', 'now', 'force']);
  });

  test('nothing inside comments or quotes', () => {
    assert.deepEqual(items('# appendfsync |'), []);
    assert.deepEqual(items('  # |'), []);
    assert.deepEqual(items('requirepass "sec|ret"'), []);
    assert.deepEqual(items('requirepass "sec|'), [], 'an unclosed quote while typing');
    assert.deepEqual(items("masterauth 'x|'"), []);
  });
});

describe('completion in sentinel.conf', () => {
  const S = { language: 'sentinel-conf' as const };

  test('offers sentinel templates and only the directives a Sentinel uses', () => {
    const list = items('|', S);
    assert.equal(newText(item(list, 'sentinel monitor')), 'sentinel monitor ${1:mymaster} ${2:127.0.0.1} ${3:6379} ${4:2}');
    assert.equal(item(list, 'sentinel').command?.command, 'editor.action.triggerSuggest');
    assert.ok(labels(list).includes('port') && labels(list).includes('logfile'));
    for (const dataNode of ['appendonly', 'maxmemory', 'save', 'replicaof', 'cluster-enabled'])
      assert.ok(!labels(list).includes(dataNode), dataNode);
  });

  test('sub-commands after `sentinel`, version-aware', () => {
    const v70 = items('sentinel |', S);
    assert.equal(newText(item(v70, 'monitor')), 'monitor ${1:mymaster} ${2:127.0.0.1} ${3:6379} ${4:2}');
    assert.ok(labels(v70).includes('master-reboot-down-after-period'));
    assert.deepEqual(item(v70, 'known-slave').tags, [CompletionItemTag.Deprecated]);
    assert.ok(!labels(items('sentinel |', { ...S, version: '6.2' })).includes('master-reboot-down-after-period'));
    assert.deepEqual(items('sentinel |'), [], 'not in a redis.conf');
  });

  test('master names declared in the file after a per-master sub-command', () => {
    const text = 'sentinel monitor alpha 10.0.0.1 6379 2\nsentinel monitor beta 10.0.0.2 6379 2\nsentinel failover-timeout |';
    const list = items(text, S);
    assert.deepEqual(labels(list), ['alpha', 'beta']);
    assert.equal(list[0].detail, 'sentinel monitor, line 1: 10.0.0.1:6379, quorum 2');
    const subs = items('sentinel monitor alpha 10.0.0.1 6379 2\nsentinel |', S);
    assert.equal(newText(item(subs, 'parallel-syncs')), 'parallel-syncs ${1|alpha|} ${2:1}');
    assert.deepEqual(labels(items('sentinel resolve-hostnames |', S)), ['yes', 'no']);
  });
});
