import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { ChannelEntity } from '@wabus/persistence';
import { APP_CONFIG, LOGGER } from '@wabus/service';
import { EMULATOR_DEMO_CHANNEL } from '@wabus/whatsapp';
import { ChannelsService } from '../channels/channels.service';

const RETRY_MS = 1_000;

/**
 * Development only: a demo channel wired to the local emulator, so `npm start`
 * works without a Meta account. Its id is fixed, so the emulator (which may
 * start before or after the gateway, and forgets everything on restart) and
 * the gateway always agree on its webhook URL.
 */
@Injectable()
export class DemoChannelSeeder implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.production) return;
    const demo = EMULATOR_DEMO_CHANNEL;
    const existing = await this.dataSource.getRepository(ChannelEntity).findOne({ where: { id: demo.channelId } });
    if (!existing) {
      await this.channels
        .create(
          {
            name: 'Demo (local emulator)',
            phoneNumberId: demo.phoneNumberId,
            wabaId: demo.wabaId,
            accessToken: demo.accessToken,
            appSecret: demo.appSecret,
            verifyToken: demo.verifyToken,
            displayPhoneNumber: demo.displayPhoneNumber,
            graphBaseUrl: this.config.emulatorUrl,
            throughputMps: demo.throughputMps,
          },
          demo.channelId,
        )
        .catch((error: unknown) => this.logger.warn({ err: error }, 'the demo channel could not be created (another channel may use its phone number id)'));
    }
    this.register();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Tells the emulator where the demo number's webhooks go; retried until the emulator answers. */
  private register(): void {
    if (this.stopped) return;
    const demo = EMULATOR_DEMO_CHANNEL;
    const body = {
      phoneNumberId: demo.phoneNumberId,
      wabaId: demo.wabaId,
      accessToken: demo.accessToken,
      appSecret: demo.appSecret,
      verifyToken: demo.verifyToken,
      displayPhoneNumber: demo.displayPhoneNumber,
      verifiedName: demo.verifiedName,
      throughputMps: demo.throughputMps,
      webhookUrl: `${this.config.publicUrl.replace(/\/+$/, '')}/webhooks/whatsapp/${demo.channelId}`,
    };
    fetch(`${this.config.emulatorUrl}/_emulator/phone-numbers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then((response) => {
        if (!response.ok) throw new Error(`emulator answered ${response.status}`);
        this.logger.info({ channelId: demo.channelId, phoneNumberId: demo.phoneNumberId }, 'demo channel registered with the emulator');
      })
      .catch(() => {
        this.timer = setTimeout(() => this.register(), RETRY_MS);
      });
  }
}
