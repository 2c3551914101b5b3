import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { JobName } from './queue-names';

/**
 * Versioned job payloads. Every payload carries `v`; a consumer refuses a
 * version it does not know (the job goes to the dead letters, not into a loop).
 * Payloads carry ids, never secrets: Redis keeps job data in clear text.
 */

/** A webhook delivery whose signature the gateway has verified. */
export class InboundWebhookJob {
  @Equals(1) v!: 1;
  @IsUUID() channelId!: string;
  @IsISO8601() receivedAt!: string;
  /** The exact body Meta sent, as text (up to 3 MB): parsing happens in `store`, never on the hot path. */
  @IsString() @MaxLength(4 * 1024 * 1024) body!: string;
}

/** A message to send; `payload` is the type object in Meta's shape. */
export class SendMessageJob {
  @Equals(1) v!: 1;
  @IsUUID() messageId!: string;
  @IsUUID() channelId!: string;
  /** The recipient in E.164 (empty when `contactId` names the recipient, or for a read receipt). */
  @IsString() @MaxLength(32) to!: string;
  /** A contact of the channel whose phone the sender resolves (opted-out contacts are refused there). */
  @IsOptional() @IsUUID() contactId?: string;
  @IsString() @MaxLength(32) type!: string;
  @IsObject() payload!: Record<string, unknown>;
  @IsOptional() @IsString() @MaxLength(256) contextMessageId?: string;
  @IsOptional() @IsString() @MaxLength(256) idempotencyKey?: string;
  @IsISO8601() requestedAt!: string;
}

export class RecordedError {
  @IsString() code!: string;
  @IsString() title!: string;
  @IsOptional() @IsString() details?: string;
}

/** What happened to an outbound message: queued by the gateway, or sent/failed by the sender. */
export class RecordOutboundJob {
  @Equals(1) v!: 1;
  @IsUUID() messageId!: string;
  @IsIn(['queued', 'sent', 'failed']) outcome!: 'queued' | 'sent' | 'failed';
  @IsISO8601() at!: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SendMessageJob) message?: SendMessageJob;
  @IsOptional() @IsString() waMessageId?: string;
  @IsOptional() @IsObject() request?: Record<string, unknown>;
  @IsOptional() @IsObject() response?: Record<string, unknown>;
  @IsOptional() @ValidateNested() @Type(() => RecordedError) error?: RecordedError;
}

export type DomainEventType = 'message.received' | 'message.status' | 'interaction.received' | 'conversation.opened' | 'approval.decided';

/**
 * Where a domain event waits on the `events` queue (BullMQ: lower runs first).
 * A tap has a customer waiting for the reply; a decided approval has a
 * business waiting for its callback; the rest is fan-out to subscriptions and
 * can wait behind them. A burst of statuses (every send brings three) thus
 * never stands between a tap and its reply. Every event has a priority, so
 * they all wait in one ordered set (BullMQ serves unprioritised jobs first).
 */
export const DOMAIN_EVENT_PRIORITY: Record<DomainEventType, number> = {
  'interaction.received': 1,
  'approval.decided': 2,
  'message.received': 3,
  'conversation.opened': 3,
  'message.status': 4,
};

export class DomainEventJob {
  @Equals(1) v!: 1;
  @IsUUID() eventId!: string;
  @IsIn(Object.keys(DOMAIN_EVENT_PRIORITY))
  type!: DomainEventType;
  @IsISO8601() occurredAt!: string;
  @IsObject() data!: Record<string, unknown>;
}

/** The most events in one `domain-events` job (a commit of a busy store holds more; they become several jobs). */
export const DOMAIN_EVENTS_PER_JOB = 500;

/**
 * Domain events of one commit that share a priority, in one job: the engine
 * handles each on its own (idempotent by event id), so a busy store adds one
 * job per commit and priority instead of one per fact. An event that fails
 * inside a batch is queued again as a batch of one, which retries and
 * dead-letters alone.
 */
export class DomainEventsJob {
  @Equals(1) v!: 1;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DOMAIN_EVENTS_PER_JOB)
  @ValidateNested({ each: true })
  @Type(() => DomainEventJob)
  events!: DomainEventJob[];
}

export class SyncTemplatesJob {
  @Equals(1) v!: 1;
  @IsUUID() channelId!: string;
  @IsIn(['schedule', 'api', 'webhook']) reason!: 'schedule' | 'api' | 'webhook';
}

export class DeliverCallbackJob {
  @Equals(1) v!: 1;
  @IsUUID() deliveryId!: string;
}

/**
 * One run of the store's retention policy. The configured policy applies; a
 * field given here overrides it for this run (an operator's one-off purge).
 * Days count back from the run; a missing value keeps that data forever.
 */
export class ApplyRetentionJob {
  @Equals(1) v!: 1;
  @IsIn(['schedule', 'api']) reason!: 'schedule' | 'api';
  /** Drop raw webhook items, Graph requests and responses of messages older than this. */
  @IsOptional() @IsInt() @Min(1) rawPayloadDays?: number;
  /** Delete messages (with their status history) older than this. */
  @IsOptional() @IsInt() @Min(1) messageDays?: number;
  /** Delete statuses for wamids no message ever claimed (sent outside wabus) older than this. */
  @IsOptional() @IsInt() @Min(1) unclaimedStatusDays?: number;
  /** Delete published domain events (the outbox) older than this. */
  @IsOptional() @IsInt() @Min(1) publishedEventDays?: number;
}

/** Download an inbound message's media (image, audio, video, document, sticker) to the store's media storage. */
export class FetchMediaJob {
  @Equals(1) v!: 1;
  @IsUUID() messageId!: string;
  /** `auto`: the store's setting fetches every inbound media; `api`: someone asked for this one. */
  @IsIn(['auto', 'api']) reason!: 'auto' | 'api';
}

/** The payload class of each job name: `JobOf<JobName.SendMessage>` is what a producer passes. */
export const JOB_CONTRACTS = {
  [JobName.InboundWebhook]: InboundWebhookJob,
  [JobName.SendMessage]: SendMessageJob,
  [JobName.RecordOutbound]: RecordOutboundJob,
  [JobName.DomainEvent]: DomainEventJob,
  [JobName.DomainEvents]: DomainEventsJob,
  [JobName.SyncTemplates]: SyncTemplatesJob,
  [JobName.DeliverCallback]: DeliverCallbackJob,
  [JobName.ApplyRetention]: ApplyRetentionJob,
  [JobName.FetchMedia]: FetchMediaJob,
} satisfies Record<JobName, new () => object>;

export type JobOf<N extends JobName> = InstanceType<(typeof JOB_CONTRACTS)[N]>;
