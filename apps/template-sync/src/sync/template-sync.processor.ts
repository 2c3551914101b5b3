import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { handle, JobName, QueueName } from '@wabus/queues';
import { QueueWorkers } from '@wabus/service';
import { TEMPLATE_SYNC_SETTINGS, TemplateSyncSettings } from '../template-sync.settings';
import { TemplateSyncService } from './template-sync.service';

/** The `template-sync` queue's worker: every job is a SyncTemplates, handed to TemplateSyncService. */
@Injectable()
export class TemplateSyncProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly syncs: TemplateSyncService,
    @Inject(TEMPLATE_SYNC_SETTINGS) private readonly settings: TemplateSyncSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(QueueName.TemplateSync, [handle(JobName.SyncTemplates, (data, job) => this.syncs.sync(data, job))], { concurrency: this.settings.concurrency });
  }
}
