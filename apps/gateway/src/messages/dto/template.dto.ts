import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { MediaDto } from './media.dto';
import { LocationDto } from './text.dto';

export class CurrencyDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) fallback_value!: string;
  @ApiProperty({ example: 'USD' }) @Matches(/^[A-Z]{3}$/, { message: 'code must be an ISO 4217 currency code such as USD' }) code!: string;
  @ApiProperty({ description: 'amount × 1000' }) @IsInt() @Min(1) amount_1000!: number;
}

export class DateTimeDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) fallback_value!: string;
}

const PARAMETER_TYPES = ['text', 'currency', 'date_time', 'image', 'video', 'document', 'location', 'payload', 'coupon_code', 'action'] as const;

export class TemplateParameterDto {
  @ApiProperty({ enum: PARAMETER_TYPES }) @IsIn(PARAMETER_TYPES) type!: (typeof PARAMETER_TYPES)[number];
  @ApiPropertyOptional({ description: 'Named templates: the placeholder name' }) @IsOptional() @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'parameter_name must be lowercase letters, digits and underscores' }) parameter_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32768) text?: string;
  @ApiPropertyOptional({ type: CurrencyDto }) @IsOptional() @ValidateNested() @Type(() => CurrencyDto) currency?: CurrencyDto;
  @ApiPropertyOptional({ type: DateTimeDto }) @IsOptional() @ValidateNested() @Type(() => DateTimeDto) date_time?: DateTimeDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) image?: MediaDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) video?: MediaDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) document?: MediaDto;
  @ApiPropertyOptional({ type: LocationDto }) @IsOptional() @ValidateNested() @Type(() => LocationDto) location?: LocationDto;
  @ApiPropertyOptional({ description: 'Quick-reply button payload, returned when the customer taps it' }) @IsOptional() @IsString() @MaxLength(1000) payload?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) coupon_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() action?: Record<string, unknown>;
}

const COMPONENT_TYPES = ['header', 'body', 'button', 'carousel', 'limited_time_offer', 'tap_target_configuration'] as const;

export class TemplateComponentDto {
  @ApiProperty({ enum: COMPONENT_TYPES }) @IsIn(COMPONENT_TYPES) type!: (typeof COMPONENT_TYPES)[number];
  @ApiPropertyOptional({ enum: ['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call'] })
  @IsOptional() @IsIn(['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call'])
  sub_type?: string;
  @ApiPropertyOptional({ description: "Button components: the button's 0-based position, as a string" })
  @IsOptional() @Matches(/^\d$/, { message: 'index must be a digit from 0 to 9' })
  index?: string;
  @ApiPropertyOptional({ type: [TemplateParameterDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TemplateParameterDto) parameters?: TemplateParameterDto[];
  @ApiPropertyOptional({ description: 'carousel cards, passed through' }) @IsOptional() @IsArray() cards?: Record<string, unknown>[];
}

export class TemplateLanguageDto {
  @ApiProperty({ example: 'en_US' }) @Matches(/^[a-z]{2,3}(_[A-Z]{2,3})?$/, { message: 'code must be a language code such as en or en_US' }) code!: string;
  @ApiPropertyOptional({ enum: ['deterministic'] }) @IsOptional() @IsIn(['deterministic']) policy?: 'deterministic';
}

/** A template send (whatsapp-cloud-api.md §2.8). */
export class TemplateDto {
  @ApiProperty({ example: 'order_update' }) @Matches(/^[a-z0-9_]{1,512}$/, { message: 'name must be lowercase letters, digits and underscores' }) name!: string;
  @ApiProperty({ type: TemplateLanguageDto }) @ValidateNested() @Type(() => TemplateLanguageDto) language!: TemplateLanguageDto;
  @ApiPropertyOptional({ type: [TemplateComponentDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TemplateComponentDto) components?: TemplateComponentDto[];
}
