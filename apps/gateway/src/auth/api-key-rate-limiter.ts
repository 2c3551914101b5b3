import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { AppConfig } from '@wabus/config';
import { ApiError, APP_CONFIG, REDIS } from '@wabus/service';

/** Requests per key per second, shared by every gateway replica (the counter lives in Redis). */
export const API_KEY_REQUESTS_PER_SECOND = 1_000;

/**
 * A fixed one-second window per key: one INCR (and an EXPIRE on the first hit)
 * per request, pipelined. Over the limit: 429 with Retry-After.
 */
@Injectable()
export class ApiKeyRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async consume(keyId: string, limit = API_KEY_REQUESTS_PER_SECOND): Promise<void> {
    const second = Math.floor(Date.now() / 1000);
    const key = `${this.config.queuePrefix}:rate:api-key:${keyId}:${second}`;
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, 2).exec()) as [[Error | null, number], [Error | null, number]];
    if (count > limit) {
      throw new ApiError(429, 'rate_limited', `This API key sent more than ${limit} requests in one second; retry after the Retry-After delay.`, {
        retryAfterSeconds: 1,
      });
    }
  }
}
