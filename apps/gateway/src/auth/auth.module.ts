import { Module } from '@nestjs/common';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyChangesController } from './api-key-changes.controller';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { BootstrapApiKey } from './bootstrap-api-key';

@Module({
  controllers: [ApiKeyChangesController],
  providers: [ApiKeyCache, ApiKeyGuard, ApiKeyRateLimiter, BootstrapApiKey],
  exports: [ApiKeyCache, ApiKeyGuard, ApiKeyRateLimiter],
})
export class AuthModule {}
