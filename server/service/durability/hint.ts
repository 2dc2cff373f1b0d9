/**
 * The summary line as an inlay hint at the end of the file's first line:
 * each part carries its own Markdown explanation and, where one line decides
 * it, a link to that line.
 */
import type { InlayHint, InlayHintLabelPart, Range } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis';

export function summaryHints(analysis: Analysis, range?: Range): InlayHint[] {
  if (range && range.start.line > 0) return [];
  const doc = analysis.doc;
  const s = analysis.durability.summary;
  if (!s.parts.length) return [];
  let end = doc.text.search(/[\r\n]/);
  if (end < 0) end = doc.text.length;
  const label: InlayHintLabelPart[] = [];
  s.parts.forEach((p, i) => {
    if (i > 0) label.push({ value: s.parts[i - 1].text.endsWith(':') ? ' ' : ' · ' });
    label.push({
      value: p.text,
      tooltip: { kind: 'markdown', value: p.tooltip },
      ...(p.at ? { location: p.at } : {}),
    });
  });
  return [
    {
      position: doc.positionAt(end),
      label,
      paddingLeft: true,
      tooltip: { kind: 'markdown', value: s.explanation },
    },
  ];
}
