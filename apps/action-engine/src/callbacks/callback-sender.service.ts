import { Inject, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { callbackRetryDelayMs, callbackVerdict, signCallback } from '@wabus/domain';
import { SecretBox } from '@wabus/persistence';
import type { DeliverCallbackJob } from '@wabus/queues';
import { LOGGER, Metrics } from '@wabus/service';
import { CallbackHttpClient, CallbackTransportError } from './callback-http.client';
import { DeliveriesRepository } from './deliveries.repository';

/** A failed attempt, with the code the dead letters and the logs show. */
export class CallbackAttemptError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackAttemptError';
  }
}

/**
 * One attempt of one delivery: sign the stored body with the subscription's
 * secret and a fresh timestamp, POST it, record the outcome. A failure is
 * thrown so BullMQ retries it with backoff; the last failure (or a permanent
 * one: 410 Gone, a refused address) ends in the dead letters.
 */
@Injectable()
export class CallbackSender {
  private readonly outcomes;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly http: CallbackHttpClient,
    private readonly secrets: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.outcomes = metrics.counter({ name: 'wabus_callback_attempts_total', help: 'Business webhook attempts, by outcome.', labelNames: ['outcome'] });
  }

  async deliver(job: DeliverCallbackJob, attempt: Job): Promise<{ status: number } | { skipped: string }> {
    const found = await this.deliveries.find(job.deliveryId);
    if (!found) return { skipped: 'delivery or subscription removed' };
    const { delivery, subscription } = found;
    if (delivery.status === 'delivered') return { skipped: 'already delivered' };
    const url = delivery.url ?? subscription.url;
    const body = JSON.stringify(delivery.payload);
    const headers = signCallback({ secret: this.secrets.open(subscription.secret), eventId: delivery.eventId, rawBody: body });
    const final = attempt.attemptsMade + 1 >= (attempt.opts.attempts ?? 1);
    let failure: CallbackAttemptError;
    let permanent = false;
    try {
      const answer = await this.http.post(url, body, { ...headers });
      const verdict = callbackVerdict(answer.status);
      if (verdict === 'delivered') {
        await this.deliveries.markDelivered(delivery.id);
        this.outcomes.inc({ outcome: 'delivered' });
        return { status: answer.status };
      }
      permanent = verdict === 'give_up';
      failure = new CallbackAttemptError(`callback_http_${answer.status}`, `HTTP ${answer.status}${answer.excerpt ? `: ${answer.excerpt.slice(0, 200)}` : ''}`);
    } catch (error) {
      if (!(error instanceof CallbackTransportError)) throw error;
      permanent = error.permanent;
      failure = new CallbackAttemptError(error.code, error.message);
    }
    const last = final || permanent;
    const next = last ? null : new Date(Date.now() + callbackRetryDelayMs(attempt.attemptsMade + 1));
    await this.deliveries.markAttemptFailed(delivery.id, `${failure.code}: ${failure.message}`, last, next);
    this.outcomes.inc({ outcome: last ? 'failed' : 'retry' });
    this.logger.warn({ deliveryId: delivery.id, eventId: delivery.eventId, subscriptionId: subscription.id, code: failure.code, final: last }, 'business webhook attempt failed');
    if (permanent) throw Object.assign(new UnrecoverableError(failure.message), { code: failure.code });
    throw failure;
  }
}
