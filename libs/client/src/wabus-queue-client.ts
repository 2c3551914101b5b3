import type Redis from 'ioredis';
import { normalizePhoneNumber } from '@wabus/domain';
import { JobQueues, submitOutboundMessage } from '@wabus/queues';
import { assertValidSendRequest, InvalidSendRequestError, SendRequest } from './send-request';

export interface WabusQueueClientOptions {
  /** A connection to the Redis that wabus uses (BullMQ needs `maxRetriesPerRequest: null`). */
  connection: Redis;
  /** WABUS_QUEUE_PREFIX of the deployment; `{wabus}` by default. */
  prefix?: string;
}

/**
 * The SDK straight onto the `outbound` queue, for services inside the same
 * network: no HTTP hop, the same validation, the same idempotency (the message
 * id is derived from channel + idempotency key). `to` must be a phone number:
 * resolving a contact needs the database, which only the HTTP API offers.
 */
export class WabusQueueClient {
  private readonly queues: JobQueues;

  constructor(options: WabusQueueClientOptions) {
    this.queues = new JobQueues(options.connection, options.prefix ?? '{wabus}');
  }

  async sendMessage(request: SendRequest): Promise<{ id: string; status: 'queued' }> {
    assertValidSendRequest(request);
    if (typeof request.to !== 'string') {
      throw new InvalidSendRequestError([{ field: 'to', problem: 'the queue client needs a phone number; send to a contact through the HTTP client' }]);
    }
    const message = await submitOutboundMessage(this.queues, {
      channelId: request.channelId,
      to: normalizePhoneNumber(request.to).e164,
      type: request.type,
      payload: (request as unknown as Record<string, Record<string, unknown>>)[request.type],
      contextMessageId: request.context?.message_id,
      idempotencyKey: request.idempotencyKey,
    });
    return { id: message.messageId, status: 'queued' };
  }

  async close(): Promise<void> {
    await this.queues.close();
  }
}
