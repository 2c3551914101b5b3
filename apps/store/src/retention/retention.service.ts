import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { RetentionRepository, runStatements, type MessageCursor, type StripChunk } from '@wabus/persistence';
import { LOGGER } from '@wabus/service';
import { STORE_SETTINGS, type RetentionPolicy, type StoreSettings } from '../settings/store-settings';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Blocks of the outbox per statement (8 MB at PostgreSQL's default block size). */
const EVENT_BLOCKS_PER_STEP = 1024;

export interface RetentionReport {
  rawPayloadsStripped: number;
  messagesDeleted: number;
  unclaimedStatusesDeleted: number;
  publishedEventsDeleted: number;
}

export type RetentionStep = keyof RetentionReport;

/** Reported after every chunk: which step, how far, and the step's total so far. */
export type RetentionProgress = (step: RetentionStep, done: number) => Promise<void> | void;

/**
 * Applies the retention policy in short chunks (each one statement, so it never
 * holds long locks or blocks the writers), logging its progress as it goes.
 * Running it twice, or two replicas at once, is harmless: every chunk only
 * touches rows that are still past their cutoff.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(policy: RetentionPolicy, now = new Date(), progress: RetentionProgress = () => undefined): Promise<RetentionReport> {
    const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const report: RetentionReport = { rawPayloadsStripped: 0, messagesDeleted: 0, unclaimedStatusesDeleted: 0, publishedEventsDeleted: 0 };
    this.logger.info({ policy }, 'retention started');
    const step = async (name: RetentionStep, done: number) => {
      report[name] = done;
      this.logger.info({ step: name, done }, 'retention progress');
      await progress(name, done);
    };
    if (policy.rawPayloadDays !== null) await this.stripRaw(cutoff(policy.rawPayloadDays), (done) => step('rawPayloadsStripped', done));
    if (policy.messageDays !== null) await this.repeat((repo) => repo.deleteMessages(cutoff(policy.messageDays ?? 0), this.chunk), (done) => step('messagesDeleted', done));
    if (policy.unclaimedStatusDays !== null) {
      const before = cutoff(policy.unclaimedStatusDays);
      await this.repeat((repo) => repo.deleteUnclaimedStatuses(before, this.chunk), (done) => step('unclaimedStatusesDeleted', done));
    }
    if (policy.publishedEventDays !== null) await this.deleteEvents(cutoff(policy.publishedEventDays), (done) => step('publishedEventsDeleted', done));
    this.logger.info({ report }, 'retention finished');
    return report;
  }

  private get chunk(): number {
    return this.settings.retentionChunkSize;
  }

  private withRepository<T>(work: (repository: RetentionRepository) => Promise<T>): Promise<T> {
    return runStatements(this.dataSource, (sql) => work(new RetentionRepository(sql)));
  }

  private async stripRaw(before: Date, report: (done: number) => Promise<void>): Promise<void> {
    let cursor: MessageCursor | null = null;
    let stripped = 0;
    for (;;) {
      const after: MessageCursor | null = cursor;
      const chunk: StripChunk = await this.withRepository((repository) => repository.stripRawPayloads(before, after, this.chunk));
      if (chunk.scanned === 0) break;
      stripped += chunk.stripped;
      await report(stripped);
      cursor = chunk.next;
      if (chunk.scanned < this.chunk) break;
    }
  }

  /** Runs a deleting chunk until one deletes less than a full chunk. */
  private async repeat(chunk: (repository: RetentionRepository) => Promise<number>, report: (done: number) => Promise<void>): Promise<void> {
    let done = 0;
    for (;;) {
      const deleted = await this.withRepository(chunk);
      done += deleted;
      if (deleted > 0) await report(done);
      if (deleted < this.chunk) break;
    }
  }

  private async deleteEvents(before: Date, report: (done: number) => Promise<void>): Promise<void> {
    const blocks = await this.withRepository((repository) => repository.domainEventBlocks());
    let done = 0;
    for (let from = 0; from < blocks; from += EVENT_BLOCKS_PER_STEP) {
      done += await this.withRepository((repository) => repository.deletePublishedEvents(before, from, from + EVENT_BLOCKS_PER_STEP));
      await report(done);
    }
  }
}
