import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { JobName, JobQueues, Notification } from '@wabus/queues';
import { LOGGER, Notifications } from '@wabus/service';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { WindowStateWriter } from '../window/window-state.writer';
import type { BatchResult } from './batch-write';

/**
 * What follows a commit. The window keys must be written, or the job fails
 * and runs again (its transaction then writes nothing new, and the keys are
 * written for every message of the delivery, new or not). Events that fail to
 * publish are left to the outbox relay; notifications are best effort. Media
 * download jobs (setting `auto`) are queued only for new messages: a retry that
 * finds its messages stored queues none, and `fetch-media` can be asked for any.
 */
@Injectable()
export class AfterCommit {
  constructor(
    private readonly outbox: OutboxPublisher,
    private readonly windows: WindowStateWriter,
    private readonly notifications: Notifications,
    private readonly queues: JobQueues,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(result: BatchResult): Promise<void> {
    const windows = this.windows.touch(result.windows);
    const events = this.outbox
      .publish(result.events)
      .catch((error: unknown) => this.logger.warn({ err: error, events: result.events.length }, 'events not published now; the outbox relay will'));
    if (result.changes.length > 0) this.notifications.publish(Notification.MessagesChanged, { changes: result.changes });
    await Promise.all([windows, events, this.fetchMedia(result.media)]);
  }

  /** With media fetching on `auto`, each new inbound media gets its download job (one per message, by job id). */
  private async fetchMedia(messageIds: readonly string[]): Promise<void> {
    if (this.settings.mediaFetch !== 'auto' || messageIds.length === 0) return;
    await this.queues.enqueueBulk(
      JobName.FetchMedia,
      messageIds.map((messageId) => ({ data: { v: 1, messageId, reason: 'auto' }, options: { jobId: `media-${messageId}` } })),
    );
  }
}
