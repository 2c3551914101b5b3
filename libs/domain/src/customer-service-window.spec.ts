import { WindowClosedError } from './domain-error';
import { CUSTOMER_SERVICE_WINDOW_MS, assertCanSend, mustUseTemplate, windowState } from './customer-service-window';
import { FREE_FORM_TYPES, type OutboundKind } from './message-types';

const HOUR = 60 * 60 * 1000;
const lastInbound = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number): Date => new Date(lastInbound.getTime() + ms);

describe('windowState', () => {
  it.each([
    ['just after the customer wrote', 0, true, 24 * HOUR],
    ['one hour later', HOUR, true, 23 * HOUR],
    ['one millisecond before 24 h', 24 * HOUR - 1, true, 1],
    ['at exactly 24 h', 24 * HOUR, false, 0],
    ['one millisecond after 24 h', 24 * HOUR + 1, false, 0],
    ['three days later', 72 * HOUR, false, 0],
  ])('%s (after %p ms): open %p, %p ms left', (_when, elapsed, open, remainingMs) => {
    expect(windowState(lastInbound, at(elapsed))).toEqual({
      open,
      closesAt: new Date('2026-03-02T10:00:00.000Z'),
      remainingMs,
      lastInboundAt: lastInbound,
    });
  });

  it('is closed when the customer never wrote', () => {
    expect(windowState(null, lastInbound)).toEqual({ open: false, closesAt: null, remainingMs: 0, lastInboundAt: null });
  });

  it('is closed, not crashed, when the last inbound date is not a date', () => {
    expect(windowState(new Date(Number.NaN), lastInbound)).toEqual({ open: false, closesAt: null, remainingMs: 0, lastInboundAt: null });
  });

  it("stays open when Meta's clock is a little ahead of ours", () => {
    const state = windowState(lastInbound, at(-5_000));
    expect(state.open).toBe(true);
    expect(state.remainingMs).toBe(CUSTOMER_SERVICE_WINDOW_MS + 5_000);
  });
});

describe('mustUseTemplate and assertCanSend', () => {
  const open = windowState(lastInbound, at(HOUR));
  const closed = windowState(lastInbound, at(25 * HOUR));
  const never = windowState(null, lastInbound);

  it.each(FREE_FORM_TYPES.map((type) => [type]))('lets a %s message through while the window is open', (type) => {
    expect(mustUseTemplate(type, open)).toBe(false);
    expect(() => assertCanSend(type, open)).not.toThrow();
  });

  it.each(FREE_FORM_TYPES.map((type) => [type]))('refuses a %s message once the window is closed', (type) => {
    expect(mustUseTemplate(type, closed)).toBe(true);
    expect(() => assertCanSend(type, closed)).toThrow(WindowClosedError);
  });

  it.each<[OutboundKind, string]>([
    ['template', 'open'],
    ['template', 'closed'],
    ['template', 'never opened'],
    ['mark_as_read', 'closed'],
    ['typing_indicator', 'closed'],
    ['mark_as_read', 'never opened'],
  ])('always allows %s (window %s)', (type, name) => {
    const window = name === 'open' ? open : name === 'closed' ? closed : never;
    expect(mustUseTemplate(type, window)).toBe(false);
    expect(() => assertCanSend(type, window)).not.toThrow();
  });

  it('refuses with window_closed, says when the customer last wrote and suggests a template', () => {
    let refusal: unknown;
    try {
      assertCanSend('text', closed);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(WindowClosedError);
    expect(refusal).toMatchObject({
      code: 'window_closed',
      name: 'WindowClosedError',
      details: { type: 'text', lastInboundAt: '2026-03-01T10:00:00.000Z' },
    });
    expect((refusal as WindowClosedError).message).toMatch(/2026-03-01T10:00:00.000Z.*approved template/);
  });

  it('says the customer never wrote when there is no inbound message', () => {
    expect(() => assertCanSend('image', never)).toThrow(/never written.*approved template/);
  });
});
