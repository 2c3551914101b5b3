import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../api/page-query.dto';

/** Filters of GET /v1/messages (contract), plus `q` for full-text search. */
export class MessageQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional({ enum: ['in', 'out'] }) @IsOptional() @IsIn(['in', 'out']) direction?: 'in' | 'out';
  @ApiPropertyOptional({ description: 'E.164 or any common format' }) @IsOptional() @IsString() @MaxLength(32) phone?: string;
  @ApiPropertyOptional({ enum: ['queued', 'sent', 'delivered', 'read', 'failed', 'received'] })
  @IsOptional()
  @IsIn(['queued', 'sent', 'delivered', 'read', 'failed', 'received'])
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() conversationId?: string;
  @ApiPropertyOptional({ description: 'Words to find in the message text' }) @IsOptional() @IsString() @MaxLength(200) q?: string;
}
