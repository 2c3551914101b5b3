import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DomainEventRepository, runInTransaction, runStatements, type OutboxEvent, type UnpublishedEvent } from '@wabus/persistence';
import { JobQueues, type DomainEventJob } from '@wabus/queues';
import { LOGGER, Metrics } from '@wabus/service';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';

const RELAY_BATCH = 500;

/**
 * Publishes the outbox onto the `events` queue, a commit's events of one
 * priority in one job (see `domainEventJobs`).
 * Right after each commit for the facts it wrote; and, for facts whose
 * publisher died between commit and publish, a relay that picks up events
 * left unpublished for a few seconds (FOR UPDATE SKIP LOCKED, so replicas
 * share the work). A fact is recorded once; it may be offered twice (crash
 * after enqueue, before marking), and the engine handles each event
 * idempotently by its id.
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly published;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.published = metrics.counter({ name: 'wabus_store_events_published_total', help: 'Domain events put on the events queue, by path.', labelNames: ['path'] });
  }

  async publish(events: readonly OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.enqueue(events.map((event) => ({ id: event.id, payload: event.payload })));
    await runStatements(this.dataSource, (sql) => new DomainEventRepository(sql).markPublished(events.map((event) => event.id)));
    this.published.inc({ path: 'commit' }, events.length);
  }

  /** One pass of the relay; answers how many events it published. */
  async relayOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await runInTransaction(this.dataSource, async (sql) => {
        const repository = new DomainEventRepository(sql);
        const events = await repository.claimUnpublished(this.settings.outboxRelayDelayMs, RELAY_BATCH);
        await this.enqueue(events);
        await repository.markPublished(events.map((event) => event.id));
        return events.length;
      });
      total += count;
      if (count < RELAY_BATCH) break;
    }
    if (total > 0) {
      this.published.inc({ path: 'relay' }, total);
      this.logger.info({ events: total }, 'relayed domain events left unpublished');
    }
    return total;
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped || this.settings.outboxRelayIntervalMs <= 0) return;
    this.timer = setTimeout(() => {
      this.relayOnce()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'the outbox relay failed; it tries again'))
        .finally(() => this.schedule());
    }, this.settings.outboxRelayIntervalMs);
    this.timer.unref();
  }

  /**
   * One job per priority of this commit's events (`domainEventJobs`), without
   * the contract check: these payloads were built by domain-events.ts as
   * DomainEventJob and read back from our own outbox.
   */
  private async enqueue(events: readonly UnpublishedEvent[]): Promise<void> {
    await this.queues.publishDomainEvents(
      events.map((event) => event.payload as unknown as DomainEventJob),
      { checked: false },
    );
  }
}
