import { randomUUID } from 'node:crypto';
import { DOMAIN_EVENT_PRIORITY, DOMAIN_EVENTS_PER_JOB, type DomainEventJob, type DomainEventType } from '../job-contracts';
import { domainEventJobs } from '../domain-event-jobs';
import { validateJob } from '../job-validation';
import { JobName } from '../queue-names';

const event = (type: DomainEventType): DomainEventJob => ({ v: 1, eventId: randomUUID(), type, occurredAt: new Date().toISOString(), data: {} });

describe('domainEventJobs', () => {
  it('puts a commit’s events in one job per priority, taps first, in the order given', () => {
    const events = [event('message.status'), event('interaction.received'), event('message.received'), event('conversation.opened'), event('message.status')];
    const jobs = domainEventJobs(events);
    expect(jobs.map((job) => job.priority)).toEqual([DOMAIN_EVENT_PRIORITY['interaction.received'], DOMAIN_EVENT_PRIORITY['message.received'], DOMAIN_EVENT_PRIORITY['message.status']]);
    expect(jobs.map((job) => job.data.events.map((one) => one.eventId))).toEqual([[events[1].eventId], [events[2].eventId, events[3].eventId], [events[0].eventId, events[4].eventId]]);
    for (const job of jobs) expect(() => validateJob(JobName.DomainEvents, job.data)).not.toThrow();
  });

  it('names a batch of one by its event id, and a larger batch by a digest of its event ids', () => {
    const one = event('approval.decided');
    expect(domainEventJobs([one])[0].jobId).toBe(one.eventId);
    const many = [event('message.status'), event('message.status')];
    const [first] = domainEventJobs(many);
    expect(first.jobId).toMatch(/^events-[0-9a-f]{40}$/);
    expect(domainEventJobs(many)[0].jobId).toBe(first.jobId);
    expect(domainEventJobs([...many].reverse())[0].jobId).not.toBe(first.jobId);
  });

  it(`splits a priority's events into jobs of at most ${DOMAIN_EVENTS_PER_JOB}`, () => {
    const events = Array.from({ length: DOMAIN_EVENTS_PER_JOB * 2 + 1 }, () => event('message.status'));
    const jobs = domainEventJobs(events);
    expect(jobs.map((job) => job.data.events.length)).toEqual([DOMAIN_EVENTS_PER_JOB, DOMAIN_EVENTS_PER_JOB, 1]);
    expect(jobs.flatMap((job) => job.data.events)).toEqual(events);
  });

  it('refuses an empty batch and a batch over the limit at the contract', () => {
    expect(() => validateJob(JobName.DomainEvents, { v: 1, events: [] })).toThrow();
    expect(() => validateJob(JobName.DomainEvents, { v: 1, events: Array.from({ length: DOMAIN_EVENTS_PER_JOB + 1 }, () => event('message.status')) })).toThrow();
  });
});
