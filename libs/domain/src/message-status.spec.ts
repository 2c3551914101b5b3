import fc from 'fast-check';
import { MESSAGE_STATUSES, type MessageStatus, applyStatus, isKnownStatus, statusFromWebhook, statusHistory } from './message-status';

// Rows: the status the message shows; columns: the status that arrives.
// A row reads "a message showing <current> then told <incoming> shows …".
const EXPECTED: Record<MessageStatus, Record<MessageStatus, MessageStatus>> = {
  queued: { queued: 'queued', sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed', received: 'queued' },
  sent: { queued: 'sent', sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed', received: 'sent' },
  delivered: { queued: 'delivered', sent: 'delivered', delivered: 'delivered', read: 'read', failed: 'delivered', received: 'delivered' },
  read: { queued: 'read', sent: 'read', delivered: 'read', read: 'read', failed: 'read', received: 'read' },
  failed: { queued: 'failed', sent: 'failed', delivered: 'delivered', read: 'read', failed: 'failed', received: 'failed' },
  received: { queued: 'received', sent: 'received', delivered: 'received', read: 'received', failed: 'received', received: 'received' },
};

const PAIRS = MESSAGE_STATUSES.flatMap((current) =>
  MESSAGE_STATUSES.map((incoming) => [current, incoming, EXPECTED[current][incoming]] as const),
);

describe('applyStatus', () => {
  it('has a case for every pair of statuses', () => {
    expect(PAIRS).toHaveLength(36);
  });

  it.each(PAIRS)('a message showing %s that is told %s shows %s', (current, incoming, expected) => {
    expect(applyStatus(current, incoming)).toBe(expected);
  });

  it('never moves read back to sent when statuses arrive out of order (chatwoot #14529)', () => {
    expect(
      ['sent', 'read', 'delivered', 'sent'].reduce<MessageStatus>((shown, next) => applyStatus(shown, next as MessageStatus), 'queued'),
    ).toBe('read');
  });

  it('ends on the same status whatever order Meta delivers the updates in', () => {
    const outbound = fc.constantFrom<MessageStatus>('queued', 'sent', 'delivered', 'read', 'failed');
    const updatesAndReordering = fc
      .array(outbound, { maxLength: 8 })
      .chain((updates) => fc.tuple(fc.constant(updates), fc.shuffledSubarray(updates, { minLength: updates.length })));
    fc.assert(
      fc.property(updatesAndReordering, ([updates, reordered]) => {
        expect(reordered.reduce(applyStatus, 'queued')).toBe(updates.reduce(applyStatus, 'queued'));
      }),
    );
  });

  it('gives the same answer when a status webhook is delivered twice', () => {
    for (const [current, incoming] of PAIRS) {
      const once = applyStatus(current, incoming);
      expect(applyStatus(once, incoming)).toBe(once);
    }
  });
});

describe('statusFromWebhook', () => {
  it.each([
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['failed', 'failed'],
    ['played', 'read'],
    ['deleted', null],
    ['SENT', null],
    ['', null],
    [undefined, null],
    [3, null],
  ])('reads Meta status %j as %j', (value, expected) => {
    expect(statusFromWebhook(value)).toBe(expected);
  });
});

describe('isKnownStatus', () => {
  it.each([...MESSAGE_STATUSES])('knows %s', (status) => {
    expect(isKnownStatus(status)).toBe(true);
  });

  it.each(['played', 'Sent', '', null, undefined, 1, {}])('does not know %j', (value) => {
    expect(isKnownStatus(value)).toBe(false);
  });
});

describe('statusHistory', () => {
  const at = (iso: string) => new Date(iso);
  it('orders statuses of the same second by rank and keeps the first of each', () => {
    const history = statusHistory([
      { status: 'sent', at: at('2026-01-01T12:00:00.000Z') },
      { status: 'delivered', at: at('2026-01-01T12:00:00.000Z') },
      { status: 'read', at: at('2026-01-01T12:00:01.000Z') },
      { status: 'queued', at: at('2026-01-01T12:00:00.300Z') },
      { status: 'sent', at: at('2026-01-01T12:00:00.450Z') },
    ]);
    expect(history.map((entry) => `${entry.status}@${entry.at.toISOString()}`)).toEqual([
      'queued@2026-01-01T12:00:00.300Z',
      'sent@2026-01-01T12:00:00.000Z',
      'delivered@2026-01-01T12:00:00.000Z',
      'read@2026-01-01T12:00:01.000Z',
    ]);
  });

  it('keeps a failure that came after a later second in time order', () => {
    const history = statusHistory([
      { status: 'failed', at: at('2026-01-01T12:00:05.000Z') },
      { status: 'queued', at: at('2026-01-01T12:00:00.100Z') },
      { status: 'sent', at: at('2026-01-01T12:00:01.000Z') },
    ]);
    expect(history.map((entry) => entry.status)).toEqual(['queued', 'sent', 'failed']);
  });
});
