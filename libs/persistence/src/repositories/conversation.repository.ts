import { jsonRows, type SqlRunner } from './sql-runner';

export interface ConversationKey {
  channelId: string;
  contactId: string;
  /** When the first message of a new conversation happened. */
  at: Date;
}

export interface ConversationRow {
  id: string;
  channelId: string;
  contactId: string;
  /** Created by this statement: the fact behind `conversation.opened`. */
  opened: boolean;
  createdAt: Date;
}

/** What a batch of new messages adds to one conversation. */
export interface ConversationActivity {
  id: string;
  added: number;
  /** Inbound messages among `added`: they are unread until someone reads them. */
  inbound: number;
  lastMessageAt: Date;
  /** The customer's latest message in the batch: the 24-hour window runs from here. */
  lastInboundAt: Date | null;
}

export function conversationKey(channelId: string, contactId: string): string {
  return `${channelId}|${contactId}`;
}

/**
 * Existing conversations are read, not rewritten (their counters move once per
 * batch, see `recordActivitySql`); new ones are inserted. A row a concurrent writer
 * committed after the statement's snapshot is found by the retry.
 */
const ENSURE = `
WITH i AS (
  SELECT DISTINCT ON (channel_id, contact_id) * FROM jsonb_to_recordset($1::jsonb) AS i(channel_id uuid, contact_id uuid, at timestamptz)
  ORDER BY channel_id, contact_id, at
), ins AS (
  INSERT INTO conversations (channel_id, contact_id, last_message_at)
  SELECT channel_id, contact_id, at FROM i ORDER BY channel_id, contact_id
  ON CONFLICT (channel_id, contact_id) DO NOTHING
  RETURNING id, channel_id, contact_id, created_at
)
SELECT id, channel_id AS "channelId", contact_id AS "contactId", true AS opened, created_at AS "createdAt" FROM ins
UNION ALL
SELECT c.id, c.channel_id, c.contact_id, false, c.created_at FROM conversations c JOIN i ON c.channel_id = i.channel_id AND c.contact_id = i.contact_id`;

/**
 * The conversations' activity (`activityRows`, in parameter `parameter`):
 * counters and times move forward only. A statement part: the message-log
 * transaction's closing statement carries it (`DomainEventRepository.insert`),
 * so these rows, which concurrent batches share, are locked the shortest.
 */
export function recordActivitySql(parameter: string): string {
  return `UPDATE conversations c SET
  message_count = c.message_count + a.added,
  unread_count = c.unread_count + a.inbound,
  last_message_at = GREATEST(c.last_message_at, a.last_message_at),
  last_inbound_at = GREATEST(c.last_inbound_at, a.last_inbound_at),
  updated_at = now()
FROM jsonb_to_recordset(${parameter}::jsonb) AS a(id uuid, added int, inbound int, last_message_at timestamptz, last_inbound_at timestamptz)
WHERE c.id = a.id`;
}

/** The activity as JSON rows for `recordActivitySql`, in id order so concurrent batches lock alike. */
export function activityRows(activity: readonly ConversationActivity[]): string {
  return jsonRows(
    [...activity]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((a) => ({ id: a.id, added: a.added, inbound: a.inbound, last_message_at: a.lastMessageAt, last_inbound_at: a.lastInboundAt })),
  );
}

/** Conversations (one per channel and contact): the store is their only writer. */
export class ConversationRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * The conversation of each (channel, contact), created where missing; keyed
   * by `channelId|contactId`. `known`: the conversations read with their
   * contacts (`ContactRepository.upsert`, where nearly all of them are found);
   * only the others are inserted, or found when a concurrent writer made them.
   */
  async ensure(keys: readonly ConversationKey[], known: readonly ConversationRow[]): Promise<Map<string, ConversationRow>> {
    const result = new Map<string, ConversationRow>();
    const wanted = new Set(keys.map((key) => conversationKey(key.channelId, key.contactId)));
    for (const row of known) if (wanted.has(conversationKey(row.channelId, row.contactId))) result.set(conversationKey(row.channelId, row.contactId), row);
    let pending = keys.filter((key) => !result.has(conversationKey(key.channelId, key.contactId)));
    for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
      const input = pending.map((key) => ({ channel_id: key.channelId, contact_id: key.contactId, at: key.at }));
      for (const row of await this.sql.rows<ConversationRow>(ENSURE, [jsonRows(input)])) {
        result.set(conversationKey(row.channelId, row.contactId), row);
      }
      pending = pending.filter((key) => !result.has(conversationKey(key.channelId, key.contactId)));
    }
    if (pending.length > 0) throw new Error(`conversations could not be resolved: ${pending.length} missing`);
    return result;
  }

}
