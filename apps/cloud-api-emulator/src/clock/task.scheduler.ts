import { DueQueue } from '../webhooks/due-queue';

/** Delayed work outside webhook delivery (template reviews); cleared on reset and shutdown. */
export class TaskScheduler extends DueQueue {}
