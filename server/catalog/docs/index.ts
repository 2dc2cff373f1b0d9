/**
 * The one place where directive and Sentinel documentation is kept. Hover
 * cards, completion documentation and signature help read it through these
 * functions; a unit test checks that every directive of every version in the
 * catalog (and every Sentinel sub-command) has an entry.
 */
import { CLIENTS_DOCS } from './clients';
import { CLUSTER_DOCS } from './cluster';
import { MEMORY_DOCS } from './memory';
import { NETWORK_DOCS } from './network';
import { OTHER_DOCS } from './other';
import { PERSISTENCE_DOCS } from './persistence';
import { PROCESS_DOCS } from './process';
import { REPLICATION_DOCS } from './replication';
import { SECURITY_DOCS } from './security';
import { SENTINEL_DIRECTIVE_DOC, SENTINEL_DOCS } from './sentinel';
import type { DirectiveDoc, DocTable } from './types';

export type { ArgDoc, DirectiveDoc, DocTable, Unit } from './types';

/** The directive tables by topic, for the completeness tests (a name must appear in exactly one). */
export const DIRECTIVE_DOC_TABLES: Readonly<Record<string, DocTable>> = {
  persistence: PERSISTENCE_DOCS,
  replication: REPLICATION_DOCS,
  security: SECURITY_DOCS,
  network: NETWORK_DOCS,
  memory: MEMORY_DOCS,
  clients: CLIENTS_DOCS,
  cluster: CLUSTER_DOCS,
  process: PROCESS_DOCS,
  other: OTHER_DOCS,
  sentinel: { sentinel: SENTINEL_DIRECTIVE_DOC },
};

const DIRECTIVES = new Map<string, DirectiveDoc>();
for (const table of Object.values(DIRECTIVE_DOC_TABLES)) {
  for (const [name, doc] of Object.entries(table)) if (!DIRECTIVES.has(name)) DIRECTIVES.set(name, doc);
}

/** Documentation of a directive by its canonical name (lower case). */
export function directiveDoc(name: string): DirectiveDoc | undefined {
  return DIRECTIVES.get(name);
}

/** Documentation of a `sentinel <sub-command>` by the sub-command's canonical name. */
export function sentinelDoc(subcommand: string): DirectiveDoc | undefined {
  return Object.hasOwn(SENTINEL_DOCS, subcommand) ? SENTINEL_DOCS[subcommand] : undefined;
}

export function documentedDirectives(): readonly string[] {
  return [...DIRECTIVES.keys()];
}

export function documentedSentinelSubcommands(): readonly string[] {
  return Object.keys(SENTINEL_DOCS);
}
