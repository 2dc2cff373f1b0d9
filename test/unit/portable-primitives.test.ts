/**
 * The service's own SHA-256 and IP address syntax (server/service/sha256.ts,
 * server/service/ip.ts) and the adapter's UTF-8 length (server/documents.ts),
 * which replace node:crypto, node:net and Buffer so they run in a browser
 * worker: checked against Node's on many inputs.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import { countUtf8 } from '../../server/documents';
import { isIPv4, isIPv6 } from '../../server/service/ip';
import { sha256Bytes, sha256Hex } from '../../server/service/sha256';
import { fc, runProperty } from '../support/fuzz';

const FILE = 'test/unit/portable-primitives.test.ts';
const nodeSha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256: as node:crypto', () => {
  test('the FIPS 180-4 examples and every length around the block boundaries', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const twoBlocks = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
    assert.equal(sha256Hex(twoBlocks), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      assert.equal(sha256Bytes(bytes), nodeSha(bytes), `${n} bytes`);
    }
  });

  test('strings as UTF-8, lone surrogates included', async (t) => {
    await runProperty(
      t,
      'sha256 of strings',
      fc.property(fc.oneof(fc.string(), fc.fullUnicodeString(), fc.string16bits()), (s) => {
        assert.equal(sha256Hex(s), nodeSha(Buffer.from(s, 'utf8')), JSON.stringify(s));
      }),
      { numRuns: 5000, timeMs: 2000 },
      FILE,
    );
  });
});

const V4_PIECES = [
  '0',
  '1',
  '9',
  '10',
  '99',
  '100',
  '199',
  '249',
  '250',
  '255',
  '256',
  '300',
  '01',
  '00',
  '001',
  '1000',
  '',
  'a',
  ' ',
  '-1',
  '+1',
  '0x1',
];
const ipv4ish = fc.array(fc.constantFrom(...V4_PIECES), { minLength: 1, maxLength: 6 }).map((a) => a.join('.'));
const _HEX = ['0', '1', 'a', 'F', 'ff', 'FFFF', 'abcd', '0000', '12345', 'g', 'fffff', ''];
const _ZONES = ['', '%', '%eth0', '%1', '%en0.1', '%a-b:c', '%a b', '%a%b', '%é', '%_', '%/'];
/** Addresses and near-addresses: groups, an optional '::' somewhere, an optional IPv4 tail, a zone, a stray tail. */
function ipv6Like(hex: string[], v4: fc.Arbitrary<string>, zones: string[], strays: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(fc.constantFrom(...hex), { maxLength: 9 }),
      fc.option(fc.nat(9)),
      fc.option(v4),
      fc.constantFrom(...zones),
      fc.constantFrom(...strays),
    )
    .map(([groups, gap, tail, zone, stray]) => {
      const parts: string[] = [...groups];
      if (tail !== null) parts.push(tail);
      let s = parts.join(':');
      if (gap !== null) {
        const at = Math.min(gap, parts.length);
        s = `${parts.slice(0, at).join(':')}::${parts.slice(at).join(':')}`;
      }
      return `${s}${stray}${zone}`;
    });
}
const ipv6ish = fc.oneof(
  ipv6Like(['0', '1', 'a', 'F', 'ff', 'FFFF', 'abcd', '0000'], fc.constantFrom('1.2.3.4', '255.0.0.1'), ['', '', '%eth0', '%1'], ['']),
  ipv6Like(
    ['0', '1', 'a', 'F', 'ff', 'FFFF', 'abcd', '0000', '12345', 'g', 'fffff', ''],
    ipv4ish,
    ['', '%', '%eth0', '%1', '%en0.1', '%a-b:c', '%a b', '%a%b', '%é', '%_', '%/'],
    ['', ':', ':::', '.'],
  ),
);

describe('IP address syntax: as node:net', () => {
  test('named cases', () => {
    for (const s of ['1.2.3.4', '0.0.0.0', '255.255.255.255']) assert.ok(isIPv4(s), s);
    for (const s of ['01.2.3.4', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4 ', '0x7f.0.0.1', '']) assert.ok(!isIPv4(s), s);
    for (const s of [
      '::',
      '::1',
      '1::',
      'fe80::1%eth0',
      '::ffff:1.2.3.4',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6:7::',
      'fe80::1%en0.5',
    ]) {
      assert.ok(isIPv6(s), s);
    }
    for (const s of [
      ':',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '1:2:3:4:5:6:7:8::',
      '::1%',
      'fe80::1%a b',
      '1.2.3.4::',
      '1:2:3:4:5:6::1.2.3.4',
      '12345::',
    ]) {
      assert.ok(!isIPv6(s), s);
    }
  });

  test('near-addresses and arbitrary strings', async (t) => {
    let valid = 0;
    const run = await runProperty(
      t,
      'isIPv4/isIPv6',
      fc.property(fc.oneof(ipv6ish, ipv6ish, ipv4ish, fc.string({ maxLength: 16 })), (s) => {
        assert.equal(isIPv4(s), net.isIPv4(s), `isIPv4(${JSON.stringify(s)})`);
        assert.equal(isIPv6(s), net.isIPv6(s), `isIPv6(${JSON.stringify(s)})`);
        if (net.isIPv6(s) || net.isIPv4(s)) valid++;
      }),
      { numRuns: 50_000, timeMs: 3000 },
      FILE,
    );
    // the generator reaches both answers, so the property is not decided by one side only
    assert.ok(valid > run.numRuns / 20 && valid < run.numRuns - run.numRuns / 20, `${valid} of ${run.numRuns} were addresses`);
  });
});

describe('countUtf8 (utf8Length in a browser): as Buffer.byteLength', () => {
  test('ASCII, 2-, 3- and 4-byte characters, lone surrogates', async (t) => {
    for (const s of ['', 'port 6379', 'é', '€', '😀', '\ud800', '\udc00x', 'a\ud83d']) {
      assert.equal(countUtf8(s), Buffer.byteLength(s), JSON.stringify(s));
    }
    await runProperty(
      t,
      'countUtf8',
      fc.property(fc.oneof(fc.string(), fc.fullUnicodeString(), fc.string16bits()), (s) => {
        assert.equal(countUtf8(s), Buffer.byteLength(s, 'utf8'), JSON.stringify(s));
      }),
      { numRuns: 5000, timeMs: 1000 },
      FILE,
    );
  });
});
