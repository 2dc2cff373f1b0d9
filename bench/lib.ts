/**
 * Tiny benchmark kit for `npm run bench`: each bench/*.bench.ts file measures
 * something and prints one JSON line per figure; scripts/bench.mjs runs every
 * file in its own process and prints the table. Figures are medians over
 * several runs (the machine is shared and noisy), never asserted.
 */
import { performance } from 'node:perf_hooks';

export interface Figure {
  name: string;
  /** Median of the runs, in milliseconds. */
  medianMs: number;
  p90Ms: number;
  runs: number;
  /** The target the issue sets, if any (reported, not asserted). */
  targetMs?: number;
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Prints one figure as a JSON line (read by scripts/bench.mjs). */
export function report(f: Figure): void {
  process.stdout.write(`${JSON.stringify({ bench: f })}\n`);
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and reports the median. */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  opts: { runs?: number; warmup?: number; targetMs?: number; note?: string } = {},
): Promise<Figure> {
  const runs = opts.runs ?? 30;
  for (let i = 0; i < (opts.warmup ?? 5); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  const f: Figure = { name, medianMs: median(samples), p90Ms: percentile(samples, 90), runs, targetMs: opts.targetMs, note: opts.note };
  report(f);
  return f;
}

/** Reports figures measured elsewhere (e.g. timestamps taken inside a protocol exchange). */
export function reportSamples(name: string, samples: number[], opts: { targetMs?: number; note?: string } = {}): Figure {
  const f: Figure = {
    name,
    medianMs: median(samples),
    p90Ms: percentile(samples, 90),
    runs: samples.length,
    targetMs: opts.targetMs,
    note: opts.note,
  };
  report(f);
  return f;
}
