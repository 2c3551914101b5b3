import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import {
  ActionRunQueryDto,
  ActionRunView,
  ButtonActionQueryDto,
  ButtonActionView,
  CreateButtonActionDto,
  RuleSampleEventView,
  RuleTestResultView,
  TestRuleDto,
  UpdateButtonActionDto,
} from './button-action.dto';
import { ButtonActionsService } from './button-actions.service';
import { RuleTestService } from './rule-test.service';

@ApiTags('button actions')
@Controller('v1/button-actions')
export class ButtonActionsController {
  constructor(
    private readonly actions: ButtonActionsService,
    private readonly ruleTests: RuleTestService,
  ) {}

  @Post()
  @RequireScope('admin')
  @ApiCreatedResponse({ type: ButtonActionView })
  create(@Body() input: CreateButtonActionDto, @Req() request: AuthenticatedRequest): Promise<ButtonActionView> {
    return this.actions.create(input, request.principal);
  }

  @Post('test-rule')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOkResponse({ type: RuleTestResultView, description: "The effects the rule returns for the event, validated as the engine validates them; none is applied" })
  @ApiUnprocessableEntityResponse({ description: 'The rule fails as a run would: `{error: {code, message, details?}}` with rule_invalid, rule_timeout, rule_too_deep, rule_too_large, rule_failed or rule_output_invalid' })
  testRule(@Body() input: TestRuleDto): Promise<RuleTestResultView> {
    return this.ruleTests.test(input);
  }

  @Get('test-rule/sample-event')
  @RequireScope('read')
  @ApiOkResponse({ type: RuleSampleEventView, description: 'The sample tap a rule is tested against when no event is given' })
  ruleSampleEvent(): RuleSampleEventView {
    return this.ruleTests.sampleEvent();
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
