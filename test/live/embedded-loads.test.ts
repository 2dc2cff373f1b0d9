/**
 * The command lines we extract from compose files load (or are refused by)
 * the real redis-server 7.0.15 exactly as our analysis says: each argv is
 * given to `redis-server --port <free> --bind 127.0.0.1 --dir <tmp> <argv…>`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { checkEmbedded } from '../../server/service';
import { freePort, missingBinaries, REDIS_SERVER, stopProcess, tempDir } from '../support/redis';

const skip = missingBinaries();
const READY = /Ready to accept connections/;

/** Whether the real redis-server starts with `argv` after the safe local options. */
async function realVerdict(argv: readonly string[]): Promise<{ accepted: boolean; output: string }> {
  const dir = tempDir('redis-ha-embedded-');
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--logfile',
    '',
    '--daemonize',
    'no',
    '--unixsocket',
    '',
    ...argv,
  ];
  try {
    return await new Promise((resolve) => {
      const child = spawn(REDIS_SERVER, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      let done = false;
      const finish = (accepted: boolean) => {
        if (done) return;
        done = true;
        void stopProcess(child).then(() => resolve({ accepted, output }));
      };
      const onData = (b: Buffer) => {
        output += b.toString('utf8');
        if (READY.test(output)) finish(true);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', () => finish(false));
      child.on('error', () => finish(false));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our verdict on the same argv written as a compose exec-form command: does any error come out? */
function ourVerdict(argv: readonly string[]): { accepted: boolean; text: string } {
  const yaml = `services:\n  r:\n    command: ${JSON.stringify(['redis-server', ...argv])}\n`;
  const r = checkEmbedded('yaml', yaml, { uri: 'file:///compose.yml', settings: { targetVersion: '7.0' } });
  return { accepted: !r.diagnostics.some((d) => d.severity === 1), text: r.configs[0]?.doc.text ?? '' };
}

const CASES: Array<[string[], boolean]> = [
  [['--save', '', '--appendonly', 'no'], true],
  [['--save', '60 1', '--appendonly', 'yes'], true],
  [['--save', '60', '1', '300', '10'], true],
  [['--save'], true],
  [['--save', '--appendonly', 'yes'], true],
  [['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'allkeys-lru'], true],
  [['--maxmemory', '256mb', '--replica-read-only', 'yes'], true],
  [['--appendonly', 'maybe'], false],
  [['--maxmemory', '1gx'], false],
  [['--save', '60'], false],
  [['--maxmemory', '--appendonly', 'yes'], false],
  [['--appendonly', 'yes', 'no'], false],
  [['--no-such-directive', 'yes'], false],
];

describe('extracted command lines: the real redis-server 7.0.15 agrees with us', { skip }, () => {
  for (const [argv, accepted] of CASES) {
    test(`redis-server ${argv.map((a) => JSON.stringify(a)).join(' ')} is ${accepted ? 'accepted' : 'refused'}`, async () => {
      const ours = ourVerdict(argv);
      const real = await realVerdict(argv);
      assert.equal(real.accepted, accepted, real.output.slice(-400));
      assert.equal(ours.accepted, accepted, `our config text: ${JSON.stringify(ours.text)}`);
    });
  }
});
