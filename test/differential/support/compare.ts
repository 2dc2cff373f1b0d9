/**
 * Our verdict on a case (the language service's `check`, exactly as the
 * editor and the CLI run it) set against the real one, and the summary.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { catalog, type VersionId } from '../../../server/catalog/catalog';
import { splitArgsLikeRedis } from '../../../server/parser/parse';
import { check, firstFatal, parseConfig } from '../../../server/service';
import { isNumericIP } from '../../../server/service/ip';
import type { Case } from './cases';
import { ORDER } from '../../../server/service/diag';
import { networkIsolation, withDir, type RealVerdict } from './judge';
import type { Oracle } from './oracles';

/** What `@DIR@` becomes for our (static) check: any absolute path will do, nothing is read from it. */
export const OUR_DIR = '/var/lib/redis-ha-differential';

export interface OurVerdict {
  verdict: 'accepted' | 'rejected';
  /** The line (as redis-server counts lines: "\n" only) of our first error in redis-server's order. */
  line?: number;
  first?: Diagnostic;
  errors: Diagnostic[];
  /** Lower-case names of the settings we say are kept for modules and left unclaimed (when that is our first error). */
  unresolved?: string[];
}

const orderOf = (d: Diagnostic) => (d.data as { order?: number } | undefined)?.order ?? d.range.start.line;

