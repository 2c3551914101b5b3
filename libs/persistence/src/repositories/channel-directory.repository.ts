import type { SqlRunner } from './sql-runner';

/** What routing a webhook needs to know about a channel (no secrets). */
export interface ChannelRoute {
  id: string;
  phoneNumberId: string;
  wabaId: string;
  active: boolean;
}

const COLUMNS = 'id, phone_number_id AS "phoneNumberId", waba_id AS "wabaId", active';

/** Channel lookups for routing webhooks; read-only. */
export class ChannelDirectoryRepository {
  constructor(private readonly sql: SqlRunner) {}

  async byPhoneNumberIds(phoneNumberIds: readonly string[]): Promise<ChannelRoute[]> {
    if (phoneNumberIds.length === 0) return [];
    return this.sql.rows<ChannelRoute>(`SELECT ${COLUMNS} FROM channels WHERE phone_number_id = ANY($1::text[])`, [[...phoneNumberIds]]);
  }

  async byWabaId(wabaId: string): Promise<ChannelRoute[]> {
    return this.sql.rows<ChannelRoute>(`SELECT ${COLUMNS} FROM channels WHERE waba_id = $1 ORDER BY id`, [wabaId]);
  }
}
