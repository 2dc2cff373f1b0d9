/**
 * Code actions: the quick fixes of the durability rules and of the validator's
 * diagnostics that carry a fix (did-you-mean, the current name of a legacy
 * alias, an inline comment moved to its own line, an overridden line removed,
 * hostnames for Sentinel), and the "Apply profile" source actions. Pure: the
 * analysis in, LSP code actions out.
 */
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import { VERSION_LABELS, isVersionId, type VersionId } from '../catalog/catalog';
import { PROFILES } from '../catalog/profiles';
import type { Directive } from '../parser/types';
import { strcaseEq } from './cnum';
import { SOURCE } from './checkerCodes';
import type { SourceFile } from './crossfile/includes';
import type { DiagData } from './diag';
import { applyProfile } from './durability/applyProfile';
import { LANGUAGE_TITLES, SET_LANGUAGE_COMMAND } from './languageByContent';
import { targetEdit } from './options';
import { EditBuilder, inlineCommentIndex, lineStart, removeLine, replaceToken } from './durability/edits';
import type { Fix } from './durability/rules/types';
import type { Analysis } from './analysis';

export const QUICK_FIX = 'quickfix';
/** Kinds of the profile actions: source.redis-ha.profile.<profile id>. */
export const PROFILE_ACTION_KIND = 'source.redis-ha.profile';

export interface CodeActionQuery {
  range: Range;
  /** The diagnostics the editor shows at the range (as it received them). */
  diagnostics: readonly Diagnostic[];
  only?: readonly string[];
  /** 2 = automatic (the light bulb): profile actions are left out then, they belong to the Source Action menu. */
  triggerKind?: number;
  /**
   * The document's URI when the client runs SET_LANGUAGE_COMMAND (VS Code's
   * does; other editors would fail on it): the command's argument. Without it
   * no "Change language mode" action is offered.
   */
  uri?: string;
}

function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

export function codeActions(analysis: Analysis, q: CodeActionQuery): CodeAction[] {
  const out: CodeAction[] = [];
  if (wanted(q.only, QUICK_FIX)) {
    for (const d of q.diagnostics) {
      if (d.source !== SOURCE) continue;
      for (const f of quickFixes(analysis, d)) {
        out.push({ title: f.title, kind: QUICK_FIX, diagnostics: [d], edit: f.edit, ...(f.preferred ? { isPreferred: true } : {}) });
      }
      const language = languageAction(d, q.uri);
      if (language) out.push(language);
    }
  }
  if (!(q.only === undefined && q.triggerKind === 2)) out.push(...profileActions(analysis, q.only));
  return out;
}

/** "Change language mode to …" for a language-by-content diagnostic: a command the client runs (it has no edit). */
function languageAction(d: Diagnostic, uri: string | undefined): CodeAction | undefined {
  const language = (d.data as DiagData | undefined)?.fix?.language;
  if (d.code !== 'language-by-content' || !uri || (language !== 'redis-conf' && language !== 'sentinel-conf')) return undefined;
  const title = `Change language mode to ${LANGUAGE_TITLES[language]}`;
  return {
    title,
    kind: QUICK_FIX,
    diagnostics: [d],
    isPreferred: true,
    command: { title, command: SET_LANGUAGE_COMMAND, arguments: [uri, language] },
  };
}

export function profileActions(analysis: Analysis, only?: readonly string[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const p of PROFILES) {
    const kind = `${PROFILE_ACTION_KIND}.${p.id}`;
    if (p.language !== analysis.language || !wanted(only, kind)) continue;
    const edit = applyProfile(p, analysis.durability.model, analysis.durability.root);
    if (edit) out.push({ title: `Apply profile: ${p.label}`, kind, edit });
  }
  return out;
}

/** The fixes for one diagnostic of this analysis (matched by code and range). */
export function quickFixes(analysis: Analysis, d: Diagnostic): Fix[] {
  const finding = analysis.durability.findings.find((f) => f.code === d.code && sameRange(f.diagnostic.range, d.range));
  if (finding) return finding.fixes().filter((f) => Object.keys(f.edit.changes ?? {}).length > 0);
  const own = analysis.diagnostics.find((x) => x.code === d.code && sameRange(x.range, d.range));
  if (!own) return [];
  return foundationFixes(analysis, own);
}

