import { Controller } from '@nestjs/common';
import { Notification } from '@wabus/queues';
import { OnNotification } from '@wabus/service';
import { ApiKeyCache } from './api-key.cache';

/** A key was revoked or changed somewhere: every replica forgets its cached keys. */
@Controller()
export class ApiKeyChangesController {
  constructor(private readonly keys: ApiKeyCache) {}

  @OnNotification(Notification.ApiKeyChanged)
  onApiKeyChanged(): void {
    this.keys.invalidateAll();
  }
}
