import { PairRateLimiter } from './pair-rate.limiter';

describe('PairRateLimiter', () => {
  it('lets a burst of 45 through to one recipient, then refuses the 46th', () => {
    const limiter = new PairRateLimiter();
    let accepted = 0;
    for (let i = 0; i < 50; i++) {
      if (limiter.canTake('a', 0)) {
        limiter.take('a', 0);
        accepted++;
      }
    }
    expect(accepted).toBe(45);
  });

  it('gives back one message every refill interval', () => {
    const limiter = new PairRateLimiter({
      capacity: 2,
      refillIntervalMs: 6000,
    });
    limiter.take('a', 0);
    limiter.take('a', 0);
    expect(limiter.canTake('a', 5999)).toBe(false);
    expect(limiter.canTake('a', 6000)).toBe(true);
    limiter.take('a', 6000);
    expect(limiter.canTake('a', 6001)).toBe(false);
  });

  it('keeps recipients independent', () => {
    const limiter = new PairRateLimiter({
      capacity: 1,
      refillIntervalMs: 6000,
    });
    limiter.take('a', 0);
    expect(limiter.canTake('a', 1)).toBe(false);
    expect(limiter.canTake('b', 1)).toBe(true);
  });

  it('never refills above capacity', () => {
    const limiter = new PairRateLimiter({ capacity: 3, refillIntervalMs: 10 });
    limiter.take('a', 0);
    expect(limiter.available('a', 1_000_000)).toBe(3);
  });
});
