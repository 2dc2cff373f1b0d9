/**
 * The LSP adapter: wires requests to the language service and does nothing
 * else. Shared by the two entries — server.ts (Node: stdio or the client's
 * IPC, with the disk behind the open documents) and browser.ts (a web worker
 * on vscode.dev / github.dev, where the service sees the open documents only).
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { AnalysisCache, publishable, tooLargeDiagnostic } from './documents';
import { embeddedDiagnostics, isOuterDocument } from './embeddedDocs';
import {
  codeActions,
  complete,
  hover,
  includeDefinition,
  includeLinks,
  navigation,
  PROFILE_ACTION_KIND,
  QUICK_FIX,
  resolveCompletion,
  SET_LANGUAGE_COMMAND,
  signatureHelp,
  SETTINGS_SECTION,
  summaryHints,
  type Analysis,
  type DocumentSettings,
  type FileHost,
  type WorkspaceIndex,
} from './service';

/** What follows a document's files beyond itself: the other files of the workspace, and the dependents of a change. */
export interface CrossFileTracker {
  canRefreshHints: boolean;
  /** Subscribes to document and file-system events; called once, before the connection listens. */
  listen(): void;
  /** The client is initialized: index the workspace folders and re-check what is open. */
  start(folderUris: string[]): Promise<void>;
  /** Asks the client to fetch the inlay hints again (the durability summary depends on other files). */
  refreshHints(): void;
}

/** Files beyond the open documents: the disk, the workspace index, re-checks across files. Node only. */
export interface FileAccess {
  host: FileHost;
  workspace: WorkspaceIndex;
  crossFiles(cache: AnalysisCache, publish: (doc: TextDocument) => Promise<void>): CrossFileTracker;
}

export interface ServerEnv {
  /**
   * The file system behind the documents, or nothing (a browser): then includes
   * are not followed and no workspace is indexed, and nothing is said about the
   * files the service cannot see (no include-not-found).
   */
  files?(documents: TextDocuments<TextDocument>, settings: () => DocumentSettings): FileAccess;
}

