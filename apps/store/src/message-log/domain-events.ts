import { createHash } from 'node:crypto';
import type { MessageStatus } from '@wabus/domain';
import type { OutboxEvent } from '@wabus/persistence';
import type { DomainEventJob } from '@wabus/queues';
import type { StoredError } from './write-unit';

type EventType = DomainEventJob['type'];

/**
 * The id of a fact, derived from its dedupe key: replays of the same webhook
 * or record produce the same id, which is also the `events` job id, so a
 * consumer can tell a repeat from a new fact. Shaped as a version-8 UUID.
 */
export function domainEventId(dedupeKey: string): string {
  const hash = createHash('sha256').update(`wabus:event:${dedupeKey}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function outboxEvent(type: EventType, dedupeKey: string, aggregateId: string, occurredAt: Date, data: Record<string, unknown>): OutboxEvent {
  const id = domainEventId(dedupeKey);
  const job: DomainEventJob = { v: 1, eventId: id, type, occurredAt: occurredAt.toISOString(), data };
  return { id, type, aggregateId, dedupeKey, payload: { ...job } };
}

/** Who a message belongs to, as every message event names it. */
export interface MessageParties {
  messageId: string;
  channelId: string;
  contactId: string;
  conversationId: string;
  /** The customer's number (E.164); null for a user known only by their user id. */
  phone: string | null;
}

export function messageReceived(
  parties: MessageParties,
  message: { waMessageId: string; type: string; text: string | null; contextWaMessageId: string | null; at: Date },
): OutboxEvent {
  return outboxEvent('message.received', `message.received:${parties.messageId}`, parties.messageId, message.at, {
    ...parties,
    waMessageId: message.waMessageId,
    type: message.type,
    text: message.text,
    contextWaMessageId: message.contextWaMessageId,
  });
}

/** A tap on one of our reply buttons, list rows or template quick replies: what actions bind to. */
export function interactionReceived(
  parties: MessageParties,
  tap: { waMessageId: string; type: string; replyId: string | null; replyTitle: string | null; contextWaMessageId: string | null; contextMessageId: string | null; at: Date },
): OutboxEvent {
  return outboxEvent('interaction.received', `interaction.received:${parties.messageId}`, parties.messageId, tap.at, {
    ...parties,
    waMessageId: tap.waMessageId,
    type: tap.type,
    replyId: tap.replyId,
    replyTitle: tap.replyTitle,
    contextWaMessageId: tap.contextWaMessageId,
    contextMessageId: tap.contextMessageId,
  });
}

/** A status the message reached; each status is reached at most once (statuses only move forward). */
export function messageStatusChanged(
  message: { messageId: string; waMessageId: string | null; channelId: string; conversationId: string; contactId: string },
  change: { status: MessageStatus; previousStatus: MessageStatus; at: Date; error: StoredError | null },
): OutboxEvent {
  return outboxEvent('message.status', `message.status:${message.messageId}:${change.status}`, message.messageId, change.at, {
    ...message,
    status: change.status,
    previousStatus: change.previousStatus,
    at: change.at.toISOString(),
    ...(change.status === 'failed' && change.error ? { error: change.error } : {}),
  });
}

export function conversationOpened(
  conversation: { conversationId: string; channelId: string; contactId: string; phone: string | null },
  openedBy: 'customer' | 'business',
  at: Date,
): OutboxEvent {
  return outboxEvent('conversation.opened', `conversation.opened:${conversation.conversationId}`, conversation.conversationId, at, {
    ...conversation,
    openedBy,
  });
}
