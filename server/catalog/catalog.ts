/**
 * The directive catalog: generated facts (generated/catalog.json) joined with
 * our hand-written areas, indexed per version for O(1) look-ups.
 */
import data from './generated/catalog.json';
import { areaOf, type Area } from './areas';
import {
  VERSION_IDS,
  type CatalogData,
  type DirectiveFacts,
  type DirectiveVariant,
  type LoaderSemantics,
  type SentinelSubcommand,
  type VersionId,
} from './types';

export { VERSION_IDS, type LoaderSemantics, type VersionId } from './types';

export interface DirectiveInfo {
  /** Canonical name in this version. */
  readonly name: string;
  readonly variant: DirectiveVariant;
  readonly area: Area;
  /** Every version that knows this name (under any variant). */
  readonly versions: readonly VersionId[];
  /** True when `CONFIG SET` can change it at runtime. */
  readonly runtime: boolean;
}

export interface Lookup {
  readonly info: DirectiveInfo;
  /** Set when the line used a legacy alias (e.g. `slaveof` for `replicaof`). */
  readonly viaAlias?: string;
}

export interface VersionCatalog {
  readonly version: VersionId;
  /** How this version's loader behaves beyond its tables. */
  readonly semantics: LoaderSemantics;
  /** The patch release that brought a directive or command to this line after it branched (e.g. '8.2.2'). */
  backportedIn(lowerName: string): string | undefined;
  lookup(lowerName: string): Lookup | undefined;
  directives(): readonly DirectiveInfo[];
  hasCommand(lowerName: string): boolean;
  /** A command a built-in module creates after the file is read (ACL rules know it; rename-command does not). */
  hasModuleCommand(lowerName: string): boolean;
  subcommands(lowerCommand: string): readonly string[] | undefined;
  hasAclCategory(lowerName: string): boolean;
  aclCategories(): readonly string[];
  sentinelSubcommand(lowerName: string): SentinelSubcommand | undefined;
  sentinelSubcommands(): readonly SentinelSubcommand[];
}

export interface Catalog {
  readonly data: CatalogData;
  forVersion(v: VersionId): VersionCatalog;
  /** Versions that accept `lowerName` as a directive name or alias, with the canonical name in each. */
  versionsHaving(lowerName: string): Array<{ version: VersionId; name: string; viaAlias: boolean }>;
  /** Every directive name and alias known in any version (lower case). */
  allNames(): readonly string[];
}

export const VERSION_LABELS: Record<VersionId, string> = Object.fromEntries(
  VERSION_IDS.map((v) => [v, v.startsWith('valkey-') ? `Valkey ${v.slice(7)}` : `Redis ${v}`]),
) as Record<VersionId, string>;

export type Product = 'redis' | 'valkey';
export function productOf(v: VersionId): Product {
  return v.startsWith('valkey-') ? 'valkey' : 'redis';
}
/** The number part of a version id: '8.6' for '8.6', '9.0' for 'valkey-9.0'. */
export function versionNumber(v: VersionId): string {
  return v.replace(/^valkey-/, '');
}
/**
 * The catalog version for a release a server reports (INFO `redis_version`,
 * or `valkey_version` for Valkey): its release line, or the nearest older line
 * for a pre-release (8.1 milestones → 8.0) and the newest line for a release
 * newer than the catalog (`exact` false, with a note).
 */
export function versionForRelease(product: Product, release: string | undefined): { version: VersionId; exact: boolean; note?: string } {
  const m = /^(\d+)\.(\d+)/.exec(release ?? '');
  const lines = VERSION_IDS.filter((v) => productOf(v) === product);
  const newest = lines[lines.length - 1];
  if (!m) return { version: newest, exact: false, note: `no version reported; ${VERSION_LABELS[newest]} assumed` };
  const key = (v: string) => {
    const [a, b] = v.replace('valkey-', '').split('.').map(Number);
    return a * 1000 + b;
  };
  let wanted = Number(m[1]) * 1000 + Number(m[2]);
  // Redis numbers its pre-releases below the line they lead to: 7.9.x is 8.0, 8.5.x is 8.6
  let pre = false;
  if (product === 'redis' && Number(m[2]) === 9) {
    wanted = (Number(m[1]) + 1) * 1000;
    pre = true;
  } else if (product === 'redis' && Number(m[1]) >= 8 && Number(m[2]) % 2 === 1) {
    wanted += 1;
    pre = true;
  }
  if (release === '255.255.255')
    return { version: newest, exact: false, note: `${release} is a development build; ${VERSION_LABELS[newest]} assumed` };
  let best: VersionId | undefined;
  for (const v of lines) if (key(v) <= wanted) best = v;
  if (!best)
    return { version: lines[0], exact: false, note: `${release} is older than ${VERSION_LABELS[lines[0]]}, the oldest version known here` };
  if (key(best) === wanted && pre) return { version: best, exact: false, note: `${release} is a pre-release of ${VERSION_LABELS[best]}` };
  if (key(best) === wanted) return { version: best, exact: true };
  if (best === newest)
    return { version: best, exact: false, note: `${release} is newer than ${VERSION_LABELS[newest]}, the newest version known here` };
  return { version: best, exact: false, note: `${release} is a pre-release; checked as ${VERSION_LABELS[best]}` };
}

