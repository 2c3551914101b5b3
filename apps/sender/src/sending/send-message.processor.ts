import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { handle, JobName, QueueName } from '@wabus/queues';
import { QueueWorkers } from '@wabus/service';
import { SENDER_SETTINGS, SenderSettings } from '../sender.settings';
import { SendMessageService } from './send-message.service';

/** The `outbound` queue's worker: every job is a SendMessage, handed to SendMessageService. */
@Injectable()
export class SendMessageProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly sends: SendMessageService,
    @Inject(SENDER_SETTINGS) private readonly settings: SenderSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(QueueName.Outbound, [handle(JobName.SendMessage, (data, job) => this.sends.handle(data, job))], { concurrency: this.settings.concurrency });
  }
}
