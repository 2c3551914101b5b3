import { createHash, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { JobQueues } from './job-queues';
import { SendMessageJob } from './job-contracts';
import { JobName, QueueName } from './queue-names';
import { RedisKeys } from './redis-keys';

export interface OutboundSubmission {
  channelId: string;
  /** Recipient in E.164, or a contact of the channel (the sender resolves its number when it sends). */
  to: string | { contactId: string };
  /** A message type, or `mark_as_read` / `typing_indicator` (payload `{message_id}`): see apps/sender/README.md. */
  type: string;
  /** The type object in Meta's shape (`{ body: 'hi' }` for text; the card array for contacts). */
  payload: Record<string, unknown> | unknown[];
  contextMessageId?: string;
  idempotencyKey?: string;
}

/** BullMQ's largest priority (lower runs first). */
export const MAX_PRIORITY = 2_097_151;
// A channel idle this long starts again from priority 1 even if a count was lost (a job removed by hand).
const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Fair queueing across numbers: a send's priority is its place in its own
 * channel's line (1 for the first pending job, 2 for the second…), never lower
 * than the last priority the channel gave while it still has jobs pending, so
 * a channel's own jobs keep their order. A number with 100,000 queued jobs has
 * priorities up to 100,000; another number's single message gets 1 and runs
 * next. Pending jobs are a set of job ids, so a repeated submission (same
 * idempotency key, so the same job id) does not count twice; the sender
 * removes the id when the job finishes.
 */
const NEXT_PRIORITY = `
local before = redis.call('SCARD', KEYS[1])
redis.call('SADD', KEYS[1], ARGV[1])
local n = redis.call('SCARD', KEYS[1])
local p = 0
if before > 0 then p = tonumber(redis.call('GET', KEYS[2]) or '0') end
if n > p then p = n end
if p > tonumber(ARGV[3]) then p = tonumber(ARGV[3]) end
redis.call('SET', KEYS[2], p, 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return p`;

/**
 * The message id for a submission: derived from (channel, idempotency key) when
 * a key is given, so the same key always answers with the same message (and the
 * same BullMQ job id), with no lookup; otherwise a fresh UUID.
 */
export function outboundMessageId(channelId: string, idempotencyKey?: string): string {
  if (!idempotencyKey) return randomUUID();
  const hash = createHash('sha256').update(`wabus:outbound:${channelId}:${idempotencyKey}`).digest();
  // Shaped as a version-8 (custom) UUID, so it fits the uuid columns.
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The one way to send: records the message as queued (so it is visible at
 * once) and puts the send job on `outbound`, both under the message id as job
 * id, so a repeated submission with the same idempotency key adds nothing.
 * Used by the gateway's POST /v1/messages, the SDK and the action engine.
 *
 * Job shape notes (the sender documents them in apps/sender/README.md): a
 * contacts payload, which Meta defines as an array, travels as `{contacts: [...]}`
 * (job payloads are objects); a recipient given as `{contactId}` travels as
 * `contactId` with an empty `to`.
 */
export async function submitOutboundMessage(queues: JobQueues, submission: OutboundSubmission, now = new Date()): Promise<SendMessageJob> {
  const recipient = typeof submission.to === 'string' ? { to: submission.to } : { to: '', contactId: submission.to.contactId };
  const message: SendMessageJob = {
    v: 1,
    messageId: outboundMessageId(submission.channelId, submission.idempotencyKey),
    channelId: submission.channelId,
    ...recipient,
    type: submission.type,
    payload: Array.isArray(submission.payload) ? { [submission.type]: submission.payload } : submission.payload,
    ...(submission.contextMessageId ? { contextMessageId: submission.contextMessageId } : {}),
    ...(submission.idempotencyKey ? { idempotencyKey: submission.idempotencyKey } : {}),
    requestedAt: now.toISOString(),
  };
  // The queued record and the send's priority are independent; the send goes on only once its record is queued.
  const [, priority] = await Promise.all([
    queues.enqueue(JobName.RecordOutbound, { v: 1, messageId: message.messageId, outcome: 'queued', at: message.requestedAt, message }, { jobId: `queued-${message.messageId}` }),
    nextPriority(queues, message.channelId, message.messageId),
  ]);
  await queues.enqueue(JobName.SendMessage, message, { jobId: message.messageId, priority });
  return message;
}

async function nextPriority(queues: JobQueues, channelId: string, jobId: string): Promise<number> {
  const queue = queues.queue(QueueName.Outbound);
  const client = await (queue.getBackend() as unknown as { client: Promise<Redis> }).client;
  const prefix = queue.opts.prefix ?? 'bull';
  const keys = [RedisKeys.pendingSends(prefix, channelId), RedisKeys.pendingPriority(prefix, channelId)];
  return Number(await client.eval(NEXT_PRIORITY, keys.length, ...keys, jobId, PENDING_TTL_MS, MAX_PRIORITY));
}
