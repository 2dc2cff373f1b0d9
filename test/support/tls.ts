/**
 * Throwaway TLS material for live tests: a CA made by openssl in a temp dir
 * and one certificate for 127.0.0.1 that servers use and clients may present.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Why TLS tests cannot run here, or undefined. */
export const noOpenssl = spawnSync('openssl', ['version']).status === 0 ? undefined : 'openssl is not installed';

/** A CA and a certificate for 127.0.0.1 usable by the server and as a client certificate (test only). */
export function makeCerts(dir: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-days', '2', '-subj', '/CN=redis-ha throwaway CA', '-keyout', 'ca.key', '-out', 'ca.crt');
  ssl('req', ...ec, '-subj', '/CN=127.0.0.1', '-keyout', 'node.key', '-out', 'node.csr');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  ssl(
    'x509',
    '-req',
    '-in',
    'node.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
    '-out',
    'node.crt',
  );
}
