/**
 * Helpers for the durability suites: fixtures, an in-memory file host,
 * applying a WorkspaceEdit, and making a config safe to hand to a real
 * redis-server (every host 127.0.0.1, every port a closed local one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, WorkspaceEdit } from 'vscode-languageserver-types';
import assert from 'node:assert/strict';
import type { Profile } from '../../server/catalog/profiles';
import { check, languageForFile, RULES, type Analysis, type ConfigFacts, type FileHost, type Language } from '../../server/service';
import { profileActions } from '../../server/service/codeActions';
import { freePort } from './redis';
import { ROOT } from './lsp';

export const RULE_FIXTURES = join(ROOT, 'test/fixtures/rules');
export const GUIDANCE = join(ROOT, 'test/fixtures/guidance');
export const STOCK = join(ROOT, 'test/fixtures/stock');

export interface RuleFixture {
  code: string;
  dir: string;
  fire: string;
  ok: string;
  /** `quiet-*` files: cases judged alone (a standalone node, a cache…) on which the rule must stay quiet. */
  quiet: string[];
  language: Language;
  /** Other config files in the fixture's folder: its workspace. */
  others: string[];
}

/** The fixtures of each rule record, test/fixtures/rules/<id>/: `fire.*`, `ok.*`, `quiet-*` and the rest of its workspace. */
export function ruleFixtures(): RuleFixture[] {
  return RULES.map(({ id: code }) => {
    const dir = join(RULE_FIXTURES, code);
    const files = readdirSync(dir).sort();
    const fire = files.find((f) => f.startsWith('fire.'));
    const ok = files.find((f) => f.startsWith('ok.'));
    if (!fire || !ok) throw new Error(`${dir} needs a fire.* and an ok.* file`);
    return {
      code,
      dir,
      fire: join(dir, fire),
      ok: join(dir, ok),
      quiet: files.filter((f) => f.startsWith('quiet-')).map((f) => join(dir, f)),
      language: languageForFile(fire) ?? 'redis-conf',
      others: files.filter((f) => f !== fire && f !== ok && !f.startsWith('quiet-')).map((f) => join(dir, f)),
    };
  });
}

/** A host over a map of absolute paths to texts (directories are implied by the paths). */
export function memoryHost(files: Record<string, string>): FileHost {
  return {
    exists: (p) => p in files,
    readFile: (p) => files[p],
    listDir: (p) => {
      const prefix = p.endsWith('/') ? p : `${p}/`;
      const names = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
      }
      return names.size ? [...names].map(([name, dir]) => ({ name, dir })) : undefined;
    },
  };
}

export interface CheckOptions {
  version?: string;
  rpo?: string;
  host?: FileHost;
  workspace?: readonly ConfigFacts[];
  path?: string;
  language?: Language;
}

export function analyzeText(text: string, o: CheckOptions = {}): Analysis {
  const path = o.path ?? '/etc/redis/redis.conf';
  return check(text, {
    language: o.language ?? languageForFile(path) ?? 'redis-conf',
    uri: pathToFileURL(path).href,
    filePath: path,
    settings: { targetVersion: o.version, targetRpo: o.rpo },
    host: o.host,
    workspace: o.workspace ? { configs: () => o.workspace! } : undefined,
  });
}

/** Facts of files on disk, as the workspace index would hold them. */
export function factsOfFiles(paths: string[]): ConfigFacts[] {
  return paths.map((p) => analyzeText(readFileSync(p, 'utf8'), { path: p }).durability.facts);
}

export function analyzeFile(path: string, o: CheckOptions = {}): Analysis {
  return analyzeText(readFileSync(path, 'utf8'), { ...o, path });
}

export function codesOf(a: Analysis, filter?: (d: Diagnostic) => boolean): string[] {
  return a.diagnostics.filter((d) => !filter || filter(d)).map((d) => String(d.code));
}

/** Applies the edits of a WorkspaceEdit to one document's text. */
export function applyTo(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
  const edits = edit?.changes?.[uri] ?? [];
  return TextDocument.applyEdits(TextDocument.create(uri, 'plaintext', 1, text), edits);
}

/** Applies a WorkspaceEdit to a set of files given by URI. */
export function applyAll(texts: Record<string, string>, edit: WorkspaceEdit | undefined): Record<string, string> {
  const out = { ...texts };
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
    out[uri] = TextDocument.applyEdits(TextDocument.create(uri, 'plaintext', 1, out[uri] ?? ''), edits);
  }
  return out;
}

/**
 * Makes a config safe to start: every address a server would connect to
 * (replicaof, sentinel monitor / known-replica / known-sentinel) becomes
 * 127.0.0.1 on a port that was free a moment ago (nothing listens there).
 */
export async function localize(text: string): Promise<string> {
  const patterns = [
    /^(\s*(?:replicaof|slaveof)\s+)\S+\s+\d+/gim,
    /^(\s*sentinel\s+monitor\s+\S+\s+)\S+\s+\d+/gim,
    /^(\s*sentinel\s+known-(?:replica|slave|sentinel)\s+\S+\s+)\S+\s+\d+/gim,
  ];
  let out = text;
  for (const re of patterns) {
    const heads = [...out.matchAll(re)];
    const ports: number[] = [];
    for (let i = 0; i < heads.length; i++) ports.push(await freePort());
    let k = 0;
    out = out.replace(re, (_m, head: string) => `${head}127.0.0.1 ${ports[k++]}`);
  }
  return out;
}

/** Stock files and the version each one is checked as. */
export const STOCK_FILES: Array<{ file: string; version: string }> = readdirSync(STOCK)
  .filter((f) => f.endsWith('.conf'))
  .sort()
  .map((file) => ({
    file,
    version: /valkey.*8\.0/.test(file)
      ? 'valkey-8.0'
      : /valkey.*7\.2/.test(file)
        ? 'valkey-7.2'
        : (/(\d\.\d)\.conf$/.exec(file)?.[1] ?? '7.0'),
  }));

export function applyProfileText(text: string, path: string, version: string, p: Profile): string {
  const a = analyzeText(text, { path, version });
  const [action] = profileActions(a, [`source.redis-ha.profile.${p.id}`]);
  assert.ok(action, `${p.id} applies to ${path}`);
  return applyTo(text, uriOf(path), action.edit);
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

export { basename, dirname };

/**
 * The summary's judgement without its last part, the version the file was checked as
 * (tested on its own in durability-model.test.ts): what most tests compare.
 */
export function verdict(a: Analysis): string {
  const { text, parts } = a.durability.summary;
  const version = parts.at(-1)?.text;
  if (version === undefined || text === version) return '';
  return text.endsWith(` · ${version}`) ? text.slice(0, -(version.length + 3)) : text;
}
