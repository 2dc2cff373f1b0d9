/**
 * The `sentinel ...` lines of a sentinel.conf, judged as redis-sentinel loads
 * them (6.2+): queued while the file is read, then run in three groups —
 * settings that must come first, every `monitor`, then the per-master lines —
 * so their order in the file does not matter. Facts from src/sentinel.c
 * (sentinelHandleConfiguration, createSentinelAddr, queueSentinelConfig).
 * Also builds the model of the declared masters that other features use.
 */
import type { Directive } from '../parser/types';
import type { VersionCatalog } from '../catalog/catalog';
import type { SentinelSubcommand } from '../catalog/types';
import { atoi, byteLength, strcaseEq, yesnotoi } from './cnum';
import { ORDER, type DiagnosticSink } from './diag';
import { isNumericIP } from './ip';
import { Speller } from './spelling';

/** Sub-commands queued before the `monitor` lines (preMonitorCfgName in sentinel.c). */
const PRE_MONITOR = new Set([
  'announce-ip',
  'announce-port',
  'deny-scripts-reconfig',
  'sentinel-user',
  'sentinel-pass',
  'current-epoch',
  'myid',
  'resolve-hostnames',
  'announce-hostnames',
]);

export interface SentinelMaster {
  name: string;
  line: Directive;
  host: string;
  port: number;
  quorum: number;
  /** Per-master settings by canonical sub-command name (last line wins). */
  settings: Map<string, Directive>;
  knownReplicas: Array<{ host: string; port: number; line: Directive }>;
  knownSentinels: Array<{ host: string; port: number; runid: string; line: Directive }>;
}

export interface SentinelModel {
  masters: Map<string, SentinelMaster>;
  resolveHostnames: boolean;
  /** Global sentinel settings by sub-command (myid, announce-ip, …). */
  globals: Map<string, Directive>;
}

interface Queued {
  d: Directive;
  sub: SentinelSubcommand;
  phase: 0 | 1 | 2;
  v: string[];
}

/** Master names quoted in a message about an unknown one; the rest are counted. */
const MAX_QUOTED_NAMES = 10;

/** Lookups kept while the lines are judged, so each line costs the same however many came before. */
interface Indexes {
  replicas: Map<SentinelMaster, Map<string, SentinelMaster['knownReplicas'][number]>>;
  sentinels: Map<SentinelMaster, Map<string, SentinelMaster['knownSentinels'][number]>>;
  /** The declared names, for "did you mean" (rebuilt only when a master was added since). */
  speller?: { size: number; speller: Speller };
  subcommands?: Speller;
}

export function checkSentinelLines(lines: Directive[], vc: VersionCatalog, sink: DiagnosticSink): SentinelModel {
  const model: SentinelModel = { masters: new Map(), resolveHostnames: false, globals: new Map() };
  const idx: Indexes = { replicas: new Map(), sentinels: new Map() };
  const queue: Queued[] = [];
  for (const d of lines) {
    if (d.args.length === 0) continue; // a bare `sentinel` line is skipped by the loader
    const subName = d.args[0].value.toLowerCase();
    const v = d.args.slice(1).map((a) => a.value);
    const sub = vc.sentinelSubcommand(subName);
    const phase: 0 | 1 | 2 = subName === 'monitor' ? 1 : PRE_MONITOR.has(subName) ? 0 : 2;
    if (!sub?.argc.includes(v.length)) {
      unrecognized(d, sub, subName, v, vc, sink, phase, idx);
      continue;
    }
    queue.push({ d, sub, phase, v });
  }
  // resolve-hostnames is applied in the first group, before any monitor line
  for (const phase of [0, 1, 2] as const) {
    for (const q of queue) if (q.phase === phase) handle(q, model, sink, idx);
  }
  return model;
}

function unrecognized(
  d: Directive,
  sub: SentinelSubcommand | undefined,
  subName: string,
  v: string[],
  vc: VersionCatalog,
  sink: DiagnosticSink,
  phase: 0 | 1 | 2,
  idx: Indexes,
) {
  const order = ORDER.sentinelPhase(phase, d.lineNumber);
  if (sub) {
    const comment = v.findIndex((x) => x.startsWith('#'));
    const expected = sub.argc.map((n) => n).join(' or ');
    const hint = comment >= 0 ? " — redis.conf files have no inline comments: '#' and the words after it are read as arguments" : '';
    sink.add(
      'sentinel-unknown-subcommand',
      d,
      `sentinel ${sub.name} takes ${expected} argument${expected === '1' ? '' : 's'} (${sub.args.join(' ')}), found ${v.length}${hint}`,
      { order },
    );
    return;
  }
  const guess = (idx.subcommands ??= new Speller(vc.sentinelSubcommands().flatMap((s) => [s.name, ...(s.aliases ?? [])]))).closest(subName);
  sink.add(
    'sentinel-unknown-subcommand',
    d.args[0],
    `unknown sentinel setting '${d.args[0].value}'${guess ? `; did you mean '${guess}'?` : ''}`,
    { order, fix: guess ? { replace: guess } : undefined },
  );
}

