import type { MarkAsReadRequest, OutboundMessageType, OutboundPayloads, SendMessageRequest } from '@wabus/domain';

export interface MessageRequestInput<T extends OutboundMessageType = OutboundMessageType> {
  /** The recipient in E.164 (with the +): without a country code Meta would prepend the business number's. */
  to: string;
  type: T;
  /** The type object, in Meta's shape. */
  payload: OutboundPayloads[T];
  /** A wamid to quote: makes the message a reply (works for every type). */
  contextMessageId?: string;
  /** Echoed back by Meta in this message's status webhooks (≤ 512 characters). */
  bizOpaqueCallbackData?: string;
}

/**
 * The body of `POST /{phone-number-id}/messages` for a message, in Meta's
 * exact shape and key order (whatsapp-cloud-api.md §2.1): the type object goes
 * under the key named by `type`, unchanged.
 */
export function buildMessageRequest<T extends OutboundMessageType>(input: MessageRequestInput<T>): SendMessageRequest<T> {
  const body: Record<string, unknown> = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: input.to,
    type: input.type,
    [input.type]: input.payload,
  };
  if (input.contextMessageId) body['context'] = { message_id: input.contextMessageId };
  if (input.bizOpaqueCallbackData !== undefined) body['biz_opaque_callback_data'] = input.bizOpaqueCallbackData;
  return body as SendMessageRequest<T>;
}

/**
 * The body that marks a received message (and every earlier one in the
 * thread) as read, optionally showing the typing indicator, which implies the
 * read receipt (§2.9). Same endpoint as sends; no `to`, no `type`.
 */
export function buildReadReceipt(messageId: string, typingIndicator = false): MarkAsReadRequest {
  const body: MarkAsReadRequest = { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
  if (typingIndicator) body.typing_indicator = { type: 'text' };
  return body;
}
