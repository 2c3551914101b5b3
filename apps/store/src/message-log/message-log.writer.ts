import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isTransientWriteConflict, MessageStatusEventRepository, runInTransaction, runStatements } from '@wabus/persistence';
import { BatchWrite, type BatchResult } from './batch-write';
import type { WriteUnit } from './write-unit';

const ATTEMPTS = 4;

/** Writes units into the message log, one transaction per call. */
@Injectable()
export class MessageLogWriter {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Retries the whole transaction when it lost a race that a second try cures
   * (a deadlock between two replicas, a row a concurrent writer just inserted);
   * every statement is idempotent, so a retry writes nothing twice.
   */
  async write(units: readonly WriteUnit[]): Promise<BatchResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runInTransaction(this.dataSource, (sql) => new BatchWrite(sql, units).run());
      } catch (error) {
        if (attempt >= ATTEMPTS || !isTransientWriteConflict(error)) throw error;
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
