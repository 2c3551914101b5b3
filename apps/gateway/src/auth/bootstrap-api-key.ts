import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { apiKeyDisplayPrefix, ApiKeyEntity, hashApiKey } from '@wabus/persistence';
import { APP_CONFIG, LOGGER } from '@wabus/service';

/** WABUS_BOOTSTRAP_API_KEY (contract): if set, an admin key with this value exists after start. */
@Injectable()
export class BootstrapApiKey implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.bootstrapApiKey;
    if (!key) return;
    // Insert-or-reinstate in one statement: replicas starting together cannot
    // create two rows (unique key_hash), and a revoked bootstrap key comes back
    // only because the operator still configures it.
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ApiKeyEntity)
      .values({ name: 'bootstrap (WABUS_BOOTSTRAP_API_KEY)', prefix: apiKeyDisplayPrefix(key), keyHash: hashApiKey(key), scopes: ['admin'], channelIds: null })
      .orUpdate(['scopes', 'revoked_at'], ['key_hash'])
      .execute();
    this.logger.info({ prefix: apiKeyDisplayPrefix(key) }, 'bootstrap admin API key is in place');
  }
}
