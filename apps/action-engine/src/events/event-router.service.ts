import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { parseApprovalReplyId } from '@wabus/domain';
import { JobQueues, type DomainEventJob, type DomainEventsJob } from '@wabus/queues';
import { Metrics } from '@wabus/service';
import { ApprovalTaps } from '../approvals/approval-taps.service';
import { ActionRunner } from '../button-actions/action-runner.service';
import { CallbackDeliveries } from '../callbacks/callback-deliveries.service';
import { interactionOf } from './domain-event';

/** Events of one batch handled at once (they mostly wait on PostgreSQL and Redis). */
const EVENTS_AT_ONCE = 16;

/**
 * What the engine does with each domain event: a tap runs the button's
 * actions (or decides an approval, whose buttons need no action), and every
 * event goes to the subscriptions that want it. The reaction comes first (it is what the user waits for); the
 * fan-out runs even when the reaction fails, and the failure is rethrown so
 * the job is retried (both halves are idempotent).
 *
 * Events come in batches (a store commit's events of one priority). Each is
 * handled on its own; one that fails in a batch of several is queued again as
 * a batch of one (job id = its event id), which BullMQ retries with backoff
 * and dead-letters alone, so a poison event never holds up or drags down the
 * others, and the batch job completes.
 */
@Injectable()
export class EventRouter {
  private readonly handled;

  constructor(
    private readonly actions: ActionRunner,
    private readonly approvalTaps: ApprovalTaps,
    private readonly callbacks: CallbackDeliveries,
    private readonly queues: JobQueues,
    metrics: Metrics,
  ) {
    this.handled = metrics.histogram({
      name: 'wabus_action_engine_event_seconds',
      help: 'Time to handle one domain event (reaction and fan-out), by event type.',
      labelNames: ['type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    });
  }

  /** A `domain-events` job. A batch of one is a single event: its failure fails the job (retried, then dead-lettered). */
  async routeBatch(batch: DomainEventsJob, job: Job): Promise<Record<string, unknown>> {
    if (batch.events.length === 1) return this.route(batch.events[0], job);
    const failed: DomainEventJob[] = [];
    await forEachAtOnce(batch.events, EVENTS_AT_ONCE, async (event) => {
      try {
        // Never the last attempt: what fails here gets its own job, with all its attempts.
        await this.timed(event, false);
      } catch {
        failed.push(event);
      }
    });
    await Promise.all(failed.map((event) => this.queues.publishDomainEvents([event])));
    return { events: batch.events.length, requeued: failed.map((event) => event.eventId) };
  }

  /** A `domain-event` job (one event per job, as versions before batching queued them) or a batch of one. */
  async route(event: DomainEventJob, job: Job): Promise<Record<string, unknown>> {
    return this.timed(event, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  }

  private async timed(event: DomainEventJob, lastAttempt: boolean): Promise<Record<string, unknown>> {
    const stop = this.handled.startTimer({ type: event.type });
    try {
      return await this.handle(event, lastAttempt);
    } finally {
      stop();
    }
  }

  private async handle(event: DomainEventJob, lastAttempt: boolean): Promise<Record<string, unknown>> {
    let reaction: Record<string, unknown> = {};
    let failure: unknown;
    try {
      reaction = await this.react(event, lastAttempt);
    } catch (error) {
      failure = error;
    }
    const deliveries = await this.callbacks.fanOut(event);
    if (failure !== undefined) throw failure;
    return { ...reaction, deliveries };
  }

  private async react(event: DomainEventJob, lastAttempt: boolean): Promise<Record<string, unknown>> {
    switch (event.type) {
      case 'interaction.received': {
        const interaction = interactionOf(event);
        const approvalTap = parseApprovalReplyId(interaction.replyId);
        if (approvalTap) {
          const outcome = await this.approvalTaps.handle(interaction, approvalTap.approvalId, approvalTap.choice);
          return { approval: typeof outcome === 'string' ? outcome : outcome.kind };
        }
        return { actions: await this.actions.runForTap(interaction, lastAttempt) };
      }
      default:
        return {};
    }
  }
}

/** Runs `work` for every item, at most `limit` at once. */
async function forEachAtOnce<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
