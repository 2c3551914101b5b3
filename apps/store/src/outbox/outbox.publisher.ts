import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DomainEventRepository, runInTransaction, runStatements, type OutboxEvent, type UnpublishedEvent } from '@wabus/persistence';
import { JobQueues, type DomainEventJob } from '@wabus/queues';
import { LOGGER, Metrics } from '@wabus/service';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';

const RELAY_BATCH = 500;
/** How long published events may wait for a message-log transaction to mark them before a statement of their own does. */
const MARK_WITHIN_MS = 200;

/**
 * Publishes the outbox onto the `events` queue, a commit's events of one
 * priority in one job (see `domainEventJobs`).
 * Right after each commit for the facts it wrote; and, for facts whose
 * publisher died between commit and publish, a relay that picks up events
 * left unpublished for a few seconds (FOR UPDATE SKIP LOCKED, so replicas
 * share the work). A fact is recorded once; it may be offered twice (crash
 * after enqueue, before marking), and the engine handles each event
 * idempotently by its id.
 *
 * Marking published costs no statement of its own while the store is busy:
 * the next message-log transaction marks the events published since the last
 * one (`takeUnmarked`), in the statement that inserts its own. When none comes
 * within MARK_WITHIN_MS (well inside the relay's delay), a statement does, and
 * at shutdown, once the workers have finished, so does the last one.
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private unmarked: string[] = [];
  private markTimer: NodeJS.Timeout | null = null;
  private closing = false;
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
    this.published.inc({ path: 'commit' }, events.length);
    this.keepUnmarked(events.map((event) => event.id));
  }

  /** Events on the queue and not yet marked published, handed to a transaction that marks them (given back by `keepUnmarked` if it fails). */
  takeUnmarked(): string[] {
    const ids = this.unmarked;
    this.unmarked = [];
    return ids;
  }

  /** Events on the queue still to be marked published: by the next transaction, or within MARK_WITHIN_MS by a statement. */
  keepUnmarked(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.unmarked.push(...ids);
    if (this.markTimer) return;
    this.markTimer = setTimeout(() => {
      this.markTimer = null;
      void this.markUnmarked();
    }, MARK_WITHIN_MS);
    this.markTimer.unref();
  }

  /** Marks what no transaction has marked; on failure the relay republishes them later (the engine handles each event id once). */
  private async markUnmarked(): Promise<void> {
    const ids = this.takeUnmarked();
    if (ids.length === 0) return;
    try {
      await runStatements(this.dataSource, (sql) => new DomainEventRepository(sql).markPublished(ids));
    } catch (error) {
      if (this.closing) {
        this.logger.warn({ err: error, events: ids.length }, 'published events left unmarked at shutdown; the relay offers them again');
        return;
      }
      this.logger.warn({ err: error, events: ids.length }, 'published events not marked now; trying again');
      this.keepUnmarked(ids);
    }
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

  /** After the workers have finished (onModuleDestroy), before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = null;
    await this.markUnmarked();
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