type Code = Parameters<DiagnosticSink['add']>[0];

/** One queued line being judged, with what every sub-command needs: its values, its master, an address. */
class SentinelLine {
  readonly d: Directive;
  readonly v: string[];
  readonly name: string;
  readonly order: number;

  constructor(
    q: Queued,
    readonly model: SentinelModel,
    readonly sink: DiagnosticSink,
    readonly idx: Indexes,
  ) {
    this.d = q.d;
    this.v = q.v;
    this.name = q.sub.name;
    this.order = ORDER.sentinelPhase(q.phase, q.d.lineNumber);
  }

  /** The token of value i (the sub-command's arguments count from 0), or the whole line. */
  at(i: number) {
    return this.d.args[i + 1] ?? this.d;
  }

  fail(code: Code, i: number | undefined, message: string): void {
    this.sink.add(code, i === undefined ? this.d : this.at(i), message, { order: this.order });
  }

  /** The master the line names in its first value, or a diagnostic (with the closest declared name). */
  master(): SentinelMaster | undefined {
    const { model, idx, v } = this;
    const m = model.masters.get(v[0]);
    if (!m) {
      if (idx.speller?.size !== model.masters.size) idx.speller = { size: model.masters.size, speller: new Speller(model.masters.keys()) };
      const guess = idx.speller.speller.closest(v[0]);
      const known = model.masters.size
        ? `declared: ${quotedNames(model.masters.keys(), model.masters.size)}`
        : 'no master is declared with `sentinel monitor`';
      this.sink.add(
        'sentinel-unknown-master',
        this.at(0),
        `no \`sentinel monitor\` declares a master named '${v[0]}' (${known})${guess ? `; did you mean '${guess}'?` : ''}`,
        { order: this.order, fix: guess ? { replace: guess } : undefined },
      );
    }
    return m;
  }

  /** createSentinelAddr: port first, then the host (numeric unless resolve-hostnames yes). */
  address(hostIdx: number, portIdx: number): { host: string; port: number } | undefined {
    const v = this.v;
    const port = atoi(v[portIdx]);
    if (port < 0 || port > 65535) {
      this.fail('sentinel-invalid-value', portIdx, `port must be between 0 and 65535, found '${v[portIdx]}'`);
      return undefined;
    }
    const host = v[hostIdx];
    if (!this.model.resolveHostnames && !isNumericIP(host)) {
      this.fail(
        'sentinel-hostname-unresolved',
        hostIdx,
        `'${host}' is not a numeric IP address; redis-sentinel only accepts hostnames with \`sentinel resolve-hostnames yes\``,
      );
      return undefined;
    }
    return { host, port };
  }
}

function monitor(l: SentinelLine): void {
  const { v, model } = l;
  const quorum = atoi(v[3]);
  if (quorum <= 0) {
    l.fail('sentinel-invalid-value', 3, `the quorum must be 1 or more, found '${v[3]}'`);
    return;
  }
  const addr = l.address(1, 2);
  if (!addr) return;
  const prev = model.masters.get(v[0]);
  if (prev) {
    l.sink.add('sentinel-duplicate-master', l.at(0), `master '${v[0]}' is already declared on line ${prev.line.lineNumber}`, {
      order: l.order,
      related: [{ at: prev.line, message: 'first declared here' }],
    });
    return;
  }
  model.masters.set(v[0], {
    name: v[0],
    line: l.d,
    host: addr.host,
    port: addr.port,
    quorum,
    settings: new Map(),
    knownReplicas: [],
    knownSentinels: [],
  });
}

/** down-after-milliseconds, failover-timeout. */
function positiveMilliseconds(l: SentinelLine): void {
  const m = l.master();
  if (!m) return;
  if (atoi(l.v[1]) <= 0) {
    l.fail('sentinel-invalid-value', 1, `expects a positive number of milliseconds, found '${l.v[1]}'`);
    return;
  }
  m.settings.set(l.name, l.d);
}

/** master-reboot-down-after-period (primary- in Valkey). */
function rebootPeriod(l: SentinelLine): void {
  const m = l.master();
  if (!m) return;
  if (atoi(l.v[1]) < 0) {
    l.fail('sentinel-invalid-value', 1, `expects a number of milliseconds ≥ 0, found '${l.v[1]}'`);
    return;
  }
  m.settings.set(l.name, l.d);
}

function knownReplica(l: SentinelLine): void {
  const m = l.master();
  if (!m) return;
  const addr = l.address(1, 2);
  if (!addr) return;
  let seen = l.idx.replicas.get(m);
  if (!seen) l.idx.replicas.set(m, (seen = new Map()));
  const key = `${addr.host} ${addr.port}`;
  const dup = seen.get(key);
  if (dup) {
    l.sink.add(
      'sentinel-duplicate-instance',
      l.d,
      `replica ${addr.host}:${addr.port} of '${m.name}' is already listed on line ${dup.line.lineNumber}`,
      { order: l.order, related: [{ at: dup.line, message: 'listed here' }] },
    );
    return;
  }
  const replica = { ...addr, line: l.d };
  seen.set(key, replica);
  m.knownReplicas.push(replica);
}

