import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Notification, NotificationPayloads } from '@wabus/queues';
import { MessageStreamHub } from './message-stream.hub';

/** The store published the messages a commit changed: live views connected here hear of each. */
@Controller()
export class MessageChangesController {
  constructor(private readonly hub: MessageStreamHub) {}

  @EventPattern(Notification.MessagesChanged)
  onMessagesChanged(@Payload() payload: NotificationPayloads[Notification.MessagesChanged]): void {
    for (const change of payload.changes) this.hub.publish(change);
  }
}
