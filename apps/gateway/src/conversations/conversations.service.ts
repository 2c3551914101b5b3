import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CUSTOMER_SERVICE_WINDOW_MS, e164OrAsGiven, isUuid, windowState } from '@wabus/domain';
import { ConversationEntity, CursorPage, paginateNewestFirst } from '@wabus/persistence';
import { ApiError } from '@wabus/service';
import { pageOf } from '../api/page-query.dto';
import { ApiKeyPrincipal, mayUseChannel } from '../auth/api-key-principal';
import { toView as contactView } from '../contacts/contacts.service';
import { ConversationQueryDto, ConversationView } from './conversation.dto';


/** Conversations, most recent activity first, with their contact and 24-hour window. */
@Injectable()
export class ConversationsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ConversationQueryDto, principal: ApiKeyPrincipal): Promise<CursorPage<ConversationView>> {
    const builder = this.dataSource.getRepository(ConversationEntity).createQueryBuilder('conversation').innerJoinAndSelect('conversation.contact', 'contact');
    if (principal.channelIds) builder.andWhere('conversation.channel_id = ANY(:allowed)', { allowed: principal.channelIds });
    if (query.channelId) builder.andWhere('conversation.channel_id = :channelId', { channelId: query.channelId });
    if (query.contactId) builder.andWhere('conversation.contact_id = :contactId', { contactId: query.contactId });
    if (query.phone) builder.andWhere('contact.phone = :phone', { phone: e164OrAsGiven(query.phone) });
    if (query.unread !== undefined) builder.andWhere(query.unread ? 'conversation.unread_count > 0' : 'conversation.unread_count = 0');
    if (query.open !== undefined) {
      const since = new Date(Date.now() - CUSTOMER_SERVICE_WINDOW_MS);
      builder.andWhere(query.open ? 'conversation.last_inbound_at > :since' : '(conversation.last_inbound_at IS NULL OR conversation.last_inbound_at <= :since)', { since });
    }
    const page = await paginateNewestFirst(builder, 'conversation', pageOf(query), 'last_message_at');
    return { data: page.data.map((conversation) => toView(conversation)), nextCursor: page.nextCursor };
  }

  async get(id: string, principal: ApiKeyPrincipal): Promise<ConversationView> {
    const conversation = isUuid(id) ? await this.dataSource.getRepository(ConversationEntity).findOne({ where: { id }, relations: { contact: true } }) : null;
    if (!conversation || !mayUseChannel(principal, conversation.channelId)) throw ApiError.notFound('conversation', id);
    return toView(conversation);
  }
}

function toView(conversation: ConversationEntity, now = new Date()): ConversationView {
  const window = windowState(conversation.lastInboundAt, now);
  if (!conversation.contact) throw new Error(`conversation ${conversation.id} was loaded without its contact`);
  return {
    id: conversation.id,
    channelId: conversation.channelId,
    contact: contactView(conversation.contact),
    lastInboundAt: conversation.lastInboundAt?.toISOString() ?? null,
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    unreadCount: conversation.unreadCount,
    messageCount: conversation.messageCount,
    window: { open: window.open, closesAt: window.closesAt?.toISOString() ?? null, remainingMs: window.remainingMs },
    createdAt: conversation.createdAt.toISOString(),
  };
}

