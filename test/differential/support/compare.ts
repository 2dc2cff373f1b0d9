/**
 * Our verdict on a case (the language service's `check`, exactly as the
 * editor and the CLI run it) set against the real one, and the summary.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { catalog } from '../../../server/catalog/catalog';
import { splitArgsLikeRedis } from '../../../server/parser/parse';
import { check, firstFatal, parseConfig } from '../../../server/service';
import { isNumericIP } from '../../../server/service/ip';
import type { Case } from './cases';
import { networkIsolation, withDir, type RealVerdict } from './judge';

/** What `@DIR@` becomes for our (static) check: any absolute path will do, nothing is read from it. */
export const OUR_DIR = '/var/lib/redis-ha-differential';

export interface OurVerdict {
  verdict: 'accepted' | 'rejected';
  /** The line (as redis-server counts lines: "\n" only) of our first error in redis-server's order. */
  line?: number;
  first?: Diagnostic;
  errors: Diagnostic[];
}

export function ourVerdict(c: Case): OurVerdict {
  const text = withDir(c.text, OUR_DIR);
  const analysis = check(text, {
    language: c.sentinel ? 'sentinel-conf' : 'redis-conf',
    uri: `file://${OUR_DIR}/${c.sentinel ? 'sentinel.conf' : 'redis.conf'}`,
    settings: { targetVersion: '7.0' },
  });
  const errors = analysis.diagnostics.filter((d) => d.severity === 1);
  const first = firstFatal(analysis.diagnostics);
  let lineNo: number | undefined;
  if (first) {
    const offset = analysis.doc.offsetAt(first.range.start);
    lineNo = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lineNo++;
  }
  return { verdict: errors.length ? 'rejected' : 'accepted', line: lineNo, first, errors };
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
    const words = d.args.length === 1 && d.args[0].value !== '' ? splitArgsLikeRedis(d.args[0].value) ?? [] : d.args.map((a) => a.value);
    if (words.length === 1 && words[0] === '') continue;
    if (words.some((w) => !isNumericIP(w.replace(/^-/, '')))) return 'a bind word would be resolved by name and this machine gives no network namespace (unshare -n) to do it safely';
  }
  return undefined;
}

/** Cases whose command / category names the catalog does not know yet. */
export function pendingCatalog(c: Case): string | undefined {
  if (!c.needs) return undefined;
  const vc = catalog().forVersion('7.0');
  const missing = [
    ...(c.needs.commands ?? []).filter((n) => !vc.hasCommand(n.toLowerCase().split('|')[0])).map((n) => `command ${n}`),
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
  return `rejected at line ${o.line}: [${o.first?.code}] ${o.first?.message}`;
}

export function compare(c: Case, real: RealVerdict): Result {
  const ours = ourVerdict(c);
  let problem: string | undefined;
  if (real.timedOut) problem = 'redis-server gave no verdict in time';
  else if (ours.verdict !== real.verdict) problem = 'verdicts differ';
  else if (real.verdict === 'rejected' && real.line !== undefined && ours.line !== real.line) problem = 'first error on another line';
  const detail = problem ? `${problem}\n    file: ${JSON.stringify(c.text.length > 300 ? `${c.text.slice(0, 300)}…` : c.text)}\n    real: ${realText(real)}\n    ours: ${ourText(ours)}` : undefined;
  if (c.expectReal) {
    const still = real.verdict === c.expectReal.verdict && !real.timedOut;
    return { case: c, real, ours, outcome: still ? 'expected-difference' : 'disagreed', detail: still ? c.expectReal.why : `the expected real verdict no longer holds (${c.expectReal.why})\n    real: ${realText(real)}` };
  }
  if (!problem) return { case: c, real, ours, outcome: 'agreed' };
  const pending = pendingCatalog(c);
  if (pending) return { case: c, real, ours, outcome: 'pending-catalog', detail: `${pending}; ${detail}` };
  return { case: c, real, ours, outcome: 'disagreed', detail };
}

/** A readable report: totals, then per category and per directive / topic. */
export function summarize(results: Result[], wallMs: number): string {
  const count = (rs: Result[], o: Outcome) => rs.filter((r) => r.outcome === o).length;
  const out: string[] = [];
  const total = results.length;
  out.push(`differential vs redis-server 7.0.15: ${total} cases in ${(wallMs / 1000).toFixed(1)} s — agreed ${count(results, 'agreed')}, disagreed ${count(results, 'disagreed')}, pending the catalog ${count(results, 'pending-catalog')}, expected differences ${count(results, 'expected-difference')}`);
  const real = { accepted: results.filter((r) => r.real.verdict === 'accepted').length };
  out.push(`  real verdicts: ${real.accepted} accepted, ${total - real.accepted} refused`);
  const byCat = new Map<string, Result[]>();
  for (const r of results) byCat.set(r.case.category, [...(byCat.get(r.case.category) ?? []), r]);
  for (const [cat, rs] of byCat) {
    out.push(`  ${cat}: ${rs.length} cases, ${count(rs, 'agreed')} agreed${count(rs, 'disagreed') ? `, ${count(rs, 'disagreed')} DISAGREED` : ''}${count(rs, 'pending-catalog') ? `, ${count(rs, 'pending-catalog')} pending the catalog` : ''}${count(rs, 'expected-difference') ? `, ${count(rs, 'expected-difference')} expected differences` : ''}`);
    const byGroup = new Map<string, Result[]>();
    for (const r of rs) byGroup.set(r.case.group, [...(byGroup.get(r.case.group) ?? []), r]);
    const cells = [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, gs]) => `${g} ${count(gs, 'agreed')}/${gs.length}`);
    for (let i = 0; i < cells.length; i += 6) out.push(`      ${cells.slice(i, i + 6).join('  ')}`);
  }
  return out.join('\n');
}
