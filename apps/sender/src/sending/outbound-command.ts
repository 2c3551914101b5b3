import { isOutboundMessageType, mediaLinkFields, outboundMessageProblems, type OutboundMessageType, type OutboundPayloads } from '@wabus/domain';
import type { SendMessageJob } from '@wabus/queues';
import { SendRefusal } from './send-refusal';

/**
 * A send job as producers put it on `outbound`. `contactId` is an extension
 * of the SendMessageJob contract (not declared there yet): when present, `to`
 * may be empty and the sender sends to that contact's number.
 */
export type SendJob = SendMessageJob & { contactId?: string };

/** Job types that are not messages: they share the messages endpoint, have no `to` and no window. */
export const RECEIPT_TYPES = ['mark_as_read', 'typing_indicator'] as const;

export type OutboundCommand =
  | { kind: 'message'; type: OutboundMessageType; payload: OutboundPayloads[OutboundMessageType]; contextMessageId?: string }
  | { kind: 'receipt'; messageId: string; typingIndicator: boolean };

/**
 * What a job asks for, checked: a message of one of Meta's types whose type
 * object passes the cross-field rules of libs/domain (a job may come straight
 * from the SDK, past the gateway's validation), or a read receipt / typing
 * indicator for a message we received. Anything else is refused here, before
 * any API call.
 */
export function parseOutboundCommand(job: SendJob): OutboundCommand {
  const payload = (job.payload ?? {}) as Record<string, unknown>;
  if (job.type === 'mark_as_read' || job.type === 'typing_indicator') {
    const messageId = typeof payload['message_id'] === 'string' && payload['message_id'] !== '' ? payload['message_id'] : job.contextMessageId;
    if (!messageId) {
      throw new SendRefusal('invalid_payload', `A ${job.type} job needs payload.message_id: the wamid of the message we received.`, { field: 'payload.message_id' });
    }
    const typing = job.type === 'typing_indicator' || (payload['typing_indicator'] as { type?: unknown } | undefined)?.type === 'text';
    return { kind: 'receipt', messageId, typingIndicator: typing };
  }
  if (!isOutboundMessageType(job.type)) {
    throw new SendRefusal(
      'unsupported_type',
      `"${job.type}" is not a message type the Cloud API sends; use text, image, video, audio, document, sticker, location, contacts, interactive, template, reaction, mark_as_read or typing_indicator.`,
    );
  }
  // Meta's contacts object is an array; job payloads are objects, so it travels as {contacts: [...]}.
  const typeObject = job.type === 'contacts' && Array.isArray(payload['contacts']) ? payload['contacts'] : payload;
  const problems = outboundMessageProblems(job.type, { [job.type]: typeObject });
  if (problems.length > 0) {
    throw new SendRefusal('invalid_payload', `The ${job.type} message is invalid: ${problems.map((problem) => `${problem.field}: ${problem.problem}`).join('; ')}.`, { problems });
  }
  return {
    kind: 'message',
    type: job.type,
    payload: typeObject as OutboundPayloads[OutboundMessageType],
    ...(job.contextMessageId ? { contextMessageId: job.contextMessageId } : {}),
  };
}

/** Every media link a message asks Meta to fetch (its own media, an interactive header, template header parameters): libs/domain's `mediaLinkFields`, which the API checks at save time. */
export function mediaLinksOf(command: OutboundCommand): string[] {
  return command.kind === 'message' ? mediaLinkFields(command.payload, command.type).map((link) => link.url) : [];
}
