import { Controller, Get, UseFilters } from '@nestjs/common';
import { StatsService } from './stats.service';
import { ControlExceptionFilter } from './control-exception.filter';

@UseFilters(ControlExceptionFilter)
@Controller('_emulator/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  snapshot(): Record<string, unknown> {
    return this.stats.snapshot();
  }
}
