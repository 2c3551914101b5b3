import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import { RequireScope } from '../auth/require-scope.decorator';
import { DeadLetterQueryDto, DeadLetterRetryView, DeadLetterView } from './dead-letter.dto';
import { DeadLettersService } from './dead-letters.service';

@ApiTags('dead letters')
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @RequireScope('admin')
  list(@Query() query: DeadLetterQueryDto): Promise<CursorPage<DeadLetterView>> {
    return this.deadLetters.list(query);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @RequireScope('admin')
  @ApiOkResponse({ type: DeadLetterRetryView })
  retry(@Param('id') id: string): Promise<DeadLetterRetryView> {
    return this.deadLetters.retry(id);
  }
}
