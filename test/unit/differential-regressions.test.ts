/**
 * One test per difference the differential suite (test/differential) found
 * between our verdicts and Debian's redis-server 7.0.15, fixed in the
 * validator. Each names the real server's answer it now matches.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { check, firstFatal } from '../../server/service';
import { parseConfig } from '../../server/parser/parse';

type Lang = 'redis-conf' | 'sentinel-conf';
function analysis(text: string, language: Lang = 'redis-conf') {
  return check(text, { language, uri: 'file:///etc/redis/redis.conf', settings: { targetVersion: '7.0' } });
}
function errors(text: string): string[] {
  return analysis(text)
    .diagnostics.filter((d) => d.severity === 1)
    .map((d) => `${d.code}@${d.range.start.line + 1}`);
}
function first(text: string): Diagnostic | undefined {
  return firstFatal(analysis(text).diagnostics);
}
const accepted = (text: string) => assert.deepEqual(errors(text), [], text);

describe('a multi-argument setting given as one quoted argument is split like redis-server splits it', () => {
  test("'#' inside the quotes is a value, not a comment (redis-server: Invalid save parameters, line 1)", () => {
    assert.deepEqual(
      errors('save "# 1"').map((e) => e.split('@')[1]),
      ['1'],
    );
    assert.deepEqual(
      errors('save "900 1 #"').map((e) => e.split('@')[1]),
      ['1'],
    );
  });
  test('unbalanced quotes inside the value give the setter no argument (redis-server starts)', () => {
    accepted(`save '"900 1'`);
  });
  test('a NUL inside the value ends it, as C strings do', () => {
    accepted('save "900 1\\x00junk"');
  });
});

describe('client-output-buffer-limit', () => {
  test('no argument at all changes nothing and is accepted (redis-server starts)', () => {
    accepted('client-output-buffer-limit');
    assert.equal(analysis('client-output-buffer-limit').diagnostics[0]?.severity, 2);
  });
  test('soft seconds are kept in an int: 2^31 turns negative and is refused, 2^32 wraps to 0 and is accepted', () => {
    // redis-server: Error in hard, soft or soft_seconds setting in buffer limit configuration.
    assert.deepEqual(errors('client-output-buffer-limit normal 0 0 2147483648'), ['invalid-value@1']);
    assert.deepEqual(errors('client-output-buffer-limit normal 0 0 99999999999999999999'), ['invalid-value@1']);
    accepted('client-output-buffer-limit normal 0 0 4294967296');
  });
});

test('notify-keyspace-events stops reading at a NUL (redis-server starts)', () => {
  accepted('notify-keyspace-events "\\x00"');
  accepted('notify-keyspace-events "K\\x00Q"');
  assert.deepEqual(errors('notify-keyspace-events "KQ"'), ['invalid-value@1']);
});

test('latency-tracking-info-percentiles reads hexadecimal floats as strtod does', () => {
  accepted('latency-tracking-info-percentiles 0x10 0x1p3');
  // redis-server: latency-tracking-info-percentiles parameters should sit between [0.0,100.0]
  assert.deepEqual(errors('latency-tracking-info-percentiles 0x1p7'), ['out-of-range@1']);
  assert.deepEqual(errors('latency-tracking-info-percentiles 0x'), ['invalid-value@1']);
});

describe('bind: the addresses are used when redis-server starts listening', () => {
  test('the same address twice stops it (redis-server: Failed listening on port … (TCP), aborting)', () => {
    assert.deepEqual(errors('bind 127.0.0.1 127.0.0.1'), ['invalid-value@1']);
    assert.deepEqual(errors('bind 127.0.0.1 -127.0.0.1'), ['invalid-value@1']);
    assert.deepEqual(errors('bind 127.0.0.1 127.1'), ['invalid-value@1']);
  });
  test('an empty address among others, or a dotted number that is no address, stops it', () => {
    assert.deepEqual(errors('bind 127.0.0.1 ""'), ['invalid-value@1']);
    assert.deepEqual(errors('bind 127.0.0.300'), ['invalid-value@1']);
    accepted('bind ""');
  });
  test('an inline comment stops it only when something listens on TCP', () => {
    assert.deepEqual(errors('bind 127.0.0.1 # local'), ['inline-comment@1']);
    accepted('bind 127.0.0.1 # local\nport 0');
    assert.equal(analysis('bind 127.0.0.1 # local\nport 0').diagnostics.find((d) => d.code === 'inline-comment')?.severity, 2);
    assert.deepEqual(errors('bind 127.0.0.1 # local\nport 0\ntls-port 6380'), ['inline-comment@1']);
  });
  test('the refusal happens after loading: a later broken line is what redis-server reports', () => {
    assert.equal(first('bind 127.0.0.1 127.0.0.1\nport x')?.range.start.line, 1);
  });
});

test('dbfilename . or .. names a directory: no start without AOF (redis-server: Unexpected EOF reading RDB file)', () => {
  assert.deepEqual(errors('dbfilename .'), ['invalid-value@1']);
  assert.deepEqual(errors('dbfilename ..'), ['invalid-value@1']);
  accepted('appendonly yes\ndbfilename .');
  accepted('dbfilename ...');
});

describe("ACL rules are judged in redis-server's two passes", () => {
  test("%~pattern needs R or W (Debian's 7.0.15 carries the CVE-2024-31227 fix: Syntax error, line 1)", () => {
    assert.deepEqual(errors('user alice on nopass %~k'), ['acl-rule@1']);
    accepted('user alice on nopass %R~k %RW~x');
  });
  test('-command|subcommand is a valid rule (redis-server starts)', () => {
    accepted('user alice on nopass +@all -config|get');
  });
  test('+command| with nothing after the bar is a syntax error at the line', () => {
    assert.deepEqual(errors('user alice on nopass +config|'), ['acl-rule@1']);
  });
  test('a password added with > can be removed by its hash with !', () => {
    accepted('user alice on >foo !2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae');
    assert.deepEqual(errors('user alice on >foo !aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), ['acl-rule@1']);
  });
  test('a user name with a blank stops the server after loading (Critical error while loading ACLs)', () => {
    assert.deepEqual(errors('user "a b" on nopass'), ['acl-rule@1']);
    assert.equal(first('user "a b" on nopass\nport x')?.range.start.line, 1, 'the broken port line is what redis-server reports first');
  });
  test('an unknown category is found after loading: a syntax error on a later line is reported first', () => {
    // redis-server: line 2, The password hash must be exactly 64 characters …
    assert.equal(first('user alice on +@bogus\nuser bob on #x')?.range.start.line, 1);
    assert.deepEqual(errors('user alice on +@bogus'), ['acl-rule@1']);
  });
  test('acl-pubsub-default allchannels makes a channel pattern an error, at the line or after loading', () => {
    assert.deepEqual(errors('acl-pubsub-default allchannels\nuser alice on nopass &foo'), ['acl-rule@2']);
    assert.deepEqual(errors('user alice on nopass &foo\nacl-pubsub-default allchannels'), ['acl-rule@1']);
    accepted('acl-pubsub-default allchannels\nuser alice on nopass resetchannels &foo');
  });
});

test('NUL bytes are numbered in one pass (a 10 MB file full of them used to take minutes)', () => {
  const doc = parseConfig('a 1\nb 2\0c\nd 3\n\0\ne 4\0');
  assert.deepEqual(
    doc.problems.map((p) => `${p.error}@${p.lineNumber}`),
    ['nul-character@2', 'nul-character@4', 'nul-character@5'],
  );
});

describe('Valkey 9.1 (valkey-9.1.0 oracle): numbers read more strictly than by earlier versions', () => {
  const on = (version: string, text: string) =>
    check(text, { language: 'redis-conf', uri: 'file:///etc/valkey/valkey.conf', settings: { targetVersion: version } })
      .diagnostics.filter((d) => d.severity === 1)
      .map((d) => d.code);
  test('a hexadecimal percentile is refused by 9.1 (Invalid latency-tracking-info-percentiles parameters) and taken by 9.0 and Redis 8.8', () => {
    for (const v of ['0x10', '0x1p3', '0X10', '-0x0']) {
      assert.deepEqual(on('valkey-9.1', `latency-tracking-info-percentiles ${v}`), ['invalid-value'], v);
      assert.deepEqual(on('valkey-9.0', `latency-tracking-info-percentiles ${v}`), [], v);
      assert.deepEqual(on('8.8', `latency-tracking-info-percentiles ${v}`), [], v);
    }
    assert.deepEqual(on('valkey-9.1', 'latency-tracking-info-percentiles 1e1 +5 .5 5. 4.9e-324'), []);
  });
  test('a buffer limit beyond 64 bits is refused by 9.1 and saturates in 9.0', () => {
    assert.deepEqual(on('valkey-9.1', 'client-output-buffer-limit normal 18446744073709551616 0 0'), ['invalid-memory']);
    assert.deepEqual(on('valkey-9.0', 'client-output-buffer-limit normal 18446744073709551616 0 0'), []);
    assert.deepEqual(on('valkey-9.1', 'client-output-buffer-limit normal 18446744073709551615 0 0'), []);
  });
});
