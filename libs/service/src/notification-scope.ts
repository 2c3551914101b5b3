import { BaseRpcContext, EventPattern, ReadPacket, RedisOptions as NestRedisOptions, ServerRedis } from '@nestjs/microservices';
import type { RedisOptions } from 'ioredis';
import type { Notification } from '@wabus/queues';

/**
 * The Redis transport of notifications, keeping only this installation's.
 * Notifications travel on Redis pub/sub channels named after the
 * notification, which every installation (and every test suite) sharing that
 * Redis hears. `Notifications.publish` stamps each with the publisher's queue
 * prefix as `scope`; this drops those of another scope (or of none) before any
 * handler runs. A Nest interceptor did this before, at the cost of Nest's
 * per-call interceptor chain (rxjs, and two `AsyncResource.bind`s whose
 * per-function accessors kept every notification alive past a scavenge).
 */
export class ScopedRedisServer extends ServerRedis {
  constructor(
    options: RedisOptions,
    private readonly scope: string,
  ) {
    // Nest declares its own narrower copy of ioredis' options (its retryStrategy type differs; the transport sets its own anyway).
    super(options as Required<NestRedisOptions>['options']);
  }

  override handleEvent(pattern: string, packet: ReadPacket, context: BaseRpcContext): Promise<unknown> {
    const data: unknown = packet.data;
    const scope = data !== null && typeof data === 'object' ? (data as { scope?: unknown }).scope : undefined;
    return scope === this.scope ? super.handleEvent(pattern, packet, context) : Promise.resolve();
  }
}

/** Handles a notification of this installation (the one way to receive one: `@OnNotification(Notification.X)`). */
export function OnNotification(name: Notification): MethodDecorator {
  return EventPattern(name);
}
