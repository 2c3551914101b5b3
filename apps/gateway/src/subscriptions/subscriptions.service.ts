import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { CALLBACK_DELIVERY_ATTEMPTS, isUuid, outboundUrlProblems } from '@wabus/domain';
import { CursorPage, EventDeliveryEntity, EventSubscriptionEntity, paginateNewestFirst, SecretBox, type SqlRunner } from '@wabus/persistence';
import { JobName, JobQueues, QueueName } from '@wabus/queues';
import { ApiError, APP_CONFIG, POOL_SQL, ValidationFailedError } from '@wabus/service';
import { pageOf } from '../api/page-query.dto';
import { ApiKeyPrincipal, mayUseChannel } from '../auth/api-key-principal';
import { ChannelsService } from '../channels/channels.service';
import { CreatedSubscriptionView, CreateSubscriptionDto, DeliveryQueryDto, DeliveryView, ReplayAcceptedView, SubscriptionView } from './subscription.dto';


/**
 * Event subscriptions: signed webhooks of domain events to business services.
 * The secret is generated here, sealed at rest, and shown once in the 201;
 * deliveries are written and sent by action-engine, and listed and replayed here.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    @Inject(POOL_SQL) private readonly sql: SqlRunner,
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly channels: ChannelsService,
    private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get subscriptions() {
    return this.dataSource.getRepository(EventSubscriptionEntity);
  }

  async create(input: CreateSubscriptionDto, principal: ApiKeyPrincipal): Promise<CreatedSubscriptionView> {
    const problems = outboundUrlProblems(input.url, { allowPrivate: this.config.allowPrivateUrls });
    if (problems.length > 0) throw new ValidationFailedError([{ field: 'url', problems: problems.map((problem) => `url ${problem}`) }]);
    const channelId = input.channelId ?? null;
    if (channelId === null && principal.channelIds !== null) {
      throw new ApiError(403, 'forbidden', 'This API key is limited to some channels; give the subscription a channelId.', { channelIds: principal.channelIds });
    }
    if (channelId !== null) {
      if (!mayUseChannel(principal, channelId)) throw new ApiError(403, 'forbidden', 'This API key may not use this channel.', { channelId });
      await this.channels.entity(channelId);
    }
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const saved = await this.subscriptions.save(
      this.subscriptions.create({ url: input.url, events: [...input.events], channelId, active: input.active ?? true, secret: this.secrets.seal(secret) }),
    );
    return { ...toView(saved), secret };
  }

  async list(query: { limit?: number; cursor?: string }, principal: ApiKeyPrincipal): Promise<CursorPage<SubscriptionView>> {
    const builder = this.subscriptions.createQueryBuilder('subscription');
    if (principal.channelIds) builder.andWhere('subscription.channel_id = ANY(:allowed)', { allowed: principal.channelIds });
    const page = await paginateNewestFirst(builder, 'subscription', pageOf(query));
    return { data: page.data.map(toView), nextCursor: page.nextCursor };
  }

  async get(id: string, principal: ApiKeyPrincipal): Promise<SubscriptionView> {
    return toView(await this.entity(id, principal));
  }

  async remove(id: string, principal: ApiKeyPrincipal): Promise<void> {
    const subscription = await this.entity(id, principal);
    await this.subscriptions.delete({ id: subscription.id });
  }

  async deliveries(id: string, query: DeliveryQueryDto, principal: ApiKeyPrincipal): Promise<CursorPage<DeliveryView>> {
    const subscription = await this.entity(id, principal);
    const builder = this.dataSource.getRepository(EventDeliveryEntity).createQueryBuilder('delivery').where('delivery.subscription_id = :id', { id: subscription.id });
    if (query.status) builder.andWhere('delivery.status = :status', { status: query.status });
    if (query.eventId) builder.andWhere('delivery.event_id = :eventId', { eventId: query.eventId });
    const page = await paginateNewestFirst(builder, 'delivery', pageOf(query));
    return { data: page.data.map((delivery) => toDeliveryView(delivery, subscription)), nextCursor: page.nextCursor };
  }

  /**
   * Sends a delivery again, whatever its state (a receiver dedupes on the event
   * id). A retry already waiting is brought forward rather than doubled.
   */
  async replay(id: string, deliveryId: string, principal: ApiKeyPrincipal): Promise<ReplayAcceptedView> {
    const subscription = await this.entity(id, principal);
    const delivery = isUuid(deliveryId) ? await this.dataSource.getRepository(EventDeliveryEntity).findOne({ where: { id: deliveryId, subscriptionId: subscription.id } }) : null;
    if (!delivery) throw ApiError.notFound('delivery', deliveryId);
    await this.sql.execute(`UPDATE event_deliveries SET status = 'pending', next_attempt_at = now(), updated_at = now() WHERE id = $1`, [delivery.id]);
    const queue = this.queues.queue(QueueName.Callbacks);
    const scheduled = await queue.getJob(delivery.id);
    const state = scheduled ? await scheduled.getState() : null;
    if (scheduled && state === 'delayed') {
      try {
        await scheduled.promote();
        return { id: delivery.id, status: 'pending' };
      } catch {
        // it moved on meanwhile: queue a fresh attempt below
      }
    } else if (state === 'waiting' || state === 'active' || state === 'prioritized') {
      return { id: delivery.id, status: 'pending' };
    }
    await this.queues.enqueue(JobName.DeliverCallback, { v: 1, deliveryId: delivery.id }, { jobId: `${delivery.id}-replay-${Date.now()}`, attempts: CALLBACK_DELIVERY_ATTEMPTS });
    return { id: delivery.id, status: 'pending' };
  }

  private async entity(id: string, principal: ApiKeyPrincipal): Promise<EventSubscriptionEntity> {
    const subscription = isUuid(id) ? await this.subscriptions.findOne({ where: { id } }) : null;
    const visible = subscription && (subscription.channelId ? mayUseChannel(principal, subscription.channelId) : principal.channelIds === null);
    if (!subscription || !visible) throw ApiError.notFound('subscription', id);
    return subscription;
  }
}

function toView(subscription: EventSubscriptionEntity): SubscriptionView {
  return {
    id: subscription.id,
    url: subscription.url,
    events: subscription.events,
    channelId: subscription.channelId,
    active: subscription.active,
    hasSecret: Boolean(subscription.secret),
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}

function toDeliveryView(delivery: EventDeliveryEntity, subscription: EventSubscriptionEntity): DeliveryView {
  return {
    id: delivery.id,
    subscriptionId: delivery.subscriptionId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    url: delivery.url ?? subscription.url,
    status: delivery.status,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    payload: delivery.payload,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}
