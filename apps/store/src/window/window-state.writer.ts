import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { AppConfig } from '@wabus/config';
import { CUSTOMER_SERVICE_WINDOW_MS } from '@wabus/domain';
import { RedisKeys } from '@wabus/queues';
import { APP_CONFIG, REDIS } from '@wabus/service';
import type { WindowTouch } from '../message-log/batch-write';

/** Kept a little past the window's end, so clock skew never hides a window that is still open. */
const GRACE_MS = 60 * 60 * 1000;

/**
 * Raises the key to the given time, never lowers it: Meta delivers messages
 * out of order, and an older message must not shorten the window.
 */
const RAISE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

/** The command `defineCommand` adds to every pipeline of this client. */
interface RaisingPipeline {
  wabusRaiseWindow(key: string, atMs: number, ttlMs: number): unknown;
}

/**
 * Writes `RedisKeys.lastInbound` (Unix ms of the customer's last message) for
 * `sender`, which checks the 24-hour window before it sends. The key is
 * written under Meta's wa_id, under the digits of the E.164 number when they
 * differ (Brazil, Mexico: `sender` knows the number it sends to), and under
 * the user id for users known by it.
 */
@Injectable()
export class WindowStateWriter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (!('wabusRaiseWindow' in redis)) redis.defineCommand('wabusRaiseWindow', { numberOfKeys: 1, lua: RAISE });
  }

  async touch(touches: readonly WindowTouch[], now = Date.now()): Promise<void> {
    const latest = new Map<string, number>();
    for (const touch of touches) {
      const ids = new Set([touch.contact.waId, touch.contact.phone?.slice(1), touch.contact.userId].filter((id): id is string => Boolean(id)));
      for (const id of ids) {
        const key = RedisKeys.lastInbound(this.config.queuePrefix, touch.channelId, id);
        latest.set(key, Math.max(latest.get(key) ?? 0, touch.at.getTime()));
      }
    }
    const pipeline = this.redis.pipeline();
    let commands = 0;
    for (const [key, atMs] of latest) {
      const ttlMs = atMs + CUSTOMER_SERVICE_WINDOW_MS + GRACE_MS - now;
      if (ttlMs <= 0) continue;
      (pipeline as unknown as RaisingPipeline).wabusRaiseWindow(key, atMs, Math.ceil(ttlMs));
      commands++;
    }
    if (commands === 0) return;
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure?.[0]) throw failure[0];
  }
}