/** The newest version of each product (the catalog's last entries). */
export const NEWEST: Record<Product, VersionId> = {
  redis: VERSION_IDS.filter((v) => productOf(v) === 'redis').at(-1)!,
  valkey: VERSION_IDS.filter((v) => productOf(v) === 'valkey').at(-1)!,
};

export function isVersionId(s: string): s is VersionId {
  return (VERSION_IDS as readonly string[]).includes(s);
}

const MUTABLE_FLAG = 'MODIFIABLE_CONFIG';

class VersionCatalogImpl implements VersionCatalog {
  private byName = new Map<string, Lookup>();
  private list: DirectiveInfo[] = [];
  private commands: Set<string>;
  private moduleCommands: Set<string>;
  private subs: Record<string, string[]>;
  private cats: string[];
  private catSet: Set<string>;
  private sentinelByName = new Map<string, SentinelSubcommand>();
  private sentinelList: SentinelSubcommand[];
  private backports = new Map<string, string>();
  readonly semantics: LoaderSemantics;

  constructor(
    readonly version: VersionId,
    d: CatalogData,
    versionsOf: Map<string, VersionId[]>,
  ) {
    this.semantics = d.sources[version].semantics;
    for (const b of d.sources[version].backports ?? []) {
      for (const n of [...(b.directives ?? []), ...(b.commands ?? [])]) this.backports.set(n, b.since);
    }
    for (const facts of d.directives) {
      const variant = facts.variants.find((v) => v.versions.includes(version));
      if (!variant) continue;
      const info: DirectiveInfo = {
        name: facts.name,
        variant,
        area: areaOf(facts.name, variant),
        versions: versionsOf.get(facts.name) ?? [],
        runtime: variant.flags.includes(MUTABLE_FLAG),
      };
      this.list.push(info);
      this.byName.set(facts.name, { info });
      for (const alias of variant.aliases ?? []) this.byName.set(alias, { info, viaAlias: alias });
    }
    this.list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.commands = new Set(d.commands[version] ?? []);
    this.moduleCommands = new Set(d.moduleCommands?.[version] ?? []);
    this.subs = d.subcommands[version] ?? {};
    this.cats = d.aclCategories[version] ?? [];
    this.catSet = new Set(this.cats);
    this.sentinelList = d.sentinel.filter((s) => s.versions.includes(version));
    for (const s of this.sentinelList) {
      this.sentinelByName.set(s.name, s);
      for (const a of s.aliases ?? []) this.sentinelByName.set(a, s);
    }
  }

  lookup(lowerName: string): Lookup | undefined {
    return this.byName.get(lowerName);
  }
  backportedIn(lowerName: string): string | undefined {
    return this.backports.get(lowerName);
  }
  directives(): readonly DirectiveInfo[] {
    return this.list;
  }
  hasCommand(lowerName: string): boolean {
    return this.commands.has(lowerName);
  }
  hasModuleCommand(lowerName: string): boolean {
    return this.moduleCommands.has(lowerName);
  }
  subcommands(lowerCommand: string): readonly string[] | undefined {
    return this.subs[lowerCommand];
  }
  hasAclCategory(lowerName: string): boolean {
    return this.catSet.has(lowerName);
  }
  aclCategories(): readonly string[] {
    return this.cats;
  }
  sentinelSubcommand(lowerName: string): SentinelSubcommand | undefined {
    return this.sentinelByName.get(lowerName);
  }
  sentinelSubcommands(): readonly SentinelSubcommand[] {
    return this.sentinelList;
  }
}

export function createCatalog(d: CatalogData): Catalog {
  const versionsOf = new Map<string, VersionId[]>();
  const namesAnywhere = new Map<string, Array<{ version: VersionId; name: string; viaAlias: boolean }>>();
  for (const facts of d.directives as DirectiveFacts[]) {
    const vs = new Set<VersionId>();
    for (const variant of facts.variants) {
      for (const v of variant.versions) {
        vs.add(v);
        add(facts.name, v, facts.name, false);
        for (const a of variant.aliases ?? []) add(a, v, facts.name, true);
      }
    }
    versionsOf.set(
      facts.name,
      VERSION_IDS.filter((v) => vs.has(v)),
    );
  }
  function add(key: string, version: VersionId, name: string, viaAlias: boolean) {
    let list = namesAnywhere.get(key);
    if (!list) namesAnywhere.set(key, (list = []));
    if (!list.some((e) => e.version === version)) list.push({ version, name, viaAlias });
  }
  const cache = new Map<VersionId, VersionCatalog>();
  const all = [...namesAnywhere.keys()].sort();
  return {
    data: d,
    forVersion(v) {
      let c = cache.get(v);
      if (!c) cache.set(v, (c = new VersionCatalogImpl(v, d, versionsOf)));
      return c;
    },
    versionsHaving(lowerName) {
      const list = namesAnywhere.get(lowerName) ?? [];
      return VERSION_IDS.flatMap((v) => list.filter((e) => e.version === v));
    },
    allNames: () => all,
  };
}

let defaultCatalog: Catalog | undefined;
/** The catalog shipped with the extension. */
export function catalog(): Catalog {
  return (defaultCatalog ??= createCatalog(data as unknown as CatalogData));
}
