/**
 * `redis-ha check` (dist/cli.js) against the real redis-server 7.0.15 on a
 * handful of generated files: exit 0 when the server starts, 1 when it
 * refuses, the JSON report in the shape of issue 2 §6, the first error on
 * the line redis-server names, and the same verdict as the language service.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { missingBinaries } from '../support/redis';
import type { Case } from './support/cases';
import { ourVerdict, OUR_DIR } from './support/compare';
import { freePort, JudgePool, withDir } from './support/judge';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

interface JsonReport {
  files: Array<{
    file: string;
    diagnostics: Array<{
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      severity: string;
      code: string;
      message: string;
    }>;
  }>;
}

function files(closed: number): Array<Omit<Case, 'category' | 'group'>> {
  return [
    {
      id: 'a clean redis.conf',
      text: 'port 6380\nmaxmemory 256mb\nmaxmemory-policy allkeys-lru\nappendonly yes\nappendfsync everysec\nsave 900 1 300 10\n',
    },
    { id: 'an inline comment', text: 'port 6380\nappendonly yes # durable\n' },
    { id: 'a bad memory unit on line 3', text: '# sizes\nport 6380\nmaxmemory 1tb\n' },
    { id: 'the guidance trap replication-backlog-size', text: 'repl-backlog-size 64mb\nreplication-backlog-size 64mb\n' },
    { id: 'an unbalanced quote', text: 'masterauth "secret\n' },
    { id: 'replicaof in cluster mode (no line)', text: `cluster-enabled yes\nreplicaof 127.0.0.1 ${closed}\n` },
    { id: 'a duplicate user', text: 'user alice on nopass ~* +@all\nuser alice off\n' },
    { id: 'CRLF line ends', text: 'port 6380\r\nmaxmemory 1mb\r\n' },
    { id: 'a NUL byte glues two lines', text: 'port 6380\0x\nmaxmemory 1mb\n' },
    {
      id: 'a clean sentinel.conf',
      text: `sentinel monitor m 127.0.0.1 ${closed} 2\nsentinel down-after-milliseconds m 5000\n`,
      sentinel: true,
    },
    {
      id: 'a sentinel.conf with an unknown master',
      text: `sentinel monitor m 127.0.0.1 ${closed} 2\nsentinel failover-timeout other 60000\n`,
      sentinel: true,
    },
    { id: 'a sentinel.conf with a host name', text: `sentinel monitor m localhost ${closed} 2\n`, sentinel: true },
  ];
}

const missing = missingBinaries() ?? (existsSync(CLI) ? undefined : 'dist/cli.js is not built (npm test builds it)');

describe('redis-ha check agrees with redis-server 7.0.15', { skip: missing }, () => {
  const pool = new JudgePool(4);
  let dir = '';
  let cases: Array<Omit<Case, 'category' | 'group'>> = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-ha-cli-'));
    cases = files(await freePort());
  });
  after(() => {
    pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('exit status, JSON report and first error line match the real verdict', async () => {
    const reals = await Promise.all(cases.map((c) => pool.judge(c)));
    cases.forEach((c, i) => {
      const real = reals[i];
      const sub = join(dir, String(i));
      mkdirSync(sub);
      const file = join(sub, c.sentinel ? 'sentinel.conf' : 'redis.conf');
      writeFileSync(file, withDir(c.text, OUR_DIR));
      const r = spawnSync(process.execPath, [CLI, 'check', '--target-version', '7.0', '--format', 'json', file], { encoding: 'utf8' });
      assert.equal(r.stderr, '', `${c.id}: nothing on stderr`);
      const expected = real.verdict === 'accepted' ? 0 : 1;
      assert.equal(
        r.status,
        expected,
        `${c.id}: exit ${r.status}, but redis-server ${real.verdict === 'accepted' ? 'starts' : `refuses: ${real.message}`}`,
      );
      const report = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(Object.keys(report), ['files']);
      assert.equal(report.files.length, 1);
      assert.equal(report.files[0].file, file);
      for (const d of report.files[0].diagnostics) {
        assert.deepEqual(
          Object.keys(d),
          ['line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message'],
          `${c.id}: diagnostic shape`,
        );
        assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.column >= 1 && d.endLine >= d.line, `${c.id}: 1-based positions`);
        assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
        assert.ok(d.code && d.message);
      }
      const errors = report.files[0].diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length > 0, real.verdict === 'rejected', `${c.id}: errors ${JSON.stringify(errors)}`);
      // the same service as the editor: the same verdict and the same first error
      const ours = ourVerdict({ ...c, category: 'relations', group: 'cli' });
      assert.equal(ours.verdict, real.verdict, c.id);
      if (real.line !== undefined && !/\r[^\n]/.test(c.text)) {
        assert.ok(
          errors.some((e) => e.line === real.line),
          `${c.id}: an error on line ${real.line}, which redis-server names`,
        );
        assert.equal(ours.line, real.line, `${c.id}: first error on line ${real.line}`);
      }
    });
  });

  test('text format: file:line:column: severity [code] message, and exit 1', () => {
    const file = join(dir, 'text', 'redis.conf');
    mkdirSync(join(dir, 'text'), { recursive: true });
    writeFileSync(file, 'port 6380\nmaxmemory 1.5gb\n');
    const r = spawnSync(process.execPath, [CLI, 'check', '--target-version', '7.0', file], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:11: error \\[invalid-memory\\] `, 'm'));
  });
});
