/**
 * What a file says about how to check it (`# redis-ha: target=valkey-9.0 rpo=0`),
 * which language a file name belongs to (the same rule VS Code applies to the
 * patterns in package.json), and the target version that results.
 */
import { paths } from './paths';
import manifest from '../../package.json';
import { NEWEST, VERSION_IDS, catalog, isVersionId, productOf, versionForRelease, type Product, type VersionId } from '../catalog/catalog';
import { firstAtOrAfter } from '../parser/document';
import type { Comment, ConfigDocument } from '../parser/types';
import type { DiagnosticSink } from './diag';
import { Answers } from './memo';

export type Language = 'redis-conf' | 'sentinel-conf';
export const LANGUAGES: readonly Language[] = ['redis-conf', 'sentinel-conf'];

/** RPO targets a file or setting can declare. */
export const RPO_TARGETS = ['none', 'snapshot', '1s', '0'] as const;
export type RpoTarget = (typeof RPO_TARGETS)[number];

export interface FileOption<T> {
  value: T;
  comment: Comment;
  /** Offsets of the value in the document (to change it in place). */
  valueStart?: number;
  valueEnd?: number;
}
/** Roles a file can declare (`# redis-ha: role=primary`) when nothing in it shows the node's place in a group. */
export const DECLARED_ROLES = ['standalone', 'primary', 'replica', 'cluster'] as const;
export type DeclaredRole = (typeof DECLARED_ROLES)[number];

export interface FileOptions {
  version?: FileOption<VersionId>;
  rpo?: FileOption<RpoTarget>;
  role?: FileOption<DeclaredRole>;
}

const PREFIX = /^#\s*redis-ha\s*:/i;
/** Length of the `# redis-ha:` prefix of a comment's text (0 when it has none). */
function m0(text: string): number {
  return PREFIX.exec(text)?.[0].length ?? 0;
}

/**
 * Whether a comment's text after its '#' (text[from, to)) can start with
 * `redis-ha`, past blanks: most comments of a long file are ruled out
 * without being copied (a non-ASCII character, which \s may match, is left to the pattern).
 */
function mayBeOption(text: string, from: number, to: number): boolean {
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return true;
    if (c !== 0x20 && (c < 0x09 || c > 0x0d)) break;
  }
  if (to - i < OPTION_WORD.length) return false;
  for (let k = 0; k < OPTION_WORD.length; k++) {
    if ((text.charCodeAt(i + k) | 0x20) !== OPTION_WORD.charCodeAt(k)) return false; // ASCII letters of either case; '-' | 0x20 is '-'
  }
  return true;
}
const OPTION_WORD = 'redis-ha';

/** The comments that may carry options, as found for one parse. */
export interface OptionComments {
  parseId: number;
  comments: readonly Comment[];
}

/**
 * The comments of `doc` that may carry options (`# redis-ha:`); after an edit
 * (ConfigDocument.change from the parse of `previous`) only the comments of
 * the lines it touched are looked at.
 */
export function optionComments(doc: ConfigDocument, previous?: OptionComments): OptionComments {
  const text = doc.text;
  const may = (c: Comment) => mayBeOption(text, c.start + 1, c.end);
  const change = doc.change;
  if (!previous || !change || change.fromParse !== previous.parseId) return { parseId: doc.parseId, comments: doc.comments.filter(may) };
  const out: Comment[] = [];
  for (const c of previous.comments) if (c.start < change.start) out.push(c);
  for (let i = firstAtOrAfter(doc.comments, change.start); i < doc.comments.length && doc.comments[i].start < change.newEnd; i++) {
    if (may(doc.comments[i])) out.push(doc.comments[i]);
  }
  // the same comments after the edit, moved: the objects of this parse
  for (const c of previous.comments)
    if (c.start >= change.oldEnd) out.push(doc.comments[firstAtOrAfter(doc.comments, c.start + change.delta)]);
  return { parseId: doc.parseId, comments: out };
}

/**
 * Reads `# redis-ha: key=value …` comments (of `comments`, when the caller
 * has them from optionComments); malformed ones are reported to `sink`.
 */
