import { createdRangeOfDays } from './date-range';

describe('console: the message log date range', () => {
  it('runs from the first local midnight of the from-day to the midnight after the until-day', () => {
    expect(createdRangeOfDays('2025-01-31', '2025-02-02')).toEqual({ from: new Date(2025, 0, 31).toISOString(), until: new Date(2025, 1, 3).toISOString() });
  });

  it('includes the whole of a single day', () => {
    const { from, until } = createdRangeOfDays('2025-03-01', '2025-03-01');
    expect([from, until]).toEqual([new Date(2025, 2, 1).toISOString(), new Date(2025, 2, 2).toISOString()]);
  });

  it('rolls the until-day over the end of a month and a year', () => {
    expect(createdRangeOfDays('', '2024-12-31').until).toBe(new Date(2025, 0, 1).toISOString());
  });

  it.each([
    ['', ''],
    ['31/01/2025', 'tomorrow'],
  ])('leaves the range open for %j and %j', (fromDay, untilDay) => {
    expect(createdRangeOfDays(fromDay, untilDay)).toEqual({ from: undefined, until: undefined });
  });
});
