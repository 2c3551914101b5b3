import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ACTION_TEXT_MAX_LENGTH,
  ButtonActionConfigs,
  CONTACT_ATTRIBUTE_FIELD,
  derivedUuid,
  EffectType,
  renderPlaceholders,
  renderPlaceholdersDeep,
} from '@wabus/domain';
import { MessageEntity } from '@wabus/persistence';
import { JobQueues, submitOutboundMessage } from '@wabus/queues';
import { ApprovalDecisions } from '../approvals/approval-decisions.service';
import { ApprovalsRepository } from '../approvals/approvals.repository';
import { CallbackDeliveries, NoSigningSubscriptionError } from '../callbacks/callback-deliveries.service';
import { ContactsRepository } from './contacts.repository';
import { TicketsRepository } from './tickets.repository';
import { Trigger, triggerDocument } from './trigger';

/** Why an effect could not be applied. Permanent ones are recorded on the run and not retried. */
export class EffectError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent = true,
  ) {
    super(message);
    this.name = 'EffectError';
  }
}

export interface EffectContext {
  /** null only for a reply queued before its run was claimed (send_message needs no run). */
  runId: string | null;
  /** Unique per effect of a run (`<actionId>.<messageId>`, or `<runId>.<index>` for a rule's effects): the idempotency scope. */
  key: string;
  actionId: string;
  actionName: string;
  trigger: Trigger;
}

export type EffectOutcome = Record<string, unknown> & { skipped?: string };

/**
 * Applies one effect. Each is idempotent in its key, which is what makes an
 * action run exactly once even when its run is attempted again: the reply's
 * idempotency key gives it a fixed message id (and job id), the ticket is
 * unique per run, the webhook's event id is derived from the key, and the
 * contact changes set values rather than add to them.
 */
@Injectable()
export class EffectsService {
  constructor(
    private readonly queues: JobQueues,
    private readonly contacts: ContactsRepository,
    private readonly tickets: TicketsRepository,
    private readonly approvals: ApprovalsRepository,
    private readonly decisions: ApprovalDecisions,
    private readonly callbacks: CallbackDeliveries,
    private readonly dataSource: DataSource,
  ) {}

  async apply(type: EffectType, config: Record<string, unknown>, context: EffectContext): Promise<EffectOutcome> {
    switch (type) {
      case 'send_message':
        return this.sendMessage(config as unknown as ButtonActionConfigs['send_message'], context);
      case 'update_contact':
        return this.updateContact(config as unknown as ButtonActionConfigs['update_contact'], context);
      case 'create_ticket':
        return this.createTicket(config as ButtonActionConfigs['create_ticket'], context);
      case 'update_status':
        return this.updateStatus(config as unknown as ButtonActionConfigs['update_status'], context);
      case 'webhook':
        return this.webhook(config as unknown as ButtonActionConfigs['webhook'], context);
    }
  }

  private async sendMessage(config: ButtonActionConfigs['send_message'], context: EffectContext): Promise<EffectOutcome> {
    const { interaction } = context.trigger;
    const to = context.trigger.contact?.phone ?? interaction.phone;
    if (!to) throw new EffectError('no_phone_number', 'The tapping user has no phone number to reply to (known only by a business-scoped id).');
    const document = triggerDocument(context.trigger);
    const [type, payload] =
      config.text !== undefined
        ? (['text', { body: renderPlaceholders(config.text, document).slice(0, ACTION_TEXT_MAX_LENGTH), preview_url: false }] as const)
        : (['template', renderPlaceholdersDeep(config.template as unknown as Record<string, unknown>, document)] as const);
    if (type === 'text' && payload.body.trim() === '') throw new EffectError('empty_text', 'The reply text is empty once its placeholders are filled.');
    const message = await submitOutboundMessage(this.queues, {
      channelId: interaction.channelId,
      to,
      type,
      payload,
      idempotencyKey: `action.${context.key}`,
      ...(config.quote ? { contextMessageId: await this.waMessageIdOf(interaction.messageId) } : {}),
    });
    return { messageId: message.messageId, messageType: type };
  }

  private async updateContact(config: ButtonActionConfigs['update_contact'], context: EffectContext): Promise<EffectOutcome> {
    const contactId = this.contactId(context);
    const value = typeof config.value === 'string' ? renderPlaceholders(config.value, triggerDocument(context.trigger)) : config.value;
    const attribute = CONTACT_ATTRIBUTE_FIELD.exec(config.field);
    let found: boolean;
    if (attribute) found = await this.contacts.setAttribute(contactId, attribute[1], value);
    else if (config.field === 'tags.add') found = await this.contacts.addTag(contactId, String(value));
    else if (config.field === 'tags.remove') found = await this.contacts.removeTag(contactId, String(value));
    else if (config.field === 'optedOut') found = await this.contacts.setOptedOut(contactId, value === true);
    else throw new EffectError('invalid_config', `update_contact cannot change "${config.field}".`);
    if (!found) throw new EffectError('contact_not_found', `The contact ${contactId} no longer exists.`);
    return { contactId, field: config.field, value };
  }

