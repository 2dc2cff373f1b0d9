/**
 * Signature help for the multi-argument forms (save, client-output-buffer-limit,
 * replicaof, rename-command, oom-score-adj-values, user, loadmodule, bind, …)
 * and every `sentinel <sub-command>`: the syntax with the argument under the
 * cursor highlighted and documented. Texts come from server/catalog/docs.
 */
import { MarkupKind, type ParameterInformation, type Position, type SignatureHelp } from 'vscode-languageserver-types';
import { catalog } from '../catalog/catalog';
import { directiveDoc, sentinelDoc, type ArgDoc, type DirectiveDoc } from '../catalog/docs';
import { cursorContext } from './cursor';
import { argDocAt, argsSyntax } from './describe';
import type { Analysis } from './analysis';

function build(prefix: string, args: readonly ArgDoc[], doc: DirectiveDoc | undefined, active: number): SignatureHelp {
  const label = `${prefix} ${argsSyntax(args, doc?.repeat, doc?.variadic)}`;
  const parameters: ParameterInformation[] = [];
  let from = prefix.length + 1;
  for (const a of args) {
    const text = `<${a.name}>`;
    const at = label.indexOf(text, from);
    parameters.push({ label: [at, at + text.length], documentation: { kind: MarkupKind.Markdown, value: a.doc } });
    from = at + text.length;
  }
  const documentation = doc ? { kind: MarkupKind.Markdown, value: doc.summary } : undefined;
  return { signatures: [{ label, documentation, parameters }], activeSignature: 0, activeParameter: active };
}

/** Directives whose arguments get signature help: several arguments, repeated groups or a variadic tail. */
function multiArg(doc: DirectiveDoc | undefined): doc is DirectiveDoc & { args: ArgDoc[] } {
  return !!doc?.args && (doc.args.length >= 2 || !!doc.repeat || !!doc.variadic);
}

export function signatureHelp(analysis: Analysis, position: Position): SignatureHelp | null {
  const ctx = cursorContext(analysis.doc, analysis.doc.offsetAt(position));
  if (ctx.kind !== 'word' || ctx.index === 0) return null;
  const vc = catalog().forVersion(analysis.version);
  const key = ctx.before[0].toLowerCase();
  if (key === 'sentinel') {
    if (ctx.index === 1) return null; // completion lists the sub-commands
    const sub = vc.sentinelSubcommand(ctx.before[1].toLowerCase());
    const doc = sub && sentinelDoc(sub.name);
    if (!sub || !doc?.args) return null;
    const active = ctx.index - 2;
    if (active >= doc.args.length) return null;
    return build(`sentinel ${sub.name}`, doc.args, doc, active);
  }
  const info = vc.lookup(key)?.info;
  const doc = info && directiveDoc(info.name);
  if (!info || !multiArg(doc)) return null;
  const argIndex = ctx.index - 1;
  const arg = argDocAt(doc, argIndex);
  if (!arg) return null;
  return build(info.name, doc.args, doc, doc.args.indexOf(arg));
}
