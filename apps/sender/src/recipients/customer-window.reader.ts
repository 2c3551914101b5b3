import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { AppConfig } from '@wabus/config';
import { CUSTOMER_SERVICE_WINDOW_MS } from '@wabus/domain';
import { RedisKeys } from '@wabus/queues';
import { APP_CONFIG } from '@wabus/service';
import { SENDER_REDIS } from '../sender.settings';
import { RecipientRepository } from './recipient.repository';

/**
 * When the customer last wrote to this channel: the 24-hour window. `store`
 * keeps it in Redis (`RedisKeys.lastInbound`, Unix ms), read on every
 * free-form send together with the sent marker in one MGET. When the key is
 * missing (store not caught up, Redis restored without it) the conversation
 * row decides, and an open window is cached with SET NX — NX, so a newer
 * value store writes meanwhile is never overwritten by an older one.
 */
@Injectable()
export class CustomerWindowReader {
  constructor(
    private readonly recipients: RecipientRepository,
    @Inject(SENDER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  key(channelId: string, waId: string): string {
    return RedisKeys.lastInbound(this.config.queuePrefix, channelId, waId);
  }

  /** `cached` is the key's value as read with the marker (null when missing). */
  async lastInboundAt(channelId: string, waId: string, phone: string, cached: string | null, now = Date.now()): Promise<Date | null> {
    const fromRedis = parseInstant(cached);
    if (fromRedis !== null) return new Date(fromRedis);
    const fromDatabase = await this.recipients.lastInboundAt(channelId, waId, phone);
    const remainingMs = fromDatabase ? fromDatabase.getTime() + CUSTOMER_SERVICE_WINDOW_MS - now : 0;
    if (fromDatabase && remainingMs > 0) await this.redis.set(this.key(channelId, waId), String(fromDatabase.getTime()), 'PX', Math.ceil(remainingMs), 'NX');
    return fromDatabase;
  }
}

function parseInstant(value: string | null): number | null {
  if (value === null || value === '') return null;
  const ms = Number(value);
  if (Number.isFinite(ms) && ms > 0) return ms;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}
