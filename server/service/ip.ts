/**
 * Numeric address forms, as getaddrinfo(AI_NUMERICHOST) accepts them on Linux:
 * IPv4 in every inet_aton spelling (1 to 4 parts, decimal, 0-octal or 0x-hex)
 * and IPv6 (with an optional %scope).
 */

/**
 * A dotted-quad IPv4 address as Node's net.isIPv4 accepts it: exactly four
 * decimal parts of 0 to 255, without leading zeros (no inet_aton spellings).
 */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** A zone id as Node's net.isIPv6 allows it after '%': one or more letters, digits, '-', '.', ':'. */
const ZONE = /^[0-9A-Za-z.:-]+$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * An IPv6 address as Node's net.isIPv6 accepts it: eight groups of 1 to 4 hex
 * digits, or fewer with one `::` standing for at least one group of zeros; the
 * last two groups may be written as a dotted-quad IPv4 address; an optional
 * `%zone` follows.
 */
export function isIPv6(s: string): boolean {
  const pct = s.indexOf('%');
  if (pct >= 0 && !ZONE.test(s.slice(pct + 1))) return false;
  const addr = pct >= 0 ? s.slice(0, pct) : s;
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  const all = groups.flat();
  const last = all.length ? all[all.length - 1] : undefined;
  // a trailing IPv4 address stands for two groups, and only after the `::` when there is one
  const v4 = last?.includes('.') && groups[groups.length - 1].length > 0 && isIPv4(last);
  const hex = v4 ? all.slice(0, -1) : all;
  if (!hex.every((g) => HEX_GROUP.test(g))) return false;
  const count = hex.length + (v4 ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

function parsePart(p: string): number | null {
  if (p === '') return null;
  let v: number;
  if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
  else if (/^0[0-7]*$/.test(p)) v = p.length === 1 ? 0 : parseInt(p.slice(1), 8);
  else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
  else return null;
  return Number.isFinite(v) ? v : null;
}

function ipv4Parts(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    const v = parsePart(p);
    if (v === null) return null;
    nums.push(v);
  }
  // the last part fills the remaining bytes
  const last = nums[nums.length - 1];
  const lastMax = 2 ** (8 * (5 - nums.length)) - 1;
  if (last > lastMax) return null;
  return nums.slice(0, -1).every((n) => n <= 255) ? nums : null;
}

export function isNumericIPv4(s: string): boolean {
  return ipv4Parts(s) !== null;
}

/** The 32-bit value of a numeric IPv4 address in any inet_aton spelling, or undefined. */
export function ipv4Value(s: string): number | undefined {
  const nums = ipv4Parts(s);
  if (!nums) return undefined;
  let v = 0;
  for (let i = 0; i < nums.length - 1; i++) v += nums[i] * 2 ** (8 * (3 - i));
  return v + nums[nums.length - 1];
}

export function isNumericIP(s: string): boolean {
  if (isNumericIPv4(s)) return true;
  const pct = s.indexOf('%');
  const addr = pct >= 0 ? s.slice(0, pct) : s;
  return isIPv6(addr) && (pct < 0 || s.length > pct + 1);
}

/** True for addresses that only the local machine can reach. */
export function isLoopback(s: string): boolean {
  return /^127\./.test(s) || s === '::1' || s === '-::1' || s === 'localhost' || s === '-127.0.0.1';
}
