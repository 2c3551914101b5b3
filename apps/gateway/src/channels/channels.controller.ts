import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import { ApiError } from '@wabus/service';
import { pageOf, PageQueryDto } from '../api/page-query.dto';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { mayUseChannel } from '../auth/api-key-principal';
import { RequireScope } from '../auth/require-scope.decorator';
import { ChannelView, CreateChannelDto, UpdateChannelDto } from './channel.dto';
import { ChannelsService } from './channels.service';
import { ChannelVerificationView, ChannelVerifier } from './channel-verifier';

@ApiTags('channels')
@Controller('v1/channels')
export class ChannelsController {
  constructor(
    private readonly channels: ChannelsService,
    private readonly verifier: ChannelVerifier,
  ) {}

  @Post()
  @RequireScope('admin')
  @ApiOkResponse({ type: ChannelView })
  create(@Body() input: CreateChannelDto): Promise<ChannelView> {
    return this.channels.create(input);
  }

  @Get()
  @RequireScope('read')
  list(@Query() query: PageQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<ChannelView>> {
    return this.channels.list(pageOf(query), request.principal.channelIds);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOkResponse({ type: ChannelView })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ChannelView> {
    if (!mayUseChannel(request.principal, id)) throw ApiError.notFound('channel', id);
    return this.channels.get(id);
  }

  @Patch(':id')
  @RequireScope('admin')
  @ApiOkResponse({ type: ChannelView })
  update(@Param('id') id: string, @Body() input: UpdateChannelDto): Promise<ChannelView> {
    return this.channels.update(id, input);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOkResponse({ type: ChannelVerificationView })
  verify(@Param('id') id: string): Promise<ChannelVerificationView> {
    return this.verifier.verify(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('admin')
  async remove(@Param('id') id: string): Promise<void> {
    await this.channels.remove(id);
  }
}
