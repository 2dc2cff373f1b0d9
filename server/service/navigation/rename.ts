/**
 * Rename of a Sentinel master name across every line that names it, and
 * document highlight of the same references (plus, on a directive name, the
 * other lines that set the same directive — handy to spot an override).
 */
import { DocumentHighlightKind, type DocumentHighlight, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { DirectiveInfo } from '../../catalog/catalog';
import type { ConfigDocument, Directive } from '../../parser/types';
import { masterRefAt, masterReferences } from './masters';

export interface RenameInput {
  doc: ConfigDocument;
  known?: ReadonlyArray<{ line: Directive; info: DirectiveInfo }>;
}

/** A refusal with a message meant for the user. */
export interface Refusal {
  error: string;
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && typeof (x as Refusal).error === 'string';
}

const NOT_HERE = 'Only the master name of a `sentinel` line (`sentinel monitor <name> …` and the lines that refer to it) can be renamed.';

/** The master-name argument under the cursor, with the text to offer for editing. */
export function prepareRename(a: RenameInput, position: Position): { range: Range; placeholder: string } | Refusal {
  const ref = masterRefAt(masterReferences(a.doc), a.doc.offsetAt(position));
  if (!ref) return { error: NOT_HERE };
  return { range: a.doc.rangeOf(ref.token), placeholder: ref.name };
}

/**
 * Why `name` cannot be a master name written in a config file, or undefined.
 * redis-sentinel writes the name back unquoted when it rewrites its config
 * (`sentinel monitor %s …`), so only names that survive as one plain token are allowed.
 */
export function invalidMasterName(name: string): string | undefined {
  if (name.length === 0) return 'A master name cannot be empty.';
  if (/[ \t\n\v\f\r]/.test(name)) return `'${name}' contains a blank: redis-sentinel would read it as several arguments.`;
  if (/["']/.test(name))
    return `'${name}' contains a quote: redis-sentinel writes master names back unquoted, so the config would no longer load after its next rewrite.`;
  if (/[\x00-\x1f\x7f]/.test(name)) return 'A master name cannot contain control characters.';
  return undefined;
}

/** Edits renaming the master under the cursor on every line that names it. */
export function renameMaster(a: RenameInput, uri: string, position: Position, newName: string): WorkspaceEdit | Refusal {
  const refs = masterReferences(a.doc);
  const ref = masterRefAt(refs, a.doc.offsetAt(position));
  if (!ref) return { error: NOT_HERE };
  const bad = invalidMasterName(newName);
  if (bad) return { error: bad };
  if (newName !== ref.name) {
    const taken = refs.find((r) => r.name === newName);
    if (taken) {
      const how = taken.declares ? 'declared by `sentinel monitor`' : `named by \`sentinel ${taken.sub}\``;
      return {
        error: `A master named '${newName}' already exists (${how} on line ${taken.line.lineNumber}); renaming '${ref.name}' to it would merge two masters.`,
      };
    }
  }
  const edits = refs.filter((r) => r.name === ref.name).map((r) => ({ range: a.doc.rangeOf(r.token), newText: newName }));
  return { changes: { [uri]: edits } };
}

/** Occurrences of the master name or directive under the cursor. */
export function documentHighlights(a: RenameInput, position: Position): DocumentHighlight[] {
  const doc = a.doc;
  const offset = doc.offsetAt(position);
  const refs = masterReferences(doc);
  const ref = masterRefAt(refs, offset);
  if (ref) {
    return refs
      .filter((r) => r.name === ref.name)
      .map((r) => ({ range: doc.rangeOf(r.token), kind: r.declares ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  }
  const d = doc.directives.find((x) => x.name.start <= offset && offset <= x.name.end);
  if (!d || d.key === 'sentinel') return [];
  // the same directive, aliases included (slaveof / replicaof)
  const canonical = new Map<Directive, string>();
  for (const k of a.known ?? []) canonical.set(k.line, k.info.name);
  const nameOf = (x: Directive) => canonical.get(x) ?? x.key;
  const target = nameOf(d);
  return doc.directives
    .filter((x) => x.key !== 'sentinel' && nameOf(x) === target)
    .map((x) => ({ range: doc.rangeOf(x.name), kind: DocumentHighlightKind.Write }));
}
