import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { MessageChange } from '@wabus/queues';
import { mayUseChannel, type ApiKeyPrincipal } from '../auth/api-key-principal';

/** One open live view: the key behind it (whose channels it may see), and how to hand it a change or end it. */
export interface MessageStreamSubscriber {
  principal: ApiKeyPrincipal;
  deliver(change: MessageChange): void;
  end(): void;
}

/**
 * Fans message changes out to the live views connected to this replica. Each
 * replica hears every change (Redis pub/sub), so a view gets its updates
 * whichever replica it is connected to. Streams are ended before the HTTP
 * server closes: an open event stream would otherwise hold shutdown until its
 * timeout.
 */
@Injectable()
export class MessageStreamHub implements BeforeApplicationShutdown {
  private readonly subscribers = new Set<MessageStreamSubscriber>();

  subscribe(subscriber: MessageStreamSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  publish(change: MessageChange): void {
    for (const subscriber of this.subscribers) {
      if (mayUseChannel(subscriber.principal, change.channelId)) subscriber.deliver(change);
    }
  }

  beforeApplicationShutdown(): void {
    for (const subscriber of [...this.subscribers]) subscriber.end();
    this.subscribers.clear();
  }
}