  private async createTicket(config: ButtonActionConfigs['create_ticket'], context: EffectContext): Promise<EffectOutcome> {
    const { interaction, contact } = context.trigger;
    const document = triggerDocument(context.trigger);
    const subject = renderPlaceholders(config.subject ?? '{{message.replyTitle | Button tap}} — {{contact.name | customer}} ({{contact.phone}})', document).trim().slice(0, 200);
    const body = config.body === undefined ? null : renderPlaceholders(config.body, document);
    const { ticket, opened } = await this.tickets.openOnce({
      actionRunId: this.runIdOf(context),
      channelId: interaction.channelId,
      contactId: contact?.id ?? interaction.contactId,
      messageId: interaction.messageId,
      subject: subject || 'Button tap',
      body,
    });
    if (!config.forwardUrl) return { ticketId: ticket.id, opened };
    const forwarded = await this.signedPost(context, config.forwardUrl, config.subscriptionId, {
      id: derivedUuid('ticket.created', ticket.id),
      type: 'ticket.created',
      occurredAt: ticket.createdAt.toISOString(),
      data: {
        ticketId: ticket.id,
        subject: ticket.subject,
        body: ticket.body,
        status: ticket.status,
        channelId: ticket.channelId,
        contactId: ticket.contactId,
        messageId: ticket.messageId,
        actionId: context.actionId,
        actionRunId: context.runId,
        contact: document['contact'],
      },
    });
    return { ticketId: ticket.id, opened, forwarded };
  }

  private async updateStatus(config: ButtonActionConfigs['update_status'], context: EffectContext): Promise<EffectOutcome> {
    if (config.target === 'contact') {
      const contactId = this.contactId(context);
      if (!(await this.contacts.setAttribute(contactId, 'status', config.status))) throw new EffectError('contact_not_found', `The contact ${contactId} no longer exists.`);
      return { contactId, status: config.status };
    }
    const { interaction } = context.trigger;
    const approval = config.approvalId
      ? await this.approvals.find(config.approvalId)
      : await this.approvals.findByMessage(interaction.contextMessageId, interaction.contextWaMessageId);
    if (!approval || approval.channelId !== interaction.channelId) {
      throw new EffectError('approval_not_found', config.approvalId ? `No approval ${config.approvalId} on this channel.` : 'The tapped message is not an approval request.');
    }
    const status = config.status as 'approved' | 'rejected';
    const decided = await this.decisions.decide({
      approvalId: approval.id,
      status,
      decidedBy: interaction.phone ?? `action:${context.actionId}`,
      decisionMessageId: interaction.messageId,
      contactId: interaction.contactId,
    });
    if (decided) return { approvalId: approval.id, status, changed: true };
    const current = await this.approvals.find(approval.id);
    // This very run decided it before a crash: make sure its event went out.
    if (current && current.decisionMessageId === interaction.messageId) await this.decisions.publish(current, null);
    return { approvalId: approval.id, status: current?.status ?? approval.status, changed: current?.decisionMessageId === interaction.messageId };
  }

  private async webhook(config: ButtonActionConfigs['webhook'], context: EffectContext): Promise<EffectOutcome> {
    const { interaction } = context.trigger;
    return this.signedPost(context, config.url, config.subscriptionId, {
      id: derivedUuid('button-action.webhook', context.key),
      type: 'button_action.triggered',
      occurredAt: interaction.occurredAt,
      data: { actionId: context.actionId, actionName: context.actionName, actionRunId: context.runId, ...triggerDocument(context.trigger) },
    });
  }

  private async signedPost(
    context: EffectContext,
    url: string,
    subscriptionId: string | undefined,
    body: { id: string; type: string; occurredAt: string; data: Record<string, unknown> },
  ): Promise<EffectOutcome> {
    try {
      const sent = await this.callbacks.send({ body, url, channelId: context.trigger.interaction.channelId, subscriptionId });
      return { eventId: body.id, url, ...sent };
    } catch (error) {
      if (error instanceof NoSigningSubscriptionError) throw new EffectError(error.code, error.message);
      throw error;
    }
  }

  private runIdOf(context: EffectContext): string {
    if (!context.runId) throw new EffectError('no_run', 'This effect needs its run; it cannot be applied before the run is claimed.', false);
    return context.runId;
  }

  private contactId(context: EffectContext): string {
    const id = context.trigger.contact?.id ?? context.trigger.interaction.contactId;
    if (!id) throw new EffectError('contact_not_found', 'The tap names no contact.');
    return id;
  }

  private async waMessageIdOf(messageId: string): Promise<string | undefined> {
    const message = await this.dataSource.getRepository(MessageEntity).findOne({ where: { id: messageId }, select: { id: true, waMessageId: true } });
    return message?.waMessageId ?? undefined;
  }
}
