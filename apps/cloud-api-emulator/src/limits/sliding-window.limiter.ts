/**
 * Per-number throughput: at most `limit` accepted sends in any window of
 * `windowMs` milliseconds, both ends included. It keeps the times of the
 * accepts still inside the window (a ring buffer that grows only as far as
 * the real rate needs), so "accepted sends in any one-second window ≤ level"
 * is exactly true rather than approximately, as a token bucket would make it.
 */
export class SlidingWindowLimiter {
  private times = new Float64Array(64);
  private head = 0;
  private size = 0;
  private peakCount = 0;

  constructor(
    private limit: number,
    private readonly windowMs = 1000,
  ) {}

  setLimit(limit: number): void {
    this.limit = limit;
  }

  /** Whether one more send at `now` keeps every window within the limit. Does not record it. */
  canAccept(now: number): boolean {
    this.evict(now);
    return this.size < this.limit;
  }

  record(now: number): void {
    this.evict(now);
    if (this.size === this.times.length) this.grow();
    this.times[(this.head + this.size) % this.times.length] = now;
    this.size++;
    if (this.size > this.peakCount) this.peakCount = this.size;
  }

  /** The most accepts ever seen inside one window: the number's peak sends per second. */
  get peak(): number {
    return this.peakCount;
  }

  /** Accepts inside the window that ends at `now`. */
  countAt(now: number): number {
    this.evict(now);
    return this.size;
  }

  // An accept at t still counts at t + windowMs (closed window), so it leaves only after.
  private evict(now: number): void {
    const oldest = now - this.windowMs;
    while (this.size > 0 && this.times[this.head] < oldest) {
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
  }

  private grow(): void {
    const bigger = new Float64Array(this.times.length * 2);
    for (let i = 0; i < this.size; i++) bigger[i] = this.times[(this.head + i) % this.times.length];
    this.times = bigger;
    this.head = 0;
  }
}
