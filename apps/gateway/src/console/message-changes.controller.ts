import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Notification, NotificationPayloads } from '@wabus/queues';
import { MessageStreamHub } from './message-stream.hub';

/** The store published a message change after its commit: live views connected here hear of it. */
@Controller()
export class MessageChangesController {
  constructor(private readonly hub: MessageStreamHub) {}

  @EventPattern(Notification.MessageChanged)
  onMessageChanged(@Payload() payload: NotificationPayloads[Notification.MessageChanged]): void {
    this.hub.publish(payload);
  }
}
