/**
 * What the CLI reads from disk (issue 11): only regular files, up to a size
 * limit, never blocking on a FIFO; standard input capped; an include of a
 * FIFO, a device or an oversize file is an error and is never read. The
 * built CLI runs in a child process with a deadline, so a hang fails the test.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { readStdin } from '../../cli/io';
import { DEFAULT_MAX_FILE_BYTES, parseByteSize, readRegularFile } from '../../server/files';
import { CLI, runCli } from '../support/cli';

const T = { timeout: 60_000 };
const dir = mkdtempSync(join(tmpdir(), 'redis-ha-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fifo = join(dir, 'pipe.conf');
execFileSync('mkfifo', [fifo]);
const big = join(dir, 'big.conf');
writeFileSync(big, '');
truncateSync(big, DEFAULT_MAX_FILE_BYTES + 1); // sparse: a size over the limit without writing it
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('check: only regular files, within the size limit', () => {
  for (const [what, path, said] of [
    ['a character device', '/dev/zero', /cannot read \/dev\/zero: it is a character device, not a regular file/],
    ['a FIFO', fifo, /cannot read .*pipe\.conf: it is a FIFO \(named pipe\), not a regular file/],
    ['a directory', dir, /cannot read .*: it is a directory, not a regular file/],
    ['a file over the limit', big, /cannot read .*big\.conf: it is 4\.0 MiB, larger than the limit of 4 MiB \(--max-file-size raises it\)/],
  ] as const) {
    test(`${what}: exit 2 and a message naming the file and what it is`, T, async () => {
      const r = await runCli(['check', path], { timeoutMs: 20_000 });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, said);
      assert.equal(r.stdout, '');
    });
  }

  test('--max-file-size raises (or lowers) the limit; units are binary', T, async () => {
    const p = file('small.conf', 'port 6379\nappendonly yes\n');
    const low = await runCli(['check', '--max-file-size', '10', p]);
    assert.equal(low.code, 2);
    assert.match(low.stderr, /it is 25 bytes, larger than the limit of 10 bytes/);
    const ok = await runCli(['check', '--max-file-size', '1KiB', '--rpo', 'none', p]);
    assert.equal(ok.code, 0, ok.stderr);
    const bad = await runCli(['check', '--max-file-size', 'lots', p]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-file-size must be a positive size/);
    assert.deepEqual(['4194304', '512KiB', '16 MiB', '1g', '2k'].map(parseByteSize), [4194304, 524288, 16777216, 1073741824, 2048]);
    assert.deepEqual(['0', '-1', '1 TB', ''].map(parseByteSize), [undefined, undefined, undefined, undefined]);
  });

  test('--help documents the option and its default', async () => {
    const r = await runCli(['check', '--help']);
    assert.match(r.stdout, /--max-file-size N .*\n.*default: 4 MiB/);
  });

  test('standard input from /dev/zero: reading stops at the limit, exit 2', T, async () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, 'check', '--language', 'redis-conf', '--max-file-size', '1MiB', '-'], {
          stdio: [zero, 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr!.on('data', (b) => (stderr += b));
        const guard = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error('check - < /dev/zero did not end'));
        }, 30_000);
        child.on('exit', (code) => {
          clearTimeout(guard);
          resolve({ code, stderr });
        });
      });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read standard input: it is more than 1 MiB, the limit/);
    } finally {
      closeSync(zero);
    }
  });

  test('readStdin stops consuming an endless stream once over the limit', T, async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 65536;
        this.push(Buffer.alloc(65536, 0x61));
      },
    });
    const r = await readStdin(1024 * 1024, endless);
    assert.equal(r.ok, false);
    assert.ok(produced < 4 * 1024 * 1024, `${produced} bytes produced`);
    const small = await readStdin(100, Readable.from([Buffer.from('port 1\n')]));
    assert.deepEqual(small, { ok: true, text: 'port 1\n' });
  });

  test('readRegularFile never opens a FIFO for a blocking read', T, () => {
    const r = readRegularFile(fifo);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.kind, 'fifo');
  });
});

describe('check: includes of what redis-server cannot load', () => {
  test('an include of /dev/zero, of a FIFO or of an oversize file is an error, and none is read', T, async () => {
    const p = file('inc.conf', `include /dev/zero\ninclude ${fifo}\ninclude ${big}\ninclude /dev/null\nappendonly yes\n`);
    const r = await runCli(['check', '--format', 'json', '--rpo', 'none', p], { timeoutMs: 20_000 });
    assert.equal(r.code, 1, r.stderr);
    const diags = (
      JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ line: number; severity: string; code: string; message: string }> }> }
    ).files[0].diagnostics;
    const at = (line: number) => diags.filter((d) => d.line === line).map((d) => `${d.severity} ${d.code}`);
    assert.deepEqual(at(1), ['error include-special-file']);
    assert.deepEqual(at(2), ['error include-special-file']);
    assert.deepEqual(at(3), ['error include-too-large']);
    assert.deepEqual(at(4), [], '/dev/null is an empty file, for redis-server too');
    assert.match(diags.find((d) => d.line === 2)!.message, /FIFO \(named pipe\): redis-server blocks at startup/);
  });

  test("a nested include of a FIFO is reported on the root file's include line", T, async () => {
    const inner = file('inner.conf', `include ${fifo}\n`);
    const p = file('outer.conf', `include ${inner}\n`);
    const r = await runCli(['check', '--format', 'json', p], { timeoutMs: 20_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /"line":1,"column":9,"endLine":1,"endColumn":\d+,"severity":"error","code":"include-special-file"/);
  });
});

describe('status --config: only a regular file', () => {
  for (const [what, path, said] of [
    ['/dev/zero', '/dev/zero', /cannot read --config \/dev\/zero: it is a character device/],
    ['a FIFO', fifo, /cannot read --config .*pipe\.conf: it is a FIFO/],
  ] as const) {
    test(`${what}: a usage error at once, never a blocked read`, T, async () => {
      const r = await runCli(['status', '--config', path, '127.0.0.1:1'], { timeoutMs: 20_000 });
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, said);
    });
  }
});
