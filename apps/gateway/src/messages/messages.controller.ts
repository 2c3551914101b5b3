import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import { MessageAcceptedView, SendMessageDto } from './dto/send-message.dto';
import { MessageQueryDto } from './message-query.dto';
import { MessageView } from './message.view';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @HttpCode(202)
  @RequireScope('send')
  @ApiAcceptedResponse({ type: MessageAcceptedView, description: 'Durably queued; the status follows in GET /v1/messages/:id' })
  send(@Body() input: SendMessageDto, @Req() request: AuthenticatedRequest): Promise<MessageAcceptedView> {
    return this.messages.send(input, request.principal);
  }

  @Get()
  @RequireScope('read')
  list(@Query() query: MessageQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<MessageView>> {
    return this.messages.list(query, request.principal);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOkResponse({ type: MessageView })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<MessageView> {
    return this.messages.get(id, request.principal);
  }
}
