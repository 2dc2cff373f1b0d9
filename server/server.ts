/**
 * The LSP adapter: wires requests to the language service and does nothing
 * else. Runs over stdio (`node dist/server.js --stdio`) or the client's IPC.
 */
import {
  createConnection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { AnalysisCache, publishable, tooLargeDiagnostic } from './documents';
import {
  codeActions, complete, hover, includeDefinition, includeLinks, navigation, PROFILE_ACTION_KIND, QUICK_FIX, resolveCompletion,
  signatureHelp, summaryHints, type DocumentSettings,
} from './service';
import { CrossFiles, overlayHost } from './crossFiles';
import { WorkspaceFiles } from './workspaceIndex';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let canAskConfiguration = false;
let foldingRangeLimit: number | undefined;
let initialSettings: DocumentSettings = {};
let snippetSupport = false;
let completionItemDefaults = false;
let workspaceFolderUris: string[] = [];
let canWatchFiles = false;
let linkSupport = false;
const fileHost = overlayHost(documents);
const workspaceFiles = new WorkspaceFiles(fileHost, () => initialSettings);

const cache = new AnalysisCache(async (uri) => {
  if (!canAskConfiguration) return initialSettings;
  const s = (await connection.workspace.getConfiguration({ scopeUri: uri, section: 'redisHa' })) as DocumentSettings | null;
  return s ?? initialSettings;
}, fileHost, workspaceFiles, (uri) => !!documents.get(uri));
const crossFiles = new CrossFiles(connection, documents, cache, workspaceFiles, (doc) => publish(doc));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  canAskConfiguration = !!params.capabilities.workspace?.configuration;
  foldingRangeLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit;
  initialSettings = (params.initializationOptions as { settings?: DocumentSettings } | undefined)?.settings ?? {};
  snippetSupport = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
  const itemDefaults = params.capabilities.textDocument?.completion?.completionList?.itemDefaults ?? [];
  completionItemDefaults = itemDefaults.includes('editRange') && itemDefaults.includes('insertTextFormat');
  workspaceFolderUris = (params.workspaceFolders ?? []).map((f) => f.uri);
  if (!workspaceFolderUris.length && params.rootUri) workspaceFolderUris = [params.rootUri];
  canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  crossFiles.canRefreshHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
  linkSupport = !!params.capabilities.textDocument?.definition?.linkSupport;
  return {
    capabilities: {
      documentSymbolProvider: { label: 'redis-ha' },
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      renameProvider: { prepareProvider: true },
      documentHighlightProvider: true,
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [' '], resolveProvider: true },
      hoverProvider: true,
      signatureHelpProvider: { triggerCharacters: [' '], retriggerCharacters: [' '] },
      codeActionProvider: { codeActionKinds: [QUICK_FIX, PROFILE_ACTION_KIND] },
      inlayHintProvider: true,
      definitionProvider: true,
      documentLinkProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'redis-ha' },
  };
});

connection.onInitialized(() => {
  if (canAskConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'redisHa' });
  if (canWatchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.conf' }] });
  void crossFiles.start(workspaceFolderUris);
});

/**
 * The analysis of the open document `uri` at its current version, for request
 * handlers (hover, completion, …): parsed once per version, shared by all.
 */
export async function analysisOf(uri: string) {
  const doc = documents.get(uri);
  return doc ? cache.get(doc) : undefined;
}

// Navigation: outline, folding, formatting, rename and highlight of Sentinel master names (server/service/navigation)
connection.onDocumentSymbol(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? navigation.documentSymbols(a, { groupBy: (await cache.settingsFor(p.textDocument.uri)).outline?.groupBy }) : null;
});
connection.onFoldingRanges(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? navigation.foldingRanges(a, { rangeLimit: foldingRangeLimit }) : null;
});
connection.onDocumentFormatting(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? navigation.formatDocument(a, undefined, p.options) : null;
});
connection.onDocumentRangeFormatting(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? navigation.formatDocument(a, p.range, p.options) : null;
});
connection.onPrepareRename(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  if (!a) return null;
  const r = navigation.prepareRename(a, p.position);
  return navigation.isRefusal(r) ? new ResponseError(ErrorCodes.InvalidRequest, r.error) : r;
});
connection.onRenameRequest(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  if (!a) return null;
  const r = navigation.renameMaster(a, p.textDocument.uri, p.position, p.newName);
  return navigation.isRefusal(r) ? new ResponseError(ErrorCodes.InvalidParams, r.error) : r;
});
connection.onDocumentHighlight(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? navigation.documentHighlights(a, p.position) : null;
});

async function publish(doc: TextDocument): Promise<void> {
  try {
    const analysis = await cache.get(doc);
    // a newer version may have arrived while settings were fetched
    if (documents.get(doc.uri)?.version !== doc.version) return;
    let diagnostics;
    if (analysis) diagnostics = publishable(analysis.diagnostics);
    else {
      const over = cache.oversize(doc, await cache.settingsFor(doc.uri));
      diagnostics = over ? [tooLargeDiagnostic(over.bytes, over.limit)] : [];
    }
    await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  } catch (e) {
    connection.console.error(`redis-ha: could not check ${doc.uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
}

// TextDocuments raises onDidChangeContent for the open as well as for every change
documents.onDidChangeContent((e) => void publish(e.document));
documents.onDidClose((e) => {
  cache.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration((change) => {
  const s = (change.settings as { redisHa?: DocumentSettings } | undefined)?.redisHa;
  if (s) initialSettings = s;
  cache.clear();
  for (const doc of documents.all()) void publish(doc);
  crossFiles.refreshHints();
});

// Editing assistance: completion, hover, signature help (server/service/{completion,hover,signature}.ts)
connection.onCompletion(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? complete(a, p.position, { snippets: snippetSupport, itemDefaults: completionItemDefaults, triggerCharacter: p.context?.triggerCharacter }) : null;
});
connection.onCompletionResolve((item) => resolveCompletion(item));
connection.onHover(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? hover(a, p.position) : null;
});
connection.onSignatureHelp(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? signatureHelp(a, p.position) : null;
});
// Durability: quick fixes and profiles, the summary line, include navigation (each delegates to the service)
connection.onCodeAction(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? codeActions(a, { range: p.range, diagnostics: p.context.diagnostics, only: p.context.only, triggerKind: p.context.triggerKind }) : [];
});
connection.languages.inlayHint.on(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? summaryHints(a, p.range) : [];
});
connection.onDefinition(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  const links = a ? includeDefinition(a.durability, p.position) : [];
  return linkSupport ? links : links.map((l) => ({ uri: l.targetUri, range: l.targetRange }));
});
connection.onDocumentLinks(async (p) => {
  const a = await analysisOf(p.textDocument.uri);
  return a ? includeLinks(a.durability) : [];
});
crossFiles.listen();

documents.listen(connection);
connection.listen();
