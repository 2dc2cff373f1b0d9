/**
 * The language server (dist/server.js over stdio) under random edit
 * sequences: documents are opened, changed with full and incremental
 * didChange notifications (several changes in one notification too), asked
 * for hover, completion and document symbols between edits, and at the end
 * the diagnostics published for the last version must equal those of the
 * same text opened fresh. The server must never exit, and every request must
 * be answered. Seeds and replay: see test/support/fuzz.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  Diagnostic,
  DocumentSymbol,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { configLine, configText } from '../support/fuzz-configs';
import { fc, runProperty } from '../support/fuzz';
import { startServer, type TestServer } from '../support/lsp';

const FILE = 'test/protocol/fuzz-server.test.ts';
const ANSWER_MS = 5_000;

/** An edit in terms of the current text: where (a fraction of its length), how much to delete, what to insert. */
interface AbstractChange {
  at: number;
  del: number;
  insert: string;
}
type Step =
  | { kind: 'incremental'; changes: AbstractChange[] }
  | { kind: 'full'; text: string }
  | { kind: 'ask'; at: number; beyond: number; what: 'hover' | 'completion' | 'symbols' };

const insertText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', ' ', '\n', '\r\n', '"', "'", '#', 'yes', '1gb', '\t', 'save ', '\\x4', 'é', '😀', '\0') },
  { weight: 3, arbitrary: configLine.map((l) => `${l}\n`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const change: fc.Arbitrary<AbstractChange> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof(fc.constant(0), fc.nat(8), fc.nat(200)),
  insert: insertText,
});
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => ({ kind: 'incremental' as const, changes })) },
  { weight: 1, arbitrary: configText.map((text) => ({ kind: 'full' as const, text })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        beyond: fc.oneof(fc.constant(0), fc.nat(5)),
        what: fc.constantFrom('hover' as const, 'completion' as const, 'symbols' as const),
      })
      .map((a) => ({ kind: 'ask' as const, ...a })),
  },
);
const scenario = fc.record({
  sentinel: fc.boolean(),
  initial: configText,
  steps: fc.array(step, { minLength: 1, maxLength: 25 }),
});

function within<T>(p: Promise<T>, what: string, ms = ANSWER_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

function assertRangeIn(doc: TextDocument, r: Range, what: string) {
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < doc.lineCount, `${what}: line ${p.line} of ${doc.lineCount}`);
    assert.ok(p.character >= 0, `${what}: character`);
  }
}

/** Diagnostics with this document's own URI replaced, so two URIs of the same text compare equal. */
function normalized(list: Diagnostic[], uri: string): unknown {
  return JSON.parse(JSON.stringify(list).split(JSON.stringify(uri).slice(1, -1)).join('SELF'));
}

describe('fuzz: the language server under random edits', () => {
  let server: TestServer;
  let exited: string | undefined;
  /** What the server logged as an error (an exception in a handler is reported this way). */
  const errors: string[] = [];
  let n = 0;
  before(async () => {
    server = await startServer({ targetVersion: 'auto' });
    server.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      if (m.type === 1) errors.push(m.message);
    });
    server.child.once('exit', (code, signal) => (exited = `the server exited (code ${code}, signal ${signal})`));
  });
  after(() => server?.stop());

  async function run(s: { sentinel: boolean; initial: string; steps: Step[] }) {
    const t0 = Date.now();
    assert.equal(exited, undefined);
    errors.length = 0;
    const id = ++n;
    const name = s.sentinel ? 'sentinel.conf' : 'redis.conf';
    const languageId = s.sentinel ? 'sentinel-conf' : 'redis-conf';
    const uri = `file:///fuzz/${id}/${name}`;
    let doc = TextDocument.create(uri, languageId, 1, s.initial);
    // every publish for this document, by version (answers to questions may arrive after them);
    // the recorder stays registered until the close's empty publish
    const published = new Map<number, PublishDiagnosticsParams>();
    let closing = false;
    void server.diagnostics(uri, (p) => {
      if (p.version !== undefined) published.set(p.version, p);
      return closing;
    });
    server.open(uri, languageId, s.initial, 1);
    for (const st of s.steps) {
      if (st.kind === 'ask') {
        const offset = Math.floor(st.at * doc.getText().length);
        const p = doc.positionAt(offset);
        const position = { line: p.line, character: p.character + st.beyond };
        if (st.what === 'symbols') {
          const symbols = await within(server.request<DocumentSymbol[] | null>('textDocument/documentSymbol', uri), 'documentSymbol');
          const walk = (xs: DocumentSymbol[]): void => {
            for (const x of xs) {
              assertRangeIn(doc, x.range, `symbol ${x.name}`);
              assertRangeIn(doc, x.selectionRange, `symbol ${x.name}`);
              walk(x.children ?? []);
            }
          };
          walk(symbols ?? []);
        } else {
          await within(server.request(`textDocument/${st.what}`, uri, { position }), st.what);
        }
        continue;
      }
      let changes: TextDocumentContentChangeEvent[];
      if (st.kind === 'full') {
        changes = [{ text: st.text }];
      } else {
        // each change is made against the text after the previous one, as a client sends them
        changes = [];
        let scratch = TextDocument.create(uri, languageId, doc.version, doc.getText()); // update() changes its argument
        for (const c of st.changes) {
          const len = scratch.getText().length;
          const start = Math.floor(c.at * len);
          const end = Math.min(len, start + c.del);
          const ev = { range: { start: scratch.positionAt(start), end: scratch.positionAt(end) }, text: c.insert };
          changes.push(ev);
          scratch = TextDocument.update(scratch, [ev], scratch.version);
        }
      }
      doc = TextDocument.update(doc, changes, doc.version + 1);
      void server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: doc.version },
        contentChanges: changes,
      });
    }
    const final = doc.getText();
    const version = doc.version;
    const edited = await within(
      published.get(version) ? Promise.resolve(published.get(version)!) : server.diagnostics(uri, (p) => p.version === version),
      `diagnostics of version ${version}`,
    ).catch((e: Error) => {
      throw new Error(`${e.message}${errors.length ? `; the server logged:\n${errors.join('\n')}` : ''}`);
    });
    assert.deepEqual(errors, [], 'the server logged no error');
    closing = true;
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const freshUri = `file:///fuzz/${id}-fresh/${name}`;
    const fresh = within(server.diagnostics(freshUri), 'diagnostics of the fresh document');
    server.open(freshUri, languageId, final, 1);
    const freshDiagnostics = (await fresh).diagnostics;
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
    if (process.env.FUZZ_DEBUG)
      console.error(
        `case ${id}: ${Date.now() - t0} ms, ${s.steps.length} steps, ${final.length} chars, ${edited.diagnostics.length} diagnostics`,
      );
    assert.deepEqual(
      normalized(edited.diagnostics, uri),
      normalized(freshDiagnostics, freshUri),
      'the edited document ends with the diagnostics of its text opened fresh',
    );
    assert.equal(exited, undefined);
  }

  test('never crashes, answers between edits, ends with the diagnostics of its final text', { timeout: 120_000 }, async (t) => {
    await runProperty(t, 'LSP random edits', fc.asyncProperty(scenario, run), { numRuns: 600, timeMs: 15_000 }, FILE);
  });
});
