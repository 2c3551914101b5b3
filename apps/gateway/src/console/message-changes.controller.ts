import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Notification, NotificationPayloads } from '@wabus/queues';
import { OnNotification } from '@wabus/service';
import { MessageStreamHub } from './message-stream.hub';

/** The store published the messages a commit changed: live views connected here hear of each. */
@Controller()
export class MessageChangesController {
  constructor(private readonly hub: MessageStreamHub) {}

  @OnNotification(Notification.MessagesChanged)
  onMessagesChanged(@Payload() payload: NotificationPayloads[Notification.MessagesChanged]): void {
    for (const change of payload.changes) this.hub.publish(change);
  }
}
