import { Inject, Module, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '@wabus/config';
import { redisOptionsFromUrl } from '@wabus/queues';
import { APP_CONFIG } from '@wabus/service';
import { GraphClient } from '@wabus/whatsapp';
import { ChannelChangesController } from './channels/channel-changes.controller';
import { ChannelDirectory } from './channels/channel-directory';
import { SendLimits } from './limits/send-limits';
import { CustomerWindowReader } from './recipients/customer-window.reader';
import { OptOutChecker } from './recipients/opt-out.checker';
import { RecipientRepository } from './recipients/recipient.repository';
import { SendMessageProcessor } from './sending/send-message.processor';
import { SendMessageService } from './sending/send-message.service';
import { SendRecords } from './sending/send-records';
import { SenderMetrics } from './sending/sender.metrics';
import { DEFAULT_SENDER_SETTINGS, SENDER_REDIS, SENDER_SETTINGS, SenderSettings, senderSettings, SenderSettingsOverrides } from './sender.settings';
import { TemplateCatalog } from './templates/template.catalog';

function senderProviders(settings: SenderSettings): Provider[] {
  return [
    { provide: SENDER_SETTINGS, useValue: settings },
    {
      provide: GraphClient,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new GraphClient({
          allowPrivateUrls: config.allowPrivateUrls,
          connectTimeoutMs: settings.graphConnectTimeoutMs,
          responseTimeoutMs: settings.graphResponseTimeoutMs,
          connectionsPerOrigin: settings.graphConnectionsPerOrigin,
        }),
    },
    {
      provide: SENDER_REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const client = new Redis(redisOptionsFromUrl(config.redisUrl, { connectionName: `wabus-${config.service}-sends`, enableAutoPipelining: settings.redisAutoPipelining }));
        client.on('error', () => undefined); // reconnects by itself; readiness watches the shared connection
        return client;
      },
    },
    { provide: SendLimits, inject: [SENDER_REDIS, APP_CONFIG], useFactory: (redis: Redis, config: AppConfig) => new SendLimits(redis, config.queuePrefix, settings.limits) },
    ChannelDirectory,
    RecipientRepository,
    OptOutChecker,
    CustomerWindowReader,
    TemplateCatalog,
    SendRecords,
    SenderMetrics,
    SendMessageService,
    SendMessageProcessor,
  ];
}

/** Closes the Graph client and the sender's Redis connection after the workers have finished their jobs (they close in onModuleDestroy). */
abstract class SenderModuleBase implements OnApplicationShutdown {
  constructor(
    @Inject(GraphClient) private readonly graph: GraphClient,
    @Inject(SENDER_REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.graph.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The sender: the `outbound` queue's worker and what it needs. */
@Module({ controllers: [ChannelChangesController], providers: senderProviders(DEFAULT_SENDER_SETTINGS) })
export class SenderModule extends SenderModuleBase {
  /** The same module with other settings (tests: short timeouts, small cool-downs). */
  static withSettings(overrides: SenderSettingsOverrides): Type<unknown> {
    @Module({ controllers: [ChannelChangesController], providers: senderProviders(senderSettings(overrides)) })
    class ConfiguredSenderModule extends SenderModuleBase {}
    return ConfiguredSenderModule;
  }
}
