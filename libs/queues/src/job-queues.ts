import { Job, JobsOptions, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { domainEventJobs } from './domain-event-jobs';
import { DomainEventJob, JobOf } from './job-contracts';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { validateJob } from './job-validation';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';

export interface EnqueueOptions {
  /** Idempotency: a job id already present (waiting, active, or kept) is not added again. */
  jobId?: string;
  /** While a job with this deduplication id is waiting or running, adding another is a no-op (e.g. one sync per channel at a time). */
  deduplicationId?: string;
  delay?: number;
  priority?: number;
  attempts?: number;
}

/**
 * The one way to put work on a queue: typed by job name, validated against the
 * job's contract before it reaches Redis, one BullMQ Queue per queue name.
 */
export class JobQueues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<N extends JobName>(name: N, data: JobOf<N>, options: EnqueueOptions = {}): Promise<string> {
    validateJob(name, data);
    const job = await this.queue(JOB_QUEUE[name]).add(name, data, toJobsOptions(options));
    return job.id ?? '';
  }

  /**
   * Adds many jobs in one round trip (per queue), e.g. a batch of webhook
   * deliveries. `checked: false` skips the contract check, for the gateway's
   * deliveries: built from typed values in one place, checked by the store when
   * it takes them, and on that path the check was 6 % of the gateway's CPU.
   */
  async enqueueBulk<N extends JobName>(name: N, jobs: Array<{ data: JobOf<N>; options?: EnqueueOptions }>, options: { checked?: boolean } = {}): Promise<string[]> {
    if (options.checked !== false) for (const job of jobs) validateJob(name, job.data);
    const added = await addJobs(this.queue(JOB_QUEUE[name]), jobs.map((job) => ({ name, data: job.data, opts: toJobsOptions(job.options ?? {}) })));
    return added.map((job) => job.id ?? '');
  }

  /**
   * Puts domain events on `events`, batched by `domainEventJobs`, in one
   * round trip. `checked: false` skips the contract check: the store's outbox
   * publishes payloads it built and typed itself, at the message rate, where
   * the check would cost more than the write.
   */
  async publishDomainEvents(events: readonly DomainEventJob[], options: { checked?: boolean } = {}): Promise<void> {
    if (events.length === 0) return;
    await this.enqueueBulk(JobName.DomainEvents, domainEventJobs(events).map((entry) => ({ data: entry.data, options: { jobId: entry.jobId, priority: entry.priority } })), options);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

/**
 * Jobs onto one queue in one round trip. A lone job (the usual case below
 * saturation) is a plain `add`: `addBulk` builds an ioredis pipeline, whose
 * constructor copies every BullMQ script onto it; that was 6 % of the
 * gateway's CPU at 2,000 webhook deliveries/s, and garbage that lengthened its
 * young-generation GC pauses.
 */
async function addJobs(queue: Queue, jobs: Array<{ name: string; data: unknown; opts: JobsOptions }>): Promise<Job[]> {
  if (jobs.length === 1) return [await queue.add(jobs[0].name, jobs[0].data, jobs[0].opts)];
  return queue.addBulk(jobs);
}

function toJobsOptions(options: EnqueueOptions): JobsOptions {
  const result: JobsOptions = {};
  if (options.jobId !== undefined) result.jobId = options.jobId;
  if (options.deduplicationId !== undefined) result.deduplication = { id: options.deduplicationId };
  if (options.delay !== undefined) result.delay = options.delay;
  if (options.priority !== undefined) result.priority = options.priority;
  if (options.attempts !== undefined) result.attempts = options.attempts;
  return result;
}
