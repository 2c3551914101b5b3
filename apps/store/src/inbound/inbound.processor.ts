import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { handle, JobName, QueueName } from '@wabus/queues';
import { QueueWorkers } from '@wabus/service';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';
import { InboundService } from './inbound.service';

/** Consumes `inbound`: verified webhook deliveries, many at once so they share transactions. */
@Injectable()
export class InboundProcessor implements OnApplicationBootstrap {
  worker: Worker | null = null;

  constructor(
    private readonly workers: QueueWorkers,
    private readonly inbound: InboundService,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.workers.start(
      QueueName.Inbound,
      [handle(JobName.InboundWebhook, (data, job) => this.inbound.accept(data, job.id ?? ''))],
      { concurrency: this.settings.inboundConcurrency },
    );
  }
}
