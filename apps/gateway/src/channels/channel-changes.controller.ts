import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Notification, NotificationPayloads } from '@wabus/queues';
import { ChannelCredentialsCache } from './channel-credentials.cache';

/** Drops a channel's cached credentials on every gateway replica when it changes. */
@Controller()
export class ChannelChangesController {
  constructor(private readonly credentials: ChannelCredentialsCache) {}

  @EventPattern(Notification.ChannelChanged)
  onChannelChanged(@Payload() payload: NotificationPayloads[Notification.ChannelChanged]): void {
    this.credentials.invalidate(payload.channelId);
  }
}
