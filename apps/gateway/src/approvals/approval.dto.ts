import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { APPROVAL_STATES, ApprovalState } from '@wabus/domain';
import { PageQueryDto } from '../api/page-query.dto';

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

/** A money amount: a decimal string ("120.50", kept exactly) or a number. */
function IsAmount(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAmount',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a decimal amount such as "120.50"` },
      validator: {
        validate: (value: unknown) => (typeof value === 'string' && DECIMAL.test(value)) || (typeof value === 'number' && Number.isFinite(value) && DECIMAL.test(String(value))),
      },
    });
}

export class ApprovalLineDto {
  @ApiProperty({ example: 'Widget, blue' }) @IsString() @MinLength(1) @MaxLength(200) description!: string;
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsNumber({ maxDecimalPlaces: 3 }) @Min(0) quantity?: number;
  @ApiPropertyOptional({ example: '40.00', oneOf: [{ type: 'string' }, { type: 'number' }] }) @IsOptional() @IsAmount() amount?: string | number;
}

/** POST /v1/approvals (contract), with an optional idempotency key as POST /v1/messages has. */
export class CreateApprovalDto {
  @ApiProperty() @IsUUID() channelId!: string;

  @ApiProperty({ description: 'The approver, a phone number (normalised to E.164)', example: '+2348031234567' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  to!: string;

  @ApiProperty({ description: 'Your id of the thing to approve, e.g. the order number', example: 'SO-1042' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reference!: string;

  @ApiProperty({ example: 'Sales order SO-1042 for ACME Ltd' }) @IsString() @MinLength(1) @MaxLength(200) title!: string;

  @ApiPropertyOptional({ type: [ApprovalLineDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ApprovalLineDto)
  lines?: ApprovalLineDto[];

  @ApiPropertyOptional({ example: '120.50', oneOf: [{ type: 'string' }, { type: 'number' }] }) @IsOptional() @IsAmount() amount?: string | number;

  @ApiPropertyOptional({ example: 'EUR' }) @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency?: string;

  @ApiPropertyOptional({ default: 'Approve', maxLength: 20 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(20) approveLabel?: string;

  @ApiPropertyOptional({ default: 'Reject', maxLength: 20 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(20) rejectLabel?: string;

  @ApiPropertyOptional({ description: "Receives the decision as a signed POST (the channel's subscription secret signs it)" })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  callbackUrl?: string;

  @ApiPropertyOptional({ description: 'After this time a tap no longer decides; the approval becomes expired', example: '2026-12-31T18:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({ description: 'Same key, same approval: a repeated request returns the first one and sends nothing again' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey?: string;
}

export class ApprovalQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) reference?: string;
  @ApiPropertyOptional({ enum: APPROVAL_STATES }) @IsOptional() @IsIn(APPROVAL_STATES) status?: ApprovalState;
}

export class ApprovalLineView {
  @ApiProperty() description!: string;
  @ApiPropertyOptional() quantity?: number;
  @ApiPropertyOptional() amount?: string;
}

export class ApprovalView {
  @ApiProperty() id!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ description: 'The approver, E.164' }) to!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [ApprovalLineView] }) lines!: ApprovalLineView[];
  @ApiProperty({ nullable: true, type: String, description: 'Exact decimal' }) amount!: string | null;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty() approveLabel!: string;
  @ApiProperty() rejectLabel!: string;
  @ApiProperty({ nullable: true, type: String }) callbackUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ enum: APPROVAL_STATES }) status!: ApprovalState;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The phone number that tapped' }) decidedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactId!: string | null;
  @ApiProperty({ description: 'The message with the two buttons (GET /v1/messages/:id)' }) messageId!: string | null;
  @ApiProperty({ nullable: true, type: String }) waMessageId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
