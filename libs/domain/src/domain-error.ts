/**
 * A broken business rule. `code` is for machines (API bodies, logs, metrics, the
 * job-outcome mapping); `message` is one sentence an operator can act on.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details?: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Why a phone number was refused; wire data in `details.reason`, so never rename a value. */
export type PhoneNumberProblem =
  'empty' | 'invalid_characters' | 'missing_country_code' | 'unknown_country' | 'too_short' | 'too_long' | 'invalid_number';

export class InvalidPhoneNumberError extends DomainError {
  readonly code = 'invalid_phone_number';
  declare readonly details: { input: string; reason: PhoneNumberProblem };

  constructor(input: string, reason: PhoneNumberProblem, message: string) {
    super(message, { input, reason });
  }
}

export class WindowClosedError extends DomainError {
  readonly code = 'window_closed';
  declare readonly details: { type: string; lastInboundAt: string | null };

  constructor(type: string, lastInboundAt: Date | null) {
    const since = lastInboundAt
      ? `the customer last wrote at ${lastInboundAt.toISOString()}, more than 24 hours ago`
      : 'the customer has never written to this number';
    super(
      `Cannot send this ${type} message: the 24-hour customer service window is closed (${since}); send an approved template instead.`,
      { type, lastInboundAt: lastInboundAt ? lastInboundAt.toISOString() : null },
    );
  }
}

/** Every code this lib can throw, so an exception filter can map them exhaustively. */
export type DomainErrorCode = InvalidPhoneNumberError['code'] | WindowClosedError['code'];
