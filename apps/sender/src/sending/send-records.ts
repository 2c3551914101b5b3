import { Injectable } from '@nestjs/common';
import { JobName, JobQueues } from '@wabus/queues';
import { redactSecrets } from '@wabus/whatsapp';
import type { SendJob } from './outbound-command';
import type { SendError } from './send-outcome';

export interface RecordInput {
  /** The job as sent, with `to` resolved (a contact's number when the job named a contact). */
  message: SendJob;
  /** The BullMQ job id: the message id, or another id for a replayed dead letter. */
  jobId: string;
  /** The Graph request body, when one was made. */
  request?: object;
  /** Meta's answer, when there was one. */
  response?: object;
  /** Secrets to mask in the request and response (the channel's access token). */
  secrets: string[];
}

/**
 * Puts each outcome on the `records` queue for `store`: sent (with the wamid)
 * or failed (with the error), with the raw request and response, tokens
 * redacted. Job ids `sent-<messageId>` / `failed-<messageId>` make a repeated
 * record (a retried job) collapse into one; a replayed dead letter that fails
 * again records under `failed-<its job id>`, so the new failure is kept.
 */
@Injectable()
export class SendRecords {
  constructor(private readonly queues: JobQueues) {}

  async sent(input: RecordInput & { waMessageId: string | undefined }): Promise<void> {
    const { message } = input;
    await this.queues.enqueue(
      JobName.RecordOutbound,
      {
        v: 1,
        messageId: message.messageId,
        outcome: 'sent',
        at: new Date().toISOString(),
        message,
        ...(input.waMessageId ? { waMessageId: input.waMessageId } : {}),
        ...this.exchange(input),
      },
      { jobId: `sent-${message.messageId}` },
    );
  }

  async failed(input: RecordInput & { error: SendError }): Promise<void> {
    const { message } = input;
    const recordId = input.jobId === message.messageId ? message.messageId : input.jobId;
    await this.queues.enqueue(
      JobName.RecordOutbound,
      {
        v: 1,
        messageId: message.messageId,
        outcome: 'failed',
        at: new Date().toISOString(),
        message,
        error: { code: input.error.code, title: input.error.title, ...(input.error.details ? { details: input.error.details } : {}) },
        ...this.exchange(input),
      },
      { jobId: `failed-${recordId}` },
    );
  }

  private exchange(input: RecordInput): { request?: Record<string, unknown>; response?: Record<string, unknown> } {
    const result: { request?: Record<string, unknown>; response?: Record<string, unknown> } = {};
    if (input.request) result.request = redactSecrets(input.request as Record<string, unknown>, input.secrets);
    if (input.response) result.response = redactSecrets(input.response as Record<string, unknown>, input.secrets);
    return result;
  }
}
