import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@wabus/config';
import { APP_CONFIG } from '@wabus/service';
import { GraphClient } from '@wabus/whatsapp';

/**
 * The gateway's Graph API client, for the few calls it makes itself (channel
 * verification, template management: a few requests an hour), so a small
 * pool; closed with the app.
 */
@Injectable()
export class GatewayGraph implements OnApplicationShutdown {
  readonly client: GraphClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new GraphClient({ allowPrivateUrls: config.allowPrivateUrls, connectionsPerOrigin: 4 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
