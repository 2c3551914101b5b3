import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, ClientProvider, Transport } from '@nestjs/microservices';
import type { Logger } from 'pino';
import type { AppConfig } from '@wabus/config';
import { Notification, NotificationPayloads, redisOptionsFromUrl } from '@wabus/queues';
import { APP_CONFIG, LOGGER } from './tokens';

const NOTIFICATION_CLIENT = Symbol('NOTIFICATION_CLIENT');

/**
 * Publishes transient notifications; receivers handle them with
 * `@OnNotification(Notification.X)`. Each carries this installation's queue
 * prefix as `scope`, and only services with the same prefix handle it
 * (ScopedRedisServer).
 */
@Injectable()
export class Notifications {
  constructor(
    @Inject(NOTIFICATION_CLIENT) private readonly client: ClientProxy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  publish<N extends Notification>(name: N, payload: NotificationPayloads[N]): void {
    this.client.emit(name, { ...payload, scope: this.config.queuePrefix }).subscribe({
      error: (error: unknown) => this.logger.warn({ err: error, notification: name }, 'a notification could not be published'),
    });
  }
}

@Global()
@Module({
  providers: [
    {
      provide: NOTIFICATION_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ClientProxyFactory.create({ transport: Transport.REDIS, options: redisOptionsFromUrl(config.redisUrl) } as ClientProvider),
    },
    Notifications,
  ],
  exports: [Notifications],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(NOTIFICATION_CLIENT) private readonly client: ClientProxy) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
