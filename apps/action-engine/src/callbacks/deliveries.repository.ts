import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventDeliveryEntity, EventSubscriptionEntity, type SqlRunner } from '@wabus/persistence';
import { POOL_SQL } from '@wabus/service';

export interface NewDelivery {
  subscriptionId: string;
  /** null: the subscription's own URL. */
  url: string | null;
}

/** The body every business webhook carries: the event, whole. */
export interface CallbackBody {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * event_deliveries: one row per (subscription, event), the unique key that
 * makes "one delivery per event id" hold however often an event is handled.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource, @Inject(POOL_SQL) private readonly sql: SqlRunner) {}

  /**
   * Inserts what is missing (earlier rows win: put the approval callback
   * before the subscription deliveries of the same event) and returns the ids
   * of every delivery of this event still pending, new or left by a crash.
   */
  async createForEvent(body: CallbackBody, deliveries: NewDelivery[]): Promise<string[]> {
    if (deliveries.length > 0) {
      await this.sql.execute(
        `INSERT INTO event_deliveries (subscription_id, event_id, event_type, payload, url, next_attempt_at)
         SELECT d.subscription_id, $1, $2, $3, d.url, now()
           FROM unnest($4::uuid[], $5::text[]) WITH ORDINALITY AS d(subscription_id, url, position)
          ORDER BY d.position
         ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        [body.id, body.type, body, deliveries.map((delivery) => delivery.subscriptionId), deliveries.map((delivery) => delivery.url)],
      );
    }
    const pending = await this.sql.rows<{ id: string }>(`SELECT id FROM event_deliveries WHERE event_id = $1 AND status = 'pending' ORDER BY created_at, id`, [body.id]);
    return pending.map((row) => row.id);
  }

  /**
   * The subscription deliveries of an event, in one round trip: inserts a row
   * for each active subscription that wants it (if missing) and returns every
   * pending delivery of the event, new or left unqueued by a crash. (The outer
   * SELECT does not see the CTE's rows, hence the union.)
   */
  async createForSubscribers(body: CallbackBody, channelId: string | null): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(
      `WITH inserted AS (
         INSERT INTO event_deliveries (subscription_id, event_id, event_type, payload, next_attempt_at)
         SELECT s.id, $1, $2, $3, now() FROM event_subscriptions s
          WHERE s.active AND $2::text = ANY(s.events) AND (s.channel_id IS NULL OR s.channel_id = $4::uuid)
          ORDER BY s.created_at, s.id
         ON CONFLICT (subscription_id, event_id) DO NOTHING
         RETURNING id)
       SELECT id FROM inserted
       UNION
       SELECT id FROM event_deliveries WHERE event_id = $1 AND status = 'pending'`,
      [body.id, body.type, body, channelId],
    );
    return rows.map((row) => row.id);
  }

  async find(id: string): Promise<{ delivery: EventDeliveryEntity; subscription: EventSubscriptionEntity } | null> {
    const delivery = await this.dataSource.getRepository(EventDeliveryEntity).findOne({ where: { id }, relations: { subscription: true } });
    if (!delivery?.subscription) return null;
    return { delivery, subscription: delivery.subscription };
  }

  async markDelivered(id: string): Promise<void> {
    await this.sql.execute(
      `UPDATE event_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = now(), next_attempt_at = NULL, last_error = NULL, updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  async markAttemptFailed(id: string, error: string, final: boolean, nextAttemptAt: Date | null): Promise<void> {
    await this.sql.execute(
      `UPDATE event_deliveries SET status = CASE WHEN status = 'delivered' THEN status ELSE $3 END, attempts = attempts + 1, last_error = $2,
              next_attempt_at = $4, updated_at = now()
        WHERE id = $1`,
      [id, error.slice(0, 2000), final ? 'failed' : 'pending', final ? null : nextAttemptAt],
    );
  }

  /** Pending deliveries nobody has touched for a while (their job was lost with a crash before it was queued). */
  async stuck(olderThan: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(
      `SELECT id FROM event_deliveries
        WHERE status = 'pending' AND updated_at < $1 AND (next_attempt_at IS NULL OR next_attempt_at < $1)
        ORDER BY updated_at LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map((row) => row.id);
  }
}
