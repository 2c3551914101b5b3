import { Body, Controller, Delete, Get, HttpCode, Post, UseFilters, UsePipes } from '@nestjs/common';
import { FaultInjector } from '../faults/fault-injector';
import { FaultSettings } from '../faults/fault-settings';
import { faultsFromInput, rateMapProblem } from '../faults/faults-from-input';
import { controlError, controlValidation } from './control-error';
import { FaultsDto } from './dto/faults.dto';
import { ControlExceptionFilter } from './control-exception.filter';

/** `/_emulator/faults`: failures on demand, reproducible with a seed. */
@UseFilters(ControlExceptionFilter)
@Controller('_emulator/faults')
@UsePipes(controlValidation)
export class FaultsController {
  constructor(private readonly faults: FaultInjector) {}

  @Get()
  current(): FaultSettings {
    return this.faults.settings;
  }

  /** Replaces the active faults; anything omitted is off. */
  @Post()
  @HttpCode(200)
  configure(@Body() dto: FaultsDto): FaultSettings {
    const problem = rateMapProblem('errorCodes', dto.errorCodes) ?? rateMapProblem('failedStatusCodes', dto.failedStatusCodes);
    if (problem) throw controlError(400, 'invalid_request', problem);
    this.faults.configure(faultsFromInput(dto, Date.now() >>> 0));
    return this.faults.settings;
  }

  @Delete()
  @HttpCode(200)
  clear(): FaultSettings {
    this.faults.clear();
    return this.faults.settings;
  }
}
