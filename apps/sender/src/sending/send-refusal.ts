import { DomainError } from '@wabus/domain';

/**
 * Why the sender refused a message before any API call. Wire data (the
 * message's `error.code` in the records and the API): add, never rename.
 */
export type RefusalCode =
  | 'channel_not_found'
  | 'channel_inactive'
  | 'invalid_payload'
  | 'unsupported_type'
  | 'contact_not_found'
  | 'opted_out'
  | 'template_invalid'
  | 'unsafe_url';

const TITLES: Record<RefusalCode | 'window_closed' | 'invalid_phone_number', string> = {
  channel_not_found: 'Channel not found',
  channel_inactive: 'Channel inactive',
  invalid_payload: 'Invalid message',
  unsupported_type: 'Unsupported message type',
  contact_not_found: 'Contact not found',
  opted_out: 'Contact opted out',
  template_invalid: 'Template cannot be sent',
  unsafe_url: 'URL refused',
  window_closed: 'Customer service window closed',
  invalid_phone_number: 'Invalid phone number',
};

/** A message the sender will not send, whatever happens: it fails at once, with no Graph call. */
export class SendRefusal extends DomainError {
  constructor(
    readonly code: RefusalCode,
    message: string,
    details?: unknown,
  ) {
    super(message, details);
  }
}

/** The short title recorded with a refusal code (the message carries the sentence). */
export function refusalTitle(code: string): string {
  return (TITLES as Record<string, string>)[code] ?? 'Message refused';
}
