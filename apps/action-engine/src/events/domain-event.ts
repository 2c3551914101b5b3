import { UnrecoverableError } from 'bullmq';
import type { DomainEventJob } from '@wabus/queues';
import { isUuid } from '@wabus/domain';

/**
 * The fields of an `interaction.received` event that the engine relies on
 * (store writes them; see architecture.md "Interaction"). Checked once here,
 * so the rest of the engine works with types, and an event that lacks them
 * goes to the dead letters instead of half-running.
 */
export interface Interaction {
  eventId: string;
  occurredAt: string;
  /** Our id of the inbound tap message: the run key with the action id. */
  messageId: string;
  channelId: string;
  contactId: string | null;
  conversationId: string | null;
  /** The tapping user, E.164; null for users known only by their business-scoped id. */
  phone: string | null;
  replyId: string | null;
  replyTitle: string | null;
  contextWaMessageId: string | null;
  contextMessageId: string | null;
}


export function interactionOf(event: DomainEventJob): Interaction {
  const data = event.data;
  const messageId = data['messageId'];
  const channelId = data['channelId'];
  if (typeof messageId !== 'string' || !isUuid(messageId) || typeof channelId !== 'string' || !isUuid(channelId)) {
    throw new UnrecoverableError(`interaction.received ${event.eventId} lacks a messageId or channelId (uuid)`);
  }
  return {
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    messageId,
    channelId,
    contactId: uuidOrNull(data['contactId']),
    conversationId: uuidOrNull(data['conversationId']),
    phone: textOrNull(data['phone']),
    replyId: textOrNull(data['replyId']),
    replyTitle: textOrNull(data['replyTitle']),
    contextWaMessageId: textOrNull(data['contextWaMessageId']),
    contextMessageId: uuidOrNull(data['contextMessageId']),
  };
}

export function channelIdOf(event: DomainEventJob): string | null {
  return uuidOrNull(event.data['channelId']);
}

export function uuidOrNull(value: unknown): string | null {
  return typeof value === 'string' && isUuid(value) ? value : null;
}

export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
