import type { VersionId } from '../../../server/catalog/catalog';

/**
 * A generated differential case: a config file, the real binary's verdict on
 * it, and ours. Generators return plain data; the runner judges them.
 */

export type Category =
  | 'directives'
  | 'config-get'
  | 'other-versions'
  | 'tokenizer'
  | 'special-forms'
  | 'commands'
  | 'relations'
  | 'sentinel'
  | 'probes'
  | 'stock';

export interface Case {
  /** Unique and readable: what the case is about. */
  id: string;
  category: Category;
  /** What the case exercises (a directive name, a sentinel sub-command, a tokenizer topic): for the per-directive counts. */
  group: string;
  /** The file; `@DIR@` is the run's own directory (holds users.acl and an executable notify.sh). */
  text: string;
  /** Judge with redis-sentinel as a sentinel.conf. */
  sentinel?: boolean;
  /** Listen on a loopback TCP port (bind cases). */
  tcp?: boolean;
  /**
   * Command names / ACL categories the case relies on. While the catalog's
   * command table lacks any of them the case still runs, but is reported as
   * "pending the catalog" instead of asserted; once the generated catalog
   * knows them, the case is asserted like any other.
   */
  needs?: { commands?: string[]; categories?: string[]; subcommandsOf?: string[] };
  /**
   * A difference we accept on purpose, with the reason. The case runs and its
   * outcome is printed; the assertion is that the real verdict is still the
   * one the reason describes (so a reason cannot go stale silently).
   */
  expectReal?: { verdict: 'accepted' | 'rejected'; why: string };
}

/** What the generators may use: closed loopback ports and the real command table. */
export interface GenContext {
  /** The catalog version the oracle judges (the generators follow its catalog). */
  version: VersionId;
  /** The release the oracle binary reports (its stock files are that release's). */
  reports: string;
  /** Loopback ports nothing listens on (replicaof / sentinel monitor point there). */
  closedPorts: number[];
  /** Lower-case command names of the real server (COMMAND), with their sub-commands. */
  commands: Map<string, string[]>;
  /** ACL categories of the real server (ACL CAT). */
  aclCategories: string[];
  /** Every setting of the real server with its default, as CONFIG GET * prints it. */
  config: Array<[string, string]>;
}

/** One config line from a name and raw argument texts (already quoted as wanted). */
export function line(...parts: string[]): string {
  return `${parts.join(' ')}\n`;
}

/** Double-quotes a value for a config file when it needs it (empty, blanks, quotes, backslashes, '#'). */
export function q(v: string): string {
  if (v !== '' && !/[\s"'\\#\x00-\x1f\x7f]/.test(v)) return v;
  return `"${v.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/** Collects cases and keeps ids unique (a duplicate id is a generator bug). */
export class CaseList {
  readonly list: Case[] = [];
  private ids = new Set<string>();
  private texts = new Set<string>();
  constructor(
    readonly category: Category,
    private readonly dedupe = true,
  ) {}
  /** Adds a case; unless told otherwise, a file already generated in this category (same text, same mode) is not judged twice. */
  add(group: string, id: string, text: string, extra: Omit<Partial<Case>, 'id' | 'category' | 'group' | 'text'> = {}): void {
    const textKey = `${extra.sentinel ? 's' : 'r'}${extra.tcp ? 't' : ''}:${text}`;
    if (this.dedupe && this.texts.has(textKey)) return;
    this.texts.add(textKey);
    let key = `${this.category}/${id}`;
    for (let n = 2; this.ids.has(key); n++) key = `${this.category}/${id}#${n}`;
    this.ids.add(key);
    this.list.push({ id: key, category: this.category, group, text, ...extra });
  }
}
