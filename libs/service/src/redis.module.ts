import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '@wabus/config';
import { redisOptionsFromUrl } from '@wabus/queues';
import { Readiness } from './readiness';
import { APP_CONFIG, REDIS } from './tokens';

/**
 * The shared Redis client for plain commands (window state, limits, caches).
 * BullMQ queues and workers open their own connections through @wabus/queues.
 * Reachability was checked before the app was built (dependencies.ts).
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG, Readiness],
      useFactory: (config: AppConfig, readiness: Readiness): Redis => {
        const client = new Redis({ ...redisOptionsFromUrl(config.redisUrl), connectionName: `wabus-${config.service}` });
        client.on('error', () => undefined); // reconnects by itself; readiness reports the outage
        readiness.register({ name: 'redis', check: async () => void (await client.ping()) });
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
