/**
 * Addresses, one way everywhere: a node is known by `host:port`, with an IPv6
 * host in brackets (`[::1]:6379`) so the port stays unambiguous. Brackets are
 * only notation: they are removed before a host reaches the socket layer, and
 * added back whenever a host containing ':' is printed or used as a key.
 * Redis itself reports IPv6 hosts without brackets (INFO `slave0:ip=::1`,
 * `master_host:::1`, SENTINEL `ip`), which formatAddress handles.
 */
import { isIPv6 } from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

/** The host as the socket layer wants it: no brackets around an IPv6 address. */
export function bareHost(host: string): string {
  const h = host.trim();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/** `host:port`, `[v6]:port` for a host containing ':' (bracketed or not). */
export function formatAddress(host: string, port: number): string {
  const h = bareHost(host);
  return h.includes(':') ? `[${h}]:${port}` : `${h}:${port}`;
}

export class AddressError extends Error {}

/**
 * Reads `host`, `host:port`, `[v6]` or `[v6]:port`. An IPv6 address without
 * brackets is refused with the form to use: `::1:6379` is itself a valid
 * IPv6 address, so whether it ends with a port cannot be told.
 */
export function parseAddress(text: string, defaultPort: number): HostPort {
  const t = text.trim();
  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(t);
  if (v6) {
    host = v6[1];
    portText = v6[2];
    if (!isIPv6(host.replace(/%.*$/, ''))) throw new AddressError(`'[${host}]' is not an IPv6 address`);
  } else {
    const i = t.lastIndexOf(':');
    if (i >= 0 && t.indexOf(':') !== i) throw new AddressError(`an IPv6 address must be written in brackets, e.g. [::1]:${defaultPort}`);
    host = i < 0 ? t : t.slice(0, i);
    portText = i < 0 ? undefined : t.slice(i + 1);
  }
  if (!host) throw new AddressError('no host');
  if (!/^[A-Za-z0-9._:%-]+$/.test(host)) throw new AddressError(`'${host}' is not a host name or IP address`);
  let port = defaultPort;
  if (portText !== undefined && portText !== '') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw new AddressError(`port '${portText}' is not a number from 1 to 65535`);
    }
    port = Number(portText);
  }
  return { host, port };
}

/** The host and port of an address made by formatAddress (the keys the monitor uses). */
export function splitAddress(address: string): HostPort {
  const i = address.lastIndexOf(':');
  return { host: bareHost(address.slice(0, i)), port: Number(address.slice(i + 1)) };
}
