import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { BUTTON_ACTION_TYPES, ButtonActionType, EffectType } from '@wabus/domain';
import { ACTION_RUN_STATUSES, ActionRunStatus } from '@wabus/persistence';
import { PageQueryDto } from '../api/page-query.dto';

const CONFIG_DESCRIPTION = [
  'By type:',
  'send_message {text} or {template} (placeholders such as {{contact.name}}, {{contact.attributes.x}}, {{message.replyTitle}}; optional quote);',
  'update_contact {field: attributes.<name> | tags.add | tags.remove | optedOut, value};',
  'create_ticket {subject?, body?, forwardUrl?, subscriptionId?};',
  'update_status {target: contact | approval, status, approvalId?};',
  'webhook {url, subscriptionId?};',
  'rule {language: "jsonata", expression} returning [{type, config}, …] of the other types.',
].join(' ');

/** POST /v1/button-actions (contract: `{id, name, buttonId, channelId|null, type, config, active, sequence}`). */
export class CreateButtonActionDto {
  @ApiProperty({ example: 'Thank the customer' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'The reply button id, list row id or template quick-reply payload that triggers the action', example: 'order-yes' })
  @IsString()
  @Matches(/^\S(.*\S)?$/, { message: 'buttonId must not be empty or start or end with spaces' })
  @MaxLength(256)
  buttonId!: string;

  @ApiPropertyOptional({ nullable: true, description: 'Only taps on this channel; null or absent: every channel' })
  @IsOptional()
  @IsUUID()
  channelId?: string | null;

  @ApiProperty({ enum: BUTTON_ACTION_TYPES })
  @IsIn(BUTTON_ACTION_TYPES)
  type!: ButtonActionType;

  @ApiProperty({ type: 'object', additionalProperties: true, description: CONFIG_DESCRIPTION, example: { text: 'Thanks {{contact.name}}!' } })
  @IsObject()
  config!: Record<string, unknown>;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ default: 0, description: 'Order among the actions of one button (lowest first)' })
  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  sequence?: number;
}

export class UpdateButtonActionDto extends PartialType(CreateButtonActionDto) {}

export class ButtonActionQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) buttonId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional({ enum: BUTTON_ACTION_TYPES }) @IsOptional() @IsIn(BUTTON_ACTION_TYPES) type?: ButtonActionType;
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class ActionRunQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ACTION_RUN_STATUSES }) @IsOptional() @IsIn(ACTION_RUN_STATUSES) status?: ActionRunStatus;
  @ApiPropertyOptional({ description: 'The tap message' }) @IsOptional() @IsUUID() messageId?: string;
}

export class ButtonActionView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() buttonId!: string;
  @ApiProperty({ nullable: true, type: String }) channelId!: string | null;
  @ApiProperty({ enum: BUTTON_ACTION_TYPES }) type!: ButtonActionType;
  @ApiProperty({ type: 'object', additionalProperties: true }) config!: Record<string, unknown>;
  @ApiProperty() active!: boolean;
  @ApiProperty() sequence!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** One run of an action for one tap: what went in, what came out, or why it failed. */
export class ActionRunView {
  @ApiProperty() id!: string;
  @ApiProperty() actionId!: string;
  @ApiProperty({ description: 'The tap message that triggered the run' }) messageId!: string;
  @ApiProperty({ enum: ACTION_RUN_STATUSES, description: 'pending: a retry is scheduled; failed: for good' }) status!: ActionRunStatus;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) input!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) outcome!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '{code, message, details?}' }) error!: Record<string, unknown> | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** POST /v1/button-actions/test-rule: a rule and the document it reads. */
export class TestRuleDto {
  @ApiProperty({
    description: "A JSONata rule, as in a rule action's config.expression",
    example: "message.replyId = 'order-yes' ? {'type': 'send_message', 'config': {'text': 'Thanks ' & contact.name}}",
  })
  @IsString()
  @MinLength(1)
  expression!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The document the rule reads, in the shape a run records as its input: {event, channel, message, contact}. ' +
      'Absent: a sample tap on a reply button `order-yes` by a known contact (GET /v1/button-actions/test-rule/sample-event).',
  })
  @IsOptional()
  @IsObject()
  event?: Record<string, unknown>;
}

export class RuleEffectView {
  @ApiProperty({ enum: BUTTON_ACTION_TYPES.filter((type) => type !== 'rule') }) type!: EffectType;
  @ApiProperty({ type: 'object', additionalProperties: true }) config!: Record<string, unknown>;
}

/** What a rule would do: its effects, validated as the engine validates them, none of them applied. */
export class RuleTestResultView {
  @ApiProperty({ type: [RuleEffectView] }) effects!: RuleEffectView[];
}

export class RuleSampleEventView {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The document a rule is tested against when no event is given' })
  event!: Record<string, unknown>;
}
