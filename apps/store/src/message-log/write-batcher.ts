import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { isPermanentWriteError, sqlStateOf } from '@wabus/persistence';
import { LOGGER, Metrics } from '@wabus/service';
import { AfterCommit } from './after-commit';
import { MessageLogWriter } from './message-log.writer';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';
import { emptyUnit, lockKeysOf, unitSize, type WriteUnit } from './write-unit';

/** A job whose writes PostgreSQL refuses as such (a value or constraint, not a race): to the dead letters, not round again. */
export class UnwritableUnitError extends UnrecoverableError {
  readonly code = 'unwritable';
  constructor(cause: unknown) {
    super(`PostgreSQL refused this job's writes (SQLSTATE ${sqlStateOf(cause) ?? '?'}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UnwritableUnitError';
  }
}

interface Pending {
  unit: WriteUnit;
  /** `lockKeysOf(unit)`, computed once. */
  keys: string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Each job hands its unit in and waits; units that arrive while
 * a transaction is running are written together in the next one. A busy store
 * thus writes large multi-row batches and an idle one writes at once, with no
 * timer. A batch that fails for a reason a retry cannot cure is split, and each
 * unit is written alone, so one bad delivery fails only its own job.
 *
 * Concurrent transactions never touch the same message: a unit whose messages
 * (`lockKeysOf`) a running batch holds waits for that batch's commit, and so
 * does every later unit with one of those keys (per-message order is kept).
 * Without this, the second batch sat on the first one's row locks for most of
 * its transaction (`npm run bench store`).
 */
@Injectable()
export class WriteBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Lock keys of the batches being written. */
  private readonly held = new Set<string>();
  private scheduled = false;
  private readonly batchItems;
  private readonly batchSeconds;

  constructor(
    private readonly writer: MessageLogWriter,
    private readonly afterCommit: AfterCommit,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.batchItems = metrics.histogram({
      name: 'wabus_store_batch_items',
      help: 'Messages, statuses and records written per transaction.',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
    });
    this.batchSeconds = metrics.histogram({
      name: 'wabus_store_batch_seconds',
      help: 'Time of one message-log transaction.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
  }

  /** Resolves once the unit is committed and its events, window keys and notifications are out. */
  submit(unit: WriteUnit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ unit, keys: lockKeysOf(unit), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Let the jobs that arrive in the same turn of the event loop join the same batch.
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Starts transactions while fewer than the allowed number are running; each takes every waiting unit it may. */
  private pump(): void {
    while (this.inFlight < this.settings.batchConcurrency && this.queue.length > 0) {
      const batch = this.take();
      if (batch.length === 0) return; // everything waiting is held by a running batch; its end pumps again
      const keys = batch.flatMap((pending) => pending.keys);
      for (const key of keys) this.held.add(key);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        for (const key of keys) this.held.delete(key);
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** Waiting units, in order, up to the item limit, skipping those whose keys a running batch (or a unit skipped before them) holds. */
  private take(): Pending[] {
    const taken: Pending[] = [];
    const waiting: Pending[] = [];
    const blocked = new Set<string>();
    let items = 0;
    for (const pending of this.queue) {
      const size = unitSize(pending.unit);
      const free = pending.keys.every((key) => !this.held.has(key) && !blocked.has(key));
      if (free && (taken.length === 0 || items + size <= this.settings.batchMaxItems)) {
        taken.push(pending);
        items += size;
      } else {
        waiting.push(pending);
        for (const key of pending.keys) blocked.add(key);
      }
    }
    this.queue = waiting;
    return taken;
  }

  private async flush(batch: Pending[]): Promise<void> {
    const stop = this.batchSeconds.startTimer();
    let result;
    try {
      result = await this.writer.write(batch.map((pending) => pending.unit));
    } catch (error) {
      stop();
      if (batch.length === 1) {
        batch[0].reject(isPermanentWriteError(error) ? new UnwritableUnitError(error) : error);
        return;
      }
      this.logger.warn({ err: error, units: batch.length }, 'a batch failed; writing its units one by one');
      for (const pending of batch) await this.flush([pending]);
      return;
    }
    stop();
    this.batchItems.observe(batch.reduce((sum, pending) => sum + unitSize(pending.unit), 0));
    // The next transaction starts while this one's side effects go out; each job
    // completes only when its own batch's side effects are done.
    const settled = this.afterCommit.run(result);
    if (result.recheck.length > 0) void this.reconcile(result.recheck);
    batch.forEach((pending, index) => {
      const failure = result.failed.get(index);
      if (failure) pending.reject(failure);
      else settled.then(pending.resolve, pending.reject);
    });
  }

  /** Applies statuses still waiting for a message that has landed (among `waMessageIds`, or anywhere when null). */
  async reconcile(waMessageIds: readonly string[] | null): Promise<number> {
    try {
      const claimable = await this.writer.claimableWaiting(waMessageIds);
      if (claimable.length > 0) await this.submit({ ...emptyUnit(), reconcile: claimable });
      return claimable.length;
    } catch (error) {
      this.logger.warn({ err: error }, 'waiting statuses could not be applied now; the periodic sweep will');
      return 0;
    }
  }
}
