/**
 * The editor side of embedded configs: YAML and Dockerfile documents (sent
 * by the client only while `redisHa.embedded` is on) get the diagnostics of
 * the configs they hold, at their place in the document; nothing else of the
 * language service runs on them (no hover, completion or outline).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkEmbedded, embeddedKindOf, type DocumentSettings, type OuterKind } from './service';
import { filePathOf, publishable } from './documents';

export { isOuterDocument } from './documents';

function outerKindOf(doc: TextDocument): OuterKind {
  return embeddedKindOf(doc.uri) ?? (doc.languageId === 'dockerfile' ? 'dockerfile' : 'yaml');
}

/**
 * The diagnostics of an outer document: none while the setting is off or the
 * document is over the size limit (`oversize`), none for a file without a config.
 */
export function embeddedDiagnostics(doc: TextDocument, settings: DocumentSettings, oversize: boolean): Diagnostic[] {
  if (settings.embedded !== true || oversize) return [];
  const r = checkEmbedded(outerKindOf(doc), doc.getText(), { uri: doc.uri, filePath: filePathOf(doc.uri), settings });
  return publishable(r.diagnostics);
}
