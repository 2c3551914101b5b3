import { PairRateLimiter } from '../limits/pair-rate.limiter';
import { SlidingWindowLimiter } from '../limits/sliding-window.limiter';
import { NumberSettings } from './number-settings';
import { OutboxRing } from './outbox.ring';

export const OUTBOX_CAPACITY_PER_NUMBER = 20_000;

/** One registered number: its settings and everything the emulator counts for it. */
export class NumberState {
  readonly throughput: SlidingWindowLimiter;
  readonly pairs: PairRateLimiter;
  readonly outbox = new OutboxRing(OUTBOX_CAPACITY_PER_NUMBER);
  accepted = 0;
  rejected = 0;
  readonly rejectionsByCode: Record<string, number> = {};

  constructor(public settings: NumberSettings) {
    this.throughput = new SlidingWindowLimiter(settings.throughputMps);
    this.pairs = new PairRateLimiter(settings.pairRateLimit);
  }

  /** Re-registration keeps the counters and the outbox, and applies the new limits at once. */
  update(settings: NumberSettings): void {
    this.settings = settings;
    this.throughput.setLimit(settings.throughputMps);
    this.pairs.setLimit(settings.pairRateLimit);
  }
}
