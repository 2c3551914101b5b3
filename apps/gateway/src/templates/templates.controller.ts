import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import { TemplateQueryDto, TemplateSyncAcceptedView, TemplateSyncView, TemplateView } from './template.dto';
import { CreateTemplateDto, PreviewTemplateDto, TemplateDeleteQueryDto, TemplatePreviewView } from './template-management.dto';
import { TemplateManagementService } from './template-management.service';
import { TemplatesService } from './templates.service';

@ApiTags('templates')
@Controller('v1')
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly management: TemplateManagementService,
  ) {}

  @Get('templates')
  @RequireScope('read')
  list(@Query() query: TemplateQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<TemplateView>> {
    return this.templates.list(query, request.principal);
  }

  @Post('templates')
  @RequireScope('admin')
  @ApiOperation({ summary: "Create a template at Meta (it starts PENDING; Meta's review arrives as a status webhook)" })
  @ApiCreatedResponse({ type: TemplateView })
  create(@Body() input: CreateTemplateDto, @Req() request: AuthenticatedRequest): Promise<TemplateView> {
    return this.management.create(input, request.principal);
  }

  @Get('templates/:id')
  @RequireScope('read')
  @ApiOkResponse({ type: TemplateView })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<TemplateView> {
    return this.templates.get(id, request.principal);
  }

  @Delete('templates/:id')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Delete this language of a template at Meta; the row stays, marked deleted' })
  @ApiOkResponse({ type: TemplateView })
  remove(@Param('id') id: string, @Query() query: TemplateDeleteQueryDto, @Req() request: AuthenticatedRequest): Promise<TemplateView> {
    return this.management.remove(id, query.channelId, request.principal);
  }

  @Post('templates/:id/preview')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOperation({ summary: 'Fill the variables and read the final text, with what the pre-send check would refuse' })
  @ApiOkResponse({ type: TemplatePreviewView })
  preview(@Param('id') id: string, @Body() input: PreviewTemplateDto, @Req() request: AuthenticatedRequest): Promise<TemplatePreviewView> {
    return this.management.preview(id, input, request.principal);
  }

  @Post('channels/:id/templates/sync')
  @HttpCode(202)
  @RequireScope('admin')
  @ApiAcceptedResponse({ type: TemplateSyncAcceptedView })
  sync(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<TemplateSyncAcceptedView> {
    return this.templates.requestSync(id, request.principal);
  }

  @Get('template-syncs/:jobId')
  @RequireScope('read')
  @ApiOkResponse({ type: TemplateSyncView })
  syncStatus(@Param('jobId') jobId: string): Promise<TemplateSyncView> {
    return this.templates.syncStatus(jobId);
  }
}
