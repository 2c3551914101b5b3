import { UnrecoverableError } from 'bullmq';
import { splitWebhookEnvelope, type SplitWebhook, type WebhookItem } from '@wabus/domain';

/** A delivery that is not a webhook at all (not JSON, no entry list): retrying cannot help; an operator reads it. */
export class MalformedDeliveryError extends UnrecoverableError {
  readonly code = 'malformed_delivery';
  constructor(message: string) {
    super(message);
    this.name = 'MalformedDeliveryError';
  }
}

/** Every message and status of the delivery is for phone numbers no channel has. */
export class UnroutableDeliveryError extends UnrecoverableError {
  readonly code = 'unknown_phone_number';
  constructor(readonly phoneNumberIds: string[]) {
    super(`No channel has phone number id ${phoneNumberIds.join(', ')}; add the channel, then replay this delivery.`);
    this.name = 'UnroutableDeliveryError';
  }
}

/**
 * The body as Meta sent it, split into its items. A body that yields no item
 * but problems is refused as a whole; otherwise the usable items go on and the
 * problems are reported beside them.
 */
export function readDelivery(body: string): { parsed: unknown; split: SplitWebhook } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedDeliveryError('The delivery body is not JSON.');
  }
  const split = splitWebhookEnvelope(parsed);
  if (split.items.length === 0 && split.problems.length > 0) {
    throw new MalformedDeliveryError(`The delivery has nothing usable: ${split.problems.map((p) => `${p.path || 'body'}: ${p.problem}`).join('; ')}`);
  }
  return { parsed, split };
}

/** The business number an item is for, if it is a message or a status (the items routed to a channel). */
export function phoneNumberIdOf(item: WebhookItem): string | null {
  return item.kind === 'message' || item.kind === 'unrecognized_message' || item.kind === 'status' ? item.phoneNumberId : null;
}
