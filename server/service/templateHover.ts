/**
 * Hover on a template's placeholder (template.ts): what it stands for — the
 * argument's type and range from the catalog — and that it is not checked.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { catalog, type DirectiveInfo } from '../catalog/catalog';
import { directiveDoc } from '../catalog/docs';
import type { ValueSpec } from '../catalog/types';
import type { Directive } from '../parser/types';
import type { Analysis } from './analysis';
import { lineAt, tokenAt } from './cursor';
import { argDocAt } from './describe';
import type { TemplateScan, TemplateSpan } from './template';
import { firstEndingAfter } from './templateMode';

const SYNTAX_NAMES: Record<TemplateSpan['syntax'], string> = {
  jinja: 'Jinja2',
  go: 'Jinja2 / Go template',
  erb: 'ERB',
  shell: 'shell / envsubst',
  percent: '%VAR%',
  at: '@VAR@',
};

/** The placeholder at a document offset. */
export function placeholderAt(scan: TemplateScan, offset: number): TemplateSpan | undefined {
  const list = scan.placeholders;
  const p = list[firstEndingAfter(list, offset)];
  return p && p.start <= offset ? p : undefined;
}

/** What a value of this kind is, in words. */
export function valueKindText(spec: ValueSpec): string {
  switch (spec.kind) {
    case 'bool':
      return '`yes` or `no`';
    case 'enum':
      return `${spec.multi ? 'one or more of' : 'one of'} ${spec.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'numeric': {
      const unit = spec.memory ? ' bytes, with an optional unit (k, kb, m, mb, g, gb)' : '';
      const percent = spec.percent ? ', or N% of maxmemory' : '';
      return `an integer from ${spec.min} to ${spec.max}${unit}${percent}`;
    }
    case 'string':
      return 'a string';
    case 'special':
      return 'a value of its own form';
    case 'deprecated':
      return 'anything: the directive is ignored';
  }
}

function standsFor(analysis: Analysis, d: Directive, index: number): string {
  if (index === 0) return 'It stands for a **directive name**: the line is not checked.';
  const vc = catalog().forVersion(analysis.version);
  const info: DirectiveInfo | undefined = vc.lookup(d.key)?.info;
  if (!info) return `It stands for argument ${index} of \`${d.key}\`.`;
  const arg = argDocAt(directiveDoc(info.name), index - 1);
  const what = info.variant.value.kind === 'special' && arg ? `\`<${arg.name}>\` — ${arg.doc}` : valueKindText(info.variant.value);
  return `It stands for the value of **${info.name}**: ${what}.`;
}

/** The hover of the placeholder under the cursor, or null when there is none (or it is in a comment). */
export function placeholderHover(analysis: Analysis, offset: number): Hover | null {
  const scan = analysis.template;
  const p = scan && placeholderAt(scan, offset);
  if (!p) return null;
  const doc = analysis.doc;
  const line = lineAt(doc, offset);
  if (line?.kind !== 'directive') return null;
  const hit = tokenAt(line, offset);
  if (!hit) return null;
  const value = [
    `**Template placeholder** (${SYNTAX_NAMES[p.syntax]})`,
    standsFor(analysis, line, hit.index),
    'Not checked: whether redis-server accepts it depends on the value filled in when the template is rendered.',
  ].join('\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: doc.rangeOf(p) };
}
