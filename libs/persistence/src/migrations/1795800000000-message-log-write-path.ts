import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lighter write path for the message log, measured with `npm run bench store`.
 *
 * Most webhook events are statuses (sent → delivered → read), and each one
 * updates its message row. While `status` was indexed, every such update was
 * a new row version plus an entry in each of the table's eleven indexes. With
 * no index on `status` (nor on anything else a status update changes), and
 * room left in each page (fillfactor 85), PostgreSQL updates the row in place
 * as a heap-only tuple: no index is touched at all.
 *
 * - ix_messages_status_created goes: GET /v1/messages?status=… now walks
 *   ix_messages_created (or the channel/conversation/contact index when one of
 *   those filters is given, as the console does) and filters; a page of a
 *   common status is as fast as before, a page of a rare one reads further.
 * - ix_messages_direction_created goes: two values, half the table each; the
 *   created index with a filter serves it as well.
 * - ix_domain_events_aggregate goes: nothing queries events by aggregate.
 */
export class MessageLogWritePath1795800000000 implements MigrationInterface {
  name = 'MessageLogWritePath1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_messages_status_created');
    await queryRunner.query('DROP INDEX ix_messages_direction_created');
    await queryRunner.query('DROP INDEX ix_domain_events_aggregate');
    await queryRunner.query('ALTER TABLE messages SET (fillfactor = 85)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE messages RESET (fillfactor)');
    await queryRunner.query('CREATE INDEX ix_domain_events_aggregate ON domain_events (aggregate_id, created_at)');
    await queryRunner.query('CREATE INDEX ix_messages_direction_created ON messages (direction, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX ix_messages_status_created ON messages (status, created_at DESC, id DESC)');
  }
}
