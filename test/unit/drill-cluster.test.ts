/**
 * The cluster side of the drill without a cluster: the key slot (CRC16 and
 * hash tags, checked against values Redis' own CLUSTER KEYSLOT gives), the
 * choice of a drill id inside a shard's slots, the owner of a slot in a
 * CLUSTER NODES view, the bounded reading of MOVED redirects, and the option
 * a redis:// seed turns into. The drill on a real cluster is
 * test/live/drill-cluster.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { drillOptions } from '../../cli/drill';
import { crc16, idInSlots, keySlot, movedTo, ownerOf } from '../../health/drill/cluster';
import { parseClusterNodes } from '../../health/replies';

describe('drill on a cluster: slots and redirects', () => {
  test('CRC16 and key slots as CLUSTER KEYSLOT computes them', () => {
    assert.equal(crc16(new TextEncoder().encode('123456789')), 0x31c3);
    assert.equal(keySlot('foo'), 12182);
    assert.equal(keySlot('bar'), 5061);
    assert.equal(keySlot('{user1000}.following'), keySlot('{user1000}.followers'));
    assert.equal(keySlot('{user1000}.following'), keySlot('user1000'));
    // an empty tag does not count: the whole key is hashed
    assert.equal(keySlot('foo{}{bar}'), crc16(new TextEncoder().encode('foo{}{bar}')) % 16384);
    // the first '{' and the next '}'
    assert.equal(keySlot('foo{{bar}}zap'), keySlot('{bar'));
    assert.equal(keySlot('foo{bar}{zap}'), keySlot('bar'));
  });

  test('a drill id is found inside the shard, however few slots it serves', () => {
    for (const slots of [
      [[0, 5460]],
      [[10923, 16383]],
      [[7000, 7000]],
      [
        [1, 2],
        [16000, 16001],
      ],
    ] as Array<Array<[number, number]>>) {
      const pick = idInSlots(slots);
      assert.ok(pick, JSON.stringify(slots));
      assert.equal(keySlot(`redis-ha:drill:{${pick.id}}:3:17`), pick.slot);
      assert.ok(slots.some(([a, b]) => pick.slot >= a && pick.slot <= b));
    }
    assert.equal(idInSlots([]), undefined);
  });

  test('the owner of a slot is a primary that serves it and is not flagged failing', () => {
    const nodes = [
      'a1 127.0.0.1:7001@17001 master - 0 0 1 connected 0-5460',
      'b1 127.0.0.1:7002@17002 master,fail - 0 0 2 connected 5461-10922',
      'c1 127.0.0.1:7003@17003 myself,master - 0 0 3 connected 10923-16383',
      'b2 127.0.0.1:7005@17005 slave b1 0 0 2 connected',
    ].join('\n');
    const view = parseClusterNodes(nodes).nodes;
    assert.equal(ownerOf(view, 0), '127.0.0.1:7001');
    assert.equal(ownerOf(view, 16383), '127.0.0.1:7003');
    assert.equal(ownerOf(view, 6000), undefined, 'a FAIL primary is no owner');
  });

  test('MOVED replies are read within bounds', () => {
    assert.equal(movedTo(new Error('MOVED 3999 127.0.0.1:6381')), '127.0.0.1:6381');
    assert.equal(movedTo(new Error('MOVED 3999 [::1]:6381')), '[::1]:6381');
    assert.equal(movedTo(new Error('MOVED 3999 ::1:6381')), '[::1]:6381');
    assert.equal(movedTo(new Error('ASK 3999 127.0.0.1:6381')), undefined);
    assert.equal(movedTo(new Error('MOVED 3999 127.0.0.1:99999')), undefined);
    assert.equal(movedTo(new Error('MOVED 3999 evil host:1')), undefined);
    assert.equal(movedTo(new Error(`MOVED 1 ${'x'.repeat(400)}:1`)), undefined);
    assert.equal(movedTo('MOVED 1 127.0.0.1:1'), undefined);
  });

  test('a redis:// seed is a cluster drill; a redis-sentinel:// one a Sentinel drill', () => {
    const values = { mode: 'manual', format: 'text', force: false, 'follow-switch': false, tls: false, yes: false } as const;
    const c = drillOptions({ ...values }, ['redis://:pw@127.0.0.1:7001'], undefined);
    assert.deepEqual(c.cluster, ['127.0.0.1:7001']);
    assert.deepEqual(c.sentinels, []);
    assert.equal(c.auth.password, 'pw');
    const s = drillOptions({ ...values }, ['redis-sentinel://127.0.0.1:26379#g'], undefined);
    assert.equal(s.cluster, undefined);
    assert.deepEqual(s.sentinels, ['127.0.0.1:26379']);
  });
});
