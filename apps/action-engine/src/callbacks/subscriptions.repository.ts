import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventSubscriptionEntity, type SqlRunner } from '@wabus/persistence';
import { POOL_SQL } from '@wabus/service';

@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly dataSource: DataSource, @Inject(POOL_SQL) private readonly sql: SqlRunner) {}

  /** Active subscriptions that want this event type, for this channel or for every channel. */
  async forEvent(type: string, channelId: string | null): Promise<Array<{ id: string; url: string }>> {
    return await this.sql.rows<{ id: string; url: string }>(
      `SELECT id, url FROM event_subscriptions
        WHERE active AND $1::text = ANY(events) AND (channel_id IS NULL OR channel_id = $2::uuid)
        ORDER BY created_at, id`,
      [type, channelId],
    );
  }

  /** Every active subscription's events and channel (a small table), for the in-memory directory. */
  async active(): Promise<Array<{ events: string[]; channelId: string | null }>> {
    return await this.sql.rows<{ events: string[]; channelId: string | null }>(`SELECT events, channel_id AS "channelId" FROM event_subscriptions WHERE active`);
  }

  /**
   * The subscription whose secret signs a callback that is not a subscription
   * delivery (an approval's callbackUrl, a webhook action, a ticket forward):
   * the one named, else the channel's newest active one, else the newest
   * active one for every channel.
   */
  async signing(channelId: string, subscriptionId?: string | null): Promise<EventSubscriptionEntity | null> {
    const query = this.dataSource
      .getRepository(EventSubscriptionEntity)
      .createQueryBuilder('subscription')
      .where('subscription.active')
      .andWhere('(subscription.channel_id = :channelId OR subscription.channel_id IS NULL)', { channelId });
    if (subscriptionId) query.andWhere('subscription.id = :subscriptionId', { subscriptionId });
    return query.orderBy('subscription.channel_id IS NULL', 'ASC').addOrderBy('subscription.created_at', 'DESC').addOrderBy('subscription.id', 'DESC').getOne();
  }
}
