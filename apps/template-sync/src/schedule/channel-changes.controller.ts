import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { Notification, NotificationPayloads } from '@wabus/queues';
import { LOGGER, OnNotification } from '@wabus/service';
import { TemplateSchedules } from './template-schedules';

/** A channel was created, changed or deleted: its sync schedule follows (the periodic reconcile catches a lost notification). */
@Controller()
export class ChannelChangesController {
  constructor(
    private readonly schedules: TemplateSchedules,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnNotification(Notification.ChannelChanged)
  async onChannelChanged(@Payload() payload: NotificationPayloads[Notification.ChannelChanged]): Promise<void> {
    try {
      await this.schedules.refresh(payload.channelId);
    } catch (error) {
      this.logger.warn({ err: error, channelId: payload.channelId }, 'the template sync schedule of a changed channel could not be updated; the next reconcile will');
    }
  }
}
