import { describeWindow, formatTimeLeft, windowTimeLeftMs } from './window-time';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const open = (closesAt: string) => ({ open: true, closesAt, remainingMs: 0 });

describe('console: the 24-hour window', () => {
  it.each([
    ['a day less a minute', '2026-05-02T11:59:00Z', 23 * 3_600_000 + 59 * 60_000],
    ['a past closing time', '2026-05-01T11:00:00Z', 0],
    ['a closing time now', '2026-05-01T12:00:00Z', 0],
  ])('counts the time left from closesAt: %s', (_name, closesAt, expected) => {
    expect(windowTimeLeftMs(open(closesAt), NOW)).toBe(expected);
  });

  it('has no time left when the API says the window is closed, whatever closesAt says', () => {
    expect(windowTimeLeftMs({ open: false, closesAt: '2026-05-02T00:00:00Z', remainingMs: 0 }, NOW)).toBe(0);
    expect(windowTimeLeftMs({ open: true, closesAt: null, remainingMs: 5 }, NOW)).toBe(0);
  });

  it.each([
    [59_000, 'under a minute'],
    [60_000, '1 min'],
    [59 * 60_000 + 59_000, '59 min'],
    [3_600_000, '1 h'],
    [23 * 3_600_000 + 5 * 60_000 + 30_000, '23 h 5 min'],
  ])('writes %i ms as "%s"', (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(text);
  });

  it('says open with the time left, warns under an hour, and offers templates once closed', () => {
    expect(describeWindow(open('2026-05-02T10:00:00Z'), NOW)).toEqual({ open: true, label: 'Window open · 22 h left', closingSoon: false });
    expect(describeWindow(open('2026-05-01T12:30:00Z'), NOW)).toEqual({ open: true, label: 'Window open · 30 min left', closingSoon: true });
    expect(describeWindow(open('2026-05-01T11:30:00Z'), NOW)).toMatchObject({ open: false, label: 'Window closed: templates only' });
  });
});
