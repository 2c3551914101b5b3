import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { handle, JobName, QueueName } from '@wabus/queues';
import { QueueWorkers } from '@wabus/service';
import { EventRouter } from './event-router.service';

/**
 * Most events (messages, statuses nobody subscribed to) need no query at all,
 * and the rest mostly wait on PostgreSQL and Redis: a high concurrency keeps
 * the queue short behind a burst of statuses. Taps share the database pool
 * (10 connections), which is plenty for their two statements each.
 */
const CONCURRENCY = 64;

@Injectable()
export class EventsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly router: EventRouter,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(
      QueueName.Events,
      [handle(JobName.DomainEvents, (data, job) => this.router.routeBatch(data, job)), handle(JobName.DomainEvent, (data, job) => this.router.route(data, job))],
      { concurrency: CONCURRENCY },
    );
  }
}
