import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Notification } from '@wabus/queues';
import { ChannelDirectory } from './channel-directory';

/** A channel was created, changed or deleted somewhere: route the next webhooks by fresh data. */
@Controller()
export class ChannelChangesController {
  constructor(private readonly directory: ChannelDirectory) {}

  @EventPattern(Notification.ChannelChanged)
  onChannelChanged(): void {
    this.directory.forget();
  }
}
