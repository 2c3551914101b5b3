import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Notification, NotificationPayloads } from '@wabus/queues';
import { OnNotification } from '@wabus/service';
import { ChannelDirectory } from './channel-directory';

/** Drops a channel from every sender replica's cache when it changes (new token, new level, deactivated). */
@Controller()
export class ChannelChangesController {
  constructor(private readonly channels: ChannelDirectory) {}

  @OnNotification(Notification.ChannelChanged)
  onChannelChanged(@Payload() payload: NotificationPayloads[Notification.ChannelChanged]): void {
    this.channels.forget(payload.channelId);
  }
}
