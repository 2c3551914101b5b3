import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { ParsedTemplate } from '@wabus/domain';
import { PageQueryDto } from '../api/page-query.dto';

export class TemplateView {
  @ApiProperty() id!: string;
  @ApiProperty() wabaId!: string;
  @ApiProperty({ nullable: true, type: String, description: "Meta's template id" }) metaId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ description: 'APPROVED, PENDING, REJECTED, PAUSED, DISABLED, …; only APPROVED can be sent' }) status!: string;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ nullable: true, type: String }) parameterFormat!: string | null;
  @ApiProperty({ type: [Object] }) components!: unknown[];
  @ApiProperty({ nullable: true, type: String }) qualityScore!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectedReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set when the template is gone from Meta' }) deletedAt!: string | null;
  @ApiProperty() syncedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The components parsed: header format and variables, body text with its {{n}}/{{name}} variables and their count, footer, buttons (with what a send must give each), examples',
  })
  parsed!: ParsedTemplate;
}

export class TemplateQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Templates of this channel's WhatsApp Business Account" }) @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(16) language?: string;
  @ApiPropertyOptional({ enum: ['MARKETING', 'UTILITY', 'AUTHENTICATION'] }) @IsOptional() @IsIn(['MARKETING', 'UTILITY', 'AUTHENTICATION']) category?: string;
  @ApiPropertyOptional({ description: 'Part of the name' }) @IsOptional() @IsString() @MaxLength(512) name?: string;
}

export class TemplateSyncAcceptedView {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

export class TemplateSyncView {
  @ApiProperty() jobId!: string;
  @ApiProperty({ description: 'waiting, active, completed, failed, delayed' }) state!: string;
  @ApiProperty({ type: Object, nullable: true }) progress!: unknown;
  @ApiProperty({ nullable: true, type: String }) failedReason!: string | null;
}
