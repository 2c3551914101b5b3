import type { MessageStatus, StoredMessageError } from '../entities/message.entity';
import { insertOwnStepsSql, ownStepRows, type OwnStatusEntry } from './message-status-event.repository';
import { jsonRows, type SqlRunner } from './sql-runner';

/** An inbound message as the store writes it. */
export interface InboundMessageRow {
  channelId: string;
  conversationId: string;
  contactId: string;
  waMessageId: string;
  type: string;
  text: string | null;
  contextWaMessageId: string | null;
  replyId: string | null;
  /** The message item as received; the stored `payload` is its type object (`raw[type]`). */
  raw: Record<string, unknown>;
  error: StoredMessageError | null;
  /** Meta's timestamp of the message: the log is ordered by when the customer wrote. */
  createdAt: Date;
}

export interface InsertedInboundMessage {
  id: string;
  waMessageId: string;
  conversationId: string;
  createdAt: Date;
  /** Our message that `context_wa_message_id` names, when it is ours. */
  contextMessageId: string | null;
}

/** An outbound message as first recorded (status `queued`); `id` is the message id the submission chose. */
export interface OutboundMessageRow {
  id: string;
  channelId: string;
  conversationId: string;
  contactId: string;
  type: string;
  text: string | null;
  payload: unknown;
  contextWaMessageId: string | null;
  idempotencyKey: string | null;
  /** When it was submitted; also the time of its `queued` history entry. */
  createdAt: Date;
}

export interface InsertedOutboundMessage {
  id: string;
  conversationId: string;
  createdAt: Date;
}

/** The columns a status change reads and writes, locked for the transaction. */
export interface MessageStateRow {
  id: string;
  channelId: string;
  conversationId: string;
  contactId: string;
  direction: 'in' | 'out';
  status: MessageStatus;
  statusAt: Date | null;
  waMessageId: string | null;
  error: StoredMessageError | null;
}

export interface MessageStateUpdate {
  id: string;
  status: MessageStatus;
  statusAt: Date | null;
  /** Replaces the stored error when not null. */
  error: StoredMessageError | null;
  /** Set only where the row has none yet. */
  waMessageId: string | null;
  /** Replace the stored Graph request/response when not null. */
  request: unknown;
  response: unknown;
}

/**
 * One statement per batch: the messages (a wamid already stored is skipped,
 * so Meta's duplicates add nothing), each new message's `received` history
 * entry, and the id of our message a reply or tap refers to. The type object
 * is taken from the raw item here rather than sent twice.
 */
const INSERT_INBOUND = `
WITH i AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
    channel_id uuid, conversation_id uuid, contact_id uuid, wa_message_id text, type text, text text,
    context_wa_message_id text, reply_id text, raw jsonb, error jsonb, created_at timestamptz)
), ins AS (
  INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, wa_message_id, status, text, payload,
                        context_wa_message_id, reply_id, raw, error, status_at, created_at)
  SELECT channel_id, conversation_id, contact_id, 'in', type, wa_message_id, 'received', text, NULLIF(raw -> type, 'null'::jsonb),
         context_wa_message_id, reply_id, raw, error, created_at, created_at
  FROM i ORDER BY wa_message_id
  ON CONFLICT (wa_message_id) DO NOTHING
  RETURNING id, wa_message_id, conversation_id, created_at, context_wa_message_id
), history AS (
  INSERT INTO message_status_events (message_id, wa_message_id, status, occurred_at, applied)
  SELECT id, wa_message_id, 'received', created_at, true FROM ins
  ON CONFLICT DO NOTHING
)
SELECT ins.id, ins.wa_message_id AS "waMessageId", ins.conversation_id AS "conversationId", ins.created_at AS "createdAt",
       (SELECT ctx.id FROM messages ctx WHERE ctx.wa_message_id = ins.context_wa_message_id) AS "contextMessageId"
FROM ins`;

/**
 * Outbound messages by their own id; a record of a message already stored
 * (the sender's `sent` may come before the gateway's `queued`) adds nothing.
 * The `queued` history entry is written for every message that exists.
 */
