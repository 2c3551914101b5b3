import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Notification } from '@wabus/queues';
import { ApiKeyCache } from './api-key.cache';

/** A key was revoked or changed somewhere: every replica forgets its cached keys. */
@Controller()
export class ApiKeyChangesController {
  constructor(private readonly keys: ApiKeyCache) {}

  @EventPattern(Notification.ApiKeyChanged)
  onApiKeyChanged(): void {
    this.keys.invalidateAll();
  }
}