export function readFileOptions(doc: ConfigDocument, sink?: DiagnosticSink, comments?: readonly Comment[]): FileOptions {
  const out: FileOptions = {};
  for (const c of comments ?? doc.comments) {
    if (!comments && !mayBeOption(doc.text, c.start + 1, c.end)) continue;
    const text = doc.slice(c.start, c.end);
    const m = PREFIX.exec(text);
    if (!m) continue;
    const body = text.slice(m[0].length).trim();
    if (!body) {
      sink?.add('redis-ha-comment', c, 'expected settings after `redis-ha:`, e.g. `# redis-ha: target=valkey-9.0`');
      continue;
    }
    for (const m of text.slice(m0(text)).matchAll(/[^\s,;]+/g)) {
      const pair = m[0];
      const eq = pair.indexOf('=');
      const key = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      const valueStart = c.start + m0(text) + (m.index ?? 0) + eq + 1;
      if (key === 'version' || key === 'target') {
        const v = normalizeVersion(value);
        if (v && v !== 'auto') out.version = { value: v, comment: c, valueStart, valueEnd: valueStart + value.length };
        else sink?.add('redis-ha-comment', c, `unknown target '${value}'; use one of ${VERSION_IDS.join(', ')}`);
      } else if (key === 'rpo') {
        if ((RPO_TARGETS as readonly string[]).includes(value)) out.rpo = { value: value as RpoTarget, comment: c };
        else sink?.add('redis-ha-comment', c, `unknown rpo '${value}'; use one of ${RPO_TARGETS.join(', ')}`);
      } else if (key === 'role') {
        if ((DECLARED_ROLES as readonly string[]).includes(value)) out.role = { value: value as DeclaredRole, comment: c };
        else sink?.add('redis-ha-comment', c, `unknown role '${value}'; use one of ${DECLARED_ROLES.join(', ')}`);
      } else {
        sink?.add('redis-ha-comment', c, `unknown redis-ha setting '${key}'; known: target (or version), rpo, role`);
      }
    }
  }
  return out;
}

