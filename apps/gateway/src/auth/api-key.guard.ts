import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyScope } from '@wabus/persistence';
import { ApiError } from '@wabus/service';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyPrincipal, hasScope } from './api-key-principal';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { REQUIRED_SCOPE } from './require-scope.decorator';

export type AuthenticatedRequest = FastifyRequest & { principal: ApiKeyPrincipal };

/** `Authorization: Bearer <api key>`: 401 without a valid key, 403 without the scope, 429 over the rate. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyCache,
    private readonly rateLimiter: ApiKeyRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ApiError(401, 'unauthorized', 'Send an API key as `Authorization: Bearer <key>`.');
    const principal = await this.keys.principalFor(match[1]);
    if (!principal) throw new ApiError(401, 'unauthorized', 'The API key is unknown or has been revoked.');
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]) ?? 'admin';
    if (!hasScope(principal, scope)) {
      throw new ApiError(403, 'forbidden', `This API key lacks the "${scope}" scope needed here.`, { requiredScope: scope, scopes: principal.scopes });
    }
    await this.rateLimiter.consume(principal.keyId);
    this.keys.noteUse(principal);
    request.principal = principal;
    return true;
  }
}