/** Without a file system: nothing to index or follow; inlay hints are still refreshed when settings change. */
function openDocumentsOnly(connection: Connection): CrossFileTracker {
  const tracker: CrossFileTracker = {
    canRefreshHints: false,
    listen: () => undefined,
    start: async () => undefined,
    refreshHints: () => {
      if (tracker.canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    },
  };
  return tracker;
}

/** What the client said it can do, from its initialize request. */
interface ClientCaps {
  foldingRangeLimit?: number;
  snippetSupport: boolean;
  completionItemDefaults: boolean;
  linkSupport: boolean;
  /** The client runs SET_LANGUAGE_COMMAND (it lists it in initializationOptions.commands; VS Code's client does). */
  setLanguage: boolean;
}

const SERVER_CAPABILITIES: InitializeResult['capabilities'] = {
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
};

/** Serves the language service on `connection` until it closes. */
export function startServer(connection: Connection, env: ServerEnv): void {
  const documents = new TextDocuments(TextDocument);
  let canAskConfiguration = false;
  let canRegisterConfiguration = false;
  let initialSettings: DocumentSettings = {};
  let workspaceFolderUris: string[] = [];
  let canWatchFiles = false;
  const caps: ClientCaps = { snippetSupport: false, completionItemDefaults: false, linkSupport: false, setLanguage: false };
  const files = env.files?.(documents, () => initialSettings);

  const cache = new AnalysisCache(
    async (uri) => {
      if (!canAskConfiguration) return initialSettings;
      const s = (await connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })) as DocumentSettings | null;
      return s ?? initialSettings;
    },
    files?.host,
    files?.workspace,
    (uri) => !!documents.get(uri),
  );
  const crossFiles = files?.crossFiles(cache, (doc) => publish(doc)) ?? openDocumentsOnly(connection);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canAskConfiguration = !!params.capabilities.workspace?.configuration;
    // eglot and others ask for settings but take no dynamic registration (and warn about one)
    canRegisterConfiguration = canAskConfiguration && !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    initialSettings = (params.initializationOptions as { settings?: DocumentSettings } | undefined)?.settings ?? {};
    readEditorCaps(params, caps);
    workspaceFolderUris = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!workspaceFolderUris.length && params.rootUri) workspaceFolderUris = [params.rootUri];
    canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    crossFiles.canRefreshHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: 'redis-ha' } };
  });

  connection.onInitialized(() => {
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    if (canWatchFiles && files)
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.conf' }] });
    void crossFiles.start(workspaceFolderUris);
  });

  async function publish(doc: TextDocument): Promise<void> {
    try {
      const analysis = await cache.get(doc);
      // a newer version may have arrived while settings were fetched
      if (documents.get(doc.uri)?.version !== doc.version) return;
      const diagnostics = analysis ? publishable(analysis.diagnostics) : await tooLargeNotice(cache, doc);
      await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    } catch (e) {
      connection.console.error(`redis-ha: could not check ${doc.uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
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

  // the analysis of the open document `uri` at its current version: parsed once per version, shared by every request
  const analysisOf = async (uri: string) => {
    const doc = documents.get(uri);
    return doc ? cache.get(doc) : undefined;
  };
  registerRequests(connection, analysisOf, cache, caps);
  crossFiles.listen();

  documents.listen(connection);
  connection.listen();
}

/** What the editor can show, read once from its initialize request. */
function readEditorCaps(params: InitializeParams, caps: ClientCaps): void {
  const text = params.capabilities.textDocument;
  caps.foldingRangeLimit = text?.foldingRange?.rangeLimit;
  caps.snippetSupport = !!text?.completion?.completionItem?.snippetSupport;
  const itemDefaults = text?.completion?.completionList?.itemDefaults ?? [];
  caps.completionItemDefaults = itemDefaults.includes('editRange') && itemDefaults.includes('insertTextFormat');
  caps.linkSupport = !!text?.definition?.linkSupport;
  const commands = (params.initializationOptions as { commands?: unknown } | undefined)?.commands;
  caps.setLanguage = Array.isArray(commands) && commands.includes(SET_LANGUAGE_COMMAND);
}

/**
 * A document without an analysis: a YAML or Dockerfile document gets its embedded configs' diagnostics
 * (redisHa.embedded, embeddedDocs.ts); a config over the size limit one diagnostic saying so (none if it shrank meanwhile).
 */
async function tooLargeNotice(cache: AnalysisCache, doc: TextDocument): Promise<Diagnostic[]> {
  const settings = await cache.settingsFor(doc.uri);
  const over = cache.oversize(doc, settings);
  if (isOuterDocument(doc)) return embeddedDiagnostics(doc, settings, !!over);
  return over ? [tooLargeDiagnostic(over.bytes, over.limit)] : [];
}

/** The requests about a document, each answered by the service from the document's analysis. */
function registerRequests(
  connection: Connection,
  analysisOf: (uri: string) => Promise<Analysis | undefined>,
  cache: AnalysisCache,
  caps: ClientCaps,
): void {
  // Navigation: outline, folding, formatting, rename and highlight of Sentinel master names (server/service/navigation)
  connection.onDocumentSymbol(async (p) => {
    const a = await analysisOf(p.textDocument.uri);
    return a ? navigation.documentSymbols(a, { groupBy: (await cache.settingsFor(p.textDocument.uri)).outline?.groupBy }) : null;
  });
  connection.onFoldingRanges(async (p) => {
    const a = await analysisOf(p.textDocument.uri);
    return a ? navigation.foldingRanges(a, { rangeLimit: caps.foldingRangeLimit }) : null;
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

  // Editing assistance: completion, hover, signature help (server/service/{completion,hover,signature}.ts)
  connection.onCompletion(async (p) => {
    const a = await analysisOf(p.textDocument.uri);
    const opts = {
      snippets: caps.snippetSupport,
      itemDefaults: caps.completionItemDefaults,
      triggerCharacter: p.context?.triggerCharacter,
    };
    return a ? complete(a, p.position, opts) : null;
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
    return a ? codeActions(a, { ...p.context, range: p.range, uri: caps.setLanguage ? p.textDocument.uri : undefined }) : [];
  });
  connection.languages.inlayHint.on(async (p) => {
    const a = await analysisOf(p.textDocument.uri);
    return a ? summaryHints(a, p.range) : [];
  });
  connection.onDefinition(async (p) => {
    const a = await analysisOf(p.textDocument.uri);
    const links = a ? includeDefinition(a.durability, p.position) : [];
    return caps.linkSupport ? links : links.map((l) => ({ uri: l.targetUri, range: l.targetRange }));
  });
  connection.onDocumentLinks(async (p) => {
    const a = await analysisOf(p.textDocument.uri);
    return a ? includeLinks(a.durability) : [];
  });
}
