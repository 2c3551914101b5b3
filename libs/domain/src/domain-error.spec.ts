import { DomainError, InvalidPhoneNumberError, WindowClosedError } from './domain-error';

describe('domain errors', () => {
  it.each([
    [
      'InvalidPhoneNumberError',
      new InvalidPhoneNumberError('abc', 'invalid_characters', '"abc" is not a phone number.'),
      'invalid_phone_number',
    ],
    ['WindowClosedError', new WindowClosedError('text', null), 'window_closed'],
  ])('%s is a DomainError with a one-line message and a machine code', (name, error, code) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(error.message).not.toContain('\n');
    expect(error.stack).toContain(name);
  });

  it('keeps the refused input and the reason as details for the API answer', () => {
    expect(new InvalidPhoneNumberError('123', 'too_short', '"123" is too short.').details).toEqual({ input: '123', reason: 'too_short' });
  });

  it('tells the operator to send an approved template when the window is closed', () => {
    const error = new WindowClosedError('image', new Date('2026-01-01T00:00:00Z'));
    expect(error.message).toBe(
      'Cannot send this image message: the 24-hour customer service window is closed (the customer last wrote at 2026-01-01T00:00:00.000Z, more than 24 hours ago); send an approved template instead.',
    );
    expect(error.details).toEqual({ type: 'image', lastInboundAt: '2026-01-01T00:00:00.000Z' });
  });
});
