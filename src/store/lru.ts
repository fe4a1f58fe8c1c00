/**
 * A map that forgets its least recently used entries once their total size passes `budget`: what
 * an isolate keeps of the routes it served is bounded however many it is asked for (a crawler
 * walking 100,000 pages must not fill 128 MB). A Map keeps insertion order; a hit moves the entry
 * to the end, so the first entries are the least recently used.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, { value: V; size: number }>();
  private total = 0;

  constructor(
    private readonly budget: number,
    private readonly sizeOf: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.size;
      this.entries.delete(key);
    }
    const size = this.sizeOf(value);
    // Larger than the whole budget: served, not kept.
    if (size > this.budget) return;
    this.entries.set(key, { value, size });
    this.total += size;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.budget) break;
      this.entries.delete(oldest);
      this.total -= entry.size;
    }
  }

  /** The sum of the kept entries' sizes. */
  get size(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }
}
