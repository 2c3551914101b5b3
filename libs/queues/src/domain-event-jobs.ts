import { createHash } from 'node:crypto';
import { DOMAIN_EVENT_PRIORITY, DOMAIN_EVENTS_PER_JOB, type DomainEventJob, type DomainEventsJob } from './job-contracts';

export interface DomainEventsEntry {
  data: DomainEventsJob;
  jobId: string;
  priority: number;
}

/**
 * The `domain-events` jobs that carry these events: one per priority (a tap
 * never waits behind a commit's statuses), at most DOMAIN_EVENTS_PER_JOB
 * each, in the order given. The job id is the event's id for a batch of one
 * (so publishing one event again adds nothing), and a digest of the event ids
 * otherwise (the same batch offered twice is one job; a different grouping of
 * the same events is handled again, which the engine's per-event idempotency
 * makes harmless).
 */
export function domainEventJobs(events: readonly DomainEventJob[]): DomainEventsEntry[] {
  const byPriority = new Map<number, DomainEventJob[]>();
  for (const event of events) {
    const priority = DOMAIN_EVENT_PRIORITY[event.type];
    const group = byPriority.get(priority);
    if (group) group.push(event);
    else byPriority.set(priority, [event]);
  }
  const entries: DomainEventsEntry[] = [];
  for (const [priority, group] of [...byPriority].sort(([a], [b]) => a - b)) {
    for (let start = 0; start < group.length; start += DOMAIN_EVENTS_PER_JOB) {
      const chunk = group.slice(start, start + DOMAIN_EVENTS_PER_JOB);
      entries.push({ data: { v: 1, events: chunk }, jobId: batchJobId(chunk), priority });
    }
  }
  return entries;
}

function batchJobId(events: readonly DomainEventJob[]): string {
  if (events.length === 1) return events[0].eventId;
  const digest = createHash('sha256');
  for (const event of events) digest.update(event.eventId).update('\n');
  return `events-${digest.digest('hex').slice(0, 40)}`;
}
