import { PAIR_LIMIT_MAX_BACKOFF_MS, pairBurstRecoveryMs, pairLimitBackoffMs } from './pair-rate';

describe('pairLimitBackoffMs', () => {
  it.each([
    [0, 1_000],
    [1, 4_000],
    [2, 16_000],
    [3, 64_000],
    [4, 256_000],
    [5, 1_024_000],
    [6, PAIR_LIMIT_MAX_BACKOFF_MS],
    [50, PAIR_LIMIT_MAX_BACKOFF_MS],
    [Infinity, PAIR_LIMIT_MAX_BACKOFF_MS],
  ])('waits 4^n seconds before retry %p after 131056, at most an hour: %p ms', (attempt, ms) => {
    expect(pairLimitBackoffMs(attempt)).toBe(ms);
  });

  it.each([-1, Number.NaN, 0.7])('treats the odd attempt number %p as the first', (attempt) => {
    expect(pairLimitBackoffMs(attempt)).toBe(1_000);
  });
});

describe('pairBurstRecoveryMs', () => {
  it.each([
    [1, 6_000],
    [20, 120_000],
    [45, 270_000],
    [0, 0],
    [-3, 0],
    [Number.NaN, 0],
  ])('pays back a burst of %p messages to one user in %p ms', (burst, ms) => {
    expect(pairBurstRecoveryMs(burst)).toBe(ms);
  });
});
