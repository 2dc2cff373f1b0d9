/**
 * Who may receive the connection's credentials, and whom we may contact.
 *
 * A node's reply can name any address: a replica announces its own IP
 * (`replica-announce-ip`), a chained replica lists its sub-replicas, any
 * Sentinel reports what it was told. Sending the seed's password to every
 * address a reply names would hand it to whoever can announce one. So the
 * password goes only to the seeds and to the nodes that belong to the group
 * by Redis' own account, as the seeds themselves report it:
 *
 * - Sentinel seeds: the master, replicas and Sentinels a seed Sentinel
 *   reports (SENTINEL MASTERS / REPLICAS / SENTINELS) for the masters asked about;
 * - cluster seeds: the nodes of a seed's CLUSTER SHARDS / CLUSTER NODES;
 * - plain seeds: the nodes up the seed's chain (master_host — the node it
 *   authenticates to with masterauth) and the replica list (INFO
 *   replication) of the primary at the top, the seed itself when it is the
 *   primary. A replica's own list of sub-replicas vouches for nothing.
 *
 * Any other address is contacted without AUTH (a node needing one then says
 * NOAUTH, reported as `credentials-withheld` with the reason). An allow list
 * (`redisHa.health.allowedAddresses`, `--allow`) pins the ranges we contact
 * at all: outside it a node is not dialled (`address-not-allowed`). Seeds are
 * always contacted: the user named them.
 */
import { BlockList, isIP } from 'node:net';
import { bareHost } from './address';
import type { NodeFacts } from './probe';
import { num, replicasOf } from './replies';
import { addressOf, type ConnectionKind } from './types';

function answered(f: NodeFacts | undefined): f is NodeFacts & { info: NonNullable<NodeFacts['info']> } {
  return !!f && f.ok && !!f.info;
}

function upstream(f: NodeFacts | undefined): string | undefined {
  if (!answered(f) || f.info.fields.role !== 'slave' || !f.info.fields.master_host) return undefined;
  const port = num(f.info.fields.master_port);
  return port === undefined ? undefined : addressOf({ host: f.info.fields.master_host, port });
}

/** The addresses the seeds' own replies vouch for (seeds included), as far as the facts so far show. */
export function vouchedMembers(
  kind: ConnectionKind,
  seeds: readonly string[],
  facts: ReadonlyMap<string, NodeFacts>,
  master?: string,
): Set<string> {
  const out = new Set<string>(seeds);
  for (const seed of seeds) {
    const f = facts.get(seed);
    if (!answered(f)) continue;
    if (kind === 'sentinel' && f.mode === 'sentinel' && f.sentinel) {
      for (const m of f.sentinel.masters) {
        if (master && m.name !== master) continue;
        out.add(addressOf(m));
        for (const r of f.sentinel.replicas[m.name] ?? []) out.add(addressOf(r));
        for (const s of f.sentinel.sentinels[m.name] ?? []) out.add(addressOf(s));
      }
    } else if (kind === 'cluster' && f.mode === 'cluster') {
      for (const n of f.cluster?.view?.nodes ?? []) out.add(addressOf(n));
    } else if (kind === 'replication' && f.mode !== 'sentinel') {
      // up the seed's chain (each master_host), and the replica list of the primary at
      // its top — the seed itself when it is the primary; a replica's own list is not enough
      let at: NodeFacts | undefined = f;
      const seen = new Set<string>([seed]);
      for (let hops = 0; hops < 10 && at; hops++) {
        if (answered(at) && at.info.fields.role === 'master') {
          for (const r of replicasOf(at.info)) out.add(addressOf(r));
          break;
        }
        const up = upstream(at);
        if (!up || seen.has(up)) break;
        seen.add(up);
        out.add(up);
        at = facts.get(up);
      }
    }
  }
  return out;
}

/** The ranges we contact at all: IPs, CIDR ranges (IPv4 and IPv6) and exact host names. */
export class AllowList {
  private readonly blocks = new BlockList();
  private readonly names = new Set<string>();
  readonly entries: string[] = [];
  readonly errors: string[] = [];
  private given = 0;

  constructor(entries: Iterable<string>) {
    for (const raw of entries) {
      const e = raw.trim();
      if (!e) continue;
      this.given++;
      const slash = e.indexOf('/');
      const ip = bareHost(slash < 0 ? e : e.slice(0, slash));
      const type = isIP(ip);
      if (slash >= 0) {
        const bits = Number(e.slice(slash + 1));
        const max = type === 6 ? 128 : 32;
        if (!type || !/^\d{1,3}$/.test(e.slice(slash + 1)) || bits > max) {
          this.errors.push(`'${e}' is not an address range such as 10.0.0.0/8 or fd00::/8`);
          continue;
        }
        this.blocks.addSubnet(ip, bits, type === 6 ? 'ipv6' : 'ipv4');
      } else if (type) {
        this.blocks.addAddress(ip, type === 6 ? 'ipv6' : 'ipv4');
      } else if (/^[A-Za-z0-9.-]+$/.test(e)) {
        this.names.add(e.toLowerCase());
      } else {
        this.errors.push(`'${e}' is neither an IP address, an address range nor a host name`);
        continue;
      }
      this.entries.push(e);
    }
  }

  /** No entry at all: every address may be contacted. (Entries that are all invalid allow nothing: fail closed.) */
  get empty(): boolean {
    return this.given === 0;
  }

  allows(host: string): boolean {
    if (this.empty) return true;
    let h = bareHost(host);
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(h);
    if (mapped) h = mapped[1];
    const type = isIP(h.replace(/%.*$/, ''));
    if (type) return this.blocks.check(h.replace(/%.*$/, ''), type === 6 ? 'ipv6' : 'ipv4');
    return this.names.has(h.toLowerCase());
  }
}
