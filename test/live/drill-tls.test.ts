/**
 * `redis-ha drill` on a Sentinel group that speaks TLS only (data nodes and
 * Sentinels on tls-port, replication over TLS, a throwaway CA): with --ca the
 * manual drill runs through and measures; without it, the drill says that no
 * Sentinel answered and touches nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { DrillResult } from '../../health';
import { drillCli } from '../support/drill';
import { missingBinaries, tempDir } from '../support/redis';
import { makeCerts, noOpenssl } from '../support/tls';
import { sentinelPrimary, type SentinelGroup, startSentinelGroup, type TestTls } from '../support/topology';

const skip = missingBinaries() ?? noOpenssl;

describe('redis-ha drill over TLS', { skip }, () => {
  let tls: TestTls;
  let g: SentinelGroup;
  let seed: string;
  before(async () => {
    tls = { dir: tempDir('redis-ha-drill-tls-') };
    makeCerts(tls.dir);
    g = await startSentinelGroup({ downAfterMs: 2000, tls });
    seed = `redis-sentinel://${g.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}`;
  });
  after(async () => {
    await g?.stop();
    if (tls) rmSync(tls.dir, { recursive: true, force: true });
  });

  test('without --ca or --tls: no Sentinel answers, said as such, nothing is run', async () => {
    const r = await drillCli(['--mode', 'manual', '--timeout', '500', '--yes', '--group', 'mymaster', seed]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no Sentinel answered/);
  });

  test('an unreadable --ca is a usage error', async () => {
    const r = await drillCli(['--mode', 'manual', '--ca', join(tls.dir, 'missing.crt'), seed]);
    assert.equal(r.code, 3);
    assert.match(r.err, /cannot read --ca .*missing\.crt/);
  });

  test('with --ca: a manual failover measured over TLS, the key space deleted', async () => {
    const ca = join(tls.dir, 'ca.crt');
    const r = await drillCli([
      '--mode',
      'manual',
      '--ca',
      ca,
      '--wait',
      '1,500',
      '--rate',
      '200',
      '--duration',
      '4',
      '--format',
      'json',
      '--yes',
      '--group',
      'mymaster',
      seed,
    ]);
    const result = JSON.parse(r.out) as DrillResult;
    assert.ok(result.settled, r.err);
    assert.ok(result.plain.acked > 100 && result.waited && result.waited.confirmed.acked > 100, JSON.stringify(result.writes));
    assert.ok(!result.notes.some((n) => n.includes('could not be read back')), result.notes.join('\n'));
    // a manual failover leaves the old primary taking writes, which its other replica still confirms until
    // Sentinel moves it: any WAIT-confirmed write lost is one of those, and the report says so
    assert.ok(result.rpo.lostOnOldPrimaryAfterFailover >= result.waited.confirmed.lost, JSON.stringify(result.rpo));
    if (result.waited.confirmed.lost > 0) assert.ok(result.notes.some((n) => n.includes('WAIT protects a write only if')));
    assert.ok(
      result.events.some((e) => e.kind === '+switch-master'),
      'the events came over TLS',
    );
    assert.ok(result.rto.measuredMs !== undefined, JSON.stringify(result.rto));
    assert.ok(result.keysDeleted !== undefined && result.keysDeleted > 0);
    const now = await sentinelPrimary(g.sentinels[0].port, g.masterName, tls);
    assert.notEqual(now.port, g.primary.port);
  });
});
