import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { approvalDecidedEventId, ApprovalDecision } from '@wabus/domain';
import type { ApprovalEntity } from '@wabus/persistence';
import { JobQueues } from '@wabus/queues';
import { LOGGER, Metrics } from '@wabus/service';
import { ApprovalsRepository, Decision } from './approvals.repository';

/**
 * Decides approvals and publishes `approval.decided`. The event's id is
 * derived from the approval, and is the BullMQ job id, so publishing again
 * (a retried tap, the sweep catching up after a crash) adds nothing, and each
 * subscriber gets one delivery per approval.
 */
@Injectable()
export class ApprovalDecisions {
  private readonly decisions;

  constructor(
    private readonly approvals: ApprovalsRepository,
    private readonly queues: JobQueues,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.decisions = metrics.counter({ name: 'wabus_approval_decisions_total', help: 'Approvals decided or expired, by outcome.', labelNames: ['status'] });
  }

  /** The decided approval, or null when it was no longer pending. */
  async decide(decision: Decision, decidedByName: string | null = null): Promise<ApprovalEntity | null> {
    const decided = await this.approvals.decide(decision);
    if (!decided) return null;
    this.decisions.inc({ status: decision.status });
    this.logger.info({ approvalId: decided.id, status: decided.status, channelId: decided.channelId }, 'approval decided');
    await this.publish(decided, decidedByName);
    return decided;
  }

  async expire(approvalId?: string, limit = 200): Promise<ApprovalEntity[]> {
    const expired = await this.approvals.expireDue(limit, approvalId);
    for (const approval of expired) {
      this.decisions.inc({ status: 'expired' });
      await this.publish(approval, null);
    }
    return expired;
  }

  /** Safe to call any number of times for a decided approval. */
  async publish(approval: ApprovalEntity, decidedByName: string | null): Promise<void> {
    if (approval.status === 'pending') return;
    const eventId = approvalDecidedEventId(approval.id);
    await this.queues.publishDomainEvents([
      {
        v: 1,
        eventId,
        type: 'approval.decided',
        occurredAt: (approval.decidedAt ?? approval.updatedAt).toISOString(),
        data: {
          approvalId: approval.id,
          channelId: approval.channelId,
          reference: approval.reference,
          title: approval.title,
          status: approval.status as ApprovalDecision | 'expired',
          decidedAt: approval.decidedAt?.toISOString() ?? null,
          decidedBy: approval.decidedBy,
          ...(decidedByName ? { decidedByName } : {}),
          to: approval.phone,
          contactId: approval.contactId,
          amount: approval.amount,
          currency: approval.currency,
          messageId: approval.messageId,
          decisionMessageId: approval.decisionMessageId,
        },
      },
    ]);
  }
}
