/**
 * The command line of `redis-ha-language-server` (server/bin.ts): it serves
 * only with a transport, and otherwise answers and exits instead of waiting for
 * LSP on a terminal. The built command is driven by test/protocol/package.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, LANGUAGE_SERVER_USAGE } from '../../server/bin';

describe('redis-ha-language-server arguments', () => {
  test('each transport serves, with the arguments editors add', () => {
    for (const argv of [
      ['--stdio'],
      ['--node-ipc'],
      ['--socket=6009'],
      ['--socket', '6009'],
      ['--pipe=/tmp/x.sock'],
      ['--stdio', '--clientProcessId=42'],
    ])
      assert.deepEqual(decide(argv), { run: true }, argv.join(' '));
  });

  test('--help and --version answer on stdout with exit 0, whatever else is given', () => {
    assert.deepEqual(decide(['--help']), { run: false, out: 'stdout', text: LANGUAGE_SERVER_USAGE, code: 0 });
    assert.deepEqual(decide(['--stdio', '-h']), { run: false, out: 'stdout', text: LANGUAGE_SERVER_USAGE, code: 0 });
    const v = decide(['--version']);
    assert.equal(v.run, false);
    if (!v.run) assert.match(v.text, /^(\d+\.\d+\.\d+|development)\n$/);
  });

  test('no transport, or an unknown argument: the usage on stderr, exit 2', () => {
    for (const [argv, why] of [
      [[], /no transport given/],
      [['--clientProcessId=42'], /no transport given/],
      [['--stdio', '--verbose'], /unknown argument '--verbose'/],
      [['--socket'], /unknown argument '--socket='/],
      [['--socket=port'], /unknown argument '--socket=port'/],
    ] as Array<[string[], RegExp]>) {
      const d = decide(argv);
      assert.equal(d.run, false, argv.join(' '));
      if (d.run) continue;
      assert.equal(d.out, 'stderr');
      assert.equal(d.code, 2);
      assert.match(d.text, why);
      assert.ok(d.text.endsWith(LANGUAGE_SERVER_USAGE));
    }
  });

  test('the usage names the command, --stdio and the two language ids', () => {
    assert.match(LANGUAGE_SERVER_USAGE, /^usage: redis-ha-language-server --stdio\n/);
    assert.match(LANGUAGE_SERVER_USAGE, /redis-conf/);
    assert.match(LANGUAGE_SERVER_USAGE, /sentinel-conf/);
  });
});
