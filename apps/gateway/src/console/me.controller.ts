import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';

export class ApiKeyIdentityView {
  @ApiProperty() keyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], enum: ['admin', 'send', 'read'], description: '`admin` includes every other scope' }) scopes!: Array<'admin' | 'send' | 'read'>;
  @ApiProperty({ nullable: true, type: [String], description: 'The channels this key may use; null: every channel' }) channelIds!: string[] | null;
}

/**
 * `GET /v1/me`: what the calling key may do, so a client (the console) can
 * hide what would be refused. It needs `read`: a send-only key is refused
 * with 403, whose details name the key's scopes.
 */
@ApiTags('console')
@Controller('v1/me')
export class MeController {
  @Get()
  @RequireScope('read')
  @ApiOkResponse({ type: ApiKeyIdentityView })
  me(@Req() request: AuthenticatedRequest): ApiKeyIdentityView {
    const { keyId, name, scopes, channelIds } = request.principal;
    return { keyId, name, scopes, channelIds };
  }
}
