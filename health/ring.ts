/**
 * A bounded ring of the newest `capacity` items, oldest first on the way out,
 * that also remembers which items were added (not loaded from a file) since
 * the last `takeFresh()` — at most `freshLimit`, the oldest of them dropped
 * first. The timeline and the chart samples are both one.
 */
export class FreshRing<T> {
  private readonly ring: T[] = [];
  private head = 0;
  private fresh: T[] = [];

  constructor(
    readonly capacity: number,
    private readonly freshLimit = capacity,
  ) {}

  add(x: T): void {
    this.keep(x);
    this.fresh.push(x);
    if (this.fresh.length > 2 * this.freshLimit) this.fresh = this.fresh.slice(-this.freshLimit);
  }

  /** Items read back from a file: kept, not reported as fresh. */
  load(items: Iterable<T>): void {
    for (const x of items) this.keep(x);
  }

  private keep(x: T): void {
    if (this.ring.length < this.capacity) this.ring.push(x);
    else {
      this.ring[this.head] = x;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.ring.length;
  }

  /** Oldest first. */
  all(): T[] {
    return this.ring.slice(this.head).concat(this.ring.slice(0, this.head));
  }

  /** Items added since the previous call, oldest first (at most `freshLimit`). */
  takeFresh(): T[] {
    const out = this.fresh.length > this.freshLimit ? this.fresh.slice(-this.freshLimit) : this.fresh;
    this.fresh = [];
    return out;
  }
}
