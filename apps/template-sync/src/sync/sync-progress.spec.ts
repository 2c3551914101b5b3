import { newPass, pageBackoffMs, resumableProgress } from './sync-progress';

describe('resumableProgress', () => {
  const listing = { phase: 'listing', passStartedAt: '2026-01-01T00:00:00.000Z', after: 'QVFI', pages: 3, templates: 150, passes: 1 };

  it('resumes an interrupted pass at its cursor, with its start', () => {
    expect(resumableProgress(listing)).toEqual(listing);
  });

  it.each([
    ['a fresh job (BullMQ starts progress at 0)', 0],
    ['no progress', undefined],
    ['a pass that had not read a page yet', { ...listing, after: null }],
    ['a finished pass', { ...listing, phase: 'done' }],
    ['a pass without its start', { ...listing, passStartedAt: 'not a date' }],
  ])('starts over for %s', (_, progress) => {
    expect(resumableProgress(progress)).toBeNull();
  });

  it('a new pass starts at the first page', () => {
    expect(newPass(2, new Date('2026-01-01T00:00:00Z'))).toEqual({ phase: 'listing', passStartedAt: '2026-01-01T00:00:00.000Z', after: null, pages: 0, templates: 0, passes: 2 });
  });
});

describe('pageBackoffMs', () => {
  it.each([
    [1, 0.5, 500],
    [2, 0.5, 1_000],
    [3, 0.5, 2_000],
    [10, 0.5, 10_000],
    [1, 0, 375],
    [1, 1, 625],
  ])('attempt %i with jitter draw %d waits %i ms', (attempt, draw, expected) => {
    expect(pageBackoffMs(attempt, 500, 10_000, () => draw)).toBe(expected);
  });
});
