import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { handle, JobName, QueueName } from '@wabus/queues';
import { QueueWorkers } from '@wabus/service';
import { CallbackSender } from './callback-sender.service';

/** Each job is mostly waiting on a remote server: many at once per replica. */
const CONCURRENCY = 32;

@Injectable()
export class CallbacksProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly sender: CallbackSender,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(QueueName.Callbacks, [handle(JobName.DeliverCallback, (data, job) => this.sender.deliver(data, job))], { concurrency: CONCURRENCY });
  }
}
