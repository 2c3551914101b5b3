import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CALLBACK_DELIVERY_ATTEMPTS } from '@wabus/domain';
import type { DomainEventJob } from '@wabus/queues';
import { JobName, JobQueues } from '@wabus/queues';
import { LOGGER } from '@wabus/service';
import { ApprovalsRepository } from '../approvals/approvals.repository';
import { channelIdOf, uuidOrNull } from '../events/domain-event';
import { CallbackBody, DeliveriesRepository, NewDelivery } from './deliveries.repository';
import { SubscriptionDirectory } from '../directories/subscription-directory';
import { SubscriptionsRepository } from './subscriptions.repository';

/** A signed POST that is not a subscription delivery: what a webhook action or a ticket forward sends. */
export interface OneOffCallback {
  body: CallbackBody;
  url: string;
  channelId: string;
  subscriptionId?: string | null;
}

export class NoSigningSubscriptionError extends Error {
  readonly code = 'no_signing_subscription';
  constructor(channelId: string, subscriptionId?: string | null) {
    super(
      subscriptionId
        ? `Subscription ${subscriptionId} does not exist, is inactive or does not cover channel ${channelId}, so it cannot sign the callback: name another, or create one (POST /v1/subscriptions).`
        : `No active subscription covers channel ${channelId}, so there is no secret to sign the callback with: create one (POST /v1/subscriptions).`,
    );
    this.name = 'NoSigningSubscriptionError';
  }
}

/**
 * Turns events into deliveries: a row per (subscription, event), then one
 * DeliverCallbackJob per row with the row's id as job id. Both steps are
 * idempotent, and the second covers every pending row of the event, so an
 * event handled again after a crash queues what the crash left unqueued.
 */
@Injectable()
export class CallbackDeliveries {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly approvals: ApprovalsRepository,
    private readonly directory: SubscriptionDirectory,
    private readonly queues: JobQueues,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Delivers an event to every subscription that wants it (and, for a decided approval, to its callbackUrl). */
  async fanOut(event: DomainEventJob): Promise<number> {
    const body: CallbackBody = { id: event.eventId, type: event.type, occurredAt: event.occurredAt, data: event.data };
    // The hot path (every message and status): no query when nobody subscribed, one statement otherwise.
    if (event.type !== 'approval.decided') {
      if (!this.directory.wants(event.type, channelIdOf(event))) return 0;
      return this.queue(await this.deliveries.createForSubscribers(body, channelIdOf(event)));
    }
    const targets: NewDelivery[] = [];
    const callback = await this.approvalCallback(event);
    if (callback) targets.push(callback);
    const subscribed = await this.subscriptions.forEvent(event.type, channelIdOf(event));
    targets.push(...subscribed.map((subscription) => ({ subscriptionId: subscription.id, url: null })));
    return this.queue(await this.deliveries.createForEvent(body, targets));
  }

  /** A signed one-off POST (webhook action, ticket forward), delivered and retried like any other. */
  async send(callback: OneOffCallback): Promise<{ deliveryIds: string[]; subscriptionId: string }> {
    const signer = await this.subscriptions.signing(callback.channelId, callback.subscriptionId);
    if (!signer) throw new NoSigningSubscriptionError(callback.channelId, callback.subscriptionId);
    const ids = await this.deliveries.createForEvent(callback.body, [{ subscriptionId: signer.id, url: callback.url === signer.url ? null : callback.url }]);
    await this.queue(ids);
    return { deliveryIds: ids, subscriptionId: signer.id };
  }

  /**
   * The approval's callbackUrl, signed with the channel's subscription. It is
   * that subscription's delivery of this event: if the subscription also wants
   * `approval.decided`, the callbackUrl receives it instead of the
   * subscription's URL, so one receiver never gets one event twice.
   */
  private async approvalCallback(event: DomainEventJob): Promise<NewDelivery | null> {
    const approvalId = uuidOrNull(event.data['approvalId']);
    const approval = approvalId ? await this.approvals.find(approvalId) : null;
    if (!approval?.callbackUrl) return null;
    const signer = await this.subscriptions.signing(approval.channelId);
    if (!signer) {
      this.logger.error({ approvalId, channelId: approval.channelId }, 'approval decided but no subscription can sign its callback; create a subscription and replay the event');
      return null;
    }
    return { subscriptionId: signer.id, url: approval.callbackUrl === signer.url ? null : approval.callbackUrl };
  }

  private async queue(deliveryIds: string[]): Promise<number> {
    for (const deliveryId of deliveryIds) {
      await this.queues.enqueue(JobName.DeliverCallback, { v: 1, deliveryId }, { jobId: deliveryId, attempts: CALLBACK_DELIVERY_ATTEMPTS });
    }
    return deliveryIds.length;
  }

  /** Queues again deliveries whose job was lost (the periodic sweep). */
  async resume(deliveryIds: string[]): Promise<number> {
    return this.queue(deliveryIds);
  }
}
