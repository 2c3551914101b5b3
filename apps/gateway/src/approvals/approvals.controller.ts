import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CursorPage } from '@wabus/persistence';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApprovalQueryDto, ApprovalView, CreateApprovalDto } from './approval.dto';
import { ApprovalsService } from './approvals.service';

@ApiTags('approvals')
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Post()
  @RequireScope('send')
  @ApiCreatedResponse({ type: ApprovalView, description: 'Recorded, and its two-button message queued; 200 when the idempotency key named an existing approval' })
  async create(@Body() input: CreateApprovalDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApprovalView> {
    const { approval, created } = await this.approvals.create(input, request.principal);
    void reply.status(created ? 201 : 200);
    return approval;
  }

  @Get()
  @RequireScope('read')
  list(@Query() query: ApprovalQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<ApprovalView>> {
    return this.approvals.list(query, request.principal);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOkResponse({ type: ApprovalView })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ApprovalView> {
    return this.approvals.get(id, request.principal);
  }
}
