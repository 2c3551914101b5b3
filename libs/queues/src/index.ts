export { redisOptionsFromUrl, redactUrl } from './redis-options';
export { shareIoredisPipelineShape } from './ioredis-pipeline-shape';
export { QueueName, JobName, JOB_QUEUE, jobsOfQueue } from './queue-names';
export {
  InboundWebhookJob,
  SendMessageJob,
  RecordOutboundJob,
  RecordedError,
  DomainEventJob,
  DomainEventsJob,
  DOMAIN_EVENT_PRIORITY,
  SyncTemplatesJob,
  DeliverCallbackJob,
  ApplyRetentionJob,
  FetchMediaJob,
  JOB_CONTRACTS,
} from './job-contracts';
export type { JobOf, DomainEventType } from './job-contracts';
export { validateJob, InvalidJobError } from './job-validation';
export { DEFAULT_JOB_OPTIONS } from './job-options';
export { JobQueues } from './job-queues';
export type { EnqueueOptions } from './job-queues';
export { startQueueWorker, assertHandlersComplete, handle } from './queue-worker';
export type { JobHandler, HandlerBinding, DeadLetter, DeadLetterSink, WorkerHooks, QueueWorkerOptions } from './queue-worker';
export { Notification } from './notifications';
export type { NotificationPayloads, MessageChange } from './notifications';
export { RedisKeys } from './redis-keys';
export { submitOutboundMessage, outboundMessageId } from './outbound-submission';
export type { OutboundSubmission } from './outbound-submission';
