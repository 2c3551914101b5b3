import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Worker } from 'bullmq';
import { handle, JobName, QueueName, type RecordOutboundJob } from '@wabus/queues';
import { QueueWorkers } from '@wabus/service';
import { WriteBatcher } from '../message-log/write-batcher';
import { emptyUnit } from '../message-log/write-unit';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';
import { planRecord } from './outbound-record-plan';

/** A record whose message names a recipient that is no phone number: no contact can hold it. */
export class UnusableRecipientError extends UnrecoverableError {
  readonly code = 'invalid_recipient';
  constructor(messageId: string, to: string) {
    super(`Message ${messageId} is addressed to "${to}", which is not a phone number; it cannot be recorded.`);
    this.name = 'UnusableRecipientError';
  }
}

/**
 * Consumes `records`: the gateway's `queued` and the sender's `sent`/`failed`,
 * in any order, through the same batched writer as the webhooks, so a status
 * webhook and the record it races meet in one place.
 */
@Injectable()
export class RecordOutboundProcessor implements OnApplicationBootstrap {
  worker: Worker | null = null;

  constructor(
    private readonly workers: QueueWorkers,
    private readonly batcher: WriteBatcher,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.workers.start(QueueName.Records, [handle(JobName.RecordOutbound, (data) => this.record(data))], {
      concurrency: this.settings.recordsConcurrency,
    });
  }

  async record(data: RecordOutboundJob): Promise<void> {
    const plan = planRecord(data);
    if (data.message && !plan.message) throw new UnusableRecipientError(data.messageId, data.message.to);
    await this.batcher.submit({ ...emptyUnit(), records: [plan] });
  }
}
