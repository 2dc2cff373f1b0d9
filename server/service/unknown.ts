/**
 * Names the target version does not know, said the way that version treats
 * them: refused at their line (Redis 7.x, Valkey), or — Redis 8 — kept as a
 * possible module setting when the line has a value, and refused only after
 * the whole file is read when no module claims it. A name that another version
 * knows says which versions have it and offers that version as the target.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { NEWEST, VERSION_IDS, VERSION_LABELS, productOf, type Catalog, type VersionCatalog, type VersionId } from '../catalog/catalog';
import type { Directive } from '../parser/types';
import { ORDER, type DiagnosticSink } from './diag';
import type { Language } from './options';
import { Answers } from './memo';
import { Speller, SPELLING_BUDGET } from './spelling';

export interface UnknownContext {
  vc: VersionCatalog;
  cat: Catalog;
  version: VersionId;
  language: Language;
  sink: DiagnosticSink;
  /** "Did you mean" within the file's budget; one per analysis. */
  guesses: NameGuesses;
}

/** Per version table: its speller without a budget, and the answers it gave. */
interface SharedSpeller {
  speller: Speller;
  /** Names a longer or foreign spelling stands for (free of the budget). */
  respelled: Answers<string | undefined>;
  /** The closest name by edit distance. */
  closest: Answers<string | undefined>;
}
const spellers = new WeakMap<VersionCatalog, SharedSpeller>();

/**
 * "Did you mean" for the directive names of one file. The search is made for
 * the first distinct names that need one (SPELLING_BUDGET over the number of
 * candidates), in the order the file asks — the same whether the file is
 * analysed whole or after an edit; past that there are no more suggestions.
 * The answers depend only on the name and the version, so they are shared
 * by every analysis (bounded).
 */
export class NameGuesses {
  private readonly seen = new Set<string>();
  private readonly limit: number;
  private readonly shared: SharedSpeller;
  /** Set when a name needed a search: the name, and whether the budget allowed it. */
  asked: { word: string; allowed: boolean } | undefined;

  constructor(vc: VersionCatalog) {
    let shared = spellers.get(vc);
    if (!shared) {
      shared = { speller: directiveSpeller(vc, Infinity), respelled: new Answers(), closest: new Answers() };
      spellers.set(vc, shared);
    }
    this.shared = shared;
    this.limit = Math.floor(SPELLING_BUDGET / Math.max(1, shared.speller.size));
  }

  guess(key: string): string | undefined {
    const w = key.toLowerCase();
    const { speller, respelled, closest } = this.shared;
    const free = respelled.get(w, () => speller.respelling(w));
    if (free) return free;
    const allowed = this.allow(w);
    this.asked = { word: w, allowed };
    return allowed ? closest.get(w, () => speller.closest(w)) : undefined;
  }

  /** Whether a search for `word` is within the budget (counting it if it is new and there is room). */
  allow(word: string): boolean {
    if (this.seen.has(word)) return true;
    if (this.seen.size >= this.limit) return false;
    this.seen.add(word);
    return true;
  }
}

/** A span of versions as people write it: 'Redis 8.6', 'Redis 8.6–8.8', 'Valkey 8.1–9.1'. */
function span(versions: readonly VersionId[]): string {
  const first = VERSION_LABELS[versions[0]];
  if (versions.length === 1) return first;
  return `${first}–${VERSION_LABELS[versions[versions.length - 1]].replace(/^\S+ /, '')}`;
}

/** Consecutive runs of the catalog's order, per product. */
function runs(versions: readonly VersionId[]): VersionId[][] {
  const out: VersionId[][] = [];
  for (const v of versions) {
    const last = out[out.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && productOf(prev) === productOf(v) && VERSION_IDS.indexOf(v) === VERSION_IDS.indexOf(prev) + 1) last.push(v);
    else out.push([v]);
  }
  return out;
}

export interface Elsewhere {
  /** "needs Redis 8.6 or later", "was removed in Redis 8.0 (…)", "is a Valkey setting (…)". */
  what: string;
  /** The version to offer as the target. */
  target: VersionId;
  /** The name it has there when it is not this one. */
  renamedTo?: string;
}

const places = new WeakMap<Catalog, Map<VersionId, Answers<Elsewhere | undefined>>>();

/** Where else a name is known, relative to the target; undefined when no version knows it. */
export function elsewhere(cat: Catalog, key: string, version: VersionId): Elsewhere | undefined {
  let byVersion = places.get(cat);
  if (!byVersion) places.set(cat, (byVersion = new Map()));
  let answers = byVersion.get(version);
  if (!answers) byVersion.set(version, (answers = new Answers()));
  return answers.get(key, () => findElsewhere(cat, key, version));
}

function findElsewhere(cat: Catalog, key: string, version: VersionId): Elsewhere | undefined {
  const found = cat.versionsHaving(key);
  if (!found.length) return undefined;
  const versions = found.map((e) => e.version);
  const renamedTo = found.find((e) => !e.viaAlias)?.name;
  const rename = renamedTo && renamedTo !== key ? renamedTo : undefined;
  const product = productOf(version);
  const here = VERSION_IDS.indexOf(version);
  const same = versions.filter((v) => productOf(v) === product);
  const all = runs(versions).map(span).join(', ');
  if (same.length) {
    const newer = same.filter((v) => VERSION_IDS.indexOf(v) > here);
    const older = same.filter((v) => VERSION_IDS.indexOf(v) < here);
    if (newer.length) {
      const first = newer[0];
      const upToNewest = newer[newer.length - 1] === NEWEST[product] && runs(newer).length === 1;
      return { what: upToNewest ? `needs ${VERSION_LABELS[first]} or later` : `exists in ${all}`, target: first, renamedTo: rename };
    }
    const last = older[older.length - 1];
    const removedIn = VERSION_IDS[VERSION_IDS.indexOf(last) + 1];
    const removed =
      removedIn && productOf(removedIn) === product
        ? `was removed in ${VERSION_LABELS[removedIn]} (it exists in ${all})`
        : `exists in ${all}`;
    return { what: removed, target: last, renamedTo: rename };
  }
  const other = versions.filter((v) => productOf(v) !== product);
  const otherName = productOf(other[0]) === 'valkey' ? 'Valkey' : 'Redis';
  return { what: `is a ${otherName} setting (${all})`, target: other[other.length - 1], renamedTo: rename };
}

