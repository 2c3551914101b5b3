import { jsonRows, type SqlRunner } from './sql-runner';

/** A status from Meta's webhook, as kept in the history. */
export interface WebhookStatusRow {
  waMessageId: string;
  /** Our message, when the batch already knows it (a `sent` record in the same batch); else found by wamid. */
  messageId: string | null;
  /** Meta's word (sent, delivered, read, played, failed, or one new to us). */
  status: string;
  occurredAt: Date;
  /** The status item as received; its `errors`, `pricing` and `conversation` are kept in their own columns too. */
  raw: Record<string, unknown>;
}

export interface StoredStatusEvent {
  id: string;
  /** Null: no message has this wamid yet, so the status waits (`applied` false). */
  messageId: string | null;
  waMessageId: string;
  status: string;
  occurredAt: Date;
  errors: unknown[] | null;
}

/** Our own steps in a message's history (queued, sent or failed as the sender saw it). */
export interface OwnStatusEntry {
  messageId: string;
  /** The wamid once known; before that, `ownStatusKey(messageId)` keeps the history row's key unique. */
  waMessageId: string;
  status: string;
  occurredAt: Date;
  errors: unknown[] | null;
  raw: Record<string, unknown>;
}

/**
 * The placeholder wamid of history rows written before Meta gave the message
 * one (its `queued` entry, a failure before sending). Real wamids start with
 * `wamid.`, so a placeholder never matches a status webhook.
 */
export function ownStatusKey(messageId: string): string {
  return `wabus:${messageId}`;
}

/**
 * Each status once (Meta repeats them): the key is (wamid, status, time). One
 * whose wamid no message has yet is kept with `applied` false until it lands.
 */
const INSERT_WEBHOOK_STATUSES = `
WITH i AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(wa_message_id text, message_id uuid, status text, occurred_at timestamptz, raw jsonb)
)
INSERT INTO message_status_events (message_id, wa_message_id, status, occurred_at, errors, pricing, conversation, raw, applied)
SELECT COALESCE(i.message_id, m.id), i.wa_message_id, i.status, i.occurred_at,
       CASE WHEN jsonb_typeof(i.raw -> 'errors') = 'array' THEN i.raw -> 'errors' END,
       CASE WHEN jsonb_typeof(i.raw -> 'pricing') = 'object' THEN i.raw -> 'pricing' END,
       CASE WHEN jsonb_typeof(i.raw -> 'conversation') = 'object' THEN i.raw -> 'conversation' END,
       i.raw, COALESCE(i.message_id, m.id) IS NOT NULL
FROM i LEFT JOIN messages m ON m.wa_message_id = i.wa_message_id
ORDER BY i.wa_message_id, i.status, i.occurred_at
ON CONFLICT (wa_message_id, status, occurred_at) DO NOTHING
RETURNING id, message_id AS "messageId", wa_message_id AS "waMessageId", status, occurred_at AS "occurredAt",
          CASE WHEN status = 'failed' THEN errors END AS errors`;

/**
 * The waiting statuses of wamids whose message is known now, attached to it
 * and marked applied, in one statement. The rows are locked in id order first
 * (so concurrent batches lock alike); one another writer applied meanwhile is
 * left out (the lock re-reads `applied`).
 */
const APPLY_WAITING = `
WITH a AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS a(wa_message_id text, message_id uuid)
), waiting AS (
  SELECT e.id, a.message_id FROM message_status_events e JOIN a ON a.wa_message_id = e.wa_message_id
  WHERE NOT e.applied ORDER BY e.id FOR UPDATE OF e
)
UPDATE message_status_events e SET message_id = w.message_id, applied = true
FROM waiting w WHERE e.id = w.id
RETURNING e.id, e.message_id AS "messageId", e.wa_message_id AS "waMessageId", e.status, e.occurred_at AS "occurredAt", e.errors`;

/**
 * History entries for our own steps (`ownStepRows`, in parameter `parameter`);
 * the same entry twice is kept once. A statement part: `MessageRepository.applyStates`
 * carries it, since these entries are written with the states they explain.
 */
export function insertOwnStepsSql(parameter: string): string {
  return `INSERT INTO message_status_events (message_id, wa_message_id, status, occurred_at, errors, raw, applied)
SELECT message_id, wa_message_id, status, occurred_at, errors, raw, true
FROM jsonb_to_recordset(${parameter}::jsonb) AS i(message_id uuid, wa_message_id text, status text, occurred_at timestamptz, errors jsonb, raw jsonb)
ORDER BY wa_message_id, status, occurred_at
ON CONFLICT DO NOTHING`;
}

/** Our own steps as JSON rows for `insertOwnStepsSql`. */
export function ownStepRows(entries: readonly OwnStatusEntry[]): string {
  return jsonRows(
    entries.map((e) => ({ message_id: e.messageId, wa_message_id: e.waMessageId, status: e.status, occurred_at: e.occurredAt, errors: e.errors, raw: e.raw })),
  );
}

/** Waiting statuses whose message has landed since (uses the partial index on unapplied rows). */
const CLAIMABLE = `
SELECT DISTINCT e.wa_message_id AS "waMessageId"
FROM message_status_events e JOIN messages m ON m.wa_message_id = e.wa_message_id
WHERE NOT e.applied AND ($1::text[] IS NULL OR e.wa_message_id = ANY($1::text[]))
LIMIT $2`;

/** The status history (message_status_events): the store is its only writer. */
export class MessageStatusEventRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Returns only the statuses not seen before: the new facts. */
  async insertWebhookStatuses(rows: readonly WebhookStatusRow[]): Promise<StoredStatusEvent[]> {
    if (rows.length === 0) return [];
    const input = rows.map((row) => ({
      wa_message_id: row.waMessageId,
      message_id: row.messageId,
      status: row.status,
      occurred_at: row.occurredAt,
      raw: row.raw,
    }));
    return this.sql.rows<StoredStatusEvent>(INSERT_WEBHOOK_STATUSES, [jsonRows(input)]);
  }

  /**
   * Applies the statuses still waiting for these wamids to their messages
   * (`messageIds`: wamid → message id) and returns them, now attached.
   */
  async applyWaiting(messageIds: ReadonlyMap<string, string>): Promise<StoredStatusEvent[]> {
    if (messageIds.size === 0) return [];
    const input = [...messageIds].map(([waMessageId, messageId]) => ({ wa_message_id: waMessageId, message_id: messageId }));
    return this.sql.rows<StoredStatusEvent>(APPLY_WAITING, [jsonRows(input)]);
  }

  /**
   * Wamids with waiting statuses whose message exists now: among `waMessageIds`,
   * or anywhere when null (the periodic sweep).
   */
  async claimable(waMessageIds: readonly string[] | null, limit = 500): Promise<string[]> {
    if (waMessageIds !== null && waMessageIds.length === 0) return [];
    const rows = await this.sql.rows<{ waMessageId: string }>(CLAIMABLE, [waMessageIds === null ? null : [...new Set(waMessageIds)], limit]);
    return rows.map((row) => row.waMessageId);
  }
}
