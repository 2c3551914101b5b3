import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ChannelEntity, SecretBox } from '@wabus/persistence';
import { LOGGER } from '@wabus/service';
import { isUuid } from '@wabus/domain';

/** What the webhook and send paths need of a channel, opened once and kept in memory. */
export interface ChannelCredentials {
  id: string;
  active: boolean;
  appSecret: string;
  verifyToken: string;
}

// An unknown id is remembered briefly, so a flood of made-up ids cannot turn
// into a flood of database queries.
const UNKNOWN_TTL_MS = 5_000;

/**
 * Channel secrets and state for the webhook and send paths, with no database
 * round trip once loaded. Every gateway replica drops an entry when told over Redis pub/sub
 * that the channel changed (`Notification.ChannelChanged`).
 */
@Injectable()
export class ChannelCredentialsCache {
  private readonly known = new Map<string, ChannelCredentials>();
  private readonly unknown = new Map<string, number>();
  private readonly loading = new Map<string, Promise<ChannelCredentials | null>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The channel's credentials, or null when no channel has this id. */
  async get(channelId: string): Promise<ChannelCredentials | null> {
    const cached = this.known.get(channelId);
    if (cached) return cached;
    if (!isUuid(channelId)) return null;
    const unknownUntil = this.unknown.get(channelId);
    if (unknownUntil !== undefined && unknownUntil > Date.now()) return null;
    let pending = this.loading.get(channelId);
    if (!pending) {
      pending = this.load(channelId).finally(() => this.loading.delete(channelId));
      this.loading.set(channelId, pending);
    }
    return pending;
  }

  invalidate(channelId: string): void {
    this.known.delete(channelId);
    this.unknown.delete(channelId);
  }

  private async load(channelId: string): Promise<ChannelCredentials | null> {
    const channel = await this.dataSource.getRepository(ChannelEntity).findOne({ where: { id: channelId } });
    if (!channel) {
      this.unknown.set(channelId, Date.now() + UNKNOWN_TTL_MS);
      return null;
    }
    const credentials: ChannelCredentials = {
      id: channel.id,
      active: channel.active,
      appSecret: this.secrets.open(channel.appSecret),
      verifyToken: this.secrets.open(channel.verifyToken),
    };
    this.known.set(channelId, credentials);
    this.logger.debug({ channelId }, 'channel credentials loaded');
    return credentials;
  }
}
