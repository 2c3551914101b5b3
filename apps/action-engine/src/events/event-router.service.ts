import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { parseApprovalReplyId } from '@wabus/domain';
import type { DomainEventJob } from '@wabus/queues';
import { Metrics } from '@wabus/service';
import { ApprovalTaps } from '../approvals/approval-taps.service';
import { ActionRunner } from '../button-actions/action-runner.service';
import { CallbackDeliveries } from '../callbacks/callback-deliveries.service';
import { interactionOf } from './domain-event';

/**
 * What the engine does with each domain event: a tap runs the button's
 * actions (or decides an approval, whose buttons need no action), and every
 * event goes to the subscriptions that want it. The reaction comes first (it is what the user waits for); the
 * fan-out runs even when the reaction fails, and the failure is rethrown so
 * the job is retried (both halves are idempotent).
 */
@Injectable()
export class EventRouter {
  private readonly handled;

  constructor(
    private readonly actions: ActionRunner,
    private readonly approvalTaps: ApprovalTaps,
    private readonly callbacks: CallbackDeliveries,
    metrics: Metrics,
  ) {
    this.handled = metrics.histogram({
      name: 'wabus_action_engine_event_seconds',
      help: 'Time to handle one domain event (reaction and fan-out), by event type.',
      labelNames: ['type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    });
  }

  async route(event: DomainEventJob, job: Job): Promise<Record<string, unknown>> {
    const stop = this.handled.startTimer({ type: event.type });
    try {
      return await this.handle(event, job);
    } finally {
      stop();
    }
  }

  private async handle(event: DomainEventJob, job: Job): Promise<Record<string, unknown>> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
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
