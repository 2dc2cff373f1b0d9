/**
 * Lines whose effect a later line silently replaces. Most directives keep the
 * last value; some add up instead (save pairs, include, loadmodule,
 * rename-command, user), and client-output-buffer-limit replaces per client class.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DirectiveInfo } from '../catalog/catalog';
import type { Directive } from '../parser/types';
import { strcaseEq } from './cnum';
import type { DiagnosticSink } from './diag';

const ACCUMULATING = new Set(['include', 'loadmodule', 'rename-command', 'user']);

/** The diagnostics made for overridden lines, by line, with the line that overrides it. */
export type Overridden = Map<Directive, { by: Directive; diagnostic: Diagnostic }>;

/**
 * Reports the lines a later line overrides. A diagnostic of `previous` (the
 * analysis before an edit) is reused when both its line and the overriding
 * one are the same objects — lines before the edit, unmoved. Returns this
 * analysis's diagnostics for the next one.
 */
export function trackOverrides(
  known: Array<{ line: Directive; info: DirectiveInfo }>,
  sink: DiagnosticSink,
  previous?: Overridden,
): Overridden {
  const last = new Map<string, Directive>();
  const overriddenBy = new Map<Directive, Directive>();
  const saveLines: Directive[] = [];
  const obuf = new Map<string, Directive>();
  const obufOverridden: Array<{ line: Directive; by: Directive; cls: string }> = [];
  for (const { line, info } of known) {
    const name = info.name;
    const spec = info.variant.value;
    if (ACCUMULATING.has(name) || spec.kind === 'deprecated') continue;
    if (name === 'save') {
      // every save line adds pairs; `save ""` wipes what came before
      const clears = line.args.length === 1 && line.args[0].value === '';
      if (clears) for (const s of saveLines) overriddenBy.set(s, line);
      saveLines.push(line);
      continue;
    }
    if (name === 'client-output-buffer-limit') {
      for (let i = 0; i + 3 < line.args.length; i += 4) {
        let cls = line.args[i].value.toLowerCase();
        if (strcaseEq(cls, 'slave')) cls = 'replica';
        const prev = obuf.get(cls);
        if (prev && prev !== line) obufOverridden.push({ line: prev, by: line, cls });
        obuf.set(cls, line);
      }
      continue;
    }
    const prev = last.get(name);
    if (prev) overriddenBy.set(prev, line);
    last.set(name, line);
  }
  const made: Overridden = new Map();
  for (const [line, by] of overriddenBy) {
    const before = previous?.get(line);
    if (before && before.by === by) {
      sink.list.push(before.diagnostic);
      made.set(line, before);
      continue;
    }
    const diagnostic = sink.add(
      'overridden',
      line,
      `overridden by line ${by.lineNumber}, which sets ${line.key === by.key ? by.key : `${line.key} (as ${by.key})`} again`,
      {
        order: line.lineNumber,
        related: [{ at: by, message: 'the value that takes effect' }],
      },
    );
    made.set(line, { by, diagnostic });
  }
  for (const o of obufOverridden) {
    sink.add('overridden', o.line, `the ${o.cls} limits set here are overridden by line ${o.by.lineNumber}`, {
      order: o.line.lineNumber,
      related: [{ at: o.by, message: 'the limits that take effect' }],
    });
  }
  return made;
}
