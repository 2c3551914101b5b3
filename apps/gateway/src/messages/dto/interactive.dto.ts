import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MediaDto } from './media.dto';

export class InteractiveTextDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4096) text!: string;
}

export class InteractiveFooterDto {
  @ApiProperty({ maxLength: 60 }) @IsString() @MinLength(1) @MaxLength(60) text!: string;
}

export class InteractiveHeaderDto {
  @ApiProperty({ enum: ['text', 'image', 'video', 'document'] }) @IsIn(['text', 'image', 'video', 'document']) type!: 'text' | 'image' | 'video' | 'document';
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(60) text?: string;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) image?: MediaDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) video?: MediaDto;
  @ApiPropertyOptional({ type: MediaDto }) @IsOptional() @ValidateNested() @Type(() => MediaDto) document?: MediaDto;
}

export class ReplyDto {
  @ApiProperty({ maxLength: 256 }) @IsString() @Matches(/^\S(.*\S)?$/, { message: 'id must not start or end with spaces' }) @MaxLength(256) id!: string;
  @ApiProperty({ maxLength: 20 }) @IsString() @MinLength(1) @MaxLength(20) title!: string;
}

export class ReplyButtonDto {
  @ApiProperty({ enum: ['reply'] }) @Equals('reply') type!: 'reply';
  @ApiProperty({ type: ReplyDto }) @ValidateNested() @Type(() => ReplyDto) reply!: ReplyDto;
}

export class ListRowDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) id!: string;
  @ApiProperty({ maxLength: 24 }) @IsString() @MinLength(1) @MaxLength(24) title!: string;
  @ApiPropertyOptional({ maxLength: 72 }) @IsOptional() @IsString() @MaxLength(72) description?: string;
}

export class ListSectionDto {
  @ApiPropertyOptional({ maxLength: 24 }) @IsOptional() @IsString() @MaxLength(24) title?: string;
  @ApiProperty({ type: [ListRowDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => ListRowDto) rows!: ListRowDto[];
}

export class CtaUrlParametersDto {
  @ApiProperty({ maxLength: 20 }) @IsString() @MinLength(1) @MaxLength(20) display_text!: string;
  @ApiProperty() @Matches(/^https?:\/\/\S+$/i, { message: 'url must be an http(s) URL' }) @MaxLength(2048) url!: string;
}

export class InteractiveActionDto {
  @ApiPropertyOptional({ type: [ReplyButtonDto], description: 'button: 1 to 3 reply buttons' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => ReplyButtonDto)
  buttons?: ReplyButtonDto[];

  @ApiPropertyOptional({ maxLength: 20, description: "list: the menu button's label" })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20)
  button?: string;

  @ApiPropertyOptional({ type: [ListSectionDto], description: 'list: 1 to 10 sections, at most 10 rows in all' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => ListSectionDto)
  sections?: ListSectionDto[];

  @ApiPropertyOptional({ enum: ['cta_url'] }) @IsOptional() @Equals('cta_url') name?: 'cta_url';

  @ApiPropertyOptional({ type: CtaUrlParametersDto }) @IsOptional() @ValidateNested() @Type(() => CtaUrlParametersDto) parameters?: CtaUrlParametersDto;
}

/** Interactive reply buttons, list, or call-to-action URL (whatsapp-cloud-api.md §2.7). */
export class InteractiveDto {
  @ApiProperty({ enum: ['button', 'list', 'cta_url'] }) @IsIn(['button', 'list', 'cta_url']) type!: 'button' | 'list' | 'cta_url';
  @ApiPropertyOptional({ type: InteractiveHeaderDto }) @IsOptional() @ValidateNested() @Type(() => InteractiveHeaderDto) header?: InteractiveHeaderDto;
  @ApiProperty({ type: InteractiveTextDto }) @ValidateNested() @Type(() => InteractiveTextDto) body!: InteractiveTextDto;
  @ApiPropertyOptional({ type: InteractiveFooterDto }) @IsOptional() @ValidateNested() @Type(() => InteractiveFooterDto) footer?: InteractiveFooterDto;
  @ApiProperty({ type: InteractiveActionDto }) @ValidateNested() @Type(() => InteractiveActionDto) action!: InteractiveActionDto;
}
