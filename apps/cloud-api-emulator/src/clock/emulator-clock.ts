/**
 * The emulator's notion of "now", in epoch milliseconds. Tests move it forward
 * (`POST /_emulator/clock`) to close a 24-hour window or refill a pair bucket
 * without waiting. It never goes backwards, even if the wall clock does, so a
 * sliding window can never count an accepted send twice.
 */
export class EmulatorClock {
  private offsetMs = 0;
  private last = 0;

  now(): number {
    const candidate = Date.now() + this.offsetMs;
    if (candidate > this.last) this.last = candidate;
    return this.last;
  }

  advance(ms: number): number {
    this.offsetMs += ms;
    return this.now();
  }

  /** Back to the wall clock (used by reset); `last` is kept so time stays monotonic. */
  resetOffset(): void {
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
