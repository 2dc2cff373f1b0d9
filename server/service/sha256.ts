/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as lowercase hex, for the
 * `#<hash>` form of ACL passwords. In-house so the service runs without
 * node:crypto (in a browser worker too); Web Crypto is asynchronous, and the
 * analysis is not. Inputs are config lines: short, so speed hardly matters.
 */

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = new Uint32Array(64);
/** The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const H0 = new Uint32Array(8);

function fillConstants(): void {
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  const frac32 = (x: number) => Math.floor((x - Math.floor(x)) * 2 ** 32) >>> 0;
  for (let i = 0; i < 64; i++) K[i] = frac32(Math.cbrt(primes[i]));
  for (let i = 0; i < 8; i++) H0[i] = frac32(Math.sqrt(primes[i]));
}
fillConstants();

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** Runs the compression function over one 64-byte block at `offset`. */
function compress(h: Uint32Array, w: Uint32Array, bytes: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++) {
    const o = offset + t * 4;
    w[t] = ((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]) >>> 0;
  }
  for (let t = 16; t < 64; t++) {
    const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
    const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
  }
  let [a, b, c, d, e, f, g, k] = h;
  for (let t = 0; t < 64; t++) {
    const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) >>> 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) >>> 0;
  }
  const out = [a, b, c, d, e, f, g, k];
  for (let i = 0; i < 8; i++) h[i] = (h[i] + out[i]) >>> 0;
}

/** SHA-256 of raw bytes, as 64 lowercase hex digits. */
export function sha256Bytes(data: Uint8Array): string {
  // the message, a 1 bit, zeros, and its length in bits as 64 bits: a multiple of 64 bytes
  const total = Math.ceil((data.length + 9) / 64) * 64;
  const bytes = new Uint8Array(total);
  bytes.set(data);
  bytes[data.length] = 0x80;
  const bits = data.length * 8;
  const view = new DataView(bytes.buffer);
  view.setUint32(total - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(total - 4, bits >>> 0);
  const h = new Uint32Array(H0);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < total; offset += 64) compress(h, w, bytes, offset);
  return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
}

const utf8 = new TextEncoder();

/** SHA-256 of the UTF-8 encoding of `text` (lone surrogates become U+FFFD, as Node's 'utf8' does). */
export function sha256Hex(text: string): string {
  return sha256Bytes(utf8.encode(text));
}
