import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { ChannelEntity, CursorPage, PageRequest, paginateNewestFirst, SecretBox } from '@wabus/persistence';
import { Notification } from '@wabus/queues';
import { outboundUrlProblems } from '@wabus/domain';
import { ApiError, APP_CONFIG, Notifications, ValidationFailedError } from '@wabus/service';
import { ChannelView, CreateChannelDto, UpdateChannelDto } from './channel.dto';
import { ChannelCredentialsCache } from './channel-credentials.cache';

const UNIQUE_VIOLATION = '23505';

/** Business numbers: secrets sealed on the way in, never shown on the way out. */
@Injectable()
export class ChannelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly notifications: Notifications,
    private readonly credentials: ChannelCredentialsCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** This replica forgets the channel at once (its caller may send next); the others when the notification reaches them. */
  private changed(channelId: string): void {
    this.credentials.invalidate(channelId);
    this.notifications.publish(Notification.ChannelChanged, { channelId });
  }

  private get channels() {
    return this.dataSource.getRepository(ChannelEntity);
  }

  async create(input: CreateChannelDto, id?: string): Promise<ChannelView> {
    this.assertGraphBaseUrlAllowed(input.graphBaseUrl);
    const entity = this.channels.create({
      ...(id ? { id } : {}),
      name: input.name,
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId,
      displayPhoneNumber: input.displayPhoneNumber ?? null,
      accessToken: this.secrets.seal(input.accessToken),
      appSecret: this.secrets.seal(input.appSecret),
      verifyToken: this.secrets.seal(input.verifyToken),
      apiVersion: input.apiVersion ?? 'v23.0',
      graphBaseUrl: trimSlash(input.graphBaseUrl ?? 'https://graph.facebook.com'),
      throughputMps: input.throughputMps ?? 80,
      active: input.active ?? true,
    });
    let saved: ChannelEntity;
    try {
      saved = await this.channels.save(entity);
    } catch (error) {
      throw conflictOnDuplicate(error, input.phoneNumberId);
    }
    // Template sync schedules the new channel at once; caches drop a stale "unknown".
    this.changed(saved.id);
    return this.view(saved);
  }

  /**
   * The channel's access token goes to its Graph base URL: outside development
   * it must not point into a private network (SSRF). The Graph client checks
   * the resolved address again on every connection.
   */
  private assertGraphBaseUrlAllowed(graphBaseUrl: string | undefined): void {
    if (graphBaseUrl === undefined) return;
    const problems = outboundUrlProblems(graphBaseUrl, { allowPrivate: this.config.allowPrivateUrls });
    if (problems.length > 0) throw new ValidationFailedError([{ field: 'graphBaseUrl', problems: problems.map((problem) => `graphBaseUrl ${problem}`) }]);
  }

  async get(id: string): Promise<ChannelView> {
    return this.view(await this.entity(id));
  }

  async list(page: PageRequest, channelIds: string[] | null): Promise<CursorPage<ChannelView>> {
    const query = this.channels.createQueryBuilder('channel');
    if (channelIds) query.where('channel.id = ANY(:channelIds)', { channelIds });
    const result = await paginateNewestFirst(query, 'channel', page);
    return { data: result.data.map((channel) => this.view(channel)), nextCursor: result.nextCursor };
  }

  async update(id: string, input: UpdateChannelDto): Promise<ChannelView> {
    this.assertGraphBaseUrlAllowed(input.graphBaseUrl);
    const entity = await this.entity(id);
    if (input.name !== undefined) entity.name = input.name;
    if (input.phoneNumberId !== undefined) entity.phoneNumberId = input.phoneNumberId;
    if (input.wabaId !== undefined) entity.wabaId = input.wabaId;
    if (input.displayPhoneNumber !== undefined) entity.displayPhoneNumber = input.displayPhoneNumber;
    if (input.accessToken !== undefined) entity.accessToken = this.secrets.seal(input.accessToken);
    if (input.appSecret !== undefined) entity.appSecret = this.secrets.seal(input.appSecret);
    if (input.verifyToken !== undefined) entity.verifyToken = this.secrets.seal(input.verifyToken);
    if (input.apiVersion !== undefined) entity.apiVersion = input.apiVersion;
    if (input.graphBaseUrl !== undefined) entity.graphBaseUrl = trimSlash(input.graphBaseUrl);
    if (input.throughputMps !== undefined) entity.throughputMps = input.throughputMps;
    if (input.active !== undefined) entity.active = input.active;
    try {
      const saved = await this.channels.save(entity);
      this.changed(id);
      return this.view(saved);
    } catch (error) {
      throw conflictOnDuplicate(error, entity.phoneNumberId);
    }
  }

  async remove(id: string): Promise<void> {
    const result = await this.channels.delete({ id });
    if (!result.affected) throw ApiError.notFound('channel', id);
    this.changed(id);
  }

  async entity(id: string): Promise<ChannelEntity> {
    const entity = /^[0-9a-f-]{36}$/i.test(id) ? await this.channels.findOne({ where: { id } }) : null;
    if (!entity) throw ApiError.notFound('channel', id);
    return entity;
  }

  view(channel: ChannelEntity): ChannelView {
    return {
      id: channel.id,
      name: channel.name,
      phoneNumberId: channel.phoneNumberId,
      wabaId: channel.wabaId,
      displayPhoneNumber: channel.displayPhoneNumber,
      apiVersion: channel.apiVersion,
      graphBaseUrl: channel.graphBaseUrl,
      throughputMps: channel.throughputMps,
      active: channel.active,
      webhookUrl: `${trimSlash(this.config.publicUrl)}/webhooks/whatsapp/${channel.id}`,
      secrets: { accessToken: Boolean(channel.accessToken), appSecret: Boolean(channel.appSecret), verifyToken: Boolean(channel.verifyToken) },
      lastTemplateSyncAt: channel.lastTemplateSyncAt?.toISOString() ?? null,
      lastTemplateSyncError: channel.lastTemplateSyncError,
      createdAt: channel.createdAt.toISOString(),
      updatedAt: channel.updatedAt.toISOString(),
    };
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function conflictOnDuplicate(error: unknown, phoneNumberId: string): unknown {
  if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
    return new ApiError(409, 'channel_exists', `A channel for phone number id ${phoneNumberId} already exists.`, { phoneNumberId });
  }
  return error;
}
