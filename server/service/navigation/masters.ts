/**
 * Where a sentinel.conf names its masters: every `sentinel <sub-command>`
 * line whose first argument after the sub-command is a master name
 * (`monitor` declares it, the per-master lines refer to it). Shared by the
 * outline, folding, rename and document highlight.
 *
 * Master names are compared exactly: redis-sentinel keeps its masters in a
 * case-sensitive dictionary (src/sentinel.c, instancesDictType).
 */
import { catalog } from '../../catalog/catalog';
import type { SentinelSubcommand } from '../../catalog/types';
import type { ConfigDocument, Directive, Token } from '../../parser/types';

export interface MasterRef {
  /** The master name as redis-sentinel reads it (quotes removed). */
  name: string;
  /** The argument token that holds the name. */
  token: Token;
  line: Directive;
  /** Canonical sub-command name (`known-slave` is reported as `known-replica`). */
  sub: string;
  /** True for `sentinel monitor`, the line that declares the master. */
  declares: boolean;
}

let bySubName: Map<string, SentinelSubcommand> | undefined;

/** A sentinel sub-command known in any version, by name or alias (lower case). */
export function sentinelSubcommandAnyVersion(lowerName: string): SentinelSubcommand | undefined {
  if (!bySubName) {
    bySubName = new Map();
    for (const s of catalog().data.sentinel) {
      bySubName.set(s.name, s);
      for (const a of s.aliases ?? []) bySubName.set(a, s);
    }
  }
  return bySubName.get(lowerName);
}

/** True when the sub-command's first argument is a master name. */
export function takesMasterName(sub: SentinelSubcommand): boolean {
  return sub.args[0] === '<master-name>';
}

/** Every master-name argument of the document's `sentinel` lines, in file order. */
export function masterReferences(doc: ConfigDocument): MasterRef[] {
  const out: MasterRef[] = [];
  for (const d of doc.directives) {
    if (d.key !== 'sentinel' || d.args.length < 2) continue;
    const sub = sentinelSubcommandAnyVersion(d.args[0].value.toLowerCase());
    if (!sub || !takesMasterName(sub)) continue;
    out.push({ name: d.args[1].value, token: d.args[1], line: d, sub: sub.name, declares: sub.name === 'monitor' });
  }
  return out;
}

/** The master-name reference whose token holds `offset` (its end included, so a cursor just after the name counts). */
export function masterRefAt(refs: readonly MasterRef[], offset: number): MasterRef | undefined {
  return refs.find((r) => r.token.start <= offset && offset <= r.token.end);
}
