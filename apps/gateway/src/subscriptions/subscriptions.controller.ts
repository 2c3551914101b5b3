import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import { PageQueryDto } from '../api/page-query.dto';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import { CreatedSubscriptionView, CreateSubscriptionDto, DeliveryQueryDto, DeliveryView, ReplayAcceptedView, SubscriptionView } from './subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @RequireScope('admin')
  @ApiCreatedResponse({ type: CreatedSubscriptionView, description: 'The answer carries the signing secret, once' })
  create(@Body() input: CreateSubscriptionDto, @Req() request: AuthenticatedRequest): Promise<CreatedSubscriptionView> {
    return this.subscriptions.create(input, request.principal);
  }

  @Get()
  @RequireScope('admin')
  list(@Query() query: PageQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<SubscriptionView>> {
    return this.subscriptions.list(query, request.principal);
  }

  @Get(':id')
  @RequireScope('admin')
  @ApiOkResponse({ type: SubscriptionView })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<SubscriptionView> {
    return this.subscriptions.get(id, request.principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('admin')
  async remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.subscriptions.remove(id, request.principal);
  }

  @Get(':id/deliveries')
  @RequireScope('admin')
  @ApiOkResponse({ description: 'The delivery log, newest first: `{data: Delivery[], nextCursor}`' })
  deliveries(@Param('id') id: string, @Query() query: DeliveryQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<DeliveryView>> {
    return this.subscriptions.deliveries(id, query, request.principal);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @RequireScope('admin')
  @ApiAcceptedResponse({ type: ReplayAcceptedView })
  replay(@Param('id') id: string, @Param('deliveryId') deliveryId: string, @Req() request: AuthenticatedRequest): Promise<ReplayAcceptedView> {
    return this.subscriptions.replay(id, deliveryId, request.principal);
  }
}
