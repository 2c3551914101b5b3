import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Notification, NotificationPayloads } from '@wabus/queues';
import { OnNotification } from '@wabus/service';
import { ChannelCredentialsCache } from './channel-credentials.cache';

/** Drops a channel's cached credentials on every gateway replica when it changes. */
@Controller()
export class ChannelChangesController {
  constructor(private readonly credentials: ChannelCredentialsCache) {}

  @OnNotification(Notification.ChannelChanged)
  onChannelChanged(@Payload() payload: NotificationPayloads[Notification.ChannelChanged]): void {
    this.credentials.invalidate(payload.channelId);
  }
}