const INSERT_OUTBOUND = `
WITH i AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
    id uuid, channel_id uuid, conversation_id uuid, contact_id uuid, type text, text text, payload jsonb,
    context_wa_message_id text, idempotency_key text, created_at timestamptz)
), ins AS (
  INSERT INTO messages (id, channel_id, conversation_id, contact_id, direction, type, status, text, payload,
                        context_wa_message_id, idempotency_key, status_at, created_at)
  SELECT id, channel_id, conversation_id, contact_id, 'out', type, 'queued', text, payload,
         context_wa_message_id, idempotency_key, created_at, created_at
  FROM i ORDER BY id
  ON CONFLICT DO NOTHING
  RETURNING id, conversation_id, created_at
), history AS (
  INSERT INTO message_status_events (message_id, wa_message_id, status, occurred_at, raw, applied)
  SELECT i.id, 'wabus:' || i.id, 'queued', i.created_at, '{"source":"wabus"}'::jsonb, true FROM i
  WHERE EXISTS (SELECT 1 FROM ins WHERE ins.id = i.id) OR EXISTS (SELECT 1 FROM messages m WHERE m.id = i.id)
  ON CONFLICT DO NOTHING
)
SELECT id, conversation_id AS "conversationId", created_at AS "createdAt" FROM ins`;

const LOCK_STATES = `
SELECT id, channel_id AS "channelId", conversation_id AS "conversationId", contact_id AS "contactId", direction, status,
       status_at AS "statusAt", wa_message_id AS "waMessageId", error
FROM messages WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

/** The folded states ($1) and, in the same statement, our own steps in the history ($2, see `insertOwnStepsSql`). */
const APPLY_STATES = `
WITH own AS (${insertOwnStepsSql('$2')})
UPDATE messages m SET
  status = u.status,
  status_at = u.status_at,
  error = COALESCE(u.error, m.error),
  wa_message_id = COALESCE(m.wa_message_id, u.wa_message_id),
  request = COALESCE(u.request, m.request),
  response = COALESCE(u.response, m.response),
  updated_at = now()
FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, status text, status_at timestamptz, error jsonb, wa_message_id text, request jsonb, response jsonb)
WHERE m.id = u.id`;

/** Messages: the store is their only writer. */
export class MessageRepository {
  constructor(private readonly sql: SqlRunner) {}

  async insertInbound(rows: readonly InboundMessageRow[]): Promise<InsertedInboundMessage[]> {
    if (rows.length === 0) return [];
    const input = rows.map((row) => ({
      channel_id: row.channelId,
      conversation_id: row.conversationId,
      contact_id: row.contactId,
      wa_message_id: row.waMessageId,
      type: row.type,
      text: row.text,
      context_wa_message_id: row.contextWaMessageId,
      reply_id: row.replyId,
      raw: row.raw,
      error: row.error,
      created_at: row.createdAt,
    }));
    return this.sql.rows<InsertedInboundMessage>(INSERT_INBOUND, [jsonRows(input)]);
  }

  async insertOutbound(rows: readonly OutboundMessageRow[]): Promise<InsertedOutboundMessage[]> {
    if (rows.length === 0) return [];
    const input = rows.map((row) => ({
      id: row.id,
      channel_id: row.channelId,
      conversation_id: row.conversationId,
      contact_id: row.contactId,
      type: row.type,
      text: row.text,
      payload: row.payload,
      context_wa_message_id: row.contextWaMessageId,
      idempotency_key: row.idempotencyKey,
      created_at: row.createdAt,
    }));
    return this.sql.rows<InsertedOutboundMessage>(INSERT_OUTBOUND, [jsonRows(input)]);
  }

  /** Which of these message ids exist. */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sql.rows<{ id: string }>('SELECT id FROM messages WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /** Message id by wamid, for the wamids that belong to a stored message. */
  async idsByWaMessageId(waMessageIds: readonly string[]): Promise<Map<string, string>> {
    if (waMessageIds.length === 0) return new Map();
    const rows = await this.sql.rows<{ id: string; waMessageId: string }>(
      'SELECT id, wa_message_id AS "waMessageId" FROM messages WHERE wa_message_id = ANY($1::text[])',
      [waMessageIds],
    );
    return new Map(rows.map((row) => [row.waMessageId, row.id]));
  }

  /** Locks the rows (in id order, so concurrent writers cannot deadlock on them) and reads their state. */
  async lockStates(ids: readonly string[]): Promise<MessageStateRow[]> {
    if (ids.length === 0) return [];
    return this.sql.rows<MessageStateRow>(LOCK_STATES, [[...new Set(ids)].sort()]);
  }

  /** Writes the messages' folded states and our own steps (`own`) into their history, in one statement. */
  async applyStates(updates: readonly MessageStateUpdate[], own: readonly OwnStatusEntry[] = []): Promise<void> {
    if (updates.length === 0 && own.length === 0) return;
    const input = [...updates]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((u) => ({
        id: u.id,
        status: u.status,
        status_at: u.statusAt,
        error: u.error,
        wa_message_id: u.waMessageId,
        request: u.request ?? null,
        response: u.response ?? null,
      }));
    await this.sql.execute(APPLY_STATES, [jsonRows(input), ownStepRows(own)]);
  }
}
