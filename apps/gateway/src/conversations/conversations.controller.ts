import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import { PageQueryDto } from '../api/page-query.dto';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import { MessageView } from '../messages/message.view';
import { MessagesService } from '../messages/messages.service';
import { ConversationQueryDto, ConversationView } from './conversation.dto';
import { ConversationsService } from './conversations.service';

@ApiTags('conversations')
@Controller('v1/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  @Get()
  @RequireScope('read')
  list(@Query() query: ConversationQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<ConversationView>> {
    return this.conversations.list(query, request.principal);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOkResponse({ type: ConversationView })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ConversationView> {
    return this.conversations.get(id, request.principal);
  }

  @Get(':id/messages')
  @RequireScope('read')
  async messagesOf(@Param('id') id: string, @Query() query: PageQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<MessageView>> {
    await this.conversations.get(id, request.principal);
    return this.messages.list({ ...query, conversationId: id }, request.principal);
  }
}
