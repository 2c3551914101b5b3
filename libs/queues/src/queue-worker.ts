import { ConnectionOptions, DelayedError, Job, RateLimitError, UnrecoverableError, WaitingChildrenError, WaitingError, Worker } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { JobOf } from './job-contracts';
import { InvalidJobError, validateJob } from './job-validation';
import { JOB_QUEUE, JobName, jobsOfQueue, QueueName } from './queue-names';

export type JobHandler<N extends JobName> = (data: JobOf<N>, job: Job) => Promise<unknown>;

/** A handler bound to its job name; `handle(JobName.X, fn)` keeps the pair type-checked. */
export interface HandlerBinding {
  name: JobName;
  handler: JobHandler<JobName>;
}

export function handle<N extends JobName>(name: N, handler: JobHandler<N>): HandlerBinding {
  return { name, handler: handler as unknown as JobHandler<JobName> };
}

/** A job that will not be retried again: an operator can read and replay it. */
export interface DeadLetter {
  queue: QueueName;
  jobName: string;
  jobId: string;
  payload: unknown;
  error: { code: string; message: string };
  attempts: number;
  failedAt: Date;
}

export interface DeadLetterSink {
  record(deadLetter: DeadLetter): Promise<void>;
}

export interface WorkerHooks {
  onCompleted?(queue: QueueName, jobName: string, ms: number): void;
  onFailed?(queue: QueueName, jobName: string, error: Error, final: boolean): void;
}

export interface QueueWorkerOptions {
  queue: QueueName;
  handlers: HandlerBinding[];
  concurrency: number;
  connection: RedisOptions;
  prefix: string;
  deadLetters: DeadLetterSink;
  hooks?: WorkerHooks;
  /** BullMQ's own per-queue limiter (global across replicas), where one fits. */
  limiter?: { max: number; duration: number };
}

/** Every job of a queue has exactly one handler, and no handler is for another queue's job. */
export function assertHandlersComplete(queue: QueueName, handlers: HandlerBinding[]): void {
  const problems: string[] = [];
  for (const name of jobsOfQueue(queue)) {
    const count = handlers.filter((binding) => binding.name === name).length;
    if (count === 0) problems.push(`no handler for job ${name}`);
    if (count > 1) problems.push(`${count} handlers for job ${name}`);
  }
  for (const binding of handlers) {
    if (JOB_QUEUE[binding.name] !== queue) problems.push(`handler for ${binding.name} does not belong on queue ${queue}`);
  }
  if (problems.length > 0) throw new Error(`queue ${queue} cannot start: ${problems.join('; ')}`);
}

/**
 * Starts a BullMQ worker whose processor validates each payload against its
 * contract and hands it to the job's handler. A job that breaks its contract,
 * throws UnrecoverableError, or uses its last attempt is written to the dead
 * letters before it fails, so nothing is dropped silently and nothing loops.
 */
export function startQueueWorker(options: QueueWorkerOptions): Worker {
  assertHandlersComplete(options.queue, options.handlers);
  const handlers = new Map(options.handlers.map((binding) => [binding.name, binding.handler]));

  const processor = async (job: Job): Promise<unknown> => {
    const started = Date.now();
    try {
      const handler = handlers.get(job.name as JobName);
      if (!handler) throw new InvalidJobError(job.name, [`no job named ${job.name} on queue ${options.queue}`]);
      const result = await handler(validateJob(job.name as JobName, job.data), job);
      options.hooks?.onCompleted?.(options.queue, job.name, Date.now() - started);
      return result;
    } catch (caught) {
      // A handler that moved its job (delayed, rate-limited, waiting) did not fail:
      // BullMQ needs these signals untouched, and they use no attempt.
      if (isMoveSignal(caught)) throw caught;
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const permanent = error instanceof UnrecoverableError || error instanceof InvalidJobError;
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      options.hooks?.onFailed?.(options.queue, job.name, error, final);
      if (final) {
        await options.deadLetters.record({
          queue: options.queue,
          jobName: job.name,
          jobId: job.id ?? '',
          payload: job.data,
          error: { code: errorCode(error), message: error.message },
          attempts: job.attemptsMade + 1,
          failedAt: new Date(),
        });
        throw permanent ? error : new UnrecoverableError(error.message);
      }
      throw error;
    }
  };

  return new Worker(options.queue, processor, {
    connection: options.connection as ConnectionOptions,
    prefix: options.prefix,
    concurrency: options.concurrency,
    limiter: options.limiter,
    // A worker that lost its lock (crash, long GC pause) hands the job back once
    // more; our handlers are idempotent, so a second run is safe.
    maxStalledCount: 2,
  });
}

function isMoveSignal(error: unknown): boolean {
  return error instanceof DelayedError || error instanceof RateLimitError || error instanceof WaitingError || error instanceof WaitingChildrenError;
}

function errorCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  if (error instanceof UnrecoverableError) return 'permanent_failure';
  return 'attempts_exhausted';
}
