import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { ApiKeyScope } from '@wabus/persistence';
import { ApiKeyGuard } from './api-key.guard';

export const REQUIRED_SCOPE = 'wabus:required-scope';

/** The route needs an API key with this scope (admin keys have every scope). */
export function RequireScope(scope: ApiKeyScope): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(REQUIRED_SCOPE, scope), UseGuards(ApiKeyGuard), ApiBearerAuth());
}
