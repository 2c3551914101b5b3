/**
 * mulberry32: a tiny, fast PRNG whose whole state is one 32-bit number, so a
 * seed given to `POST /_emulator/faults` reproduces every random decision of a
 * run (which sends fail, which webhooks are duplicated, how they are shuffled).
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `rate` (0 never consumes a number, so an unset fault costs nothing). */
  chance(rate: number | undefined): boolean {
    if (!rate || rate <= 0) return false;
    if (rate >= 1) return true;
    return this.next() < rate;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }

  /**
   * A shuffle that always changes the order of two or more items: when a test
   * asks for reordering, an identity permutation would prove nothing, so a
   * shuffle that changed nothing is rotated by one.
   */
  reorder<T>(items: T[]): T[] {
    if (items.length < 2) return items;
    const original = [...items];
    this.shuffle(items);
    if (items.every((item, index) => item === original[index])) items.push(items.shift() as T);
    return items;
  }
}
