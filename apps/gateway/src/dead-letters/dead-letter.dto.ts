import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { QueueName } from '@wabus/queues';
import { PageQueryDto } from '../api/page-query.dto';

export class DeadLetterView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: Object.values(QueueName) }) queue!: string;
  @ApiProperty() jobName!: string;
  @ApiProperty() jobId!: string;
  @ApiProperty({ type: Object }) payload!: Record<string, unknown>;
  @ApiProperty({ type: Object, nullable: true }) error!: Record<string, unknown> | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() failedAt!: string;
  @ApiProperty({ nullable: true, type: String }) replayedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) replayJobId!: string | null;
}

export class DeadLetterQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Object.values(QueueName) }) @IsOptional() @IsIn(Object.values(QueueName)) queue?: string;
  @ApiPropertyOptional({ description: 'Only those not replayed yet' }) @IsOptional() @IsIn(['true', 'false']) pending?: 'true' | 'false';
}

export class DeadLetterRetryView {
  @ApiProperty() id!: string;
  @ApiProperty() replayJobId!: string;
}
