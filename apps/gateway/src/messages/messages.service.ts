import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { describeCloudApiError, e164OrAsGiven, InvalidPhoneNumberError, isUuid, mediaLinkFields, normalizePhoneNumber, outboundMessageProblems, outboundUrlProblems, statusHistory } from '@wabus/domain';
import { ContactEntity, CursorPage, MESSAGE_TEXT_SEARCH_VECTOR, MessageEntity, MessageStatusEventEntity, paginateNewestFirst } from '@wabus/persistence';
import { JobQueues, submitOutboundMessage } from '@wabus/queues';
import { APP_CONFIG, ApiError, ValidationFailedError } from '@wabus/service';
import { pageOf } from '../api/page-query.dto';
import { ApiKeyPrincipal, mayUseChannel } from '../auth/api-key-principal';
import { ChannelCredentialsCache } from '../channels/channel-credentials.cache';
import { SendMessageDto } from './dto/send-message.dto';
import { MessageQueryDto } from './message-query.dto';
import { MessageView, StatusEntryView } from './message.view';


/** POST /v1/messages and the message log. Sending only queues: the sender and the store do the rest. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
    private readonly channels: ChannelCredentialsCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(input: SendMessageDto, principal: ApiKeyPrincipal): Promise<{ id: string; status: 'queued' }> {
    if (!mayUseChannel(principal, input.channelId)) throw new ApiError(403, 'forbidden', 'This API key may not use this channel.', { channelId: input.channelId });
    const problems = [...outboundMessageProblems(input.type, input), ...this.mediaLinkProblems(input)];
    if (problems.length > 0) throw new ValidationFailedError(problems.map((problem) => ({ field: problem.field, problems: [problem.problem] })));
    // From memory (invalidated over pub/sub when a channel changes): no database round trip on the send path.
    const channel = await this.channels.get(input.channelId);
    if (!channel) throw ApiError.notFound('channel', input.channelId);
    if (!channel.active) throw new ApiError(409, 'channel_inactive', 'This channel is inactive; activate it before sending.', { channelId: channel.id });
    const to = await this.recipient(input);
    const message = await submitOutboundMessage(this.queues, {
      channelId: channel.id,
      to,
      type: input.type,
      payload: toPlain(input[input.type]),
      contextMessageId: input.context?.message_id,
      idempotencyKey: input.idempotencyKey,
    });
    return { id: message.messageId, status: 'queued' };
  }


  /** Meta fetches media links: outside development, one pointing into a private network is refused here, by field (SSRF). */
  private mediaLinkProblems(input: SendMessageDto): Array<{ field: string; problem: string }> {
    return mediaLinkFields(input[input.type as keyof SendMessageDto], input.type).flatMap(({ field, url }) =>
      outboundUrlProblems(url, { allowPrivate: this.config.allowPrivateUrls }).map((problem) => ({ field, problem: `${field} ${problem}` })),
    );
  }

  async get(id: string, principal: ApiKeyPrincipal): Promise<MessageView> {
    const message = isUuid(id) ? await this.messages().findOne({ where: { id }, relations: { contact: true } }) : null;
    if (!message || !mayUseChannel(principal, message.channelId)) throw ApiError.notFound('message', id);
    const [view] = await this.views([message]);
    return view;
  }

  async list(query: MessageQueryDto, principal: ApiKeyPrincipal): Promise<CursorPage<MessageView>> {
    const builder = this.messages().createQueryBuilder('message').leftJoinAndSelect('message.contact', 'contact');
    if (principal.channelIds) builder.andWhere('message.channel_id = ANY(:allowed)', { allowed: principal.channelIds });
    if (query.channelId) builder.andWhere('message.channel_id = :channelId', { channelId: query.channelId });
    if (query.direction) builder.andWhere('message.direction = :direction', { direction: query.direction });
    if (query.status) builder.andWhere('message.status = :status', { status: query.status });
    if (query.type) builder.andWhere('message.type = :type', { type: query.type });
    if (query.conversationId) builder.andWhere('message.conversation_id = :conversationId', { conversationId: query.conversationId });
    if (query.phone) builder.andWhere('contact.phone = :phone', { phone: e164OrAsGiven(query.phone) });
    // The full-text index's own expression, so the GIN index serves it (the schema test checks the plan); no text, no match.
    if (query.q) builder.andWhere(`${MESSAGE_TEXT_SEARCH_VECTOR} @@ plainto_tsquery('simple', :q)`, { q: query.q });
    // Passed as text: PostgreSQL keeps the microseconds a JS Date would drop.
    if (query.from) builder.andWhere('message.created_at >= CAST(:from AS timestamptz)', { from: query.from });
    if (query.until) builder.andWhere('message.created_at < CAST(:until AS timestamptz)', { until: query.until });
    const page = await paginateNewestFirst(builder, 'message', pageOf(query));
    return { data: await this.views(page.data), nextCursor: page.nextCursor };
  }

  private async recipient(input: SendMessageDto): Promise<string> {
    if (typeof input.to === 'string') {
      try {
        return normalizePhoneNumber(input.to).e164;
      } catch (error) {
        if (error instanceof InvalidPhoneNumberError) throw new ValidationFailedError([{ field: 'to', problems: [error.message] }]);
        throw error;
      }
    }
    const contact = await this.dataSource.getRepository(ContactEntity).findOne({ where: { id: input.to.contactId, channelId: input.channelId } });
    if (!contact) throw new ApiError(404, 'not_found', `No contact with id ${input.to.contactId} on this channel.`, { contactId: input.to.contactId });
    if (contact.optedOut) throw new ApiError(422, 'opted_out', 'This contact opted out of messages from this business; nothing was sent.', { contactId: contact.id });
    if (!contact.phone) throw new ApiError(422, 'no_phone_number', 'This contact has no phone number WhatsApp can be sent to.', { contactId: contact.id });
    return contact.phone;
  }

  private messages() {
    return this.dataSource.getRepository(MessageEntity);
  }

  /** Status history for a page of messages in one query. */
  private async views(messages: MessageEntity[]): Promise<MessageView[]> {
    const ids = messages.map((message) => message.id);
    const events = ids.length
      ? await this.dataSource.getRepository(MessageStatusEventEntity).find({ where: { messageId: In(ids) }, order: { occurredAt: 'ASC', createdAt: 'ASC' } })
      : [];
    const byMessage = new Map<string, Array<{ status: string; at: Date }>>();
    for (const event of events) {
      const entries = byMessage.get(event.messageId ?? '') ?? [];
      entries.push({ status: event.status, at: event.occurredAt });
      byMessage.set(event.messageId ?? '', entries);
    }
    return messages.map((message) =>
      toView(
        message,
        statusHistory(byMessage.get(message.id) ?? []).map((entry) => ({ status: entry.status, at: entry.at.toISOString() })),
      ),
    );
  }
}

function toView(message: MessageEntity, history: StatusEntryView[]): MessageView {
  return {
    id: message.id,
    channelId: message.channelId,
    direction: message.direction,
    type: message.type,
    phone: message.contact?.phone ?? null,
    contactId: message.contactId,
    conversationId: message.conversationId,
    waMessageId: message.waMessageId,
    status: message.status,
    text: message.text,
    payload: message.payload,
    replyId: message.replyId,
    contextWaMessageId: message.contextWaMessageId,
    statusHistory: history,
    error: message.error
      ? { code: message.error.code, title: message.error.title, details: message.error.details, help: message.error.help ?? helpFor(message.error.code) }
      : null,
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
  };
}

function helpFor(code: number | string): string {
  return typeof code === 'number' || /^\d+$/.test(code) ? describeCloudApiError(Number(code)).help : 'See the error code and title.';
}


/** DTO instances back to plain JSON for the job payload (Meta's shape, nothing of ours). */
function toPlain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
