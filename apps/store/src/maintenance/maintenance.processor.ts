import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { handle, JobName, QueueName } from '@wabus/queues';
import { QueueWorkers } from '@wabus/service';
import { MediaFetchService } from '../media/media-fetch.service';
import { policyFor } from '../retention/retention.scheduler';
import { RetentionService } from '../retention/retention.service';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';

/** Consumes `store-maintenance`: retention runs (reporting progress on the job) and media downloads. */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap {
  worker: Worker | null = null;

  constructor(
    private readonly workers: QueueWorkers,
    private readonly retention: RetentionService,
    private readonly media: MediaFetchService,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.workers.start(
      QueueName.StoreMaintenance,
      [
        handle(JobName.ApplyRetention, (data, job) =>
          this.retention.run(policyFor(data, this.settings.retention), new Date(), (step, done) => job.updateProgress({ step, done })),
        ),
        handle(JobName.FetchMedia, (data) => this.media.fetch(data.messageId)),
      ],
      { concurrency: 4 },
    );
  }
}
