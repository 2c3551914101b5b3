import { applyDecorators, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { EMPTY, Observable } from 'rxjs';
import type { AppConfig } from '@wabus/config';
import type { Notification } from '@wabus/queues';
import { APP_CONFIG } from './tokens';

/**
 * Notifications travel on Redis pub/sub channels named after the notification,
 * which every installation (and every test suite) sharing that Redis hears.
 * `Notifications.publish` stamps each with the publisher's queue prefix as
 * `scope`; this drops, before the handler runs, those of another scope (or of
 * none).
 */
@Injectable()
export class NotificationScopeInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const data: unknown = context.switchToRpc().getData();
    const scope = data !== null && typeof data === 'object' ? (data as { scope?: unknown }).scope : undefined;
    return scope === this.config.queuePrefix ? next.handle() : EMPTY;
  }
}

/** Handles a notification of this installation (the one way to receive one: `@OnNotification(Notification.X)`). */
export function OnNotification(name: Notification): MethodDecorator {
  return applyDecorators(EventPattern(name), UseInterceptors(NotificationScopeInterceptor));
}
