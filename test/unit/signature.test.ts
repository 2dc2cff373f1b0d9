import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signatureHelp } from '../../server/service';
import { analyzeAt, type Lang } from '../support/cursor';

function sig(marked: string, opts: { version?: string; language?: Lang } = {}) {
  const { analysis, position } = analyzeAt(marked, opts);
  const help = signatureHelp(analysis, position);
  if (!help) return undefined;
  const s = help.signatures[0];
  const p = s.parameters![help.activeParameter!];
  const [from, to] = p.label as [number, number];
  return { label: s.label, active: s.label.slice(from, to), doc: (p.documentation as { value: string }).value };
}

describe('signature help', () => {
  test('save: the argument in its pair, across repeated pairs', () => {
    assert.deepEqual(sig('save 900 |'), {
      label: 'save <seconds> <changes> [<seconds> <changes> …]',
      active: '<changes>',
      doc: 'Number of writes within the window that triggers the snapshot (0 or more).',
    });
    assert.equal(sig('save 900 1 3|00 10')?.active, '<seconds>');
  });

  test('client-output-buffer-limit, replicaof, rename-command', () => {
    assert.equal(sig('client-output-buffer-limit replica 512mb |')?.active, '<soft-limit>');
    assert.equal(sig('client-output-buffer-limit replica 512mb 128mb 60 pubsub |')?.active, '<hard-limit>');
    const r = sig('replicaof 127.0.0.1 |');
    assert.equal(r?.label, 'replicaof <host> <port>');
    assert.equal(r?.active, '<port>');
    assert.equal(sig('rename-command FLUSHALL |')?.active, '<new-name>');
    assert.equal(sig('user app on |')?.active, '<rule>', 'the variadic tail stays on its last parameter');
  });

  test('sentinel sub-commands', () => {
    const S = { language: 'sentinel-conf' as const };
    const m = sig('sentinel monitor mymaster 127.0.0.1 |', S);
    assert.equal(m?.label, 'sentinel monitor <master-name> <ip> <port> <quorum>');
    assert.equal(m?.active, '<port>');
    assert.equal(sig('sentinel monitor mymaster 127.0.0.1 6379 |', S)?.active, '<quorum>');
    assert.equal(sig('sentinel down-after-milliseconds |', S)?.active, '<master-name>');
    assert.equal(sig('sentinel monitor a b c d |', S), undefined, 'past the last argument');
  });

  test('nothing for single-value directives, names, comments and quotes', () => {
    assert.equal(sig('appendfsync |'), undefined);
    assert.equal(sig('save| 900 1'), undefined);
    assert.equal(sig('# save 900 |'), undefined);
    assert.equal(sig('sentinel |', { language: 'sentinel-conf' }), undefined);
    assert.equal(sig('rename-command "FLUSH|ALL"'), undefined);
  });
});
