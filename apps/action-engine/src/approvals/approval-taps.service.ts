import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApprovalChoice, approvalTapOutcome, ApprovalTapOutcome, approvalTapReply } from '@wabus/domain';
import type { ApprovalEntity } from '@wabus/persistence';
import { JobQueues, submitOutboundMessage } from '@wabus/queues';
import { LOGGER } from '@wabus/service';
import type { Interaction } from '../events/domain-event';
import { ApprovalDecisions } from './approval-decisions.service';
import { ApprovalsRepository } from './approvals.repository';
import { ContactsRepository } from '../button-actions/contacts.repository';

/**
 * A tap on an approval's button. The first tap by the addressee decides; the
 * same tap seen again changes nothing and answers the same; a later tap, or a
 * tap after the expiry, gets a polite answer. Every answer to one tap has the
 * idempotency key `approval-tap.<tap message id>`, so however often the tap is
 * handled, the person reads one reply.
 */
@Injectable()
export class ApprovalTaps {
  constructor(
    private readonly approvals: ApprovalsRepository,
    private readonly decisions: ApprovalDecisions,
    private readonly contacts: ContactsRepository,
    private readonly queues: JobQueues,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(tap: Interaction, approvalId: string, choice: ApprovalChoice): Promise<ApprovalTapOutcome | 'unknown'> {
    const approval = await this.approvals.find(approvalId);
    if (!approval || approval.channelId !== tap.channelId) {
      this.logger.warn({ approvalId, channelId: tap.channelId, messageId: tap.messageId }, 'tap on an approval that does not exist on this channel');
      await this.reply(tap, 'Sorry, this request is no longer available.');
      return 'unknown';
    }
    const outcome = await this.apply(approval, tap, choice);
    const text = approvalTapReply(outcome, { title: approval.title, reference: approval.reference, expiresAt: approval.expiresAt });
    if (text) await this.reply(tap, text);
    if (outcome.kind === 'not_addressee') this.logger.warn({ approvalId, messageId: tap.messageId }, 'tap on an approval by someone it was not sent to; ignored');
    return outcome;
  }

  private async apply(approval: ApprovalEntity, tap: Interaction, choice: ApprovalChoice, again = true): Promise<ApprovalTapOutcome> {
    const outcome = approvalTapOutcome(approval, { phone: tap.phone ?? '', messageId: tap.messageId, choice }, new Date());
    switch (outcome.kind) {
      case 'decide': {
        const name = await this.nameOf(tap.contactId);
        const decided = await this.decisions.decide(
          {
            approvalId: approval.id,
            status: outcome.status,
            decidedBy: tap.phone ?? 'unknown',
            decisionMessageId: tap.messageId,
            contactId: tap.contactId,
            waMessageId: tap.contextMessageId === approval.messageId ? tap.contextWaMessageId : null,
          },
          name,
        );
        if (decided) return outcome;
        // Someone (another tap, the sweep) got there first: answer from what it is now.
        const now = await this.approvals.find(approval.id);
        return now && again ? this.apply(now, tap, choice, false) : { kind: 'expired' };
      }
      case 'decided_by_this_tap':
        // Handled before, perhaps interrupted before the event was published: publish again (a no-op if it was).
        await this.decisions.publish(approval, await this.nameOf(tap.contactId));
        return outcome;
      case 'expired':
        if (approval.status === 'pending') await this.decisions.expire(approval.id, 1);
        return outcome;
      default:
        return outcome;
    }
  }

  private async nameOf(contactId: string | null): Promise<string | null> {
    if (!contactId) return null;
    const contact = await this.contacts.find(contactId);
    return contact?.profileName ?? contact?.username ?? null;
  }

  private async reply(tap: Interaction, text: string): Promise<void> {
    if (!tap.phone) return;
    await submitOutboundMessage(this.queues, {
      channelId: tap.channelId,
      to: tap.phone,
      type: 'text',
      payload: { body: text, preview_url: false },
      idempotencyKey: `approval-tap.${tap.messageId}`,
    });
  }
}
