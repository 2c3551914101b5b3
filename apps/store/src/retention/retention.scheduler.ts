import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { JobName, JobQueues, QueueName, type ApplyRetentionJob } from '@wabus/queues';
import { LOGGER } from '@wabus/service';
import { STORE_SETTINGS, type RetentionPolicy, type StoreSettings } from '../settings/store-settings';

const SCHEDULER_ID = 'store-retention';

/** The configured policy, with what one job overrides for its run. */
export function policyFor(job: ApplyRetentionJob, configured: RetentionPolicy): RetentionPolicy {
  return {
    rawPayloadDays: job.rawPayloadDays ?? configured.rawPayloadDays,
    messageDays: job.messageDays ?? configured.messageDays,
    unclaimedStatusDays: job.unclaimedStatusDays ?? configured.unclaimedStatusDays,
    publishedEventDays: job.publishedEventDays ?? configured.publishedEventDays,
  };
}

/**
 * Schedules retention with a BullMQ job scheduler that every replica upserts
 * alike, so it runs once per period whatever the number of replicas. The job
 * itself runs on `store-maintenance` (maintenance.processor.ts).
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly queues: JobQueues,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.queue(QueueName.StoreMaintenance);
    if (this.settings.retentionEveryMs <= 0) {
      await queue.removeJobScheduler(SCHEDULER_ID);
      return;
    }
    const data: ApplyRetentionJob = { v: 1, reason: 'schedule' };
    await queue.upsertJobScheduler(SCHEDULER_ID, { every: this.settings.retentionEveryMs }, { name: JobName.ApplyRetention, data });
    this.logger.info({ everyMs: this.settings.retentionEveryMs, policy: this.settings.retention }, 'retention scheduled');
  }
}
