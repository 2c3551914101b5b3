import { Controller } from '@nestjs/common';
import { Notification } from '@wabus/queues';
import { OnNotification } from '@wabus/service';
import { ChannelDirectory } from './channel-directory';

/** A channel was created, changed or deleted somewhere: route the next webhooks by fresh data. */
@Controller()
export class ChannelChangesController {
  constructor(private readonly directory: ChannelDirectory) {}

  @OnNotification(Notification.ChannelChanged)
  onChannelChanged(): void {
    this.directory.forget();
  }
}
