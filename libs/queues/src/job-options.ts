import type { JobsOptions } from 'bullmq';

/**
 * Defaults for every job. Retention is bounded so Redis memory does not grow
 * with history (bullmq #2267); failed jobs are kept longer, and the ones that
 * exhaust their attempts are also copied to the dead letters in PostgreSQL.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { count: 5_000, age: 60 * 60 },
  removeOnFail: { count: 20_000, age: 7 * 24 * 60 * 60 },
};
