/**
 * The credential policy against real servers and a fake node that logs AUTH:
 * a primary and its replica need a password; a sub-replica of that replica
 * announces an address of its own choosing (127.0.0.2, where the fake node
 * listens). The password goes to the primary and the replica — the seed and
 * the members it reports — never to the announced address, whichever of the
 * two is the seed; with --allow 127.0.0.1/32 the announced address is not
 * even dialled. Every address is on the loopback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { statusJson } from '../support/cli';
import { startFakeNode, type FakeNode } from '../support/fake-node';
import { codesOf } from '../support/health';
import { missingBinaries, startServer, type RunningServer } from '../support/redis';
import { ask, parseInfo, waitFor } from '../support/topology';

const skip = missingBinaries();
const SECRET = 'vouch-only-Kp4rT9';

describe('credentials go only to vouched members', { skip }, () => {
  let primary: RunningServer;
  let replica: RunningServer;
  let sub: RunningServer;
  let fake: FakeNode;
  const foreign = () => `127.0.0.2:${fake.port}`;
  before(async () => {
    fake = await startFakeNode({ host: '127.0.0.2', password: SECRET, handler: () => undefined });
    const auth = `requirepass ${SECRET}\nmasterauth ${SECRET}\n`;
    primary = await startServer({ config: auth });
    replica = await startServer({ config: `${auth}replicaof 127.0.0.1 ${primary.port}\n` });
    sub = await startServer({
      config: `masterauth ${SECRET}\nreplicaof 127.0.0.1 ${replica.port}\nreplica-announce-ip 127.0.0.2\nreplica-announce-port ${fake.port}\n`,
    });
    await waitFor('the replica to list the sub-replica under its announced address', async () => {
      const info = parseInfo(await ask(replica.port, (r) => r.info('replication'), { password: SECRET }));
      return info.master_link_status === 'up' && (info.slave0 ?? '').startsWith(`ip=127.0.0.2,port=${fake.port},state=online`);
    });
  });
  after(async () => {
    await Promise.all([sub?.stop(), replica?.stop(), primary?.stop(), fake?.stop()]);
  });

  for (const seedOf of ['primary', 'replica'] as const) {
    test(`seed: the ${seedOf} — the announced address is contacted without AUTH and says why`, async () => {
      const auths = fake.auths().length;
      const port = seedOf === 'primary' ? primary.port : replica.port;
      const r = await statusJson(['--timeout', '1000', `127.0.0.1:${port}`], { env: { REDISCLI_AUTH: SECRET } });
      const byAddress = new Map(r.json.nodes.map((n) => [n.address, n]));
      assert.equal(byAddress.get(`127.0.0.1:${primary.port}`)?.health, 'ok', r.stdout);
      assert.equal(byAddress.get(`127.0.0.1:${replica.port}`)?.health, 'ok', r.stdout);
      const f = byAddress.get(foreign());
      assert.ok(f, `the announced sub-replica is shown: ${r.stdout}`);
      assert.deepEqual(codesOf(f.problems), ['credentials-withheld']);
      assert.match(f.problems[0].message, /password was not sent to 127\.0\.0\.2:\d+: no seed vouches for it/);
      assert.equal(fake.auths().length, auths, 'no AUTH reached the announced address');
      assert.ok(fake.commands.length > 0, 'it was contacted, without credentials');
      assert.equal(r.code, 2);
    });
  }

  test('--allow 127.0.0.1/32: the announced address is never dialled', async () => {
    const connections = fake.connections;
    const r = await statusJson(['--timeout', '1000', '--allow', '127.0.0.1/32', `127.0.0.1:${primary.port}`], {
      env: { REDISCLI_AUTH: SECRET },
    });
    const f = r.json.nodes.find((n) => n.address === foreign());
    assert.ok(f, r.stdout);
    assert.deepEqual(codesOf(f.problems), ['address-not-allowed']);
    assert.match(f.problems[0].message, /not contacted: 127\.0\.0\.2 is outside the allowed addresses \(127\.0\.0\.1\/32\)/);
    assert.equal(fake.connections, connections, 'no connection was attempted');
    assert.ok(r.json.nodes.filter((n) => n !== f).every((n) => n.health === 'ok'));
  });

  test('--allow with a bad range is a usage error', async () => {
    const r = await statusJson(['--allow', '10.0.0.0/33', `127.0.0.1:${primary.port}`]).catch((e: Error) => e);
    assert.ok(r instanceof Error && /--allow: '10\.0\.0\.0\/33' is not an address range/.test(r.message), String(r));
  });
});
