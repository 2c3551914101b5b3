import { Inject, Injectable } from '@nestjs/common';
import type { SqlRunner } from '@wabus/persistence';
import { POOL_SQL } from '@wabus/service';

export interface ContactRecipient {
  id: string;
  phone: string | null;
  waId: string | null;
  optedOut: boolean;
}

/** The sender's reads of contacts and conversations (written only by `store` and the gateway). */
@Injectable()
export class RecipientRepository {
  constructor(@Inject(POOL_SQL) private readonly sql: SqlRunner) {}

  async contact(channelId: string, contactId: string): Promise<ContactRecipient | null> {
    const rows: Array<{ id: string; phone: string | null; wa_id: string | null; opted_out: boolean }> = await this.sql.rows(
      'SELECT id, phone, wa_id, opted_out FROM contacts WHERE id = $1 AND channel_id = $2',
      [contactId, channelId],
    );
    const row = rows[0];
    return row ? { id: row.id, phone: row.phone, waId: row.wa_id, optedOut: row.opted_out } : null;
  }

  /** Which of these (channel, wa_id) pairs are opted-out contacts, in one query (`channelId:waId` keys). */
  async optedOut(pairs: Array<{ channelId: string; waId: string }>): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: Array<{ channel_id: string; wa_id: string }> = await this.sql.rows(
      `SELECT c.channel_id, c.wa_id
         FROM unnest($1::uuid[], $2::text[]) AS wanted(channel_id, wa_id)
         JOIN contacts c ON c.channel_id = wanted.channel_id AND c.wa_id = wanted.wa_id
        WHERE c.opted_out`,
      [pairs.map((pair) => pair.channelId), pairs.map((pair) => pair.waId)],
    );
    return new Set(rows.map((row) => `${row.channel_id}:${row.wa_id}`));
  }

  /**
   * The customer's last inbound message on this channel, from the conversation
   * row (the fallback when Redis has no window key). Matched by wa_id or by the
   * E.164 number: Meta's wa_id can differ from the number we send to (Brazil, Mexico).
   */
  async lastInboundAt(channelId: string, waId: string, phone: string): Promise<Date | null> {
    const rows: Array<{ last_inbound_at: Date | null }> = await this.sql.rows(
      `SELECT max(conv.last_inbound_at) AS last_inbound_at
         FROM conversations conv
         JOIN contacts c ON c.id = conv.contact_id
        WHERE conv.channel_id = $1 AND c.channel_id = $1 AND (c.wa_id = $2 OR c.phone = $3)`,
      [channelId, waId, phone],
    );
    return rows[0]?.last_inbound_at ?? null;
  }
}
