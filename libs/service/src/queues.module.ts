import { Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type { Worker } from 'bullmq';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AppConfig } from '@wabus/config';
import { DeadLetterEntity, jsonText } from '@wabus/persistence';
import { DeadLetter, DeadLetterSink, HandlerBinding, JobQueues, QueueName, redisOptionsFromUrl, startQueueWorker } from '@wabus/queues';
import { Metrics } from './metrics';
import { APP_CONFIG, LOGGER } from './tokens';

/** Dead letters land in PostgreSQL, where the API lists them and an operator replays them. */
@Injectable()
export class PostgresDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(deadLetter: DeadLetter): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(DeadLetterEntity)
      .values(<QueryDeepPartialEntity<DeadLetterEntity>>{
        queue: deadLetter.queue,
        jobName: deadLetter.jobName,
        jobId: deadLetter.jobId,
        // A poison job often carries what jsonb refuses (NUL, lone surrogates); its dead letter must still be written.
        payload: storableJson(deadLetter.payload) as Record<string, unknown>,
        error: storableJson({ ...deadLetter.error }) as DeadLetterEntity['error'],
        attempts: deadLetter.attempts,
        failedAt: deadLetter.failedAt,
      })
      .orIgnore()
      .execute();
    this.logger.error({ queue: deadLetter.queue, job: deadLetter.jobName, jobId: deadLetter.jobId, error: deadLetter.error }, 'job moved to the dead letters');
  }
}

function storableJson(value: unknown): unknown {
  return JSON.parse(jsonText(value)) as unknown;
}

export interface WorkerSettings {
  concurrency: number;
  limiter?: { max: number; duration: number };
}

/**
 * Runs this service's queue workers. On shutdown the workers stop taking jobs
 * and wait for the active ones (BullMQ `close()`), before HTTP and connections close.
 */
@Injectable()
export class QueueWorkers implements OnModuleDestroy {
  private readonly workers: Worker[] = [];
  private readonly jobs;
  private readonly duration;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly deadLetters: PostgresDeadLetterSink,
    metrics: Metrics,
  ) {
    this.jobs = metrics.counter({ name: 'wabus_jobs_total', help: 'Jobs processed, by queue, job and outcome.', labelNames: ['queue', 'job', 'outcome'] });
    this.duration = metrics.histogram({
      name: 'wabus_job_duration_seconds',
      help: 'Time a handler took, by queue and job.',
      labelNames: ['queue', 'job'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    });
  }

  start(queue: QueueName, handlers: HandlerBinding[], settings: WorkerSettings): Worker {
    const worker = startQueueWorker({
      queue,
      handlers,
      concurrency: settings.concurrency,
      limiter: settings.limiter,
      connection: redisOptionsFromUrl(this.config.redisUrl, { connectionName: `wabus-${this.config.service}-worker` }),
      prefix: this.config.queuePrefix,
      deadLetters: this.deadLetters,
      hooks: {
        onCompleted: (name, job, ms) => {
          this.jobs.inc({ queue: name, job, outcome: 'completed' });
          this.duration.observe({ queue: name, job }, ms / 1000);
        },
        onFailed: (name, job, error, final) => {
          this.jobs.inc({ queue: name, job, outcome: final ? 'dead_letter' : 'retry' });
          this.logger.warn({ queue: name, job, err: error, final }, final ? 'job failed for good' : 'job failed, will retry');
        },
      },
    });
    worker.on('error', (error) => this.logger.error({ queue, err: error }, 'queue worker error'));
    this.workers.push(worker);
    this.logger.info({ queue, concurrency: settings.concurrency }, 'worker started');
    return worker;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}

const PRODUCER_CONNECTION = Symbol('PRODUCER_CONNECTION');

@Global()
@Module({
  providers: [
    {
      provide: PRODUCER_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new Redis(redisOptionsFromUrl(config.redisUrl, { connectionName: `wabus-${config.service}-producer` })),
    },
    {
      provide: JobQueues,
      inject: [APP_CONFIG, PRODUCER_CONNECTION],
      useFactory: (config: AppConfig, connection: Redis) => new JobQueues(connection, config.queuePrefix),
    },
    PostgresDeadLetterSink,
    QueueWorkers,
  ],
  exports: [JobQueues, QueueWorkers],
})
export class QueuesModule implements OnApplicationShutdown {
  constructor(
    private readonly queues: JobQueues,
    @Inject(PRODUCER_CONNECTION) private readonly connection: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
