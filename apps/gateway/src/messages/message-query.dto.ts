import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../api/page-query.dto';

/**
 * A point in time, not a wall-clock reading: the zone is required so that the
 * gateway's and PostgreSQL's time zones never decide which rows match.
 */
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/i;
const dateTimeMessage = { message: '$property must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T00:00:00Z' };

/** Filters of GET /v1/messages (contract), plus `q` for full-text search and a `from`–`until` range of creation times. */
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

  @ApiPropertyOptional({ format: 'date-time', description: 'Only messages created at or after this time (inclusive)', example: '2025-01-31T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, dateTimeMessage)
  @Matches(DATE_TIME_WITH_ZONE, dateTimeMessage)
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only messages created before this time (exclusive)', example: '2025-02-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, dateTimeMessage)
  @Matches(DATE_TIME_WITH_ZONE, dateTimeMessage)
  until?: string;
}
