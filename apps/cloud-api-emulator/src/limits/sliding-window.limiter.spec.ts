import fc from 'fast-check';
import { SlidingWindowLimiter } from './sliding-window.limiter';

describe('SlidingWindowLimiter', () => {
  it('accepts up to the limit within one second, then refuses', () => {
    const limiter = new SlidingWindowLimiter(3);
    const verdicts = [0, 10, 20, 30, 999].map((t) => {
      const ok = limiter.canAccept(t);
      if (ok) limiter.record(t);
      return ok;
    });
    expect(verdicts).toEqual([true, true, true, false, false]);
  });

  it('counts an accept until a full second has passed (both ends of the window included)', () => {
    const limiter = new SlidingWindowLimiter(1);
    limiter.record(0);
    expect(limiter.canAccept(1000)).toBe(false);
    expect(limiter.canAccept(1001)).toBe(true);
  });

  it('reports the peak count seen in one window', () => {
    const limiter = new SlidingWindowLimiter(100);
    for (const t of [0, 1, 2, 1500, 1600]) limiter.record(t);
    expect(limiter.peak).toBe(3);
  });

  it('grows past its initial buffer for large limits', () => {
    const limiter = new SlidingWindowLimiter(10_000);
    for (let i = 0; i < 5000; i++) {
      expect(limiter.canAccept(i / 10)).toBe(true);
      limiter.record(i / 10);
    }
    expect(limiter.countAt(500)).toBe(5000);
  });

  it('never lets any closed one-second window hold more accepts than the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 40 }), {
          minLength: 1,
          maxLength: 400,
        }),
        (limit, gaps) => {
          const limiter = new SlidingWindowLimiter(limit);
          const accepted: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            if (limiter.canAccept(now)) {
              limiter.record(now);
              accepted.push(now);
            }
          }
          for (const start of accepted) {
            expect(accepted.filter((t) => t >= start && t <= start + 1000).length).toBeLessThanOrEqual(limit);
          }
        },
      ),
    );
  });
});
