import { CALLBACK_DELIVERY_ATTEMPTS, callbackRetryDelayMs, callbackRetryWindowMs, callbackVerdict } from './callback-delivery-policy';

describe('callback delivery policy', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [301, 'retry'],
    [400, 'retry'],
    [404, 'retry'],
    [410, 'give_up'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ])('treats HTTP %p as %p', (status, verdict) => {
    expect(callbackVerdict(status)).toBe(verdict);
  });

  it('doubles the wait from one second', () => {
    expect([1, 2, 3, 4, 15].map(callbackRetryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_384_000]);
  });

  it('keeps trying for hours before giving up', () => {
    const hours = callbackRetryWindowMs(CALLBACK_DELIVERY_ATTEMPTS) / 3_600_000;
    expect(hours).toBeGreaterThan(8);
    expect(hours).toBeLessThan(12);
  });
});
