import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from '@wabus/config';
import { APP_CONFIG, LOGGER } from '@wabus/service';

/**
 * The channels the triggers of migration 1795700000000 notify on (wire data
 * between that migration and this service).
 */
export const TableChange = {
  ButtonActions: 'wabus_button_actions',
  EventSubscriptions: 'wabus_event_subscriptions',
} as const;
export type TableChange = (typeof TableChange)[keyof typeof TableChange];

const RECONNECT_MS = 2_000;

/**
 * One PostgreSQL connection that LISTENs for table changes and calls the
 * watchers of each channel. After a lost connection it reconnects and calls
 * every watcher (a notification may have been missed meanwhile).
 */
@Injectable()
export class TableChangesListener implements OnModuleDestroy {
  private readonly watchers = new Map<TableChange, Array<() => void>>();
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async watch(channel: TableChange, onChange: () => void): Promise<void> {
    const known = this.watchers.get(channel);
    this.watchers.set(channel, [...(known ?? []), onChange]);
    await this.connect();
    if (!known) await this.client?.query(`LISTEN ${channel}`);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: `wabus-${this.config.service}-listen`, connectionTimeoutMillis: 5_000 });
    client.on('notification', (message) => {
      for (const onChange of this.watchers.get(message.channel as TableChange) ?? []) onChange();
    });
    client.on('error', (error) => this.logger.warn({ err: error }, 'the table change listener lost its connection; reconnecting'));
    client.on('end', () => {
      this.client = undefined;
      if (!this.stopped) setTimeout(() => void this.reconnect(), RECONNECT_MS).unref();
    });
    await client.connect();
    for (const channel of this.watchers.keys()) await client.query(`LISTEN ${channel}`);
    this.client = client;
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.connect();
      for (const watchers of this.watchers.values()) for (const onChange of watchers) onChange();
    } catch (error) {
      this.logger.warn({ err: error }, 'the table change listener could not reconnect; trying again');
      setTimeout(() => void this.reconnect(), RECONNECT_MS).unref();
    }
  }
}
