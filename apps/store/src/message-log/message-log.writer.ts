import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isTransientWriteConflict, MessageStatusEventRepository, runInTransaction, runStatements } from '@wabus/persistence';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { BatchWrite, type BatchResult } from './batch-write';
import type { WriteUnit } from './write-unit';

const ATTEMPTS = 4;

/** Writes units into the message log, one transaction per call. */
@Injectable()
export class MessageLogWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  /**
   * Retries the whole transaction when it lost a race that a second try cures
   * (a deadlock between two replicas, a row a concurrent writer just inserted);
   * every statement is idempotent, so a retry writes nothing twice. Each
   * transaction also marks the events published since the last one; if it
   * fails, they go back to the publisher, to be marked later.
   */
  async write(units: readonly WriteUnit[]): Promise<BatchResult> {
    const published = this.outbox.takeUnmarked();
    for (let attempt = 1; ; attempt++) {
      try {
        return await runInTransaction(this.dataSource, (sql) => new BatchWrite(sql, units, published).run());
      } catch (error) {
        if (attempt >= ATTEMPTS || !isTransientWriteConflict(error)) {
          this.outbox.keepUnmarked(published);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
      }
    }
  }

  /**
   * Wamids with statuses still waiting although their message exists now
   * (among `waMessageIds`, or anywhere when null). Two writers can each miss
   * the other's uncommitted row (a status arriving while its `sent` record is
   * written); checking again after the commit, and periodically, closes that gap.
   */
  async claimableWaiting(waMessageIds: readonly string[] | null): Promise<string[]> {
    return runStatements(this.dataSource, (sql) => new MessageStatusEventRepository(sql).claimable(waMessageIds));
  }
}
