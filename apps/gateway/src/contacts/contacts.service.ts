import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { InvalidPhoneNumberError, isUuid, normalizePhoneNumber } from '@wabus/domain';
import { ContactEntity, containsPattern, CursorPage, paginateNewestFirst } from '@wabus/persistence';
import { ApiError, ValidationFailedError } from '@wabus/service';
import { pageOf } from '../api/page-query.dto';
import { ApiKeyPrincipal, mayUseChannel } from '../auth/api-key-principal';
import { ChannelsService } from '../channels/channels.service';
import { ContactQueryDto, ContactView, CreateContactDto, UpdateContactDto } from './contact.dto';


/**
 * Contacts as operators see and edit them. Facts from Meta (profile name, wa_id)
 * are the store's to write; what an operator owns (attributes, tags, opt-out, a
 * contact created before the customer ever wrote) is written here.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
  ) {}

  private get contacts() {
    return this.dataSource.getRepository(ContactEntity);
  }

  async create(input: CreateContactDto, principal: ApiKeyPrincipal): Promise<ContactView> {
    if (!mayUseChannel(principal, input.channelId)) throw new ApiError(403, 'forbidden', 'This API key may not use this channel.');
    await this.channels.entity(input.channelId);
    const phone = normalized(input.phone);
    try {
      const saved = await this.contacts.save(
        this.contacts.create({
          channelId: input.channelId,
          phone: phone.e164,
          waId: phone.waId,
          profileName: input.profileName ?? null,
          attributes: input.attributes ?? {},
          tags: input.tags ?? [],
          optedOut: input.optedOut ?? false,
          optedOutAt: input.optedOut ? new Date() : null,
        }),
      );
      return toView(saved);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new ApiError(409, 'contact_exists', `A contact with phone ${phone.e164} already exists on this channel.`, { phone: phone.e164 });
      }
      throw error;
    }
  }

  async get(id: string, principal: ApiKeyPrincipal): Promise<ContactView> {
    return toView(await this.entity(id, principal));
  }

  async update(id: string, input: UpdateContactDto, principal: ApiKeyPrincipal): Promise<ContactView> {
    const contact = await this.entity(id, principal);
    if (input.profileName !== undefined) contact.profileName = input.profileName;
    if (input.tags !== undefined) contact.tags = [...new Set(input.tags)];
    if (input.attributes !== undefined) {
      const merged: Record<string, unknown> = { ...contact.attributes };
      for (const [key, value] of Object.entries(input.attributes)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      contact.attributes = merged;
    }
    if (input.optedOut !== undefined && input.optedOut !== contact.optedOut) {
      contact.optedOut = input.optedOut;
      contact.optedOutAt = input.optedOut ? new Date() : null;
    }
    return toView(await this.contacts.save(contact));
  }

  async list(query: ContactQueryDto, principal: ApiKeyPrincipal): Promise<CursorPage<ContactView>> {
    const builder = this.contacts.createQueryBuilder('contact');
    if (principal.channelIds) builder.andWhere('contact.channel_id = ANY(:allowed)', { allowed: principal.channelIds });
    if (query.channelId) builder.andWhere('contact.channel_id = :channelId', { channelId: query.channelId });
    if (query.phone) builder.andWhere('contact.phone = :phone', { phone: normalized(query.phone).e164 });
    if (query.tag) builder.andWhere(':tag = ANY(contact.tags)', { tag: query.tag });
    if (query.search) {
      builder.andWhere('(contact.profile_name ILIKE :search OR contact.phone LIKE :search)', { search: containsPattern(query.search) });
    }
    const page = await paginateNewestFirst(builder, 'contact', pageOf(query));
    return { data: page.data.map(toView), nextCursor: page.nextCursor };
  }

  private async entity(id: string, principal: ApiKeyPrincipal): Promise<ContactEntity> {
    const contact = isUuid(id) ? await this.contacts.findOne({ where: { id } }) : null;
    if (!contact || !mayUseChannel(principal, contact.channelId)) throw ApiError.notFound('contact', id);
    return contact;
  }
}

function normalized(phone: string): { e164: string; waId: string } {
  try {
    return normalizePhoneNumber(phone);
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) throw new ValidationFailedError([{ field: 'phone', problems: [error.message] }]);
    throw error;
  }
}

export function toView(contact: ContactEntity): ContactView {
  return {
    id: contact.id,
    channelId: contact.channelId,
    phone: contact.phone,
    waId: contact.waId,
    userId: contact.userId,
    username: contact.username,
    profileName: contact.profileName,
    attributes: contact.attributes,
    tags: contact.tags,
    optedOut: contact.optedOut,
    optedOutAt: contact.optedOutAt?.toISOString() ?? null,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}
