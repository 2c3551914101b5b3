import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { QueueName } from '@wabus/queues';
import { RequireScope } from '../auth/require-scope.decorator';
import { QueueDepthsService } from './queue-depths.service';

export class QueueDepthView {
  @ApiProperty({ enum: Object.values(QueueName) }) queue!: QueueName;
  @ApiProperty() waiting!: number;
  @ApiProperty({ description: 'Waiting with a priority (outbound messages in their channel line)' }) prioritized!: number;
  @ApiProperty() active!: number;
  @ApiProperty({ description: 'Waiting for a retry or a rate-limit slot' }) delayed!: number;
  @ApiProperty({ description: 'Recently failed, kept for a while (dead letters are the durable record)' }) failed!: number;
  @ApiProperty({ description: 'Recently completed, kept for a while' }) completed!: number;
}

export class QueueDepthsView {
  @ApiProperty({ type: [QueueDepthView] }) data!: QueueDepthView[];
}

@ApiTags('console')
@Controller('v1/queues')
export class QueueDepthsController {
  constructor(private readonly depths: QueueDepthsService) {}

  @Get()
  @RequireScope('admin')
  @ApiOkResponse({ type: QueueDepthsView, description: 'Jobs per state in every queue, read-only' })
  async list(): Promise<QueueDepthsView> {
    return { data: await this.depths.depths() };
  }
}
