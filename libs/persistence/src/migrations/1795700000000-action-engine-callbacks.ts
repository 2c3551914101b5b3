import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the action engine needs beyond the first schema:
 *
 * - approvals.message_id loses its foreign key: the gateway knows the id of the
 *   approval's message at once (it is derived from the idempotency key
 *   `approval:<id>`), but `store` inserts that message row later, from the
 *   records queue; the unique key stays.
 * - approvals.decision_message_id: the tap that decided, so the same tap seen
 *   twice (events are at-least-once) is told apart from a later tap.
 * - event_deliveries.url: where a delivery goes when it is not the
 *   subscription's own URL (an approval's callbackUrl, a webhook action, a
 *   ticket forward); signed with that subscription's secret.
 * - indexes for the lists the API pages through, newest first.
 * - a NOTIFY whenever button actions (`wabus_button_actions`) or event
 *   subscriptions (`wabus_event_subscriptions`) change: the action engine
 *   keeps both small tables in memory, so a tap finds its actions and an
 *   event its subscribers without a query, and it reloads them when told.
 */
export class ActionEngineCallbacks1795700000000 implements MigrationInterface {
  name = 'ActionEngineCallbacks1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE approvals DROP CONSTRAINT fk_approvals_message');
    await queryRunner.query('ALTER TABLE approvals ADD COLUMN decision_message_id uuid');
    await queryRunner.query('ALTER TABLE event_deliveries ADD COLUMN url text');
    await queryRunner.query('CREATE INDEX ix_approvals_created ON approvals (created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX ix_action_runs_action_created ON action_runs (action_id, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX ix_event_deliveries_subscription_created ON event_deliveries (subscription_id, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX ix_event_deliveries_event_id ON event_deliveries (event_id)');
    await queryRunner.query(`CREATE FUNCTION wabus_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER tr_event_subscriptions_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_subscriptions
      FOR EACH STATEMENT EXECUTE FUNCTION wabus_notify_change('wabus_event_subscriptions')`);
    await queryRunner.query(`CREATE TRIGGER tr_button_actions_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON button_actions
      FOR EACH STATEMENT EXECUTE FUNCTION wabus_notify_change('wabus_button_actions')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER tr_button_actions_notify ON button_actions');
    await queryRunner.query('DROP TRIGGER tr_event_subscriptions_notify ON event_subscriptions');
    await queryRunner.query('DROP FUNCTION wabus_notify_change()');
    await queryRunner.query('DROP INDEX ix_event_deliveries_event_id');
    await queryRunner.query('DROP INDEX ix_event_deliveries_subscription_created');
    await queryRunner.query('DROP INDEX ix_action_runs_action_created');
    await queryRunner.query('DROP INDEX ix_approvals_created');
    await queryRunner.query('ALTER TABLE event_deliveries DROP COLUMN url');
    await queryRunner.query('ALTER TABLE approvals DROP COLUMN decision_message_id');
    // Rows whose message was never recorded would break the restored key: detach them first.
    await queryRunner.query('UPDATE approvals SET message_id = NULL WHERE message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages WHERE messages.id = approvals.message_id)');
    await queryRunner.query(
      'ALTER TABLE approvals ADD CONSTRAINT fk_approvals_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE SET NULL',
    );
  }
}
