import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, registerDecorator, ValidateNested } from 'class-validator';
import { ContactCardDto } from './contacts.dto';
import { InteractiveDto } from './interactive.dto';
import { MediaDto } from './media.dto';
import { TemplateDto } from './template.dto';
import { ContextDto, LocationDto, ReactionDto, TextDto } from './text.dto';
import { isUuid } from '@wabus/domain';

export const SENDABLE_TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'] as const;
export type SendableType = (typeof SENDABLE_TYPES)[number];


export class RecipientRefDto {
  @ApiProperty({ description: 'A contact of the channel; its phone number is used' })
  @IsUUID()
  contactId!: string;
}

/** `to` is a phone number (any common format; normalised to E.164) or `{contactId}`. */
function IsRecipient(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRecipient',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'to must be a phone number (e.g. +2348031234567) or {"contactId": "<uuid>"}' },
      validator: {
        validate(value: unknown) {
          if (typeof value === 'string') return value.trim().length > 0 && value.length <= 32;
          if (value && typeof value === 'object' && !Array.isArray(value)) {
            const keys = Object.keys(value);
            return keys.length === 1 && keys[0] === 'contactId' && isUuid((value as RecipientRefDto).contactId);
          }
          return false;
        },
      },
    });
}

/** POST /v1/messages: `{channelId, to, type, <type object as in Meta's API>, idempotencyKey?, context?}` (contract). */
@ApiExtraModels(RecipientRefDto)
export class SendMessageDto {
  @ApiProperty() @IsUUID() channelId!: string;

  @ApiProperty({ oneOf: [{ type: 'string', example: '+2348031234567' }, { $ref: getSchemaPath(RecipientRefDto) }] })
  @IsRecipient()
  to!: string | RecipientRefDto;

  @ApiProperty({ enum: SENDABLE_TYPES }) @IsIn(SENDABLE_TYPES) type!: SendableType;

  @ApiPropertyOptional({ description: 'Same key, same answer: a repeated request returns the first message and sends nothing again' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be printable ASCII without spaces' })
  idempotencyKey?: string;

  @ApiPropertyOptional({ type: ContextDto }) @IsOptional() @ValidateNested() @Type(() => ContextDto) context?: ContextDto;

  @ApiPropertyOptional({ type: TextDto }) @IsOptional() @ValidateNested() @Type(() => TextDto) text?: TextDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) image?: MediaDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) video?: MediaDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) audio?: MediaDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) document?: MediaDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) sticker?: MediaDto;
  @ApiPropertyOptional({ type: LocationDto }) @IsOptional() @ValidateNested() @Type(() => LocationDto) location?: LocationDto;
  @ApiPropertyOptional({ type: [ContactCardDto] }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactCardDto) contacts?: ContactCardDto[];
  @ApiPropertyOptional({ type: InteractiveDto }) @IsOptional() @ValidateNested() @Type(() => InteractiveDto) interactive?: InteractiveDto;
  @ApiPropertyOptional({ type: TemplateDto }) @IsOptional() @ValidateNested() @Type(() => TemplateDto) template?: TemplateDto;
  @ApiPropertyOptional({ type: ReactionDto }) @IsOptional() @ValidateNested() @Type(() => ReactionDto) reaction?: ReactionDto;
}

export class MessageAcceptedView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}
