import { Body, Controller, Get, HttpCode, Post, UseFilters, UsePipes } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { controlValidation } from './control-error';
import { AdvanceClockDto } from './dto/clock.dto';
import { ControlExceptionFilter } from './control-exception.filter';

/** `/_emulator/clock`: the emulator's now, and moving it forward (e.g. past a 24-hour window). */
@UseFilters(ControlExceptionFilter)
@Controller('_emulator/clock')
@UsePipes(controlValidation)
export class ClockController {
  constructor(private readonly clock: EmulatorClock) {}

  @Get()
  now(): { now: string; offsetMs: number } {
    return {
      now: new Date(this.clock.now()).toISOString(),
      offsetMs: this.clock.offset,
    };
  }

  @Post()
  @HttpCode(200)
  advance(@Body() dto: AdvanceClockDto): { now: string; offsetMs: number } {
    this.clock.advance(dto.advanceMs);
    return this.now();
  }
}
