import type { SealedSecret } from '../secret-box';
import type { SqlRunner } from './sql-runner';

/** What fetching a message's media needs: the media object and the channel's Graph credentials (still sealed). */
export interface MediaSource {
  messageId: string;
  channelId: string;
  direction: 'in' | 'out';
  type: string;
  payload: Record<string, unknown> | null;
  phoneNumberId: string;
  graphBaseUrl: string;
  apiVersion: string;
  accessToken: SealedSecret;
}

/** Read-only: a message with its channel's Graph settings. */
export class MediaSourceRepository {
  constructor(private readonly sql: SqlRunner) {}

  async find(messageId: string): Promise<MediaSource | null> {
    const [row] = await this.sql.rows<MediaSource>(
      `SELECT m.id AS "messageId", m.channel_id AS "channelId", m.direction, m.type, m.payload,
              c.phone_number_id AS "phoneNumberId", c.graph_base_url AS "graphBaseUrl", c.api_version AS "apiVersion", c.access_token AS "accessToken"
       FROM messages m JOIN channels c ON c.id = m.channel_id WHERE m.id = $1`,
      [messageId],
    );
    return row ?? null;
  }
}
