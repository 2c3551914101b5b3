import { Inject, Module, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import type Redis from 'ioredis';
import type { AppConfig } from '@wabus/config';
import { APP_CONFIG, REDIS } from '@wabus/service';
import { GraphClient } from '@wabus/whatsapp';
import { ChannelChangesController } from './schedule/channel-changes.controller';
import { TemplateSchedules } from './schedule/template-schedules';
import { TemplatePageReader } from './sync/template-page.reader';
import { TemplateSyncMetrics } from './sync/template-sync.metrics';
import { TemplateSyncProcessor } from './sync/template-sync.processor';
import { TemplateSyncService } from './sync/template-sync.service';
import { WabaSyncLock } from './sync/waba-sync.lock';
import { DEFAULT_TEMPLATE_SYNC_SETTINGS, TEMPLATE_SYNC_SETTINGS, TemplateSyncSettings, templateSyncSettings } from './template-sync.settings';

function templateSyncProviders(settings: TemplateSyncSettings): Provider[] {
  return [
    { provide: TEMPLATE_SYNC_SETTINGS, useValue: settings },
    {
      provide: GraphClient,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new GraphClient({ allowPrivateUrls: config.allowPrivateUrls, connectTimeoutMs: settings.graphConnectTimeoutMs, responseTimeoutMs: settings.graphResponseTimeoutMs, connectionsPerOrigin: 8 }),
    },
    { provide: WabaSyncLock, inject: [REDIS, APP_CONFIG], useFactory: (redis: Redis, config: AppConfig) => new WabaSyncLock(redis, config.queuePrefix, settings.lockTtlMs) },
    TemplateSyncMetrics,
    TemplatePageReader,
    TemplateSyncService,
    TemplateSyncProcessor,
    TemplateSchedules,
  ];
}

/** Closes the Graph client's connections after the workers have finished their jobs (they close in onModuleDestroy). */
abstract class TemplateSyncModuleBase implements OnApplicationShutdown {
  constructor(@Inject(GraphClient) private readonly graph: GraphClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.graph.close();
  }
}

/** template-sync: the `template-sync` queue's worker, the per-channel schedules, and what they need. */
@Module({ controllers: [ChannelChangesController], providers: templateSyncProviders(DEFAULT_TEMPLATE_SYNC_SETTINGS) })
export class TemplateSyncModule extends TemplateSyncModuleBase {
  /** The same module with other settings (tests: short backoffs, small pages). */
  static withSettings(overrides: Partial<TemplateSyncSettings>): Type<unknown> {
    @Module({ controllers: [ChannelChangesController], providers: templateSyncProviders(templateSyncSettings(overrides)) })
    class ConfiguredTemplateSyncModule extends TemplateSyncModuleBase {}
    return ConfiguredTemplateSyncModule;
  }
}
