/**
 * server/service/paths.ts against node:path and node:url: both flavours
 * (POSIX and Windows) on random paths made of the pieces that make paths
 * hard — dots, doubled and mixed separators, drives, shares, device
 * namespaces, colons, characters a URI must encode — and on named cases.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { paths, posixPaths, win32Paths, type PathFlavor } from '../../server/service/paths';
import { fc, runProperty } from '../support/fuzz';

const FILE = 'test/unit/paths.test.ts';
const PIECES = [
  'a',
  'bc',
  'x.conf',
  '.',
  '..',
  '...',
  '/',
  '\\',
  '//',
  '\\\\',
  'C:',
  'c:',
  ':',
  ' ',
  '#',
  '%',
  '?',
  '~',
  '[',
  'é',
  '😀',
  'server',
  'share',
  '\\\\.\\',
  '\\\\?\\',
  '%2F',
  '%5c',
  '\n',
];
const piecesPath = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((a) => a.join(''));
const anyPath = fc.oneof(piecesPath, fc.string({ maxLength: 12 }));

function nodeOr<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/**
 * Node 20.19+ also puts '.\\' before some relative Windows paths that start
 * with a reserved DOS device name ('con ', 'con.', 'lpt10'), by a rule that
 * differs between Node versions. The service joins names to absolute folders
 * only, so it does not reproduce that: node's answer is taken without it.
 */
function deviceless(node: string, ours: string): string {
  return node === `.\\${ours}` && /^(con|prn|aux|nul|com|lpt)/i.test(ours) ? ours : node;
}

const FLAVOURS: Array<[string, PathFlavor, path.PlatformPath]> = [
  ['posix', posixPaths, path.posix],
  ['win32', win32Paths, path.win32],
];

describe('paths: node:path semantics without node:path', () => {
  for (const [name, ours, node] of FLAVOURS) {
    test(`${name}: isAbsolute, normalize, join, dirname, basename as node:path.${name}`, async (t) => {
      await runProperty(
        t,
        `${name} path functions`,
        fc.property(anyPath, anyPath, (p, q) => {
          assert.equal(ours.isAbsolute(p), node.isAbsolute(p), `isAbsolute(${JSON.stringify(p)})`);
          assert.equal(ours.normalize(p), deviceless(node.normalize(p), ours.normalize(p)), `normalize(${JSON.stringify(p)})`);
          assert.equal(ours.join(p, q), deviceless(node.join(p, q), ours.join(p, q)), `join(${JSON.stringify(p)}, ${JSON.stringify(q)})`);
          assert.equal(ours.dirname(p), node.dirname(p), `dirname(${JSON.stringify(p)})`);
          assert.equal(ours.basename(p), node.basename(p), `basename(${JSON.stringify(p)})`);
        }),
        { numRuns: 20_000, timeMs: 3000 },
        FILE,
      );
    });
  }

  test('posix: resolve and file URIs of absolute paths as node:path / node:url', async (t) => {
    await runProperty(
      t,
      'posix resolve and URIs',
      fc.property(anyPath, (rest) => {
        const p = `/${rest}`;
        assert.equal(posixPaths.resolve(p), path.posix.resolve(p), `resolve(${JSON.stringify(p)})`);
        const href = pathToFileURL(p).href;
        assert.equal(posixPaths.toFileUri(p), href, `toFileUri(${JSON.stringify(p)})`);
        for (const uri of [href, `file://${rest}`, `file:///${rest}`]) {
          assert.equal(
            posixPaths.fromFileUri(uri),
            nodeOr(() => fileURLToPath(uri)),
            `fromFileUri(${JSON.stringify(uri)})`,
          );
        }
      }),
      { numRuns: 20_000, timeMs: 3000 },
      FILE,
    );
  });

  test('win32: resolve and file URIs of drive and share paths as node:path / node:url in Windows mode', async (t) => {
    const roots = fc.constantFrom('C:\\', 'd:/', '\\\\server\\share', '//server/share/');
    await runProperty(
      t,
      'win32 resolve and URIs',
      fc.property(anyPath, roots, (rest, root) => {
        const p = `${root}${rest}`;
        assert.equal(win32Paths.resolve(p), path.win32.resolve(p), `resolve(${JSON.stringify(p)})`);
        // a share written with '/' is left to the resolve check: node:url only knows shares written with '\\'
        if (root.startsWith('//')) return;
        const href = pathToFileURL(p, { windows: true }).href;
        // Node emulating Windows on Linux appends a '/' to a drive root ('C:\' → file:///C://), which Windows does not
        const expected = /^file:\/\/\/[A-Za-z]:\/\/$/.test(href) ? href.slice(0, -1) : href;
        assert.equal(win32Paths.toFileUri(p), expected, `toFileUri(${JSON.stringify(p)})`);
        for (const uri of [href, `file://${rest}`, `file:///${rest}`]) {
          // a host name outside ASCII: Node gives its Unicode form, the service the URL's punycode; not a path a host gives
          if (/^file:\/\/[^/]*[^\x00-\x7f]/.test(uri)) continue;
          const expected = nodeOr(() => fileURLToPath(uri, { windows: true }));
          assert.equal(win32Paths.fromFileUri(uri), expected, `fromFileUri(${JSON.stringify(uri)})`);
        }
      }),
      { numRuns: 20_000, timeMs: 3000 },
      FILE,
    );
  });

  test('named cases: the paths a host gives and the URIs VS Code sends', () => {
    assert.equal(win32Paths.fromFileUri('file:///c%3A/Users/me/redis.conf'), 'c:\\Users\\me\\redis.conf');
    assert.equal(win32Paths.toFileUri('C:\\Program Files\\Redis\\redis.conf'), 'file:///C:/Program%20Files/Redis/redis.conf');
    assert.equal(win32Paths.join('C:\\redis', 'conf.d'), 'C:\\redis\\conf.d');
    assert.equal(win32Paths.dirname('\\\\nas\\configs\\redis.conf'), '\\\\nas\\configs\\');
    assert.equal(win32Paths.basename('C:\\redis\\valkey.conf'), 'valkey.conf');
    assert.equal(win32Paths.isAbsolute('/etc/redis/extra.conf'), true);
    assert.equal(posixPaths.isAbsolute('C:\\redis\\extra.conf'), false);
    assert.equal(posixPaths.toFileUri('/etc/redis/a b#1.conf'), 'file:///etc/redis/a%20b%231.conf');
    assert.equal(posixPaths.fromFileUri('file:///etc/redis/a%20b%231.conf'), '/etc/redis/a b#1.conf');
    assert.equal(posixPaths.fromFileUri('vscode-vfs://github/o/r/redis.conf'), undefined);
    assert.equal(posixPaths.fromFileUri('file://host/etc/redis.conf'), undefined);
    assert.equal(win32Paths.fromFileUri('file:///etc/redis.conf'), undefined, 'no drive: not a Windows path');
  });

  test("the platform's flavour is the one node:path uses here", () => {
    assert.equal(paths.sep, path.sep);
    assert.equal(paths, process.platform === 'win32' ? win32Paths : posixPaths);
  });
});
