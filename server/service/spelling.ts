/** "Did you mean" suggestions: the closest candidate by edit distance (transpositions count as one edit). */

export function editDistance(a: string, b: string, limit = Infinity): number {
  const n = a.length,
    m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[m];
}

/**
 * Long or foreign spellings people write for the short words Redis uses
 * (the durability guidance itself writes `replication-backlog-size` for
 * `repl-backlog-size`). Tried whole-word before the edit distance.
 */
const SPELLINGS: ReadonlyArray<[RegExp, string]> = [
  [/\breplication\b/g, 'repl'],
  [/\bmaximum\b/g, 'max'],
  [/\bminimum\b/g, 'min'],
  [/\bpassword\b/g, 'pass'],
  [/\bmillis(econds)?\b|\bms\b/g, 'milliseconds'],
  [/\bseconds?\b|\bsecs?\b/g, 'period'],
  [/\bslaves?\b/g, 'replica'],
];

function respelled(w: string, known: ReadonlySet<string>): string | undefined {
  for (const [re, to] of SPELLINGS) {
    const v = w.replace(re, to);
    if (v !== w && known.has(v)) return v;
  }
  return undefined;
}

/** The closest candidate within a distance that grows with the word's length, or undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return new Speller(candidates).closest(word);
}

/** Answers remembered per Speller: enough for every distinct misspelling of a real file. */
const MEMO_LIMIT = 4096;

/**
 * Candidates a Speller compares words with, in all: about 4,000 distinct
 * unknown directive names, well under a second. Past it there are no more
 * suggestions — a file with that many unknown names has no typo to fix.
 */
export const SPELLING_BUDGET = 2_000_000;

/**
 * `closest` over a fixed list of candidates, for many words: the list and its
 * set are built once, and answers are remembered (a file of 100,000 copies of
 * one bad line asks the same question 100,000 times), and the comparisons
 * made in all are bounded by a budget.
 */
export class Speller {
  private readonly list: readonly string[];
  private readonly known: ReadonlySet<string>;
  private readonly memo = new Map<string, string | undefined>();

  constructor(
    candidates: Iterable<string>,
    private budget = SPELLING_BUDGET,
  ) {
    this.list = [...candidates];
    this.known = new Set(this.list);
  }

  /** Candidates compared with. */
  get size(): number {
    return this.list.length;
  }

  /** The candidate a long or foreign spelling stands for (free: no edit distance is computed). */
  respelling(word: string): string | undefined {
    return respelled(word.toLowerCase(), this.known);
  }

  closest(word: string): string | undefined {
    const w = word.toLowerCase();
    if (this.memo.has(w)) return this.memo.get(w);
    const guess = this.search(w);
    if (this.memo.size < MEMO_LIMIT) this.memo.set(w, guess);
    return guess;
  }

  private search(w: string): string | undefined {
    const exact = respelled(w, this.known);
    if (exact) return exact;
    if (this.budget < this.list.length) return undefined;
    this.budget -= this.list.length;
    const limit = Math.max(1, Math.min(4, Math.floor(w.length / 4)));
    let best: string | undefined;
    let bestD = limit + 1;
    for (const c of this.list) {
      const d = editDistance(w, c, Math.min(bestD - 1, limit));
      if (d < bestD) {
        best = c;
        bestD = d;
      }
    }
    return best;
  }
}