function foundationFixes(analysis: Analysis, d: Diagnostic): Fix[] {
  const root = analysis.durability.root;
  const fix = (d.data as DiagData | undefined)?.fix;
  const doc = analysis.doc;
  const b = new EditBuilder();
  const start = doc.offsetAt(d.range.start),
    end = doc.offsetAt(d.range.end);
  switch (d.code) {
    case 'unknown-directive':
    case 'sentinel-unknown-subcommand':
    case 'sentinel-unknown-master':
      if (!fix?.replace) return [];
      b.replace(root, start, end, fix.replace);
      return [{ title: `Change to '${fix.replace}'`, edit: b.build(), preferred: true }];
    case 'not-in-version': {
      if (!fix?.target || !isVersionId(fix.target)) return [];
      return [
        {
          title: `Set the target to ${VERSION_LABELS[fix.target]} (# redis-ha: target=${fix.target})`,
          edit: setTarget(analysis, b, fix.target),
          preferred: true,
        },
      ];
    }
    case 'deprecated-alias':
      if (!fix?.name) return [];
      b.replace(root, start, end, fix.name);
      return [{ title: `Use the current name '${fix.name}'`, edit: b.build(), preferred: true }];
    case 'inline-comment': {
      const line = directiveAt(analysis, d.range.start.line);
      if (!line || !moveInlineComment(b, root, line)) return [];
      return [{ title: 'Move the comment to its own line above', edit: b.build(), preferred: true }];
    }
    case 'overridden': {
      const line = directiveAt(analysis, d.range.start.line);
      if (!line) return [];
      removeOverridden(b, analysis, root, line);
      return [{ title: 'Remove this line (a later line overrides it)', edit: b.build(), preferred: true }];
    }
    case 'sentinel-hostname-unresolved': {
      const existing = analysis.durability.config.sentinelLines.find(
        (l) => l.file === root && l.line.args.length === 2 && strcaseEq(l.line.args[0].value, 'resolve-hostnames'),
      );
      if (existing) replaceToken(b, root, existing.line.args[1], 'yes');
      else {
        const at = directiveAt(analysis, d.range.start.line);
        const s = lineStart(doc, at ? at.start : start);
        b.insert(root, s, `sentinel resolve-hostnames yes${doc.text.includes('\r\n') ? '\r\n' : '\n'}`);
      }
      return [{ title: 'Let Sentinel resolve hostnames (sentinel resolve-hostnames yes)', edit: b.build(), preferred: true }];
    }
    default:
      return [];
  }
}

/** Makes the file say its target (see targetEdit). */
function setTarget(analysis: Analysis, b: EditBuilder, target: VersionId) {
  const e = targetEdit(analysis.doc, analysis.options, target);
  if (e.start === e.end) b.insert(analysis.durability.root, e.start, e.text);
  else b.replace(analysis.durability.root, e.start, e.end, e.text);
  return b.build();
}

function directiveAt(analysis: Analysis, line: number): Directive | undefined {
  for (const d of analysis.doc.directives) {
    const l = analysis.doc.positionAt(d.start).line;
    if (l === line) return d;
    if (l > line) break;
  }
  return undefined;
}

/** "appendonly yes # note" → "# note" on a line above, "appendonly yes" kept. */
export function moveInlineComment(b: EditBuilder, file: SourceFile, d: Directive): boolean {
  const ci = inlineCommentIndex(d);
  if (ci < 1) return false;
  const doc = file.doc;
  const comment = doc.slice(d.args[ci].start, d.end);
  const s = lineStart(doc, d.start);
  b.insert(file, s, `${doc.slice(s, d.start)}${comment}${doc.text.includes('\r\n') ? '\r\n' : '\n'}`);
  b.replace(file, d.args[ci - 1].end, d.end, '');
  return true;
}

/** Removes an overridden line; on a client-output-buffer-limit line with several classes, only the overridden ones. */
function removeOverridden(b: EditBuilder, analysis: Analysis, root: SourceFile, d: Directive): void {
  if (d.key === 'client-output-buffer-limit' && d.args.length > 4 && d.args.length % 4 === 0) {
    const later = new Set<string>();
    let after = false;
    for (const k of analysis.known) {
      if (k.line === d) {
        after = true;
        continue;
      }
      if (!after || k.info.name !== 'client-output-buffer-limit') continue;
      for (let i = 0; i + 3 < k.line.args.length; i += 4) later.add(classOf(k.line.args[i].value));
    }
    const keep: number[] = [];
    for (let i = 0; i + 3 < d.args.length; i += 4) if (!later.has(classOf(d.args[i].value))) keep.push(i);
    if (keep.length) {
      const text = keep
        .map((i) =>
          d.args
            .slice(i, i + 4)
            .map((t) => analysis.doc.slice(t.start, t.end))
            .join(' '),
        )
        .join(' ');
      b.replace(root, d.args[0].start, d.end, text);
      return;
    }
  }
  removeLine(b, root, d);
}

function classOf(s: string): string {
  const c = s.toLowerCase();
  return c === 'slave' ? 'replica' : c;
}