function knownSentinel(l: SentinelLine): void {
  const v = l.v;
  if (v.length === 3) return; // the old form without a run id is ignored
  const m = l.master();
  if (!m) return;
  const addr = l.address(1, 2);
  if (!addr) return;
  let seen = l.idx.sentinels.get(m);
  if (!seen) l.idx.sentinels.set(m, (seen = new Map()));
  const dup = seen.get(v[3]);
  if (dup) {
    l.sink.add(
      'sentinel-duplicate-instance',
      l.at(3),
      `Sentinel id ${v[3]} is already listed for '${m.name}' on line ${dup.line.lineNumber}`,
      { order: l.order, related: [{ at: dup.line, message: 'listed here' }] },
    );
    return;
  }
  const sentinel = { ...addr, runid: v[3], line: l.d };
  seen.set(v[3], sentinel);
  m.knownSentinels.push(sentinel);
}

function renameCommand(l: SentinelLine): void {
  const m = l.master();
  if (!m) return;
  const key = `rename-command ${l.v[1].toLowerCase()}`;
  const prev = m.settings.get(key);
  if (prev) {
    l.sink.add('sentinel-invalid-value', l.at(1), `${l.v[1]} is already renamed for '${m.name}' on line ${prev.lineNumber}`, {
      order: l.order,
      related: [{ at: prev, message: 'renamed here' }],
    });
    return;
  }
  m.settings.set(key, l.d);
}

function myid(l: SentinelLine): void {
  if (byteLength(l.v[0]) !== 40) {
    l.fail('sentinel-invalid-value', 0, `a Sentinel id is exactly 40 characters, found ${byteLength(l.v[0])}`);
    return;
  }
  l.model.globals.set(l.name, l.d);
}

/** deny-scripts-reconfig, resolve-hostnames (which later lines depend on), announce-hostnames. */
function yesNoGlobal(l: SentinelLine): void {
  const yn = yesnotoi(l.v[0]);
  if (yn < 0) {
    l.fail('sentinel-invalid-value', 0, `expected yes or no, found '${l.v[0]}'`);
    return;
  }
  if (l.name === 'resolve-hostnames') l.model.resolveHostnames = yn === 1;
  l.model.globals.set(l.name, l.d);
}

/** notification-script, client-reconfig-script: the file is checked on the Sentinel's host only. */
function script(l: SentinelLine): void {
  const m = l.master();
  if (!m) return;
  l.sink.add(
    'host-dependent',
    l.at(1),
    `redis-sentinel refuses to start unless ${l.v[1]} exists and is executable on the Sentinel's host`,
    { order: l.order },
  );
  m.settings.set(l.name, l.d);
}

/** Any other sub-command: kept as a setting of its master, or as a global one. */
function plainSetting(l: SentinelLine, sub: SentinelSubcommand): void {
  if (sub.perMaster) l.master()?.settings.set(l.name, l.d);
  else l.model.globals.set(l.name, l.d);
}

/** The sub-commands whose values are judged, by canonical name. */
const HANDLERS: ReadonlyMap<string, (l: SentinelLine) => void> = new Map([
  ['monitor', monitor],
  ['down-after-milliseconds', positiveMilliseconds],
  ['failover-timeout', positiveMilliseconds],
  ['master-reboot-down-after-period', rebootPeriod],
  ['primary-reboot-down-after-period', rebootPeriod],
  ['known-replica', knownReplica],
  ['known-slave', knownReplica],
  ['known-sentinel', knownSentinel],
  ['rename-command', renameCommand],
  ['myid', myid],
  ['deny-scripts-reconfig', yesNoGlobal],
  ['resolve-hostnames', yesNoGlobal],
  ['announce-hostnames', yesNoGlobal],
  ['notification-script', script],
  ['client-reconfig-script', script],
]);

function handle(q: Queued, model: SentinelModel, sink: DiagnosticSink, idx: Indexes) {
  const line = new SentinelLine(q, model, sink, idx);
  const handler = HANDLERS.get(q.sub.name);
  if (handler) handler(line);
  else plainSetting(line, q.sub);
}

/** The first names of a list, then how many more: a message never quotes thousands of names. */
function quotedNames(names: Iterable<string>, count: number): string {
  const shown: string[] = [];
  for (const n of names) {
    if (shown.length === MAX_QUOTED_NAMES) break;
    shown.push(n);
  }
  return count > shown.length ? `${shown.join(', ')} and ${count - shown.length} more` : shown.join(', ');
}

export function isSentinelKeyword(s: string, name: string): boolean {
  return strcaseEq(s, name);
}
