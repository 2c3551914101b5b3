import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import { ActionRunQueryDto, ActionRunView, ButtonActionQueryDto, ButtonActionView, CreateButtonActionDto, UpdateButtonActionDto } from './button-action.dto';
import { ButtonActionsService } from './button-actions.service';

@ApiTags('button actions')
@Controller('v1/button-actions')
export class ButtonActionsController {
  constructor(private readonly actions: ButtonActionsService) {}

  @Post()
  @RequireScope('admin')
  @ApiCreatedResponse({ type: ButtonActionView })
  create(@Body() input: CreateButtonActionDto, @Req() request: AuthenticatedRequest): Promise<ButtonActionView> {
    return this.actions.create(input, request.principal);
  }

  @Get()
  @RequireScope('read')
  list(@Query() query: ButtonActionQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<ButtonActionView>> {
    return this.actions.list(query, request.principal);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOkResponse({ type: ButtonActionView })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ButtonActionView> {
    return this.actions.get(id, request.principal);
  }

  @Patch(':id')
  @RequireScope('admin')
  @ApiOkResponse({ type: ButtonActionView })
  update(@Param('id') id: string, @Body() input: UpdateButtonActionDto, @Req() request: AuthenticatedRequest): Promise<ButtonActionView> {
    return this.actions.update(id, input, request.principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('admin')
  async remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.actions.remove(id, request.principal);
  }

  @Get(':id/runs')
  @RequireScope('read')
  @ApiOkResponse({ description: 'The runs of this action, newest first: `{data: ActionRun[], nextCursor}`' })
  runs(@Param('id') id: string, @Query() query: ActionRunQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<ActionRunView>> {
    return this.actions.runs(id, query, request.principal);
  }
}
