/**
 * TLS with client certificates, against a real redis-server built with TLS:
 * a throwaway CA made by openssl in a temp dir, a server requiring client
 * certificates (tls-auth-clients yes). `status --ca --cert --key` reads it;
 * without the client certificate, or with an unreadable file, a clear message.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rmSync } from 'node:fs';
import { HealthMonitor, parseSeed } from '../../health';
import { runCli, statusJson } from '../support/cli';
import { freePort, missingBinaries, startServer, tempDir, type RunningServer } from '../support/redis';
import { makeCerts, noOpenssl } from '../support/tls';

const skip = missingBinaries() ?? noOpenssl;

describe('TLS with client certificates', { skip }, () => {
  let server: RunningServer;
  let dir: string;
  let seed: string;
  before(async () => {
    dir = tempDir('redis-ha-tls-');
    makeCerts(dir);
    const port = await freePort();
    server = await startServer({
      port,
      config: `port 0\ntls-port ${port}\ntls-cert-file ${dir}/node.crt\ntls-key-file ${dir}/node.key\ntls-ca-cert-file ${dir}/ca.crt\ntls-auth-clients yes\n`,
    });
    seed = `127.0.0.1:${port}`;
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('--ca --cert --key: ok', async () => {
    const r = await statusJson([
      '--timeout',
      '2000',
      '--ca',
      join(dir, 'ca.crt'),
      '--cert',
      join(dir, 'node.crt'),
      '--key',
      join(dir, 'node.key'),
      seed,
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.json.nodes[0].role, 'primary');
    assert.equal(r.stderr, '');
  });

  test('without the client certificate: the server refuses, said as such', async () => {
    const r = await statusJson(['--timeout', '2000', '--ca', join(dir, 'ca.crt'), seed]);
    assert.equal(r.code, 3);
    assert.equal(r.json.nodes[0].health, 'unreachable');
    assert.match(r.json.nodes[0].problems[0].message, /TLS|connection (reset|closed)|certificate/i);
  });

  test('an unreadable file: a usage error for the CLI, a TLS problem for a configured connection', async () => {
    const r = await runCli(['status', '--ca', join(dir, 'missing.crt'), seed]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /cannot read --ca .*missing\.crt: no such file/);
    const monitor = new HealthMonitor(
      [{ ...parseSeed(seed), tls: { ca: join(dir, 'ca.crt'), cert: join(dir, 'node.crt'), key: join(dir, 'gone.key') } }],
      { timeoutMs: 2000 },
    );
    try {
      const [n] = (await monitor.refresh()).nodes;
      assert.match(n.problems[0].message, /^TLS: cannot read the client key '.*gone\.key' \("key" setting, --key\): no such file/);
    } finally {
      monitor.dispose();
    }
  });
});
