import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@wabus/config';
import { APP_CONFIG } from '@wabus/service';
import { GraphClient } from '@wabus/whatsapp';

/**
 * The Graph client for template management calls from the gateway: a few
 * requests an hour (Meta allows ~100 creations per WABA and hour), so a
 * small pool; closed with the app.
 */
@Injectable()
export class TemplatesGraph implements OnApplicationShutdown {
  readonly client: GraphClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new GraphClient({ allowPrivateUrls: config.allowPrivateUrls, connectionsPerOrigin: 4 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
