/**
 * Queue and job names. Their values are wire data: jobs already waiting in
 * Redis carry them, so renaming one strands those jobs. Add, never rename.
 */
export enum QueueName {
  /** Verified webhook deliveries from Meta, waiting for `store`. */
  Inbound = 'inbound',
  /** Messages to send, waiting for `sender`. */
  Outbound = 'outbound',
  /** Send outcomes and queued sends, waiting for `store` to record them. */
  Records = 'records',
  /** Domain events (message received, status changed, interaction), waiting for `action-engine`. */
  Events = 'events',
  /** Template syncs per channel, waiting for `template-sync`. */
  TemplateSync = 'template-sync',
  /** Signed callbacks to business services, waiting for `action-engine`. */
  Callbacks = 'callbacks',
  /** The store's housekeeping (retention, fetching inbound media to storage), waiting for `store`. */
  StoreMaintenance = 'store-maintenance',
}

export enum JobName {
  InboundWebhook = 'inbound-webhook',
  SendMessage = 'send-message',
  RecordOutbound = 'record-outbound',
  /** One event per job: what versions before batching queued; still consumed, no longer produced. */
  DomainEvent = 'domain-event',
  /** Every domain event goes in one of these (DomainEventsJob, see `domainEventJobs`). */
  DomainEvents = 'domain-events',
  SyncTemplates = 'sync-templates',
  DeliverCallback = 'deliver-callback',
  ApplyRetention = 'apply-retention',
  FetchMedia = 'fetch-media',
}

/** Which queue carries each job: one place, so producer and consumer cannot disagree. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.InboundWebhook]: QueueName.Inbound,
  [JobName.SendMessage]: QueueName.Outbound,
  [JobName.RecordOutbound]: QueueName.Records,
  [JobName.DomainEvent]: QueueName.Events,
  [JobName.DomainEvents]: QueueName.Events,
  [JobName.SyncTemplates]: QueueName.TemplateSync,
  [JobName.DeliverCallback]: QueueName.Callbacks,
  [JobName.ApplyRetention]: QueueName.StoreMaintenance,
  [JobName.FetchMedia]: QueueName.StoreMaintenance,
};

export function jobsOfQueue(queue: QueueName): JobName[] {
  return (Object.keys(JOB_QUEUE) as JobName[]).filter((name) => JOB_QUEUE[name] === queue);
}