export function ourVerdict(c: Case, version: VersionId = '7.0'): OurVerdict {
  const text = withDir(c.text, OUR_DIR);
  const analysis = check(text, {
    language: c.sentinel ? 'sentinel-conf' : 'redis-conf',
    // the binary runs the file in the mode the case says (redis-server, or --sentinel): judge it so, as
    // `check --language` does, not by what its lines look like
    byContent: false,
    uri: `file://${OUR_DIR}/${c.sentinel ? 'sentinel.conf' : 'redis.conf'}`,
    settings: { targetVersion: version },
  });
  const errors = analysis.diagnostics.filter((d) => d.severity === 1);
  const first = firstFatal(analysis.diagnostics);
  const lineOf = (d: Diagnostic) => {
    const offset = analysis.doc.offsetAt(d.range.start);
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
    return n;
  };
  const out: OurVerdict = { verdict: errors.length ? 'rejected' : 'accepted', line: first ? lineOf(first) : undefined, first, errors };
  if (first && orderOf(first) === ORDER.modules) {
    const keyAt = new Map(analysis.doc.directives.map((d) => [d.name.start, d.key]));
    // as the judge reads ">>> 'name value'": up to the first blank or quote
    out.unresolved = [
      ...new Set(
        errors
          .filter((d) => orderOf(d) === ORDER.modules)
          .map((d) => (keyAt.get(analysis.doc.offsetAt(d.range.start)) ?? '?').replace(/[ '].*$/s, '')),
      ),
    ];
  }
  return out;
}

/**
 * Why a case cannot run on this machine, if it cannot: a bind word that is
 * not a numeric address would be looked up by name, which is only safe in a
 * network namespace of its own (the guide allows no traffic beyond 127.0.0.1).
 */
export function cannotRunHere(c: Case): string | undefined {
  if (c.sentinel || networkIsolation()) return undefined;
  for (const d of parseConfig(withDir(c.text, OUR_DIR)).directives) {
    if (d.key !== 'bind') continue;
    const words = d.args.length === 1 && d.args[0].value !== '' ? (splitArgsLikeRedis(d.args[0].value) ?? []) : d.args.map((a) => a.value);
    if (words.length === 1 && words[0] === '') continue;
    if (words.some((w) => !isNumericIP(w.replace(/^-/, ''))))
      return 'a bind word would be resolved by name and this machine gives no network namespace (unshare -n) to do it safely';
  }
  return undefined;
}

/** Cases whose command / category names the catalog does not know yet. */
export function pendingCatalog(c: Case, version: VersionId = '7.0'): string | undefined {
  if (!c.needs) return undefined;
  const vc = catalog().forVersion(version);
  const missing = [
    ...(c.needs.commands ?? [])
      .filter((n) => !vc.hasCommand(n.toLowerCase().split('|')[0]) && !vc.hasModuleCommand(n.toLowerCase().split('|')[0]))
      .map((n) => `command ${n}`),
    ...(c.needs.categories ?? []).filter((n) => !vc.hasAclCategory(n.toLowerCase())).map((n) => `category @${n}`),
    ...(c.needs.subcommandsOf ?? []).filter((n) => vc.subcommands(n) === undefined).map((n) => `the sub-commands of ${n}`),
  ];
  return missing.length ? `the catalog lacks ${[...new Set(missing)].join(', ')}` : undefined;
}

export type Outcome = 'agreed' | 'disagreed' | 'pending-catalog' | 'expected-difference';

export interface Result {
  case: Case;
  real: RealVerdict;
  ours: OurVerdict;
  outcome: Outcome;
  /** Why the outcome is not 'agreed'. */
  detail?: string;
}

function realText(r: RealVerdict): string {
  if (r.timedOut) return 'no answer within the timeout';
  if (r.verdict === 'accepted') return 'accepted';
  return `rejected${r.line ? ` at line ${r.line}` : ' (no line)'}: ${r.message ?? ''}`;
}

function ourText(o: OurVerdict): string {
  if (o.verdict === 'accepted') return 'accepted';
  return `rejected at line ${o.line}${o.unresolved ? ` (after loading: ${o.unresolved.join(', ')})` : ''}: [${o.first?.code}] ${o.first?.message}`;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * A difference that comes from the oracle's build or tree rather than from the
 * version (a build without TLS or Redis' jemalloc; a binary older than the
 * line's newest patch), with the reason — or undefined.
 */
export function buildDifference(c: Case, real: RealVerdict, oracle: Pick<Oracle, 'build' | 'older'> | undefined): string | undefined {
  if (!oracle) return undefined;
  const names = new Set(parseConfig(withDir(c.text, OUR_DIR)).directives.map((d) => d.key));
  if (!oracle.build.tls && [...names].some((n) => n.startsWith('tls-')))
    return 'the oracle is built without TLS, so it knows no tls-* setting; the version has them';
  const older =
    oracle.older?.directives.find((n) => names.has(n)) ??
    oracle.older?.commands?.find((n) => new RegExp(`(^|[\\s+-])${n.replace('|', '\\|')}(\\s|$)`, 'im').test(c.text));
  if (older) return `${older}: ${oracle.older!.why}`;
  if (!oracle.build.jemalloc && real.verdict === 'rejected' && /active ?defrag/i.test(real.message ?? ''))
    return 'activedefrag yes needs the jemalloc bundled with the sources; builds with libc malloc refuse it (we warn: build-dependent)';
  if (real.verdict === 'rejected' && /getgrnam error/i.test(real.output))
    return 'unixsocketgroup names a group this host does not have (we say host-dependent)';
  if (real.verdict === 'rejected' && names.has('rdma-port') && /RDMA/i.test(real.output))
    return 'this build has no RDMA support and the host no RDMA device (we say build-dependent)';
  if (real.verdict === 'rejected' && /Failed to configure LOCALE/i.test(real.message ?? ''))
    return 'locale-collate names a locale this host does not have (we say host-dependent)';
  if (real.verdict === 'rejected' && /MPTCP is not supported/i.test(real.message ?? ''))
    return 'mptcp yes needs a build with Multipath TCP (we say build-dependent)';
  return undefined;
}

export function compare(c: Case, real: RealVerdict, oracle?: Pick<Oracle, 'build' | 'older' | 'version'>): Result {
  const version = oracle?.version ?? '7.0';
  const ours = ourVerdict(c, version);
  let problem: string | undefined;
  if (real.timedOut) problem = 'redis-server gave no verdict in time';
  else if (ours.verdict !== real.verdict) problem = 'verdicts differ';
  else if (real.verdict === 'rejected' && real.line !== undefined && ours.line !== real.line) problem = 'first error on another line';
  else if (
    real.verdict === 'rejected' &&
    real.unresolved &&
    !(ours.unresolved && sameSet(ours.unresolved, [...new Set(real.unresolved.map((n) => Buffer.from(n, 'latin1').toString('utf8')))]))
  ) {
    problem = `the server names the unclaimed module settings ${real.unresolved.join(', ')} after loading; we do not`;
  }
  const detail = problem
    ? `${problem}\n    file: ${JSON.stringify(c.text.length > 300 ? `${c.text.slice(0, 300)}…` : c.text)}\n    real: ${realText(real)}\n    ours: ${ourText(ours)}`
    : undefined;
  if (c.expectReal) {
    const still = real.verdict === c.expectReal.verdict && !real.timedOut;
    return {
      case: c,
      real,
      ours,
      outcome: still ? 'expected-difference' : 'disagreed',
      detail: still ? c.expectReal.why : `the expected real verdict no longer holds (${c.expectReal.why})\n    real: ${realText(real)}`,
    };
  }
  if (!problem) return { case: c, real, ours, outcome: 'agreed' };
  const build = buildDifference(c, real, oracle);
  if (build) return { case: c, real, ours, outcome: 'expected-difference', detail: build };
  const pending = pendingCatalog(c, version);
  if (pending) return { case: c, real, ours, outcome: 'pending-catalog', detail: `${pending}; ${detail}` };
  return { case: c, real, ours, outcome: 'disagreed', detail };
}

/** A readable report: totals, then per category and per directive / topic. */
export function summarize(results: Result[], wallMs: number, judge = 'redis-server 7.0.15'): string {
  const count = (rs: Result[], o: Outcome) => rs.filter((r) => r.outcome === o).length;
  const out: string[] = [];
  const total = results.length;
  out.push(
    `differential vs ${judge}: ${total} cases in ${(wallMs / 1000).toFixed(1)} s — agreed ${count(results, 'agreed')}, disagreed ${count(results, 'disagreed')}, pending the catalog ${count(results, 'pending-catalog')}, expected differences ${count(results, 'expected-difference')}`,
  );
  const real = { accepted: results.filter((r) => r.real.verdict === 'accepted').length };
  out.push(`  real verdicts: ${real.accepted} accepted, ${total - real.accepted} refused`);
  const byCat = new Map<string, Result[]>();
  for (const r of results) byCat.set(r.case.category, [...(byCat.get(r.case.category) ?? []), r]);
  for (const [cat, rs] of byCat) {
    out.push(
      `  ${cat}: ${rs.length} cases, ${count(rs, 'agreed')} agreed${count(rs, 'disagreed') ? `, ${count(rs, 'disagreed')} DISAGREED` : ''}${count(rs, 'pending-catalog') ? `, ${count(rs, 'pending-catalog')} pending the catalog` : ''}${count(rs, 'expected-difference') ? `, ${count(rs, 'expected-difference')} expected differences` : ''}`,
    );
    const byGroup = new Map<string, Result[]>();
    for (const r of rs) byGroup.set(r.case.group, [...(byGroup.get(r.case.group) ?? []), r]);
    const cells = [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, gs]) => `${g} ${count(gs, 'agreed')}/${gs.length}`);
    for (let i = 0; i < cells.length; i += 6) out.push(`      ${cells.slice(i, i + 6).join('  ')}`);
  }
  return out.join('\n');
}