/** The version's names for "did you mean". */
export function directiveSpeller(vc: VersionCatalog, budget?: number): Speller {
  return new Speller(
    vc.directives().flatMap((i) => [i.name, ...(i.variant.aliases ?? [])]),
    budget,
  );
}

function didYouMean(key: string, name: string, ctx: UnknownContext): string | undefined {
  if (name.startsWith('#')) return undefined;
  return ctx.guesses.guess(key);
}

/** The text and data of a name the target does not know. */
function describe(d: Directive, ctx: UnknownContext) {
  const other = elsewhere(ctx.cat, d.key, ctx.version);
  const guess = other ? undefined : didYouMean(d.key, d.name.value, ctx);
  const label = VERSION_LABELS[ctx.version];
  const head = other
    ? `'${d.name.value}' ${other.what}${other.renamedTo ? ` (as ${other.renamedTo})` : ''}; the target is ${label}`
    : `unknown directive '${d.name.value}'`;
  return {
    code: other ? ('not-in-version' as const) : ('unknown-directive' as const),
    head,
    hint: guess ? ` Did you mean '${guess}'?` : '',
    fix: other ? { target: other.target } : guess ? { replace: guess } : undefined,
  };
}

/** A line the loader refuses at once ("Bad directive or wrong number of arguments"). */
export function unknownAtLine(d: Directive, ctx: UnknownContext): void {
  const x = describe(d, ctx);
  const why = x.code === 'not-in-version' ? ', whose redis-server refuses it.' : ': redis-server refuses to start.';
  const howTo =
    x.code === 'not-in-version'
      ? ` Change the target with the quick fix, a '# redis-ha: target=…' comment or the redisHa.targetVersion setting.`
      : '';
  ctx.sink.add(x.code, d.name, `${x.head}${why}${howTo}${x.hint}`, { order: ORDER.line(d.lineNumber), fix: x.fix });
}

/** What the version prints when settings kept for modules are left over. */
function unresolvedPhrase(vc: VersionCatalog, d: Directive): string {
  switch (vc.semantics.unresolvedReport) {
    case 'unresolved-list':
      return ` (it logs "Unresolved Configuration(s) Detected: >>> '${d.name.value} …'")`;
    case 'unused-names':
      return ` (it logs "Unused Module Configuration: ${d.key}")`;
    case 'abort-only':
      return ' ("Module Configuration detected without loadmodule directive")';
    default:
      return '';
  }
}

/**
 * The settings the loader kept for modules: names with a dot (Redis 7.x,
 * Valkey) or, in Redis 8, any name it does not know that has a value. A
 * Sentinel never loads modules, so it never checks them; a data node refuses
 * to start when no loadmodule line loaded a module; with one, only the module
 * can say (a name with a dot is then taken on trust).
 */
export function reportModuleSettings(lines: readonly Directive[], loadmodule: boolean, ctx: UnknownContext): void {
  for (const d of lines) reportModuleSetting(d, loadmodule, ctx);
}

/** One setting kept for modules (see reportModuleSettings). */
export function reportModuleSetting(d: Directive, loadmodule: boolean, ctx: UnknownContext): void {
  const label = VERSION_LABELS[ctx.version];
  const dotted = d.key.includes('.') && ctx.vc.semantics.dottedModuleConfig;
  if (ctx.language === 'sentinel-conf' && !ctx.vc.semantics.sentinelChecksModuleConfigs) {
    if (dotted) {
      ctx.sink.add(
        'module-config-without-module',
        d.name,
        `'${d.name.value}' is a module setting; a Sentinel loads no modules and never checks it, so the line does nothing`,
        { order: ORDER.modules, severity: DiagnosticSeverity.Warning },
      );
    } else {
      const x = describe(d, ctx);
      ctx.sink.add(
        x.code,
        d.name,
        `${x.head}: redis-sentinel keeps it as a possible module setting and never checks it, so the line does nothing.${x.hint}`,
        { order: ORDER.modules, severity: DiagnosticSeverity.Warning, fix: x.fix },
      );
    }
    return;
  }
  if (dotted) {
    if (!loadmodule)
      ctx.sink.add(
        'module-config-without-module',
        d.name,
        `'${d.name.value}' is a module setting but no loadmodule line loads a module: redis-server refuses to start after reading the file${unresolvedPhrase(ctx.vc, d)}`,
        { order: ORDER.modules },
      );
    return;
  }
  const x = describe(d, ctx);
  if (loadmodule) {
    ctx.sink.add(x.code, d.name, `${x.head}: ${label} starts only if a module loaded by loadmodule defines this setting.${x.hint}`, {
      order: ORDER.modules,
      severity: DiagnosticSeverity.Warning,
      fix: x.fix,
    });
  } else {
    ctx.sink.add(
      x.code,
      d.name,
      `${x.head}: ${label} keeps it as a possible module setting and, as no loadmodule line loads a module, refuses to start after reading the whole file${unresolvedPhrase(ctx.vc, d)}.${x.hint}`,
      { order: ORDER.modules, fix: x.fix },
    );
  }
}
