export interface PairRateLimit {
  /** Messages one recipient may get in a burst (Meta tolerates 45). */
  capacity: number;
  /** One message of allowance comes back every this many ms (Meta: one per 6 s). */
  refillIntervalMs: number;
}

export const DEFAULT_PAIR_RATE_LIMIT: PairRateLimit = {
  capacity: 45,
  refillIntervalMs: 6000,
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

// Past this many recipients, buckets that have refilled completely are forgotten (a full bucket is the same as none).
const SWEEP_THRESHOLD = 50_000;

/**
 * The (business number, recipient) pair rate limit of whatsapp-cloud-api.md
 * §8.2: a token bucket per recipient. A burst borrows from the future, so
 * after 45 quick messages the next one waits the full refill interval.
 */
export class PairRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private limit: PairRateLimit = DEFAULT_PAIR_RATE_LIMIT) {}

  setLimit(limit: PairRateLimit): void {
    this.limit = limit;
  }

  /** Whether `recipient` may get one more message at `now`. Does not take it. */
  canTake(recipient: string, now: number): boolean {
    const bucket = this.buckets.get(recipient);
    return bucket === undefined || this.refilled(bucket, now) >= 1;
  }

  take(recipient: string, now: number): void {
    const bucket = this.buckets.get(recipient);
    if (bucket === undefined) {
      if (this.buckets.size >= SWEEP_THRESHOLD) this.sweep(now);
      this.buckets.set(recipient, {
        tokens: this.limit.capacity - 1,
        updatedAt: now,
      });
      return;
    }
    bucket.tokens = this.refilled(bucket, now) - 1;
    bucket.updatedAt = now;
  }

  /** Messages `recipient` may still get right now (for tests and stats). */
  available(recipient: string, now: number): number {
    const bucket = this.buckets.get(recipient);
    return bucket === undefined ? this.limit.capacity : Math.floor(this.refilled(bucket, now));
  }

  private refilled(bucket: Bucket, now: number): number {
    const elapsed = Math.max(0, now - bucket.updatedAt);
    return Math.min(this.limit.capacity, bucket.tokens + elapsed / this.limit.refillIntervalMs);
  }

  private sweep(now: number): void {
    for (const [recipient, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.limit.capacity) this.buckets.delete(recipient);
    }
  }
}
