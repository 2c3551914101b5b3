import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@wabus/service';
import { SubscriptionsRepository } from '../callbacks/subscriptions.repository';
import { TableChange, TableChangesListener } from './table-changes.listener';

/** A safety net for a notification lost some other way. */
const FULL_RELOAD_MS = 60_000;

interface Entry {
  events: Set<string>;
  channelId: string | null;
}

/**
 * Which event types anyone subscribed to, kept in memory: most events
 * (messages, statuses) have no subscriber, and answering that without a
 * query keeps the engine's hot path for the taps that matter. PostgreSQL
 * tells every replica when subscriptions change (a trigger's NOTIFY) and the
 * set is reloaded; delivery rows are always written against the table, so a
 * stale "yes" costs a query, never a wrong delivery.
 */
@Injectable()
export class SubscriptionDirectory implements OnModuleInit, OnModuleDestroy {
  private entries: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly changes: TableChangesListener,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.changes.watch(TableChange.EventSubscriptions, () => void this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'could not reload the subscriptions')));
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), FULL_RELOAD_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Whether an active subscription may want this event (its type, for this channel or every channel). */
  wants(type: string, channelId: string | null): boolean {
    return this.entries.some((entry) => entry.events.has(type) && (entry.channelId === null || entry.channelId === channelId));
  }

  /** Reloads the set now (coalesced with a reload already running). */
  refresh(): Promise<void> {
    this.reloading ??= this.subscriptions
      .active()
      .then((rows) => {
        this.entries = rows.map((row) => ({ events: new Set(row.events), channelId: row.channelId }));
      })
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }
}
