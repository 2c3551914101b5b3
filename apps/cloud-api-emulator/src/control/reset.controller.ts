import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { EmulatorLifecycle } from './emulator-lifecycle.service';
import { ControlExceptionFilter } from './control-exception.filter';

/** `POST /_emulator/reset` `{keepNumbers?}`: forget everything (numbers too unless kept); the demo number comes back. */
@UseFilters(ControlExceptionFilter)
@Controller('_emulator/reset')
export class ResetController {
  constructor(private readonly lifecycle: EmulatorLifecycle) {}

  @Post()
  @HttpCode(200)
  reset(@Body() body: { keepNumbers?: unknown } | undefined): {
    success: true;
  } {
    this.lifecycle.reset(body?.keepNumbers === true);
    return { success: true };
  }
}