/** Accepts '7.2', '7.2.4', 'redis-7.2', 'valkey-8.0.1', 'valkey9.0', 'valkey-9', 'auto'. */
export function normalizeVersion(s: string | undefined): VersionId | 'auto' | undefined {
  if (!s) return undefined;
  const t = s.trim().toLowerCase();
  if (t === 'auto') return 'auto';
  const m = /^(redis-?|valkey-?)?(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(t);
  if (!m) return undefined;
  const product = m[1]?.startsWith('valkey') ? 'valkey-' : '';
  const id = `${product}${m[2]}.${m[3] ?? '0'}`;
  return isVersionId(id) ? id : undefined;
}

/** How the target was chosen, for hover text and messages. */
export type TargetSource = 'file' | 'flag' | 'setting' | 'file-name' | 'directives' | 'default';

/**
 * Each source of the target version in a few words (the summary line, the
 * CLI's header and JSON) and in a sentence with the way to change it (the
 * summary's hover).
 */
export const TARGET_SOURCES: Record<TargetSource, { short: string; long: string }> = {
  file: { short: 'file comment', long: "the file's own `# redis-ha: target=…` comment, which wins over the setting and the CLI flag" },
  flag: { short: '--target-version', long: 'the `--target-version` option of `redis-ha check`' },
  setting: {
    short: 'setting',
    long: 'the `redisHa.targetVersion` setting (a `# redis-ha: target=…` comment in the file would override it)',
  },
  'file-name': {
    short: 'file name',
    long: 'the file name, which names Valkey: the newest Valkey is assumed (set `redisHa.targetVersion` or add `# redis-ha: target=…` to pin one)',
  },
  directives: {
    short: 'Valkey directives',
    long: 'directives only Valkey knows: the newest Valkey is assumed (set `redisHa.targetVersion` or add `# redis-ha: target=…` to pin one)',
  },
  default: {
    short: 'default',
    long: 'nothing names a version, so the newest Redis release is assumed — and the verdict may change when a newer one becomes the default. Pin one with `# redis-ha: target=…`, the `redisHa.targetVersion` setting or `--target-version`',
  },
};

/** The product that alone knows a name, per name. */
const onlyProduct = new Answers<Product | undefined>();

/**
 * A file names a product by what only that product knows: counts the lines
 * whose name only Valkey versions know against those only Redis versions know.
 */
function productFromDirectives(doc: ConfigDocument | undefined): 'redis' | 'valkey' | undefined {
  if (!doc) return undefined;
  let valkey = 0,
    redis = 0;
  for (const d of doc.directives) {
    // once per distinct name, remembered: a file repeats a few names many times (150,000 save lines)
    const product = onlyProduct.get(d.key, () => {
      const products = new Set(
        catalog()
          .versionsHaving(d.key)
          .map((w) => productOf(w.version)),
      );
      return products.size === 1 ? [...products][0] : undefined;
    });
    if (product === 'valkey') valkey++;
    else if (product === 'redis') redis++;
  }
  return valkey > redis ? 'valkey' : redis > 0 ? 'redis' : undefined;
}

/**
 * The target version: the file's own `# redis-ha: target=` comment, then the
 * setting, then the newest Valkey for a valkey*.conf file or a file whose
 * directives only Valkey knows, else the newest GA Redis.
 */
export function resolveTarget(
  setting: string | undefined,
  options: FileOptions,
  fileName: string | undefined,
  doc?: ConfigDocument,
  from?: 'flag',
): { version: VersionId; source: TargetSource } {
  if (options.version) return { version: options.version.value, source: 'file' };
  const v = normalizeVersion(setting);
  if (v && v !== 'auto') return { version: v, source: from ?? 'setting' };
  if (fileName && /valkey/i.test(paths.basename(fileName))) return { version: NEWEST.valkey, source: 'file-name' };
  if (productFromDirectives(doc) === 'valkey') return { version: NEWEST.valkey, source: 'directives' };
  return { version: NEWEST.redis, source: 'default' };
}

/**
 * The edit that makes a file name its target: the value of an existing
 * `target=` / `version=` changed in place, else a `# redis-ha: target=…` line
 * added at the top.
 */
export function targetEdit(doc: ConfigDocument, options: FileOptions, target: VersionId): { start: number; end: number; text: string } {
  const opt = options.version;
  if (opt?.valueStart !== undefined && opt.valueEnd !== undefined) return { start: opt.valueStart, end: opt.valueEnd, text: target };
  return { start: 0, end: 0, text: `# redis-ha: target=${target}${doc.text.includes('\r\n') ? '\r\n' : '\n'}` };
}

/**
 * Whether a file compared with a live node is checked against another version
 * than the node runs, and what to offer then: the node's release line as the
 * file's target. Undefined when they agree.
 */
export function liveTargetOffer(
  doc: ConfigDocument,
  fileName: string | undefined,
  setting: string | undefined,
  product: Product,
  release: string | undefined,
): { current: VersionId; proposed: VersionId; note?: string; edit: { start: number; end: number; text: string } } | undefined {
  const options = readFileOptions(doc);
  const current = resolveTarget(setting, options, fileName, doc).version;
  const live = versionForRelease(product, release);
  if (live.version === current) return undefined;
  return { current, proposed: live.version, note: live.note, edit: targetEdit(doc, options, live.version) };
}

interface LanguageContribution {
  id: string;
  filenames?: string[];
  filenamePatterns?: string[];
  extensions?: string[];
}

function globToRegExp(glob: string): RegExp {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`, 'i');
}

const CONTRIBUTED = (manifest.contributes.languages as LanguageContribution[]).map((l) => ({
  id: l.id,
  filenames: (l.filenames ?? []).map((f) => f.toLowerCase()),
  patterns: (l.filenamePatterns ?? []).map((p) => ({ length: p.length, re: globToRegExp(p) })),
}));

/**
 * The language VS Code gives a file name from our contributions: an exact
 * file name wins, then the longest matching pattern. Undefined when neither
 * of our languages claims it (VS Code would then use Properties for *.conf).
 */
export function languageForFile(path: string): Language | undefined {
  const name = paths.basename(path).toLowerCase();
  for (const l of CONTRIBUTED) if (l.filenames.includes(name)) return l.id as Language;
  let best: { id: string; length: number } | undefined;
  for (const l of CONTRIBUTED) {
    for (const p of l.patterns) if (p.re.test(name) && (!best || p.length > best.length)) best = { id: l.id, length: p.length };
  }
  return best?.id as Language | undefined;
}
