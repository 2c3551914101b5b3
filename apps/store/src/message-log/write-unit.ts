import type { MessageStatus } from '@wabus/domain';
import type { ContactIdentity, StoredMessageError } from '@wabus/persistence';

/** An error as stored on a message: Meta's code, title and details, with our help, fix and retry verdict. */
export type StoredError = StoredMessageError & { fix?: string; retryable?: boolean };

/** One inbound message of a webhook, ready to write. */
export interface InboundMessagePlan {
  channelId: string;
  contact: ContactIdentity;
  waMessageId: string;
  type: string;
  text: string | null;
  /** The type object (`message[type]`), as Meta sent it. */
  payload: unknown;
  /** The wamid replied to, tapped, or (for a reaction) reacted to. */
  contextWaMessageId: string | null;
  /** The button or list row id, or the template button payload. */
  replyId: string | null;
  replyTitle: string | null;
  /** A reply button, list row or template quick-reply tap: the fact behind `interaction.received`. */
  interaction: boolean;
  /** The message item exactly as received. */
  raw: Record<string, unknown>;
  error: StoredError | null;
  at: Date;
  /** Whether it opens (or keeps open) the 24-hour customer service window. */
  opensWindow: boolean;
}

/** One status of a webhook, ready to write. */
export interface StatusPlan {
  channelId: string;
  waMessageId: string;
  /** Meta's word, kept in the history even when new to us. */
  word: string;
  /** What the word means for the message; null for a word we do not know (history only). */
  status: MessageStatus | null;
  at: Date;
  /** The status item as received: its errors, pricing and conversation are stored from it. */
  raw: Record<string, unknown>;
}

/** The outbound message as submitted, carried by records so any of them can create the row. */
export interface OutboundSnapshot {
  channelId: string;
  contact: ContactIdentity;
  type: string;
  text: string | null;
  payload: Record<string, unknown>;
  contextWaMessageId: string | null;
  idempotencyKey: string | null;
  requestedAt: Date;
}

/** One `record-outbound` job, ready to write. */
export interface RecordPlan {
  messageId: string;
  outcome: 'queued' | 'sent' | 'failed';
  at: Date;
  message: OutboundSnapshot | null;
  waMessageId: string | null;
  request: Record<string, unknown> | null;
  response: Record<string, unknown> | null;
  error: StoredError | null;
}

/** What one job asks of the message log; many are written in one transaction. */
export interface WriteUnit {
  messages: InboundMessagePlan[];
  statuses: StatusPlan[];
  records: RecordPlan[];
  /** Wamids whose waiting statuses should be applied now that their message exists. */
  reconcile: string[];
}

export function emptyUnit(): WriteUnit {
  return { messages: [], statuses: [], records: [], reconcile: [] };
}

export function unitSize(unit: WriteUnit): number {
  return unit.messages.length + unit.statuses.length + unit.records.length + unit.reconcile.length;
}

/**
 * The message rows a unit's transaction inserts or locks, by wamid and by our
 * id. Two batches of one store never hold the same key at once (the batcher
 * keeps a unit back until the batch holding its keys has committed), so they
 * never wait on each other's row locks: Meta sends sent, delivered and read of
 * one message close together, often in different deliveries.
 */
export function lockKeysOf(unit: WriteUnit): string[] {
  const keys: string[] = [];
  for (const message of unit.messages) keys.push(`w:${message.waMessageId}`);
  for (const status of unit.statuses) keys.push(`w:${status.waMessageId}`);
  for (const record of unit.records) {
    keys.push(`m:${record.messageId}`);
    if (record.waMessageId) keys.push(`w:${record.waMessageId}`);
  }
  for (const waMessageId of unit.reconcile) keys.push(`w:${waMessageId}`);
  return keys;
}
