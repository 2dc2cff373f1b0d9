/**
 * The property-test harness of the fuzz suites (fast-check under node:test).
 *
 * Every property runs with a case budget and a time budget, so the whole fuzz
 * suite adds about a minute to `npm test` on a small CI machine; each test
 * reports how many cases it ran (a `# …` diagnostic line in the test output).
 *
 * Environment (replay and scale):
 *   FC_SEED=<int>        run with this seed (default: a fresh random seed per property, printed)
 *   FC_PATH=<path>       with FC_SEED: replay exactly the failing case fast-check named
 *   FC_NUMRUNS=<n>       run n cases per property, with no time limit
 *   FC_SCALE=<x>         multiply every case and time budget by x (e.g. FC_SCALE=20 for a nightly run)
 * A failure prints the seed, the path and the command line that replays it.
 */
import type { TestContext } from 'node:test';
import fc from 'fast-check';

export { fc };

export interface Budget {
  /** Cases per property in CI mode. */
  numRuns: number;
  /** Stop after this many milliseconds even when fewer cases ran (CI mode). */
  timeMs: number;
}

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name}=${v} is not a number`);
  return n;
}

export interface RunResult {
  numRuns: number;
  seed: number;
  interrupted: boolean;
  ms: number;
}

/** The fast-check parameters for a budget, after the environment's overrides. */
export function parameters(budget: Budget): fc.Parameters<unknown> & { seed: number } {
  const scale = envNumber('FC_SCALE') ?? 1;
  const exact = envNumber('FC_NUMRUNS');
  const seed = envNumber('FC_SEED') ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const path = process.env.FC_PATH || undefined;
  return {
    seed,
    path,
    numRuns: exact ?? Math.max(1, Math.round(budget.numRuns * scale)),
    interruptAfterTimeLimit: exact !== undefined ? undefined : Math.round(budget.timeMs * scale),
    // an interrupted run is a budget reached, not a failure; at least one case must have run
    markInterruptAsFailure: false,
    endOnFailure: false,
  };
}

function report(name: string, file: string | undefined, details: fc.RunDetails<unknown>): string {
  let msg = fc.defaultReportMessage(details) ?? `property '${name}' failed`;
  if (msg.length > 12_000) msg = `${msg.slice(0, 12_000)}… (${msg.length} characters)`;
  const path = details.counterexamplePath ?? '';
  const replay = `replay: FC_SEED=${details.seed} FC_PATH="${path}" node --import tsx --test ${file ?? '<this test file>'}`;
  return `property '${name}' failed — seed ${details.seed}, path "${path}"\n${replay}\n\n${msg}`;
}

/**
 * Runs a property (sync or async) within its budget, reports the number of
 * cases to the test's output, and fails with seed, path and replay line.
 */
export async function runProperty<Ts extends [unknown, ...unknown[]]>(
  t: TestContext,
  name: string,
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  budget: Budget,
  file?: string,
): Promise<RunResult> {
  const params = parameters(budget) as fc.Parameters<Ts>;
  const started = Date.now();
  const details = (await fc.check(property as fc.IAsyncProperty<Ts>, params)) as fc.RunDetails<Ts>;
  const ms = Date.now() - started;
  const result = { numRuns: details.numRuns, seed: details.seed, interrupted: details.interrupted, ms };
  t.diagnostic(
    `fuzz ${name}: ${details.numRuns} cases in ${ms} ms (seed ${details.seed}${details.interrupted ? ', time budget reached' : ''})`,
  );
  if (details.failed) throw new Error(report(name, file, details as fc.RunDetails<unknown>));
  if (details.numRuns === 0) throw new Error(`property '${name}' ran no case within its budget (seed ${details.seed})`);
  return result;
}
