import { planStatuses } from './status-plan';

const delays = { sent: 50, delivered: 100, read: 150 };

describe('planStatuses', () => {
  it.each([
    [
      'an ordinary send: sent, delivered, read; billing on sent and delivered',
      { reaction: false, failing: false, delays },
      [
        { status: 'sent', delayMs: 50, billing: true },
        { status: 'delivered', delayMs: 100, billing: true },
        { status: 'read', delayMs: 150, billing: false },
      ],
    ],
    ['a reaction: sent only', { reaction: true, failing: false, delays }, [{ status: 'sent', delayMs: 50, billing: true }]],
    ['a failing send: one failed, no billing', { reaction: false, failing: true, delays }, [{ status: 'failed', delayMs: 50, billing: false }]],
    [
      'read receipts off: no read',
      { reaction: false, failing: false, delays: { ...delays, read: null } },
      [
        { status: 'sent', delayMs: 50, billing: true },
        { status: 'delivered', delayMs: 100, billing: true },
      ],
    ],
    [
      'delivered skipped: read carries the billing',
      {
        reaction: false,
        failing: false,
        delays: { ...delays, delivered: null },
      },
      [
        { status: 'sent', delayMs: 50, billing: true },
        { status: 'read', delayMs: 150, billing: true },
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expect(planStatuses(input)).toEqual(expected);
  });
});
