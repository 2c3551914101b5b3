import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { ApprovalLine, approvalMessage, derivedUuid, effectiveApprovalStatus, InvalidPhoneNumberError, isUuid, normalizePhoneNumber, outboundMessageProblems, outboundUrlProblems } from '@wabus/domain';
import { ApprovalEntity, ContactEntity, CursorPage, MessageEntity, paginateNewestFirst, type SqlRunner } from '@wabus/persistence';
import { JobQueues, outboundMessageId, submitOutboundMessage } from '@wabus/queues';
import { ApiError, APP_CONFIG, FieldProblem, POOL_SQL, ValidationFailedError } from '@wabus/service';
import { pageOf } from '../api/page-query.dto';
import { ApiKeyPrincipal, mayUseChannel } from '../auth/api-key-principal';
import { ChannelsService } from '../channels/channels.service';
import { ApprovalQueryDto, ApprovalView, CreateApprovalDto } from './approval.dto';


/**
 * Approvals: the request is recorded and its two-button message queued in one
 * transaction (a failed enqueue leaves no approval behind); the message's id
 * is derived from `approval:<id>`, so the approval knows it at once and a
 * retried request cannot send twice. Taps are handled by action-engine.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    @Inject(POOL_SQL) private readonly sql: SqlRunner,
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: CreateApprovalDto, principal: ApiKeyPrincipal): Promise<{ approval: ApprovalView; created: boolean }> {
    if (!mayUseChannel(principal, input.channelId)) throw new ApiError(403, 'forbidden', 'This API key may not use this channel.', { channelId: input.channelId });
    const to = this.checkInput(input);
    const channel = await this.channels.entity(input.channelId);
    if (!channel.active) throw new ApiError(409, 'channel_inactive', 'This channel is inactive; activate it before asking for approvals.', { channelId: channel.id });
    if (input.callbackUrl && !(await this.hasSigningSubscription(channel.id))) {
      throw new ApiError(422, 'no_signing_subscription', 'A callbackUrl is signed with a subscription secret, and no active subscription covers this channel: create one (POST /v1/subscriptions) first.', {
        channelId: channel.id,
      });
    }
    const id = input.idempotencyKey ? derivedUuid('approval', channel.id, input.idempotencyKey) : randomUUID();
    const existing = await this.approvals().findOne({ where: { id } });
    if (existing) return { approval: (await this.views([existing]))[0], created: false };

    const lines: ApprovalLine[] = (input.lines ?? []).map((line) => ({
      description: line.description,
      ...(line.quantity !== undefined ? { quantity: line.quantity } : {}),
      ...(line.amount !== undefined ? { amount: String(line.amount) } : {}),
    }));
    const messageKey = `approval:${id}`;
    const fields = {
      id,
      channelId: channel.id,
      phone: to,
      reference: input.reference,
      title: input.title,
      lines,
      amount: input.amount === undefined ? null : String(input.amount),
      currency: input.currency ?? null,
      approveLabel: input.approveLabel ?? 'Approve',
      rejectLabel: input.rejectLabel ?? 'Reject',
      callbackUrl: input.callbackUrl ?? null,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      messageId: outboundMessageId(channel.id, messageKey),
    };
    const interactive = approvalMessage({ ...fields, id });
    const problems = outboundMessageProblems('interactive', { interactive });
    if (problems.length > 0) throw new ValidationFailedError(problems.map((problem) => ({ field: problem.field, problems: [problem.problem] })));

    const saved = await this.dataSource.transaction(async (manager) => {
      const contactId = await this.contactId(manager, channel.id, to);
      const inserted = (await manager
        .createQueryBuilder()
        .insert()
        .into(ApprovalEntity)
        .values({ ...fields, contactId })
        .orIgnore()
        .returning('id')
        .execute()) as { raw: unknown[] };
      if (inserted.raw.length === 0) return null;
      await submitOutboundMessage(this.queues, { channelId: channel.id, to, type: 'interactive', payload: interactive, idempotencyKey: messageKey });
      return manager.getRepository(ApprovalEntity).findOneOrFail({ where: { id } });
    });
    // null: a concurrent request with the same key inserted it first.
    const approval = saved ?? (await this.approvals().findOneOrFail({ where: { id } }));
    return { approval: (await this.views([approval]))[0], created: saved !== null };
  }

  async get(id: string, principal: ApiKeyPrincipal): Promise<ApprovalView> {
    const approval = isUuid(id) ? await this.approvals().findOne({ where: { id } }) : null;
    if (!approval || !mayUseChannel(principal, approval.channelId)) throw ApiError.notFound('approval', id);
    const [view] = await this.views([approval]);
    return view;
  }

  async list(query: ApprovalQueryDto, principal: ApiKeyPrincipal): Promise<CursorPage<ApprovalView>> {
    const builder = this.approvals().createQueryBuilder('approval');
    if (principal.channelIds) builder.andWhere('approval.channel_id = ANY(:allowed)', { allowed: principal.channelIds });
    if (query.channelId) builder.andWhere('approval.channel_id = :channelId', { channelId: query.channelId });
    if (query.reference) builder.andWhere('approval.reference = :reference', { reference: query.reference });
    if (query.status === 'expired') builder.andWhere("(approval.status = 'expired' OR (approval.status = 'pending' AND approval.expires_at <= now()))");
    else if (query.status === 'pending') builder.andWhere("approval.status = 'pending' AND (approval.expires_at IS NULL OR approval.expires_at > now())");
    else if (query.status) builder.andWhere('approval.status = :status', { status: query.status });
    const page = await paginateNewestFirst(builder, 'approval', pageOf(query));
    return { data: await this.views(page.data), nextCursor: page.nextCursor };
  }

  private checkInput(input: CreateApprovalDto): string {
    const problems: FieldProblem[] = [];
    let to = '';
    try {
      to = normalizePhoneNumber(input.to).e164;
    } catch (error) {
      if (!(error instanceof InvalidPhoneNumberError)) throw error;
      problems.push({ field: 'to', problems: [error.message] });
    }
    if (input.callbackUrl !== undefined) {
      const urlProblems = outboundUrlProblems(input.callbackUrl, { allowPrivate: this.config.allowPrivateUrls });
      if (urlProblems.length > 0) problems.push({ field: 'callbackUrl', problems: urlProblems.map((problem) => `callbackUrl ${problem}`) });
    }
    if (input.expiresAt !== undefined && new Date(input.expiresAt).getTime() <= Date.now()) problems.push({ field: 'expiresAt', problems: ['expiresAt must be in the future'] });
    if ((input.approveLabel ?? 'Approve') === (input.rejectLabel ?? 'Reject')) problems.push({ field: 'rejectLabel', problems: ['the two buttons need different labels'] });
    if (input.amount === undefined && input.currency !== undefined) problems.push({ field: 'currency', problems: ['a currency needs an amount'] });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return to;
  }

  private async hasSigningSubscription(channelId: string): Promise<boolean> {
    const rows = await this.sql.rows<unknown>(`SELECT 1 FROM event_subscriptions WHERE active AND (channel_id = $1 OR channel_id IS NULL) LIMIT 1`, [channelId]);
    return rows.length > 0;
  }

  private async contactId(manager: EntityManager, channelId: string, phone: string): Promise<string | null> {
    const contact = await manager.getRepository(ContactEntity).findOne({ where: { channelId, phone }, select: { id: true } });
    return contact?.id ?? null;
  }

  /** Until a tap records it on the approval, its message's wamid is read from the message log. */
  private async views(approvals: ApprovalEntity[]): Promise<ApprovalView[]> {
    const missing = approvals.filter((approval) => !approval.waMessageId && approval.messageId).map((approval) => approval.messageId as string);
    const known = missing.length
      ? await this.dataSource.getRepository(MessageEntity).find({ where: { id: In(missing) }, select: { id: true, waMessageId: true } })
      : [];
    const wamids = new Map(known.map((message) => [message.id, message.waMessageId]));
    return approvals.map((approval) => toView({ ...approval, waMessageId: approval.waMessageId ?? wamids.get(approval.messageId ?? '') ?? null }));
  }

  private approvals() {
    return this.dataSource.getRepository(ApprovalEntity);
  }
}

function toView(approval: ApprovalEntity): ApprovalView {
  return {
    id: approval.id,
    channelId: approval.channelId,
    to: approval.phone,
    reference: approval.reference,
    title: approval.title,
    lines: approval.lines as ApprovalView['lines'],
    amount: approval.amount,
    currency: approval.currency,
    approveLabel: approval.approveLabel,
    rejectLabel: approval.rejectLabel,
    callbackUrl: approval.callbackUrl,
    expiresAt: approval.expiresAt?.toISOString() ?? null,
    status: effectiveApprovalStatus(approval, new Date()),
    decidedAt: approval.decidedAt?.toISOString() ?? null,
    decidedBy: approval.decidedBy,
    contactId: approval.contactId,
    messageId: approval.messageId,
    waMessageId: approval.waMessageId,
    createdAt: approval.createdAt.toISOString(),
    updatedAt: approval.updatedAt.toISOString(),
  };
}
