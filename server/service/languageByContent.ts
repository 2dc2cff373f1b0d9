/**
 * The language a document is checked as, from the one it was opened as and
 * what its directives are (contentLanguage): a Sentinel's file opened as a
 * redis.conf is checked as a sentinel.conf, with one diagnostic saying so; a
 * data node's file opened as a sentinel.conf, and a file mixing both, keep
 * their verdict and get one diagnostic explaining which lines are whose.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ConfigDocument, Directive } from '../parser/types';
import type { ContentLanguage } from './contentLanguage';
import { DiagnosticSink } from './diag';
import type { Language } from './options';

/** The command the code action runs (the client sets the document's language mode). */
export const SET_LANGUAGE_COMMAND = 'redisHa.setLanguage';
/** What each language is called in messages and action titles. */
export const LANGUAGE_TITLES: Record<Language, string> = { 'redis-conf': 'redis.conf', 'sentinel-conf': 'sentinel.conf' };

export interface LanguageDecision {
  /** The language the document is checked as. */
  language: Language;
  /** At most one diagnostic: why, or what is mixed. */
  diagnostics: Diagnostic[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function examples(lines: readonly Directive[], count: number): string {
  const shown = lines.map((d) => `\`${d.name.value}\` (line ${d.lineNumber})`).join(', ');
  return count > lines.length ? `${shown}, …` : shown;
}

function sentinelWords(c: ContentLanguage): string {
  return `${plural(c.sentinelCount, '`sentinel` line')}${c.monitor ? ' (a `sentinel monitor` among them)' : ''}`;
}

function related(c: ContentLanguage): Array<{ at: Directive; message: string }> {
  return [
    ...c.sentinelLines.map((d) => ({ at: d, message: "a Sentinel's line" })),
    ...c.dataLines.map((d) => ({ at: d, message: `'${d.name.value}' configures a data node` })),
  ];
}

/** Decides the language and explains it (content undefined: the requested language, no note). */
export function languageByContent(
  doc: ConfigDocument,
  uri: string,
  requested: Language,
  content: ContentLanguage | undefined,
): LanguageDecision {
  const sink = new DiagnosticSink(doc, uri);
  if (!content?.kind) return { language: requested, diagnostics: [] };
  if (content.kind === 'sentinel-conf' && requested === 'redis-conf') {
    const first = content.sentinelLines[0];
    sink.add(
      'language-by-content',
      first,
      `checked as a sentinel.conf because of its content: ${sentinelWords(content)} and no directive only a data node uses. redis-server would refuse this file; redis-sentinel reads it. Change the language mode to sentinel.conf (or rename the file) to say so`,
      { order: first.lineNumber, fix: { language: 'sentinel-conf' } },
    );
    return { language: 'sentinel-conf', diagnostics: sink.list };
  }
  if (content.kind === 'redis-conf' && requested === 'sentinel-conf') {
    const first = content.dataLines[0];
    sink.add(
      'language-by-content',
      first,
      `this looks like a data node's redis.conf: no \`sentinel\` line, and ${plural(content.dataCount, 'directive')} only a data node uses (${examples(content.dataLines, content.dataCount)}), which a Sentinel ignores. It is checked as a sentinel.conf because of its name or language mode; change the language mode to redis.conf if it is a data node's`,
      { order: first.lineNumber, fix: { language: 'redis-conf' } },
    );
    return { language: requested, diagnostics: sink.list };
  }
  if (content.kind === 'mixed') return { language: requested, diagnostics: [mixed(sink, requested, content)] };
  return { language: requested, diagnostics: [] };
}

function mixed(sink: DiagnosticSink, requested: Language, c: ContentLanguage): Diagnostic {
  const firstSentinel = c.sentinelLines[0];
  const at = requested === 'redis-conf' ? firstSentinel : c.dataLines[0];
  const verdict =
    requested === 'redis-conf'
      ? `redis-server refuses the \`sentinel\` lines (the first at line ${firstSentinel.lineNumber}) unless started as redis-sentinel, and a Sentinel ignores the data node's lines`
      : `redis-sentinel starts with it but ignores the data node's lines, and redis-server refuses the \`sentinel\` lines`;
  return sink.add(
    'mixed-config',
    at,
    `this file mixes a Sentinel's lines (${sentinelWords(c)}) with a data node's (${plural(c.dataCount, 'directive')} such as ${examples(c.dataLines, c.dataCount)}): ${verdict}. Split it into a redis.conf for the data node and a sentinel.conf for the Sentinel`,
    { order: at.lineNumber, related: related(c) },
  );
}
