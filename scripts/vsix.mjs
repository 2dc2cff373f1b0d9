// Reads a .vsix (a zip) without an unzip binary: the names of its entries,
// and their bytes (stored or deflated, the two methods vsce writes). Used by
// scripts/package.mjs to check what went in, and by the web end-to-end test,
// which serves the packaged extension to a browser workbench.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Every entry of the zip at `file`: its name and a function that returns its bytes. */
export function readZip(file) {
  const buf = readFileSync(file);
  // the end-of-central-directory record: in the last 64 KiB + 22 bytes (a comment may follow it)
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== CENTRAL) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20),
      size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28),
      extraLength = buf.readUInt16LE(at + 30),
      commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      bytes: () => {
        if (buf.readUInt32LE(local) !== LOCAL) throw new Error(`${file}: bad local header of ${name}`);
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + compressed);
        if (method === 0) return raw;
        if (method === 8) return inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
        throw new Error(`${file}: ${name} uses compression method ${method}`);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * What the manifest inside a .vsix names as its entry points (`main`, `browser`)
 * and which of them the package lacks; empty when both are there.
 */
export function missingEntries(file) {
  const entries = readZip(file);
  const names = new Set(entries.map((e) => e.name));
  const manifest = entries.find((e) => e.name === 'extension/package.json');
  if (!manifest) return ['extension/package.json'];
  const pkg = JSON.parse(manifest.bytes().toString('utf8'));
  const wanted = [pkg.main, pkg.browser].filter(Boolean).map((p) => `extension/${p.replace(/^\.\//, '')}`);
  if (!pkg.browser) wanted.push('a "browser" entry in package.json');
  return wanted.filter((w) => !names.has(w));
}
